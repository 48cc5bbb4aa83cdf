// The jobs a judge process holds, as it reports them to its supervisor, and what becomes of them
// when it dies: each goes back to the queue at once (BullMQ's moveToWait with the dead process's
// lock token) instead of waiting out its lock (JUDGE_LOCK_MS) for stalled-job recovery, so the
// submissions that merely shared the process with a killer are judged again within a moment. A job
// held at MAX_DEATHS deaths is taken to be the killer and completes as `memory_limit`, a final
// verdict the API records like any other.
import { JUDGE_QUEUE, type JudgeJob, type JudgeResult, judgeJobSchema, verdictWithoutRun } from "@codeduel/judge";
import { Job, type Queue } from "bullmq";
import type { Logger } from "pino";

/** Deaths a job may be present at before it is judged guilty. */
export const MAX_DEATHS = 2;
/** How long a job's deaths are remembered (it may have been judged elsewhere meanwhile). */
const REMEMBER_MS = 10 * 60_000;

export type JudgeMessage = { type: "job-started"; jobId: string; token: string } | { type: "job-ended"; jobId: string };

export function isJudgeMessage(m: unknown): m is JudgeMessage {
  const t = (m as { type?: unknown } | null)?.type;
  return (t === "job-started" || t === "job-ended") && typeof (m as { jobId?: unknown }).jobId === "string";
}

export class HeldJobs {
  readonly #queue: Queue;
  readonly #log: Logger;
  /** Job id -> lock token, in the current judge process. */
  #held = new Map<string, string>();
  /** Job id -> deaths it was present at, and when the last was. */
  readonly #deaths = new Map<string, { n: number; at: number }>();
  /** Jobs the current process finished: a process that finished one is healthy, whatever killed it later. */
  finished = 0;

  constructor(queue: Queue, log: Logger) {
    this.#queue = queue;
    this.#log = log;
  }

  onMessage(m: JudgeMessage): void {
    if (m.type === "job-started") this.#held.set(m.jobId, m.token);
    else {
      this.#held.delete(m.jobId);
      this.#deaths.delete(m.jobId);
      this.finished++;
    }
  }

  get size(): number {
    return this.#held.size;
  }

  /**
   * The process died: its jobs go back to the queue, or end, at once. Resolves, once all are
   * handled, with the ids of the jobs put back (each still a suspect).
   */
  async processDied(): Promise<string[]> {
    const held = [...this.#held];
    this.#held = new Map();
    this.finished = 0;
    const now = Date.now();
    for (const [id, d] of this.#deaths) if (now - d.at > REMEMBER_MS) this.#deaths.delete(id);
    const requeued = await Promise.all(held.map(([jobId, token]) => this.#release(jobId, token, now)));
    return held.filter((_, i) => requeued[i]).map(([jobId]) => jobId);
  }

  /** True when the job went back to the queue. */
  async #release(jobId: string, token: string, now: number): Promise<boolean> {
    const deaths = (this.#deaths.get(jobId)?.n ?? 0) + 1;
    try {
      const job = await Job.fromId<JudgeJob, JudgeResult>(this.#queue, jobId);
      if (!job) return false;
      if (deaths < MAX_DEATHS) {
        this.#deaths.set(jobId, { n: deaths, at: now });
        await job.moveToWait(token);
        this.#log.warn({ jobId, deaths }, "judge process died holding this job; re-queued at once");
        return true;
      }
      this.#deaths.delete(jobId);
      const data = judgeJobSchema.parse(job.data);
      const verdict = verdictWithoutRun("memory_limit", "Memory limit exceeded (the submission brought its judge process down)");
      await job.moveToCompleted({ submissionId: data.submissionId, battleId: data.battleId, verdict, judgedAt: Date.now() }, token, false);
      this.#log.warn({ jobId, deaths }, "a job present at every death of its judge process ends as memory_limit");
      return false;
    } catch (err) {
      // Already completed, or taken over by stalled-job recovery: BullMQ's own path still holds.
      this.#log.warn({ err, jobId, queue: JUDGE_QUEUE }, "could not release a dead judge process's job; its lock will expire");
      return false;
    }
  }
}
