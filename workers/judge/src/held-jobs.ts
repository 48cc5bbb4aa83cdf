// What a judge process tells its supervisor about the jobs it holds, and the supervisor's record of
// them: when the process dies, these are the jobs to take over, each with its BullMQ lock token.
import type { JudgeQueueName, JudgeResult } from "@codeduel/judge";

export type JudgeMessage =
  /** `queue` and `token`: where the job's lock is; a solo process sends neither (the supervisor holds the lock). */
  | { type: "job-started"; jobId: string; queue?: JudgeQueueName; token?: string }
  | { type: "job-ended"; jobId: string }
  /** From a solo process: the verdict of a job the supervisor handed it; null when its data was malformed. */
  | { type: "judged"; jobId: string; result: JudgeResult | null };

export function isJudgeMessage(m: unknown): m is JudgeMessage {
  const t = (m as { type?: unknown } | null)?.type;
  return (t === "job-started" || t === "job-ended" || t === "judged") && typeof (m as { jobId?: unknown }).jobId === "string";
}

export interface HeldJob {
  queue: JudgeQueueName;
  jobId: string;
  token: string;
}

/** One judge process's jobs, as it reports them. */
export class HeldJobs {
  /** Job id -> its queue and lock token. */
  readonly #held = new Map<string, HeldJob>();
  /** Jobs it finished: a process that finished one is healthy, whatever killed it later. */
  finished = 0;

  onMessage(m: JudgeMessage): void {
    if (m.type === "job-started") {
      if (m.queue && m.token) this.#held.set(m.jobId, { queue: m.queue, jobId: m.jobId, token: m.token });
    } else if (this.#held.delete(m.jobId)) this.finished++;
  }

  get size(): number {
    return this.#held.size;
  }

  /** The process is gone: the jobs it still held. */
  take(): HeldJob[] {
    const jobs = [...this.#held.values()];
    this.#held.clear();
    return jobs;
  }
}
