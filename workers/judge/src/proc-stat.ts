// CPU time and state from a Linux /proc stat file: a process's (/proc/<pid>/stat, all its threads)
// or one thread's (/proc/self/task/<tid>/stat). Used by the judge's stuck-call check and the benchmarks.
import { readFileSync } from "node:fs";

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  /** User plus system CPU time, ms. */
  cpuMs: number;
  /** One letter: R running or runnable (waiting for a core counts), S asleep, D in uninterruptible I/O... */
  state: string;
}

/** Undefined when the file cannot be read (gone, or no /proc). */
export function readStat(statPath: string): ProcStat | undefined {
  try {
    const stat = readFileSync(statPath, "utf8");
    // After the parenthesised name: the state is field 3, utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND, state: fields[0] ?? "?" };
  } catch {
    return undefined;
  }
}

/** User plus system CPU time in ms; undefined when the file cannot be read. */
export function statCpuMs(statPath: string): number | undefined {
  return readStat(statPath)?.cpuMs;
}
