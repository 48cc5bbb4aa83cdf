// CPU time of the processes a benchmark drives, read from /proc (Linux), so a benchmark can say
// where each unit of work spent it: every thread of a process counts, user and system time alike.
import { readFileSync } from "node:fs";
import { statCpuMs } from "../../../workers/judge/src/proc-stat.ts";

/** CPU time of one process (all its threads) in ms; 0 when it is gone or there is no /proc. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`) ?? 0;
}

/** The direct children of a process (a supervisor's worker), from /proc; empty without /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Sums the CPU time of named groups of processes between `start()` and `stop()`. */
export class CpuAccount {
  readonly #groups: Record<string, () => number[]>;
  #at = new Map<number, number>();

  /** `groups` are read again at `stop()`, so processes that appear in between are counted too. */
  constructor(groups: Record<string, () => number[]>) {
    this.#groups = groups;
  }

  start(): void {
    this.#at = new Map(Object.values(this.#groups).flatMap((pids) => pids().map((pid) => [pid, processCpuMs(pid)] as const)));
  }

  /** CPU ms spent by each group since `start()` (a process that started in between, from its start). */
  stop(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.#groups).map(([name, pids]) => [
        name,
        [...new Set(pids())].reduce((sum, pid) => sum + processCpuMs(pid) - (this.#at.get(pid) ?? 0), 0),
      ]),
    );
  }
}
