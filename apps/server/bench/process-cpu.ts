// Per-process counters of the processes a benchmark drives, read from /proc (Linux), so a benchmark
// can say where each unit of work went: CPU time (every thread, user and system alike) and write
// system calls (each message a process sends to another costs at least one).
import { readFileSync } from "node:fs";
import { statCpuMs } from "../../../workers/judge/src/proc-stat.ts";

/** CPU time of one process (all its threads) in ms; 0 when it is gone or there is no /proc. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`) ?? 0;
}

/** Write system calls one process (all its threads) has made; 0 when it is gone or unreadable. */
export function processWrites(pid: number): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The direct children of a process (a supervisor's worker), from /proc; empty without /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Sums one per-process counter over named groups of processes between `start()` and `stop()`. */
export class ProcessAccount {
  readonly #groups: Record<string, () => number[]>;
  readonly #read: (pid: number) => number;
  #at = new Map<number, number>();

  /** `groups` are read again at `stop()`, so processes that appear in between are counted too. */
  constructor(read: (pid: number) => number, groups: Record<string, () => number[]>) {
    this.#read = read;
    this.#groups = groups;
  }

  start(): void {
    this.#at = new Map(Object.values(this.#groups).flatMap((pids) => pids().map((pid) => [pid, this.#read(pid)] as const)));
  }

  /** How much each group's counter grew since `start()` (a process that started in between, from its start). */
  stop(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.#groups).map(([name, pids]) => [
        name,
        [...new Set(pids())].reduce((sum, pid) => sum + this.#read(pid) - (this.#at.get(pid) ?? 0), 0),
      ]),
    );
  }
}
