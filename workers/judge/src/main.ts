// Judge worker supervisor: keeps one judge process taking jobs and, by default, a second one booted
// on standby, and replaces either when hostile code kills or wedges it. The standby takes over the
// queue the moment the active process stops taking jobs, so a killer costs the others no cold
// start. The jobs a dead process held are judged again at once, one at a time, in a solo process
// (suspects.ts). Scale out by running more supervisors (replicas); they share the BullMQ queue.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { JUDGE_QUEUES } from "@codeduel/judge";
import { listenForScrapes } from "@codeduel/metrics-http";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { loadWorkerConfig, maxRssBytes } from "./config.ts";
import { HeldJobs, isJudgeMessage } from "./held-jobs.ts";
import { SupervisorMetrics } from "./supervisor-metrics.ts";
import { Suspects } from "./suspects.ts";

type Role = "active" | "standby" | "solo";

interface Child {
  proc: ChildProcess;
  role: Role;
  held: HeldJobs;
  startedAt: number;
  /** Messages for it, kept until it says it is ready (before that it may not be listening yet). */
  outbox: object[] | undefined;
  /**
   * Why it asked to be ended: `recycle` when a sandbox thread is wedged (it cannot exit itself),
   * `drained` after SIGTERM once its jobs are finished and reported (ending it spares tearing its
   * threads down).
   */
  asked?: "recycle" | "drained";
}

const log = pino({ base: { service: "judge-supervisor", pid: process.pid } });
const entry = new URL("./judge-process.ts", import.meta.url);
const config = loadWorkerConfig();
/** Only to take over a dead judge process's jobs; the supervisor judges nothing itself. */
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
connection.on("error", (err) => log.warn({ err }, "redis connection error"));
const queue = (name: string) => new Queue(name, { connection, prefix: config.REDIS_PREFIX });
const queues = { [JUDGE_QUEUES.battle]: queue(JUDGE_QUEUES.battle), [JUDGE_QUEUES.contest]: queue(JUDGE_QUEUES.contest) };
const suspects = new Suspects(queues, log, config.JUDGE_LOCK_MS, () => {
  const solo = spawn("solo");
  return { send: (message) => send(solo, message), kill: () => solo.proc.kill("SIGKILL") };
});
const children = new Set<Child>();
let active: Child | undefined;
let standby: Child | undefined;
let stopping = false;
/** The supervisor's own exit code when stopping: the active process's. */
let exitCode = 0;
/** Processes in a row that died without judging anything: a crash loop at start must not spin the CPU. */
let restarts = 0;

/** /metrics for the whole worker: this process's figures and every judge process's, merged. */
const metrics = new SupervisorMetrics();
try {
  const listener = await listenForScrapes({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    contentType: metrics.contentType,
    render: () => metrics.render([...children].map((c) => ({ channel: c.proc, role: c.role, ready: c.outbox === undefined }))),
    log,
  });
  log.info({ metrics: `${listener.url}/metrics` }, "judge worker metrics listening");
} catch (err) {
  // Before any judge process starts: a worker that cannot be watched fails alone, at once.
  log.error({ err, port: config.METRICS_PORT, host: config.METRICS_HOST }, "cannot serve metrics");
  process.exit(1);
}

active = spawn("active");
if (config.JUDGE_STANDBY === "1") standby = spawn("standby");

function spawn(role: Role): Child {
  const env = { ...process.env, JUDGE_ROLE: role, ...(role === "solo" ? { JUDGE_THREADS: "1" } : {}) };
  // --single-threaded-gc: an isolate's garbage collection runs on its own sandbox thread, so a
  // submission thrashing at its heap cap takes one core, not every core V8's GC helpers reach
  // (bench:blast, docs/BENCHMARKS.md).
  const proc = fork(entry, [], {
    execArgv: ["--no-node-snapshot", "--single-threaded-gc", ...process.execArgv],
    stdio: "inherit",
    serialization: "json",
    env,
  });
  const child: Child = { proc, role, held: new HeldJobs(), startedAt: Date.now(), outbox: [] };
  children.add(child);
  proc.on("error", (err) => log.error({ err, role }, "judge process error"));
  proc.on("message", (message: { type?: unknown }) => onMessage(child, message));
  proc.on("exit", (code, signal) => onExit(child, code, signal));
  return child;
}

function send(child: Child, message: object): void {
  if (child.outbox) child.outbox.push(message);
  else if (child.proc.connected) child.proc.send(message);
}

function onMessage(child: Child, message: { type?: unknown }): void {
  if (isJudgeMessage(message)) {
    if (child.role !== "solo") child.held.onMessage(message);
    else if (message.type === "job-started") suspects.onStarted(message.jobId);
    else if (message.type === "judged") suspects.onJudged(message.jobId, message.result);
  } else if (message?.type === "ready") {
    const outbox = child.outbox ?? [];
    child.outbox = undefined;
    for (const m of outbox) send(child, m);
  } else if (message?.type === "draining") {
    // It takes no more jobs: the standby takes them from now, while it finishes its own.
    if (child === active) replaceActive();
  } else if (message?.type === "recycle" || message?.type === "drained") {
    child.asked = message.type;
    child.proc.kill("SIGKILL");
  }
}

function restartDelayMs(): number {
  return Math.min(10_000, restarts * 500);
}

function replaceActive(): void {
  active = undefined;
  if (stopping) return;
  if (standby) {
    active = standby;
    active.role = "active";
    standby = undefined;
    send(active, { type: "activate" });
    metrics.standbyTookOver();
    log.warn("the standby judge process takes the queue");
    setTimeout(startStandby, restartDelayMs());
  } else {
    setTimeout(() => {
      if (!stopping && !active) active = spawn("active");
    }, restartDelayMs());
  }
}

function startStandby(): void {
  if (!stopping && !standby && config.JUDGE_STANDBY === "1") standby = spawn("standby");
}

function onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
  children.delete(child);
  // Back off only when processes keep dying without judging anything; one that was judging lost
  // to a submission, and is replaced at once.
  const healthy = child.asked !== undefined || child.held.finished > 0 || Date.now() - child.startedAt > 30_000;
  if (child.role !== "solo") restarts = healthy ? 0 : restarts + 1;
  const held = child.held.take();
  metrics.exited(child.proc, child.role, { asked: child.asked, signal, stopping });
  log.warn({ role: child.role, code, signal, asked: child.asked, holding: held.length }, "judge process exited");
  if (held.length > 0) void suspects.add(held);
  if (child.role === "solo") {
    suspects.onSoloExit();
  } else if (stopping) {
    if (child === active) exitCode = child.asked === "drained" ? 0 : (code ?? (signal ? 1 : 0));
  } else if (child === active) {
    replaceActive();
  } else if (child === standby) {
    standby = undefined;
    setTimeout(startStandby, restartDelayMs());
  }
  if (stopping && children.size === 0) process.exit(exitCode);
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

setInterval(() => {
  for (const child of children) {
    const pid = child.proc.pid;
    if (pid === undefined || child.proc.exitCode !== null) continue;
    const rss = rssBytes(pid);
    const ceiling = maxRssBytes(config, child.role === "solo" ? 1 : config.JUDGE_THREADS);
    if (rss > ceiling) {
      log.error({ role: child.role, rss, maxRssBytes: ceiling }, "judge process over its memory ceiling; killing it");
      metrics.killedOverRss(child.proc);
      child.proc.kill("SIGKILL");
    }
  }
}, 200).unref();

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    // Suspects not yet judged go back to the queue for another replica, then every process
    // finishes its jobs and exits.
    void suspects.stop().finally(() => {
      for (const child of children) child.proc.kill("SIGTERM");
      if (children.size === 0) process.exit(exitCode);
    });
    // The active process finishes its jobs within 20 s; if a wedged sandbox thread keeps one from
    // exiting, it is killed, so a deploy never hangs on it.
    setTimeout(() => {
      for (const child of children) child.proc.kill("SIGKILL");
    }, 30_000).unref();
  });
}
