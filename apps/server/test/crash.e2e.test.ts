// A judge worker killed with SIGKILL in the middle of a job: another worker judges it, the player
// sees exactly one verdict, and the submission row ends in a final state.
import { readFileSync } from "node:fs";
import type { BattleEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUES } from "@codeduel/judge";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { childPids } from "../bench/process-cpu.ts";
import {
  clientFor,
  createTestDatabase,
  EventLog,
  jobState,
  killTree,
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

let database: TestDatabase;
let server: RunningProcess & { port: number };
const workers: RunningProcess[] = [];
const prefix = testPrefix();
const env = () => ({
  DATABASE_URL: database.url,
  REDIS_URL,
  REDIS_PREFIX: prefix,
  JUDGE_THREADS: "2",
  JUDGE_TIMEOUT_MS: "5000",
  JUDGE_CPU_MS: "20000",
  JUDGE_LOCK_MS: "2000",
  JUDGE_STALLED_INTERVAL_MS: "1000",
  RECONCILE_INTERVAL_MS: "1000",
  STUCK_SUBMISSION_MS: "2000",
});

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer(env());
});

afterAll(async () => {
  await Promise.all([server?.stop(), ...workers.map((w) => w.stop())]);
  await database?.drop();
});

it("re-judges a job whose worker was SIGKILLed mid-job, with exactly one verdict", async () => {
  const first = await startJudgeWorker(env());
  workers.push(first);
  const { a, b, battleId } = await startBattle(server.port, ["kim", "lee"]);
  const view = await a.client.battle.get.query({ battleId });
  const challenge = getChallenge(view.challenge.id);
  if (!challenge) throw new Error("unknown challenge");
  const events = new EventLog<BattleEvent>();
  a.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });

  // Correct, but slow on the first public test, so the job is surely running when the worker dies.
  const slowInput = JSON.stringify(challenge.publicTests[0]?.input[0]);
  const code = `${challenge.reference.javascript}
const __original = ${challenge.functionName};
${challenge.functionName} = function (...args) {
  if (JSON.stringify(args[0]) === ${JSON.stringify(slowInput)}) { const t = Date.now(); while (Date.now() - t < 1500) {} }
  return __original(...args);
};`;
  const { submissionId } = await a.client.battle.submit.mutate({ battleId, code });

  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(JUDGE_QUEUES.battle, { connection, prefix });
  try {
    expect(await untilJobState(queue, submissionId, "active", 5000)).toBe("active");
    if (first.proc.pid === undefined) throw new Error("no pid");
    killTree(first.proc.pid);

    workers.push(await startJudgeWorker(env()));
    const verdict = await events.waitFor((e) => e.data.type === "verdict", 30_000, "verdict after the crash");
    expect(verdict.data).toMatchObject({ status: "accepted", submissionId });
    await events.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
    // Give a duplicate verdict every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(events.events.filter((e) => e.data.type === "verdict")).toHaveLength(1);
  } finally {
    await queue.close();
    connection.disconnect();
    a.close();
    b.close();
  }
  const sql = postgres(database.url, { max: 1 });
  try {
    const rows = await sql`select status from submissions where id = ${submissionId}`;
    expect(rows).toEqual([{ status: "accepted" }]);
    const [{ n }] =
      (await sql`select count(*)::int as n from battle_events where battle_id = ${battleId} and type = 'verdict'`) as unknown as [
        { n: number },
      ];
    expect(n).toBe(1);
  } finally {
    await sql.end();
  }
});

it("gives a submission that keeps killing its judge a final memory_limit verdict", async () => {
  // Only this worker may take the job. A low RSS ceiling makes its supervisor kill the judge
  // process while the submission holds memory, on every attempt.
  await Promise.all(workers.map((w) => w.stop()));
  const killer = await startJudgeWorker({ ...env(), JUDGE_MEMORY_MB: "1024", JUDGE_MAX_RSS_MB: "350" });
  workers.push(killer);
  const { a, b, battleId } = await startBattle(server.port, ["max", "ned"]);
  const events = new EventLog<BattleEvent>();
  a.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
  try {
    const { challenge } = await a.client.battle.get.query({ battleId });
    const { submissionId } = await a.client.battle.submit.mutate({
      battleId,
      code: `function ${challenge.functionName}() { const a = new Array(3e7).fill(1.5); while (a.length) {} }`,
    });
    const verdict = await events.waitFor((e) => e.data.type === "verdict", 60_000, "final verdict");
    expect(verdict.data, JSON.stringify(verdict.data)).toMatchObject({ status: "memory_limit", submissionId });
    expect(killer.output()).toMatch(/over its memory ceiling/);
    // The battle goes on: the player may submit again.
    const next = await a.client.battle.submit.mutate({ battleId, code: `function ${challenge.functionName}() { return 0; }` });
    expect(next.submissionId).toBeTruthy();
  } finally {
    a.close();
    b.close();
  }
});

it("on SIGTERM a judge worker finishes its running job and takes no new one", async () => {
  await Promise.all(workers.map((w) => w.stop()));
  const worker = await startJudgeWorker(env());
  workers.push(worker);
  const { a, b, battleId } = await startBattle(server.port, ["oli", "pat"]);
  const events = new EventLog<BattleEvent>();
  a.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(JUDGE_QUEUES.battle, { connection, prefix });
  try {
    const { challenge } = await a.client.battle.get.query({ battleId });
    const slow = `function ${challenge.functionName}() { const t = Date.now(); while (Date.now() - t < 300) {} return null; }`;
    const first = await a.client.battle.submit.mutate({ battleId, code: slow });
    await untilJobState(queue, first.submissionId, "active", 5000);
    const exited = new Promise<number | null>((resolve) => worker.proc.once("exit", (code) => resolve(code)));
    worker.proc.kill("SIGTERM");
    // The active process's line, not the standby's: the standby may hear SIGTERM first, while the
    // active one would still take the next job (failed once in CI on 25bbd62).
    while (!/"role":"active"[^\n]*"msg":"shutting down/.test(worker.output())) await new Promise((r) => setTimeout(r, 20));
    const second = await b.client.battle.submit.mutate({ battleId, code: slow });
    expect(await exited).toBe(0);
    // The running job was finished and reported; the one submitted after SIGTERM is still waiting.
    expect(await jobState(queue, first.submissionId)).toBe("completed");
    await events.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === first.submissionId, 10_000, "verdict");
    expect(await jobState(queue, second.submissionId)).toBe("waiting");
  } finally {
    await queue.close();
    connection.disconnect();
    a.close();
    b.close();
  }
});

it("a judge process whose supervisor died finishes and exits instead of judging unsupervised", async () => {
  const worker = await startJudgeWorker(env());
  workers.push(worker);
  // The active judge process and its standby, which may still be warming up (a supervisor that
  // dies then once left the standby running for good).
  const judgePids = childPids(worker.proc.pid ?? 0);
  expect(judgePids.length).toBeGreaterThan(0);
  worker.proc.kill("SIGKILL");
  // Gone, or a zombie nobody reaped yet.
  const alive = (pid: number) => {
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
      return false;
    }
  };
  await until(() => !judgePids.some(alive), 25_000, "the orphaned judge processes to exit");
  expect(judgePids.filter(alive)).toEqual([]);
  // Its last lines may come through the pipe after it is gone.
  await until(() => /the supervisor is gone/.test(worker.output()), 5000, "the orphan's log line");
});

it("records a verdict given while every server was down, even once the queue's event stream lost it", async () => {
  await Promise.all(workers.map((w) => w.stop()));
  const { a, b, battleId } = await startBattle(server.port, ["quin", "ray"]);
  const { challenge } = await a.client.battle.get.query({ battleId });
  const reference = getChallenge(challenge.id)?.reference.javascript ?? "";
  const { submissionId } = await a.client.battle.submit.mutate({ battleId, code: reference });
  a.close();
  b.close();
  await server.stop();

  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(JUDGE_QUEUES.battle, { connection, prefix });
  const events = new EventLog<BattleEvent>();
  let player: ReturnType<typeof clientFor> | undefined;
  try {
    workers.push(await startJudgeWorker(env()));
    expect(await untilJobState(queue, submissionId, "completed", 10_000)).toBe("completed");
    // The stream's entries are trimmed (it keeps the last 10,000 events): no instance will read this one.
    await connection.xtrim(queue.toKey("events"), "MAXLEN", 0);

    server = await startServer(env());
    player = clientFor(server.port, a.token);
    player.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
    const verdict = await events.waitFor((e) => e.data.type === "verdict", 20_000, "the verdict, from the reconciler");
    expect(verdict.data).toMatchObject({ status: "accepted", submissionId });
    await events.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
    expect(events.events.filter((e) => e.data.type === "verdict")).toHaveLength(1);
  } finally {
    player?.close();
    await queue.close();
    connection.disconnect();
  }
});
