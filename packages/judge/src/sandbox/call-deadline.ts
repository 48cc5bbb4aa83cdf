// The deadline of the call a sandbox thread is making into an isolate, readable from another thread.
//
// Calls into isolates are synchronous: the sandbox thread is blocked until the call returns.
// isolated-vm's own timeout stops every runaway loop, but not V8 thrashing in garbage collection
// near the heap cap (a submission that keeps every array it allocates), which may never return.
// Only another thread can notice that: the sandbox thread arms this before each call and disarms
// it after, and the judge process's main thread, which shares the buffer, reads how far past its
// deadline the call is (judge-process.ts answers for the stuck thread and recycles the process).

export class CallDeadline {
  /** Shared with the watching thread (structured clone shares a SharedArrayBuffer, never copies it). */
  readonly buffer: SharedArrayBuffer;
  readonly #cell: BigInt64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.#cell = new BigInt64Array(buffer, 0, 1);
  }

  /** Before a call bounded by `timeoutMs`. Date.now() is one clock for every thread of a process. */
  arm(timeoutMs: number): void {
    Atomics.store(this.#cell, 0, BigInt(Date.now() + timeoutMs));
  }

  disarm(): void {
    Atomics.store(this.#cell, 0, 0n);
  }

  /** How long the current call has run past its deadline; 0 when no call is running or it is in time. */
  overrunMs(now = Date.now()): number {
    const deadline = Number(Atomics.load(this.#cell, 0));
    return deadline === 0 ? 0 : Math.max(0, now - deadline);
  }
}
