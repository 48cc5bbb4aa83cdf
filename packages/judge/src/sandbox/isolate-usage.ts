// What an isolate has used so far, read defensively: a disposed or dying isolate throws.
import type ivm from "isolated-vm";

/** Heap in use right now; read before a test's context is released, while its garbage is still there. */
export function heapInUse(isolate: ivm.Isolate): number {
  try {
    return isolate.isDisposed ? 0 : isolate.getHeapStatisticsSync().used_heap_size;
  } catch {
    return 0;
  }
}

/** CPU time the isolate has used so far, in ms; `fallback` once it can no longer say. */
export function cpuMs(isolate: ivm.Isolate, fallback: number): number {
  try {
    return Number(isolate.cpuTime) / 1e6;
  } catch {
    return fallback;
  }
}
