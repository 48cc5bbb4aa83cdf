// What a judge process did lately, logged as one line every few seconds instead of one per job.
import type { Verdict } from "@codeduel/judge";

export interface JudgedLately {
  judged: number;
  /** How many of each verdict, e.g. { accepted: 12, wrong_answer: 30 }. */
  statuses: Record<string, number>;
  /** Mean sandbox CPU time per submission. */
  cpuMsMean: number;
  /** Longest a job of the period waited between `battle.submit` and its verdict. */
  queuedMsMax: number;
}

export class JudgedSummary {
  #judged = 0;
  #statuses: Record<string, number> = {};
  #cpuMs = 0;
  #queuedMsMax = 0;

  add(verdict: Verdict, queuedMs: number): void {
    this.#judged++;
    this.#statuses[verdict.status] = (this.#statuses[verdict.status] ?? 0) + 1;
    this.#cpuMs += verdict.cpuMs;
    this.#queuedMsMax = Math.max(this.#queuedMsMax, queuedMs);
  }

  /** Everything since the last call (undefined if nothing was judged), and starts a new period. */
  take(): JudgedLately | undefined {
    if (this.#judged === 0) return undefined;
    const lately = {
      judged: this.#judged,
      statuses: this.#statuses,
      cpuMsMean: Math.round((10 * this.#cpuMs) / this.#judged) / 10,
      queuedMsMax: this.#queuedMsMax,
    };
    this.#judged = 0;
    this.#statuses = {};
    this.#cpuMs = 0;
    this.#queuedMsMax = 0;
    return lately;
  }
}
