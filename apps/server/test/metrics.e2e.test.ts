// /metrics of a real API server and a real judge worker: a little play (two players matched, a
// battle subscription, a wrong submission, a refused call, a contest job straight onto its queue),
// then each process is scraped, the text parsed strictly (prometheus-text.ts) and the families
// checked against what was played. Also: the listeners are on loopback and a port of their own,
// bad requests get 4xx without hurting the process, a dead judge process's counts outlive it, and
// every metric the dashboard and alerts read is one the processes serve.
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import type { BattleEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUES, type JudgeJob } from "@codeduel/judge";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkerConfig } from "../../../workers/judge/src/config.ts";
import { loadServerConfig } from "../src/config.ts";
import {
  addJudgeJob,
  clientFor,
  createTestDatabase,
  EventLog,
  REDIS_URL,
  type RunningProcess,
  startBattle,
  startJudgeWorker,
  startServer,
  type TestDatabase,
  testPrefix,
  until,
  untilJobState,
} from "./harness.ts";
import { type Family, parsePrometheusText, sampleValue } from "./prometheus-text.ts";

const repoRoot = new URL("../../../", import.meta.url).pathname;
const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const contestQueue = new Queue<JudgeJob>(JUDGE_QUEUES.contest, { connection, prefix });
let database: TestDatabase;
let server: RunningProcess & { port: number };
let judge: RunningProcess;
let serverMetrics: URL;
let judgeMetrics: URL;
const closers: (() => void)[] = [];

/** The metrics URL a process logged (pino's JSON line), e.g. http://127.0.0.1:40123/metrics. */
function loggedMetricsUrl(output: string, message: string): URL {
  const line = output.split("\n").find((l) => l.includes(`"msg":"${message}"`));
  const url = line && (JSON.parse(line) as { metrics?: string }).metrics;
  if (!url) throw new Error(`no metrics address in the "${message}" line:\n${output.slice(-3000)}`);
  return new URL(url);
}

async function scrape(url: URL): Promise<Map<string, Family>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

/** Scrapes until `check` holds (fleet figures are cached a few seconds); returns that scrape. */
async function scrapeUntil(url: URL, check: (f: Map<string, Family>) => boolean, what: string): Promise<Map<string, Family>> {
  let last = new Map<string, Family>();
  await until(
    async () => {
      last = await scrape(url);
      return check(last);
    },
    20_000,
    what,
  );
  return last;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JUDGE_THREADS: "2" };
  [server, judge] = await Promise.all([startServer(env), startJudgeWorker(env)]);
  serverMetrics = loggedMetricsUrl(server.output(), "codeduel server listening");
  await until(() => judge.output().includes("judge worker metrics listening"), 10_000, "the judge's metrics line");
  judgeMetrics = loggedMetricsUrl(judge.output(), "judge worker metrics listening");
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all([server?.stop(), judge?.stop()]);
  await contestQueue.obliterate({ force: true }).catch(() => {});
  await contestQueue.close();
  connection.disconnect();
  await database?.drop();
});

const families: { server?: Map<string, Family>; judge?: Map<string, Family> } = {};

describe("metrics", () => {
  it("the server counts calls, sockets, matches, battles and both judge queues", async () => {
    const { a, b, battleId } = await startBattle(server.port, ["metrics_a", "metrics_b"]);
    closers.push(a.close, b.close);
    const events = new EventLog<BattleEvent>();
    const sub = a.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
    closers.push(() => sub.unsubscribe());
    await events.waitFor(() => true, 10_000, "a first battle event");
    const view = await a.client.battle.get.query({ battleId });
    const challenge = getChallenge(view.challenge.id);
    if (!challenge) throw new Error(`unknown challenge ${view.challenge.id}`);
    // Wrong, so the battle stays active; its verdict comes back through the subscription.
    const wrong = await a.client.battle.submit.mutate({ battleId, code: challenge.wrong.javascript });
    await events.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === wrong.submissionId, 30_000, "the verdict");
    const anon = clientFor(server.port);
    closers.push(anon.close);
    await expect(anon.client.battle.submit.mutate({ battleId, code: "x" })).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });

    const f = await scrapeUntil(serverMetrics, (m) => sampleValue(m, "codeduel_active_battles") === 1, "one active battle");
    families.server = f;
    const calls = (path: string, type: string, code: string) => sampleValue(f, "codeduel_trpc_calls_total", { path, type, code });
    expect(calls("auth.register", "mutation", "OK")).toBe(2);
    expect(calls("queue.join", "mutation", "OK")).toBe(2);
    expect(calls("battle.submit", "mutation", "OK")).toBe(1);
    expect(calls("battle.submit", "mutation", "UNAUTHORIZED")).toBe(1);
    expect(calls("battle.events", "subscription", "OK")).toBe(1);
    expect(f.get("codeduel_trpc_call_duration_seconds")?.type).toBe("histogram");
    const joins = { path: "queue.join", type: "mutation" };
    expect(sampleValue(f, "codeduel_trpc_call_duration_seconds_count", joins)).toBe(2);
    expect(sampleValue(f, "codeduel_trpc_call_duration_seconds_bucket", { ...joins, le: "+Inf" })).toBe(2);
    expect(sampleValue(f, "codeduel_trpc_call_duration_seconds_sum", joins)).toBeGreaterThan(0);
    // The refused call and the accepted one share one duration series: path and type only.
    expect(sampleValue(f, "codeduel_trpc_call_duration_seconds_count", { path: "battle.submit", type: "mutation" })).toBe(2);

    expect(sampleValue(f, "codeduel_ws_connections")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, "codeduel_ws_connections_opened_total")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, "codeduel_ws_subscriptions")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, "codeduel_ws_subscriptions_started_total")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, "codeduel_ws_frames_received_total")).toBeGreaterThanOrEqual(1);
    // At least the first event and the submission's two (submitted, verdict) reached the subscriber.
    expect(sampleValue(f, "codeduel_ws_messages_relayed_total")).toBeGreaterThanOrEqual(3);

    expect(sampleValue(f, "codeduel_matchmaking_queue_size")).toBe(0);
    expect(sampleValue(f, "codeduel_matchmaking_time_to_match_seconds_count")).toBe(2);
    expect(sampleValue(f, "codeduel_active_battles")).toBe(1);
    expect(sampleValue(f, "codeduel_active_contests")).toBe(0);
    for (const queue of [JUDGE_QUEUES.battle, JUDGE_QUEUES.contest]) {
      for (const state of ["waiting", "active", "delayed", "prioritized", "failed"]) {
        expect(sampleValue(f, "codeduel_judge_queue_jobs", { queue, state }), `${queue} ${state}`).toBe(0);
      }
    }
    // prom-client's defaults: CPU, memory, event-loop lag, GC.
    expect(sampleValue(f, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sampleValue(f, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(sampleValue(f, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    expect(f.get("nodejs_gc_duration_seconds")?.type).toBe("histogram");
  });

  it("the judge worker counts verdicts by queue, status and language, and its timings", async () => {
    const sum = getChallenge("sum-array");
    if (!sum) throw new Error("no sum-array");
    const jobId = await addJudgeJob(contestQueue, sum.reference.javascript);
    expect(await untilJobState(contestQueue, jobId, "completed", 30_000)).toBe("completed");

    const f = await scrapeUntil(
      judgeMetrics,
      (m) => sampleValue(m, "codeduel_judge_verdicts_total", { queue: JUDGE_QUEUES.contest, status: "accepted" }) === 1,
      "the contest verdict",
    );
    families.judge = f;
    const verdicts = (queue: string, status: string) =>
      sampleValue(f, "codeduel_judge_verdicts_total", { queue, status, language: "javascript" });
    expect(verdicts(JUDGE_QUEUES.battle, "wrong_answer")).toBe(1);
    expect(verdicts(JUDGE_QUEUES.contest, "accepted")).toBe(1);
    for (const queue of [JUDGE_QUEUES.battle, JUDGE_QUEUES.contest]) {
      expect(sampleValue(f, "codeduel_judge_queue_wait_seconds_count", { queue })).toBe(1);
      expect(sampleValue(f, "codeduel_judge_run_seconds_count", { queue, language: "javascript" })).toBe(1);
      expect(sampleValue(f, "codeduel_judge_run_seconds_sum", { queue, language: "javascript" })).toBeGreaterThan(0);
      expect(sampleValue(f, "codeduel_judge_sandbox_cpu_seconds_count", { queue, language: "javascript" })).toBe(1);
    }
    expect(sampleValue(f, "codeduel_judge_processes", { role: "active" })).toBe(1);
    expect(sampleValue(f, "codeduel_judge_processes", { role: "standby" })).toBe(1);
    expect(sampleValue(f, "codeduel_judge_process_restarts_total", { role: "active", reason: "crash" })).toBe(0);
    // From a judge process, merged into the supervisor's answer.
    expect(sampleValue(f, "codeduel_judge_sandbox_aborts_total", { reason: "deadline" })).toBe(0);
    expect(sampleValue(f, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(f.get("nodejs_gc_duration_seconds")?.type).toBe("histogram");
  });

  it("counts a judge process's death as a restart, and keeps what it had counted", async () => {
    const ready = judge
      .output()
      .split("\n")
      .filter((l) => l.includes('"msg":"judge worker ready"'))
      .map((l) => JSON.parse(l) as { pid: number; role: string });
    const active = ready.find((r) => r.role === "active");
    if (!active) throw new Error("no active judge process");
    // Its figures as of now are what the supervisor holds when it dies.
    await scrapeUntil(
      judgeMetrics,
      (m) => sampleValue(m, "codeduel_judge_verdicts_total", { queue: JUDGE_QUEUES.contest }) === 1,
      "a scrape",
    );
    process.kill(active.pid, "SIGKILL");
    const after = await scrapeUntil(
      judgeMetrics,
      (m) => sampleValue(m, "codeduel_judge_process_restarts_total", { role: "active", reason: "crash" }) === 1,
      "the restart",
    );
    expect(sampleValue(after, "codeduel_judge_standby_takeovers_total")).toBe(1);
    expect(sampleValue(after, "codeduel_judge_verdicts_total", { queue: JUDGE_QUEUES.contest, status: "accepted" })).toBe(1);
    // The process that took over counts on top of the dead one's figures.
    const sum = getChallenge("sum-array");
    const jobId = await addJudgeJob(contestQueue, sum?.reference.javascript ?? "");
    expect(await untilJobState(contestQueue, jobId, "completed", 30_000)).toBe("completed");
    await scrapeUntil(
      judgeMetrics,
      (m) => sampleValue(m, "codeduel_judge_verdicts_total", { queue: JUDGE_QUEUES.contest, status: "accepted" }) === 2,
      "two accepted contest verdicts",
    );
  });

  it("serves /metrics on loopback and its own port only, and answers bad requests with 4xx", async () => {
    const defaults = loadServerConfig({});
    expect([defaults.METRICS_PORT, defaults.METRICS_HOST]).toEqual([9464, "127.0.0.1"]);
    const judgeDefaults = loadWorkerConfig({});
    expect([judgeDefaults.METRICS_PORT, judgeDefaults.METRICS_HOST]).toEqual([9465, "127.0.0.1"]);
    // The harness sets no METRICS_HOST: both listeners bound the default, loopback only.
    for (const url of [serverMetrics, judgeMetrics]) {
      expect(url.hostname).toBe("127.0.0.1");
      expect(Number(url.port)).not.toBe(server.port);
      // Bound to 0.0.0.0, the port would answer on every loopback address.
      await expect(tcpAnswer("127.0.0.2", Number(url.port), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });
      expect((await fetch(new URL("/nope", url))).status).toBe(404);
      expect((await fetch(url, { method: "POST", body: "x" })).status).toBe(404);
      expect(await tcpAnswer("127.0.0.1", Number(url.port), "\x00\x01 not http\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
      // Still serving.
      await scrape(url);
    }
    const publicPort = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain("# TYPE");
  });

  it("serves every metric the dashboard and the alerts read", () => {
    const served = new Set<string>();
    for (const f of [families.server, families.judge]) {
      if (!f) throw new Error("the scrapes above did not run");
      // A family is served once declared, samples or not (no socket was refused here, say).
      for (const family of f.values()) {
        const suffixes = family.type === "histogram" || family.type === "summary" ? ["", "_bucket", "_sum", "_count"] : [""];
        for (const suffix of suffixes) served.add(`${family.name}${suffix}`);
      }
    }
    for (const file of ["deploy/grafana/codeduel.json", "deploy/prometheus/alerts.yaml"]) {
      const names = new Set(readFileSync(`${repoRoot}${file}`, "utf8").match(/\bcodeduel_[a-z_]+/g) ?? []);
      expect(names.size, file).toBeGreaterThan(5);
      const missing = [...names].filter((n) => !served.has(n));
      expect(missing, file).toEqual([]);
    }
  });
});

/** Sends raw bytes and resolves with the first chunk of the answer (rejects when refused). */
function tcpAnswer(host: string, port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer")));
    socket.once("error", reject);
    socket.once("connect", () => socket.write(request));
    socket.once("data", (d) => {
      resolve(d.toString());
      socket.destroy();
    });
  });
}
