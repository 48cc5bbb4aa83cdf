// The judging of a submission, shared by battles, contests and the reference check of a problem:
// putting it on the judge queue, handing each verdict to whoever asked for it, and settling a
// submission whose verdict was never recorded.
import {
  type JudgeJob,
  type JudgeQueueName,
  type JudgeResult,
  judgeJobSchema,
  judgeQueueOf,
  judgeResultSchema,
  type ProblemSpec,
  problemSpecKey,
  resultFor,
  verdictWithoutRun,
} from "@codeduel/judge";
import type { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

type Kind = JudgeResult["kind"];
type Recorder = (result: JudgeResult) => Promise<void>;

export class Judging {
  readonly #queues: Record<JudgeQueueName, Queue<JudgeJob>>;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #log: Logger;
  readonly #recorders = new Map<Kind, Recorder>();

  /** `queues`: each judge queue by name (JUDGE_QUEUES); a job goes on its kind's. */
  constructor(queues: Record<JudgeQueueName, Queue<JudgeJob>>, redis: Redis, prefix: string, log: Logger) {
    this.#queues = queues;
    this.#redis = redis;
    this.#prefix = prefix;
    this.#log = log;
  }

  /** Who records the verdicts of one kind of job (each service registers itself). */
  recordWith(kind: Kind, recorder: Recorder): void {
    this.#recorders.set(kind, recorder);
  }

  /** Records a verdict with the service its job was for; each records it exactly once. */
  async record(result: JudgeResult): Promise<void> {
    const recorder = this.#recorders.get(result.kind);
    if (!recorder) throw new Error(`nobody records ${result.kind} verdicts`);
    await recorder(result);
  }

  /**
   * Puts a submission on the judge queue; enqueueing it again (reconciler, retries) never judges
   * twice. `replaceFinished`: a finished job with this id is removed first, so the id is judged again.
   */
  async enqueue(job: JudgeJob, opts: { replaceFinished?: boolean } = {}): Promise<void> {
    const queue = this.#queues[judgeQueueOf(job.kind)];
    if (opts.replaceFinished) {
      const finished = await queue.getJob(job.submissionId);
      const state = await finished?.getState();
      if (state === "completed" || state === "failed") await finished?.remove();
    }
    // jobId = submission id: BullMQ ignores a second add with the same id.
    await queue.add("judge", job, {
      jobId: job.submissionId,
      attempts: 3,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: 10_000,
      removeOnFail: 10_000,
    });
  }

  /**
   * Makes a problem version's spec readable by the judge workers, which hold no database
   * credentials: as it is now, for a reference check (a draft may have been edited since the last).
   */
  async putSpec(problemVersionId: string, spec: ProblemSpec): Promise<void> {
    await this.#redis.set(problemSpecKey(this.#prefix, problemVersionId), JSON.stringify(spec));
  }

  /**
   * The same for a published version, which never changes: loaded and written only when Redis
   * lacks it (never written yet, or Redis restarted empty), so a submission costs one EXISTS.
   */
  async ensureSpec(problemVersionId: string, load: () => Promise<ProblemSpec>): Promise<void> {
    if (await this.#redis.exists(problemSpecKey(this.#prefix, problemVersionId))) return;
    await this.putSpec(problemVersionId, await load());
  }

  /**
   * A submission still queued long after it was made: given the verdict its job already has
   * (judged, but its event-stream entry was trimmed before any instance read it), or a final
   * verdict if the judge gave up on it, or enqueued again (Redis was down at submit).
   */
  async settleOrRequeue(job: JudgeJob): Promise<void> {
    const existing = await this.#queues[judgeQueueOf(job.kind)].getJob(job.submissionId);
    const state = await existing?.getState();
    if (existing && (state === "completed" || state === "failed")) {
      await this.record(this.#finalResult(judgeJobSchema.parse(job), existing, state));
      return;
    }
    await this.enqueue(job);
  }

  /**
   * The verdict of a submission whose job the judge finished: its return value, or, when the job
   * failed for good (it kept killing workers or errored repeatedly) or returned something else, a
   * final verdict of our own, so that it is never left queued.
   */
  #finalResult(job: ReturnType<typeof judgeJobSchema.parse>, finished: Job, state: "completed" | "failed"): JudgeResult {
    let verdict = verdictWithoutRun("internal_error", "The judge could not finish this submission; it was not your code");
    if (state === "completed") {
      const result = judgeResultSchema.safeParse(finished.returnvalue);
      if (result.success) return result.data;
      this.#log.error({ submissionId: job.submissionId, issues: result.error.issues }, "malformed judge result");
    } else {
      this.#log.error({ submissionId: job.submissionId, reason: finished.failedReason }, "judge job failed for good");
      if (/stalled/i.test(finished.failedReason ?? "")) {
        verdict = verdictWithoutRun("memory_limit", "The submission repeatedly crashed the judge (most likely by exhausting memory)");
      }
    }
    return resultFor(job, verdict);
  }
}
