// The jobs a dead judge process held: every one is a suspect, since any of them may have killed it.
// The supervisor keeps their BullMQ locks (it has the dead process's tokens, and extends them), so
// no other worker takes them, and has them judged again at once, one at a time, in a solo judge
// process with one thread. A job that kills its solo process too is the killer and completes as
// `memory_limit`; the others complete with their own verdicts. Meanwhile the queue's other jobs go
// on being judged at full strength by the active process: the killer costs nobody a lock's wait.
import { type JudgeJob, type JudgeQueueName, type JudgeResult, judgeJobSchema, resultFor, verdictWithoutRun } from "@codeduel/judge";
import { Job, type Queue } from "bullmq";
import type { Logger } from "pino";
import type { HeldJob } from "./held-jobs.ts";

/** Wait before starting another solo process when the last one died before judging anything. */
const SOLO_RETRY_MS = 1000;

interface Suspect {
  job: Job<JudgeJob, JudgeResult>;
  token: string;
}

/** What the supervisor gives this: a solo process to send jobs to, and how to end it. */
export interface SoloProcess {
  send(message: { type: "judge"; jobId: string; data: unknown }): void;
  kill(): void;
}

export class Suspects {
  readonly #queues: Record<JudgeQueueName, Queue>;
  readonly #log: Logger;
  readonly #lockMs: number;
  readonly #startSolo: () => SoloProcess;
  readonly #pending: Suspect[] = [];
  /** The suspect the solo process is judging, and whether it said it started (a process that dies before that is not its victim). */
  #current: { suspect: Suspect; started: boolean } | undefined;
  #solo: SoloProcess | undefined;
  #stopped = false;
  readonly #lockKeeper: NodeJS.Timeout;

  /** `queues`: each judge queue by name, to take a held job over from its own. */
  constructor(queues: Record<JudgeQueueName, Queue>, log: Logger, lockMs: number, startSolo: () => SoloProcess) {
    this.#queues = queues;
    this.#log = log;
    this.#lockMs = lockMs;
    this.#startSolo = startSolo;
    // Nobody else extends these locks any more: without this they would expire and be taken over.
    this.#lockKeeper = setInterval(() => void this.#extendLocks(), Math.max(500, lockMs / 3));
    this.#lockKeeper.unref();
  }

  get size(): number {
    return this.#pending.length + (this.#current ? 1 : 0);
  }

  /** A judge process died holding these. */
  async add(held: HeldJob[]): Promise<void> {
    const found = (await Promise.all(held.map((h) => this.#fetch(h)))).filter((s) => s !== undefined);
    if (this.#stopped) {
      await Promise.all(found.map((s) => this.#handBack(s)));
      return;
    }
    this.#pending.push(...found);
    if (found.length > 0) this.#log.warn({ suspects: this.size }, "judging the dead process's jobs again, one at a time");
    this.#next();
  }

  /** From the solo process. */
  onStarted(jobId: string): void {
    if (this.#current?.suspect.job.id === jobId) this.#current.started = true;
  }

  /** From the solo process: the suspect's own verdict, so it was not the killer. */
  onJudged(jobId: string, result: JudgeResult | null): void {
    const current = this.#current;
    if (current?.suspect.job.id !== jobId) return;
    this.#current = undefined;
    if (result) void this.#complete(current.suspect, result, "judged again alone: its own verdict");
    else void this.#handBack(current.suspect);
    this.#next();
  }

  /** The solo process ended (asked to, or killed by what it was judging). */
  onSoloExit(): void {
    this.#solo = undefined;
    const current = this.#current;
    this.#current = undefined;
    if (current?.started) {
      const data = judgeJobSchema.safeParse(current.suspect.job.data);
      if (data.success) {
        const verdict = verdictWithoutRun("memory_limit", "Memory limit exceeded (the submission brought its judge process down)");
        const result = resultFor(data.data, verdict);
        void this.#complete(current.suspect, result, "brought its judge process down twice: memory_limit");
      } else void this.#handBack(current.suspect);
      this.#next();
    } else if (current) {
      // It died before it could start (a process that cannot boot): try again, without spinning.
      this.#pending.unshift(current.suspect);
      setTimeout(() => this.#next(), SOLO_RETRY_MS).unref();
    } else this.#next();
  }

  /** Stopping: whatever is not judged yet goes back to the queue for another worker. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#lockKeeper);
    const left = [...this.#pending.splice(0), ...(this.#current ? [this.#current.suspect] : [])];
    this.#current = undefined;
    this.#solo?.kill();
    await Promise.all(left.map((s) => this.#handBack(s)));
  }

  #next(): void {
    if (this.#stopped || this.#current) return;
    const suspect = this.#pending.shift();
    if (!suspect) return;
    this.#current = { suspect, started: false };
    this.#solo ??= this.#startSolo();
    this.#solo.send({ type: "judge", jobId: suspect.job.id ?? "", data: suspect.job.data });
  }

  async #fetch({ queue, jobId, token }: HeldJob): Promise<Suspect | undefined> {
    try {
      const job = await Job.fromId<JudgeJob, JudgeResult>(this.#queues[queue], jobId);
      if (!job) return undefined;
      await job.extendLock(token, this.#lockMs);
      return { job, token };
    } catch (err) {
      // Completed meanwhile, or already taken over by stalled-job recovery: BullMQ's own path holds.
      this.#log.warn({ err, jobId, queue }, "could not take over a dead judge process's job; its lock will expire");
      return undefined;
    }
  }

  async #extendLocks(): Promise<void> {
    const all = [...this.#pending, ...(this.#current ? [this.#current.suspect] : [])];
    await Promise.all(all.map(({ job, token }) => job.extendLock(token, this.#lockMs).catch(() => 0)));
  }

  async #complete({ job, token }: Suspect, result: JudgeResult, why: string): Promise<void> {
    try {
      await job.moveToCompleted(result, token, false);
      this.#log.warn({ jobId: job.id, status: result.verdict.status }, why);
    } catch (err) {
      this.#log.warn({ err, jobId: job.id }, "could not complete a suspect job; its lock will expire");
    }
  }

  async #handBack({ job, token }: Suspect): Promise<void> {
    try {
      await job.moveToWait(token);
    } catch (err) {
      this.#log.warn({ err, jobId: job.id }, "could not hand a suspect job back; its lock will expire");
    }
  }
}
