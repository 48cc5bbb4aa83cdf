// Judge worker supervisor: keeps one judge process alive, restarting it when hostile code kills
// or wedges it. Scale out by running more of these (replicas); they share the BullMQ queue.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import pino from "pino";
import { loadWorkerConfig } from "./config.ts";

const log = pino({ base: { service: "judge-supervisor", pid: process.pid } });
const entry = new URL("./judge-process.ts", import.meta.url);
const config = loadWorkerConfig();
// isolated-vm's memoryLimit is a guideline; this is the hard line, enforced from outside.
const maxRssBytes = (config.JUDGE_MAX_RSS_MB ?? 512 + config.JUDGE_THREADS * config.JUDGE_MEMORY_MB * 4) * 1024 * 1024;
let stopping = false;
let restarts = 0;
let child = start();

function start() {
  const startedAt = Date.now();
  const proc = fork(entry, [], { execArgv: ["--no-node-snapshot", ...process.execArgv], stdio: "inherit", serialization: "json" });
  /**
   * Why the judge process asked to be ended: `recycle` when a sandbox thread is wedged (it cannot
   * exit itself), `drained` after SIGTERM once its jobs are finished and reported (ending it spares
   * tearing its threads down).
   */
  let asked: "recycle" | "drained" | undefined;
  proc.on("message", (message: { type?: unknown }) => {
    if (message?.type === "recycle" || message?.type === "drained") {
      asked = message.type;
      proc.kill("SIGKILL");
    }
  });
  proc.on("exit", (code, signal) => {
    if (stopping) process.exit(asked === "drained" ? 0 : (code ?? (signal ? 1 : 0)));
    // Back off only when the process keeps dying on its own, so a crash loop cannot spin the CPU.
    restarts = asked !== undefined || Date.now() - startedAt > 30_000 ? 0 : restarts + 1;
    const delay = Math.min(10_000, restarts * 500);
    log.warn({ code, signal, delay }, "judge process exited; restarting");
    setTimeout(() => {
      child = start();
    }, delay);
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
