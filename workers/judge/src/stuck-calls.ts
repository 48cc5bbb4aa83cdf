// Finds sandbox threads stuck in a call into an isolate, from the judge process's main thread.
import { readFileSync } from "node:fs";
import type { CallDeadline } from "@codeduel/judge/call-deadline";

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
/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) of one of this process's threads, from /proc; undefined where unreadable. */
export function threadCpuMs(threadId: number): number | undefined {
  if (threadId === 0) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${threadId}/stat`, "utf8");
    // After the parenthesised name: the state is field 3, utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
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
