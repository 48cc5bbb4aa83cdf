// Finds sandbox threads stuck in a call into an isolate, from the judge process's main thread.
import type { CallDeadline } from "@codeduel/judge/call-deadline";
import { statCpuMs } from "./proc-stat.ts";

/**
 * How far past its own timeout a call into an isolate may run. isolated-vm's timeout stops every
 * loop within milliseconds; a call still running this long after it, on a thread that keeps
 * burning CPU, is V8 thrashing in garbage collection at the heap cap, which never reaches the
 * termination check.
 */
export const STUCK_AFTER_MS = 500;
/**
 * Share of the wall time past the deadline the thread must have spent on a CPU to count as stuck.
 * On a loaded machine a sandbox thread (nice 10) may wait for a core well past its timeout; that
 * thread is late, not stuck, and recycling the process for it would only add to the load.
 */
const STUCK_CPU_SHARE = 0.5;

/** CPU time of one of this process's threads; undefined where unreadable. */
export function threadCpuMs(threadId: number): number | undefined {
  return threadId === 0 ? undefined : statCpuMs(`/proc/self/task/${threadId}/stat`);
}

interface Watch {
  onStuck(): void;
  /** When the running call was first seen past its deadline, and its thread's CPU time then. */
  lateSince?: { wallMs: number; cpuMs: number | undefined } | undefined;
}

export class StuckCalls {
  readonly #watched = new Map<CallDeadline, Watch>();
  readonly #cpuMs: (threadId: number) => number | undefined;

  constructor(cpuMs = threadCpuMs) {
    this.#cpuMs = cpuMs;
  }

  /** `onStuck` runs at most once, from `check`. */
  watch(deadline: CallDeadline, onStuck: () => void): void {
    this.#watched.set(deadline, { onStuck });
  }

  unwatch(deadline: CallDeadline): void {
    this.#watched.delete(deadline);
  }

  /** Call every ~100 ms. */
  check(now = Date.now()): void {
    for (const [deadline, watch] of this.#watched) {
      if (!this.#isStuck(deadline, watch, now)) continue;
      this.#watched.delete(deadline);
      watch.onStuck();
    }
  }

  #isStuck(deadline: CallDeadline, watch: Watch, now: number): boolean {
    const overrun = deadline.overrunMs(now);
    if (overrun === 0) {
      watch.lateSince = undefined;
      return false;
    }
    const cpuMs = this.#cpuMs(deadline.threadId());
    watch.lateSince ??= { wallMs: now, cpuMs };
    if (overrun <= STUCK_AFTER_MS) return false;
    const { wallMs, cpuMs: cpuThen } = watch.lateSince;
    // Without /proc, lateness alone decides.
    if (cpuMs === undefined || cpuThen === undefined) return true;
    return cpuMs - cpuThen >= STUCK_CPU_SHARE * (now - wallMs);
  }
}
