// The deadline of the call a sandbox thread is making into an isolate, readable from another thread.
//
// Calls into isolates are synchronous: the sandbox thread is blocked until the call returns.
// isolated-vm's own timeout stops every runaway loop, but not V8 thrashing in garbage collection
// near the heap cap (a submission that keeps every array it allocates), which may never return.
// Only another thread can notice that: the sandbox thread arms this before each call and disarms
// it after, and the judge process's main thread, which shares the buffer, reads how far past its
// deadline the call is, which thread is making it and whose code it runs (judge-process.ts answers
// for a stuck thread and recycles the process).
import { readlinkSync } from "node:fs";

const DEADLINE = 0;
const THREAD = 1;
const CALLER = 2;

/** Whose code a call runs: the player's submission, or the organiser's checker (a stuck checker is not the player's fault). */
export type Caller = "submission" | "checker";
const CALLERS: readonly Caller[] = ["submission", "checker"];

/** This thread's Linux thread id (from /proc/thread-self -> "<pid>/task/<tid>"); 0 where there is none. */
function ownThreadId(): number {
  try {
    return Number(readlinkSync("/proc/thread-self").split("/").at(-1)) || 0;
  } catch {
    return 0;
  }
}

// Once per thread: each worker thread evaluates this module for itself.
const OWN_THREAD_ID = BigInt(ownThreadId());

export class CallDeadline {
  /** Shared with the watching thread (structured clone shares a SharedArrayBuffer, never copies it). */
  readonly buffer: SharedArrayBuffer;
  readonly #cells: BigInt64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.#cells = new BigInt64Array(buffer, 0, 3);
  }

  /** Before a call bounded by `timeoutMs`. Date.now() is one clock for every thread of a process. */
  arm(timeoutMs: number, caller: Caller = "submission"): void {
    Atomics.store(this.#cells, THREAD, OWN_THREAD_ID);
    Atomics.store(this.#cells, CALLER, BigInt(CALLERS.indexOf(caller)));
    Atomics.store(this.#cells, DEADLINE, BigInt(Date.now() + timeoutMs));
  }

  disarm(): void {
    Atomics.store(this.#cells, DEADLINE, 0n);
  }

  /** How long the current call has run past its deadline; 0 when no call is running or it is in time. */
  overrunMs(now = Date.now()): number {
    const deadline = Number(Atomics.load(this.#cells, DEADLINE));
    return deadline === 0 ? 0 : Math.max(0, now - deadline);
  }

  /** Whose code the last armed call runs. */
  caller(): Caller {
    return CALLERS[Number(Atomics.load(this.#cells, CALLER))] ?? "submission";
  }

  /** The Linux thread id of the thread that armed it last (0 when unknown), to read its CPU time in /proc. */
  threadId(): number {
    return Number(Atomics.load(this.#cells, THREAD));
  }
}
