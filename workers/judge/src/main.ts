// Judge worker supervisor: keeps one judge process alive, restarting it when hostile code kills
// or wedges it. Scale out by running more of these (replicas); they share the BullMQ queue.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { JUDGE_QUEUE } from "@codeduel/judge";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { loadWorkerConfig } from "./config.ts";
import { HeldJobs, isJudgeMessage } from "./held-jobs.ts";

const log = pino({ base: { service: "judge-supervisor", pid: process.pid } });
const entry = new URL("./judge-process.ts", import.meta.url);
const config = loadWorkerConfig();
// isolated-vm's memoryLimit is a guideline; this is the hard line, enforced from outside.
const maxRssBytes = (config.JUDGE_MAX_RSS_MB ?? 512 + config.JUDGE_THREADS * config.JUDGE_MEMORY_MB * 4) * 1024 * 1024;
/** Only to hand a dead judge process's jobs back; the supervisor takes no jobs itself. */
const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
connection.on("error", (err) => log.warn({ err }, "redis connection error"));
const held = new HeldJobs(new Queue(JUDGE_QUEUE, { connection, prefix: config.REDIS_PREFIX }), log);
let stopping = false;
let restarts = 0;
/**
 * Jobs a dead process held and handed back: each may be the one that killed it. Until they are
 * judged, the judge process runs in quarantine, one job at a time on one thread, so the next death
 * has one suspect only (it then ends as memory_limit) and no innocent dies beside it twice. Bounded
 * in time: another replica may take them, and then this process never hears of them again.
 */
const quarantine = new Set<string>();
const QUARANTINE_MAX_MS = 60_000;
let child = start();

function start() {
  const startedAt = Date.now();
  const solo = quarantine.size > 0;
  const env = solo ? { ...process.env, JUDGE_THREADS: "1", JUDGE_SOLO: "1" } : process.env;
  if (solo) log.warn({ suspects: quarantine.size }, "judging the dead process's jobs one at a time");
  const proc = fork(entry, [], { execArgv: ["--no-node-snapshot", ...process.execArgv], stdio: "inherit", serialization: "json", env });
  const leaveQuarantine = () => {
    quarantine.clear();
    // Drains (finishes its job) and is replaced by a process at full strength.
    if (proc.exitCode === null) proc.kill("SIGTERM");
  };
  const quarantineTimer = solo ? setTimeout(leaveQuarantine, QUARANTINE_MAX_MS) : undefined;
  /**
   * Why the judge process asked to be ended: `recycle` when a sandbox thread is wedged (it cannot
   * exit itself), `drained` after SIGTERM once its jobs are finished and reported (ending it spares
   * tearing its threads down).
   */
  let asked: "recycle" | "drained" | undefined;
  proc.on("error", (err) => log.error({ err }, "judge process error"));
  proc.on("message", (message: { type?: unknown }) => {
    if (isJudgeMessage(message)) {
      held.onMessage(message);
      if (solo && message.type === "job-ended" && quarantine.delete(message.jobId) && quarantine.size === 0) leaveQuarantine();
    } else if (message?.type === "recycle" || message?.type === "drained") {
      asked = message.type;
      proc.kill("SIGKILL");
    }
  });
  proc.on("exit", (code, signal) => {
    clearTimeout(quarantineTimer);
    const holding = held.size;
    const healthy = asked !== undefined || held.finished > 0 || Date.now() - startedAt > 30_000;
    const released = held.processDied();
    if (stopping) {
      const exitCode = asked === "drained" ? 0 : (code ?? (signal ? 1 : 0));
      void released.finally(() => process.exit(exitCode));
      return;
    }
    // Back off only when the process keeps dying without judging anything (a crash loop at start
    // must not spin the CPU); one that was judging lost to a submission, and comes back at once.
    restarts = healthy ? 0 : restarts + 1;
    if (holding > 0) log.warn({ holding }, "the judge process died holding jobs; handing them back to the queue");
    const delay = Math.min(10_000, restarts * 500);
    log.warn({ code, signal, delay }, "judge process exited; restarting");
    void released.then((requeued) => {
      for (const id of requeued) quarantine.add(id);
      setTimeout(() => {
        child = start();
      }, delay);
    });
  });
  return proc;
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
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) return;
  const rss = rssBytes(pid);
  if (rss > maxRssBytes) {
    log.error({ rss, maxRssBytes }, "judge process over its memory ceiling; killing it");
    child.kill("SIGKILL");
  }
}, 200).unref();

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    stopping = true;
    child.kill("SIGTERM");
    // The judge process finishes its jobs within 20 s; if a wedged sandbox thread keeps it from
    // exiting, it is killed, so a deploy never hangs on it.
    setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
  });
}
