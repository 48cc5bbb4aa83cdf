// Finds sandbox threads stuck in a call into an isolate, from the judge process's main thread.
import type { CallDeadline } from "@codeduel/judge/call-deadline";
import { type ProcStat, readStat } from "./proc-stat.ts";

/**
 * How far past its own timeout a call into an isolate may run. isolated-vm's timeout stops every
 * loop within milliseconds; a call still running this long after it is stuck in one of two ways,
 * both at the heap cap:
 * - on a CPU: V8 thrashing in garbage collection, which never reaches the termination check;
 * - asleep: V8 could not allocate at all, and isolated-vm's out-of-memory handler (set through
 *   `onCatastrophicError`, instead of aborting the whole process) parks the thread for good.
 */
export const STUCK_AFTER_MS = 500;
/**
 * Share of the wall time past the deadline the thread must have spent on a CPU to count as stuck.
 * On a loaded machine a sandbox thread (nice 10) may wait for a core well past its timeout; that
 * thread is late, not stuck, and recycling the process for it would only add to the load. A thread
 * waiting for a core is runnable (R); a parked one is asleep (S) at every look.
 */
const STUCK_CPU_SHARE = 0.5;

/** CPU time and state of one of this process's threads; undefined where unreadable. */
export function threadStat(threadId: number): ProcStat | undefined {
  return threadId === 0 ? undefined : readStat(`/proc/self/task/${threadId}/stat`);
}

/** CPU time of one of this process's threads; undefined where unreadable. */
export function threadCpuMs(threadId: number): number | undefined {
  return threadStat(threadId)?.cpuMs;
}

/** `parked`: asleep for good (a refused allocation), not thrashing on a CPU. */
type OnStuck = (parked: boolean) => void;

interface Watch {
  onStuck: OnStuck;
  /** When the running call was first seen past its deadline, and its thread's CPU time then. */
  lateSince?: { wallMs: number; cpuMs: number | undefined } | undefined;
  /** Since when its thread has been asleep at every look (past the deadline). */
  asleepSince?: number | undefined;
}

export class StuckCalls {
  readonly #watched = new Map<CallDeadline, Watch>();
  readonly #stat: (threadId: number) => ProcStat | undefined;

  constructor(stat = threadStat) {
    this.#stat = stat;
  }

  /** `onStuck` runs at most once, from `check`. */
  watch(deadline: CallDeadline, onStuck: OnStuck): void {
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
      watch.onStuck(watch.asleepSince !== undefined);
    }
  }

  #isStuck(deadline: CallDeadline, watch: Watch, now: number): boolean {
    const overrun = deadline.overrunMs(now);
    if (overrun === 0) {
      watch.lateSince = undefined;
      watch.asleepSince = undefined;
      return false;
    }
    const stat = this.#stat(deadline.threadId());
    watch.lateSince ??= { wallMs: now, cpuMs: stat?.cpuMs };
    watch.asleepSince = stat?.state === "S" ? (watch.asleepSince ?? now) : undefined;
    if (overrun <= STUCK_AFTER_MS) return false;
    const { wallMs, cpuMs: cpuThen } = watch.lateSince;
    // Without /proc, lateness alone decides.
    if (stat === undefined || cpuThen === undefined) return true;
    // Parked for good (it may have thrashed a while first); "at every look" tells it from a call that just returned.
    if (watch.asleepSince !== undefined && now - watch.asleepSince >= STUCK_AFTER_MS) return true;
    return stat.cpuMs - cpuThen >= STUCK_CPU_SHARE * (now - wallMs);
  }
}
