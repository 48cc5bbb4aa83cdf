// One judge worker process: consumes the BullMQ judge queues (battles', contests') and runs each job
// on a piscina thread, the queues taking the threads in turn (fair-slots.ts).
// It holds no database credentials: each job returns its verdict, which BullMQ keeps as the job's
// return value and announces on the queue's event stream, for an API instance to record.
import { setPriority } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { library } from "@codeduel/challenges";
import {
  CHECKER_TIMEOUT_MS,
  JUDGE_QUEUE_NAMES,
  JUDGE_QUEUES,
  type JudgeJob,
  type JudgeQueueName,
  type JudgeResult,
  judgeJobSchema,
  type ParsedJudgeJob,
  resultFor,
  type Verdict,
  verdictWithoutRun,
} from "@codeduel/judge";
// Not the sandbox entry: this thread never loads isolated-vm.
import { CallDeadline } from "@codeduel/judge/call-deadline";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { loadWorkerConfig, maxRssBytes } from "./config.ts";
import { FairSlots } from "./fair-slots.ts";
import { JudgedSummary } from "./judged-summary.ts";
import { JudgeProcessMetrics } from "./metrics.ts";
import { type JudgeTarget, libraryTarget, ProblemSource } from "./problems.ts";
import { sandboxPool } from "./sandbox-pool.ts";
import { StuckCalls } from "./stuck-calls.ts";
import type { ThreadTask } from "./thread.ts";

/** Longest a SIGTERM waits for running jobs before exiting anyway. */
const SHUTDOWN_GRACE_MS = 20_000;

const config = loadWorkerConfig();
const log = pino({ level: config.LOG_LEVEL, base: { service: "judge-worker", pid: process.pid } });
// Before the pool starts: threads inherit the priority of the thread that creates them.
try {
  setPriority(config.JUDGE_NICE);
} catch (err) {
  log.warn({ err, nice: config.JUDGE_NICE }, "could not lower the judge's CPU priority");
}
/** Changes once, when the supervisor activates its standby; logged so the processes' lines tell apart. */
let role = config.JUDGE_ROLE;
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const pool = sandboxPool(config.JUDGE_THREADS);
const limits = {
  memoryMb: config.JUDGE_MEMORY_MB,
  timeoutMsPerTest: config.JUDGE_TIMEOUT_MS,
  cpuMsTotal: config.JUDGE_CPU_MS,
  outputBytes: 64 * 1024,
};

const problems = new ProblemSource(connection, config.REDIS_PREFIX, config.JUDGE_MEMORY_MB);
/** Sent to the supervisor when it asks (it serves the worker's /metrics). */
const metrics = new JudgeProcessMetrics();
metrics.answerSupervisor();

/** Wall-clock budget for a whole job, enforced from this thread, outside the sandbox's own. */
function jobDeadlineMs(target: JudgeTarget): number {
  const checker = target.comparison.kind === "checker" ? CHECKER_TIMEOUT_MS : 0;
  const perTest = (target.limits.timeoutMsPerTest ?? limits.timeoutMsPerTest) + checker;
  return target.tests.length * (perTest + 300) + 2000;
}

interface JudgeOutcome {
  verdict: Verdict;
  /** A sandbox thread is stuck in a call that will not return: recycle the process after reporting. */
  wedged: boolean;
}

/** Running jobs, by the deadline their sandbox thread arms around each call into an isolate. */
const stuckCalls = new StuckCalls();
setInterval(() => stuckCalls.check(), 100);

/**
 * Sandbox threads left parked (see below) keep their isolates' heaps until the process ends. Past
 * this share of its RSS ceiling the process is recycled gracefully (its standby takes over), well
 * before the supervisor would have to kill it with its jobs.
 */
const PARKED_RECYCLE_SHARE = 0.75;
let parkedThreads = 0;

async function judge(data: ParsedJudgeJob): Promise<JudgeOutcome> {
  // Throws when a stored problem's spec is missing: the job is retried, not judged without tests.
  const target = await problems.resolve(data);
  if (!target) {
    log.error({ submissionId: data.submissionId, challengeId: data.challengeId }, "unknown challenge");
    return { verdict: verdictWithoutRun("internal_error", "The judge does not know this challenge; it was not your code."), wedged: false };
  }
  const deadline = new CallDeadline();
  // The whole job's budget, for what no call deadline covers.
  const abort = new AbortController();
  const stuck = new Promise<JudgeOutcome>((resolve) => {
    stuckCalls.watch(deadline, (parked) => {
      // The organiser's checker, not the player's code, is what never returned: not the player's verdict.
      const verdict =
        deadline.caller() === "checker"
          ? verdictWithoutRun("internal_error", "The problem's checker exhausted its memory; it was not your code")
          : verdictWithoutRun("memory_limit", "Memory limit exceeded");
      metrics.aborted(parked ? "parked" : "wedged");
      if (!parked) {
        log.error({ submissionId: data.submissionId }, "a call into the sandbox ran far past its timeout (GC thrash at the memory cap)");
        resolve({ verdict, wedged: true });
        return;
      }
      // Asleep for good and burning no CPU: piscina drops the thread (the abort) and starts a new
      // one, which costs the others far less than replacing the whole process.
      parkedThreads++;
      const rss = process.memoryUsage.rss();
      log.error(
        { submissionId: data.submissionId, parkedThreads, rssMb: Math.round(rss / 2 ** 20) },
        "a call into the sandbox ran far past its timeout (an allocation V8 refused parked its thread)",
      );
      // Settled first, so the race below answers with this and not with the abort's rejection.
      resolve({ verdict, wedged: rss > PARKED_RECYCLE_SHARE * maxRssBytes(config, config.JUDGE_THREADS) });
      abort.abort();
    });
  });
  const jobTimer = setTimeout(() => abort.abort(), jobDeadlineMs(target));
  try {
    const task: ThreadTask = { code: data.code, language: data.language, target, limits, deadline: deadline.buffer };
    const run = pool.run(task, { signal: abort.signal });
    // Abandoned when the thread is stuck: the process is recycled before it could ever settle.
    run.catch(() => {});
    return await Promise.race([run.then((verdict) => ({ verdict, wedged: false })), stuck]);
  } catch (err) {
    if (abort.signal.aborted) {
      metrics.aborted("deadline");
      // The sandbox thread is stuck where no timeout reaches it: answer, then recycle the process.
      log.error({ submissionId: data.submissionId }, "sandbox missed its wall-clock deadline");
      return { verdict: verdictWithoutRun("time_limit", "Time limit exceeded"), wedged: true };
    }
    // Never the player's fault: logged in full here, reported without detail to the player.
    log.error({ err, submissionId: data.submissionId }, "sandbox failed");
    return { verdict: verdictWithoutRun("internal_error", "The judge failed on this submission; it was not your code."), wedged: false };
  } finally {
    stuckCalls.unwatch(deadline);
    clearTimeout(jobTimer);
  }
}

/**
 * One info line per period, not per job: at a busy event's rate a line per submission cost this
 * process a write to its log pipe, and whoever reads it a wake-up, for each job. The line per job
 * is there at LOG_LEVEL=debug; verdicts themselves are in the database.
 */
const SUMMARY_EVERY_MS = 10_000;
const judged = new JudgedSummary();
function logJudgedLately(): void {
  const lately = judged.take();
  if (lately) log.info(lately, "judged lately");
}
setInterval(logJudgedLately, SUMMARY_EVERY_MS).unref();

/** Judges one job's data into the result the queue stores; `wedged` when this process must be recycled after. */
async function judgeJob(data: ParsedJudgeJob): Promise<{ result: JudgeResult; wedged: boolean }> {
  const startedAt = Date.now();
  const { verdict, wedged } = await judge(data);
  metrics.judged(data, verdict, startedAt);
  const queuedMs = Date.now() - data.enqueuedAt;
  judged.add(verdict, queuedMs);
  log.debug(
    {
      submissionId: data.submissionId,
      battleId: data.battleId,
      status: verdict.status,
      cpuMs: verdict.cpuMs,
      wallMs: verdict.wallMs,
      queuedMs,
    },
    "judged",
  );
  return { result: resultFor(data, verdict), wedged };
}

/** The sandbox threads, taken in turn by the queues' jobs. */
const slots = new FairSlots(config.JUDGE_THREADS, {
  [JUDGE_QUEUES.battle]: config.JUDGE_BATTLE_TURNS,
  [JUDGE_QUEUES.contest]: 1,
} as Record<JudgeQueueName, number>);

/**
 * Takes jobs from one judge queue. Each queue's worker holds a few more jobs than there are
 * threads, so a thread never waits for this process's Redis round trips between jobs; the slots
 * decide which of the held jobs runs next.
 */
function takeJobsFrom(queue: JudgeQueueName): Worker<JudgeJob, JudgeResult> {
  const worker = new Worker<JudgeJob, JudgeResult>(
    queue,
    async (job, token) => {
      // The supervisor takes this job over at once if this process dies holding it.
      if (job.id && token && process.connected) process.send?.({ type: "job-started", queue, jobId: job.id, token });
      const parsed = judgeJobSchema.safeParse(job.data);
      if (!parsed.success) {
        log.error({ jobId: job.id, queue, issues: parsed.error.issues }, "malformed judge job");
        throw new UnrecoverableError("malformed judge job");
      }
      const { result, wedged } = await slots.run(queue, () => judgeJob(parsed.data));
      if (wedged) recycle();
      // Stored with the job as it completes, in the same Redis script: a job re-judged after a crash
      // completes once, and the API records a submission's verdict once whatever it hears.
      return result;
    },
    {
      connection,
      prefix: config.REDIS_PREFIX,
      // A standby boots its threads now and takes jobs only when the supervisor says so.
      autorun: config.JUDGE_ROLE === "active",
      concurrency: config.JUDGE_THREADS + 2,
      // Verdicts take seconds at most; a dead worker's jobs are picked up again after the lock expires.
      lockDuration: config.JUDGE_LOCK_MS,
      stalledInterval: config.JUDGE_STALLED_INTERVAL_MS,
      maxStalledCount: 2,
    },
  );
  worker.on("error", (err) => log.error({ err, queue }, "worker error"));
  worker.on("failed", (job, err) => {
    log.error({ jobId: job?.id, queue, err }, "job failed");
    if (job?.id) tellSupervisorEnded(job.id);
  });
  worker.on("completed", (job) => {
    if (job.id) tellSupervisorEnded(job.id);
  });
  return worker;
}

/** One worker per queue, except in a solo process (the supervisor hands it its jobs). */
const workers = config.JUDGE_ROLE === "solo" ? [] : JUDGE_QUEUE_NAMES.map(takeJobsFrom);
const closeWorkers = () => Promise.all(workers.map((w) => w.close()));

function tellSupervisorEnded(jobId: string): void {
  if (process.connected) process.send?.({ type: "job-ended", jobId });
}

process.on("message", (message: { type?: unknown; jobId?: unknown; data?: unknown }) => {
  if (message?.type === "activate" && workers.length > 0 && role === "standby") {
    role = "active";
    log.info("standby taking jobs");
    for (const worker of workers) worker.run().catch((err: unknown) => log.error({ err }, "worker stopped"));
  } else if (message?.type === "judge" && config.JUDGE_ROLE === "solo" && typeof message.jobId === "string") {
    void judgeForSupervisor(message.jobId, message.data);
  }
});

/** Solo: one job the supervisor holds the lock of; the verdict goes back to it to complete the job. */
async function judgeForSupervisor(jobId: string, data: unknown): Promise<void> {
  process.send?.({ type: "job-started", jobId });
  const parsed = judgeJobSchema.safeParse(data);
  if (!parsed.success) {
    log.error({ jobId, issues: parsed.error.issues }, "malformed judge job");
    process.send?.({ type: "judged", jobId, result: null });
    return;
  }
  let judged: Awaited<ReturnType<typeof judgeJob>>;
  try {
    judged = await judgeJob(parsed.data);
  } catch (err) {
    // A stored problem's spec is missing: the supervisor hands the job back to the queue.
    log.error({ jobId, err }, "could not judge the job");
    process.send?.({ type: "judged", jobId, result: null });
    return;
  }
  process.send?.({ type: "judged", jobId, result: judged.result });
  if (judged.wedged) recycle();
}
/**
 * A standby has time before it takes over: each thread judges a known-good submission once, so the
 * takeover's first jobs do not pay for compiling the judging path on every thread, at the moment a
 * killer has just cost the others a core.
 */
async function warmUp(): Promise<void> {
  const challenge = library[0];
  if (!challenge) return;
  const target = libraryTarget(challenge.id, "javascript");
  if (!target) return;
  const task: ThreadTask = { code: challenge.reference.javascript, language: "javascript", target, limits };
  const runs = Array.from({ length: config.JUDGE_THREADS }, () => pool.run(task));
  const results = await Promise.allSettled(runs);
  const failed = results.filter((r) => r.status === "rejected" || r.value.status !== "accepted").length;
  if (failed > 0) log.warn({ failed }, "warm-up submissions were not accepted");
}

/** Longest a recycle waits for the other threads' jobs before killing the process anyway. */
const RECYCLE_GRACE_MS = 5000;
let recycling = false;

/**
 * A stuck sandbox thread never returns, and Node's own exit would wait for it forever, so the
 * process is killed outright. First it takes no new jobs (the supervisor's standby takes them from
 * now) and lets the other threads finish theirs (most take a second or two; the stuck one's job was
 * answered before this is called). Whatever still runs after the grace dies with the process, and
 * the supervisor, which holds those jobs' lock tokens, has them judged again at once.
 */
function recycle(): void {
  if (recycling) return;
  recycling = true;
  log.warn("recycling judge process: an isolate did not stop after its limit; finishing the other jobs first");
  // The supervisor puts its standby to work at once, while this process finishes its jobs.
  if (process.connected) process.send?.({ type: "draining" });
  // Then it kills us; without one, we kill ourselves.
  const kill = () => endBySupervisor("recycle", () => process.kill(process.pid, "SIGKILL"));
  // pino writes asynchronously: flush, or a SIGKILL loses the last lines (this job's among them).
  const flushThenKill = () => log.flush(kill);
  closeWorkers().then(flushThenKill, flushThenKill);
  // Past the grace too, the lines of the jobs that did finish are flushed first (closing a worker
  // may wait on its blocking fetch longer than the jobs take).
  setTimeout(flushThenKill, RECYCLE_GRACE_MS).unref();
}

let shuttingDown: Promise<void> | undefined;
function shutdown(code: number): Promise<void> {
  shuttingDown ??= drainAndExit(code);
  return shuttingDown;
}

async function drainAndExit(code: number): Promise<void> {
  log.info({ role }, "shutting down: finishing running jobs, taking no new ones");
  // Finish running jobs (bounded: each has its own deadline), take no new ones.
  await Promise.race([closeWorkers(), sleep(SHUTDOWN_GRACE_MS)]);
  connection.disconnect();
  logJudgedLately();
  // Every job is finished and reported. Node's own exit would now tear the sandbox threads down,
  // which a wedged thread never lets finish and on which isolated-vm sometimes aborts (an assertion
  // in its native code; `pool.ts` hit it once in about thirty teardowns of a busy pool). So the
  // supervisor ends this process, as it does a recycled one, and exits cleanly itself.
  log.flush(() => endBySupervisor("drained", () => process.exit(code)));
}

/** Started by the supervisor (over fork's IPC channel), not on its own. */
const SUPERVISED = process.send !== undefined;

/**
 * The supervisor SIGKILLs this process when told why. Orphaned (the supervisor died), it ends
 * itself the same way, without tearing its sandbox threads down; run without one, `alone` ends it.
 */
function endBySupervisor(why: "recycle" | "drained", alone: () => void): void {
  if (process.connected) process.send?.({ type: why });
  else if (SUPERVISED) process.kill(process.pid, "SIGKILL");
  else alone();
}

process.once("SIGTERM", () => void shutdown(0));
process.once("SIGINT", () => void shutdown(0));
// The supervisor died without ending us (it was SIGKILLed, or the OOM killer chose it). Nobody
// would enforce the memory ceiling or replace a wedged process any more, so finish the running
// jobs and exit rather than judge on unsupervised; whoever restarts the supervisor starts anew.
process.once("disconnect", () => {
  log.warn("the supervisor is gone: finishing running jobs, then exiting");
  void shutdown(0);
});

// Last, after every handler above is in place: a supervisor that dies during the warm-up must
// still find the `disconnect` listener (an event with no listener yet is simply lost).
await (config.JUDGE_ROLE === "standby" ? warmUp() : Promise.resolve());
log.info({ threads: config.JUDGE_THREADS, prefix: config.REDIS_PREFIX, role }, "judge worker ready");
// Listening now: the supervisor holds its messages for this process until it hears this.
if (process.connected) process.send?.({ type: "ready" });
