// `npm run bench:judge`: judge throughput and latency, measured side by side in one run.
//  1. the piscina pool alone, and 4. a fresh child process per submission (workers/judge/bench/pool.ts);
//     all on one challenge, BENCH_CHALLENGE (default factorial: a trivial function, 10 tests); the
//     pool is measured again after 2, and end to end is compared with the mean of the two;
//  2. end to end, battle.submit -> verdict event, over each player's WebSocket, through Postgres,
//     BullMQ and the judge worker, timed after an untimed warm-up;
//  3. the same at a fixed arrival rate, without and with 20% `while(true){}` submissions.
import { spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { BattleEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { Redis } from "ioredis";
import postgres from "postgres";
// The judge benchmarks' helper, so every benchmark computes percentiles the same way.
import { percentile } from "../../../workers/judge/bench/measure.ts";
import {
  clientFor,
  createTestDatabase,
  type Player,
  REDIS_URL,
  startBattle,
  startJudgeWorker,
  startServer,
  testPrefix,
} from "../test/harness.ts";
import { childPids, ProcessAccount, processCpuMs, processWrites } from "./process-cpu.ts";

const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 40);
const E2E_SUBMISSIONS = Number(process.env.BENCH_E2E_SUBMISSIONS ?? 1000);
/** Untimed submissions first, as the pool benchmark warms its threads up before it times them. */
const E2E_WARMUP = Number(process.env.BENCH_E2E_WARMUP ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 12);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 15);
const THREADS = process.env.JUDGE_THREADS ?? "4";

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");

interface PoolResult {
  poolPerSecond: number;
  poolCpuMsPerSubmission: number;
  /** null when run without the child-process baseline. */
  childPerSecond: number | null;
  tests: number;
  challenge: string;
}

/** Runs workers/judge/bench/pool.ts in its own process: the pool alone, then the child-process baseline if asked. */
function measurePool({ childBaseline }: { childBaseline: boolean }): PoolResult {
  const pool = spawnSync(
    process.execPath,
    ["--no-node-snapshot", new URL("../../../workers/judge/bench/pool.ts", import.meta.url).pathname],
    {
      env: { ...process.env, JUDGE_THREADS: THREADS, ...(childBaseline ? {} : { BENCH_CHILD_JOBS: "0" }) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const result = pool.stdout.trim().split("\n").at(-1);
  if (!result?.startsWith("{")) {
    // Its stderr went to ours, above.
    console.error(`bench: the pool benchmark process failed (${pool.signal ?? `exit code ${pool.status}`}) before its result`);
    process.exit(1);
  }
  if (pool.status !== 0) {
    // After its result: isolated-vm's assertion while the threads are torn down (docs/BENCHMARKS.md).
    console.error(
      `bench: the pool benchmark process aborted after its result, while its threads were torn down (${pool.signal ?? `exit code ${pool.status}`})`,
    );
  }
  return JSON.parse(result) as PoolResult;
}

console.error("bench: 1/4 pool and child-process baseline...");
const raw = measurePool({ childBaseline: true });

console.error("bench: 2/4 end to end...");
const database = await createTestDatabase();
const env = {
  DATABASE_URL: database.url,
  REDIS_URL,
  REDIS_PREFIX: testPrefix(),
  JUDGE_THREADS: THREADS,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
};
const [server, worker] = await Promise.all([startServer(env), startJudgeWorker(env)]);

interface Seat {
  player: Player;
  battleId: string;
  busy: boolean;
  waiters: Map<string, (status: string) => void>;
  /** Verdicts that arrived before the submit call returned. */
  early: Map<string, string>;
}
const seats: Seat[] = [];
try {
  for (let i = 0; i < PLAYERS / 2; i++) {
    const { a, b, battleId } = await startBattle(server.port, [`bench${i}a`, `bench${i}b`]);
    for (const registered of [a, b]) {
      // Every call over the player's one WebSocket, as the SPA and the load tester make them.
      registered.close();
      const player = { ...registered, ...clientFor(server.port, registered.token, { allOverWebSocket: true }) };
      const seat: Seat = { player, battleId, busy: false, waiters: new Map(), early: new Map() };
      player.client.battle.events.subscribe(
        { battleId },
        {
          onData: (e) => {
            const d = (e.data as BattleEvent).data;
            if (d.type !== "verdict") return;
            const waiter = seat.waiters.get(d.submissionId);
            if (waiter) waiter(d.status);
            else seat.early.set(d.submissionId, d.status);
          },
        },
      );
      seats.push(seat);
    }
  }
  await sleep(500);
  // Every battle is switched to the pool's challenge, so end to end and the pool judge the same
  // tests (its wrong answer runs every test, as the reference does) and their ratio compares the
  // pipeline, not two different workloads.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  await sql`update battles set challenge_id = ${raw.challenge}`;
  await sql.end();
  const challenge = getChallenge(raw.challenge);
  if (!challenge) throw new Error(`missing challenge ${raw.challenge}`);
  const wrong = challenge.wrong.javascript;
  const LOOP = "function f() { while (true) {} }";

  /** Submits and resolves with the latency from the call to the verdict event. */
  async function submit(seat: Seat, code: string): Promise<{ ms: number; status: string }> {
    seat.busy = true;
    const started = performance.now();
    try {
      const { submissionId } = await seat.player.client.battle.submit.mutate({ battleId: seat.battleId, code });
      const status =
        seat.early.get(submissionId) ??
        (await new Promise<string>((resolve) => {
          seat.waiters.set(submissionId, resolve);
        }));
      seat.early.delete(submissionId);
      seat.waiters.delete(submissionId);
      return { ms: performance.now() - started, status };
    } finally {
      seat.busy = false;
    }
  }

  // Where end to end spends its CPU, per process (Linux /proc), beside the pool's own.
  const redis = new Redis(REDIS_URL);
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1] ?? 0);
  redis.disconnect();
  const pg = postgres(database.url, { max: 1, onnotice: () => {} });
  const backends = async () =>
    (await pg<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map(
      (r) => r.pid,
    );
  let pgPids = await backends();
  const processes = {
    "judge worker": () => [worker.proc.pid ?? 0, ...childPids(worker.proc.pid ?? 0)],
    server: () => [server.proc.pid ?? 0],
    Postgres: () => pgPids,
    Redis: () => (redisPid ? [redisPid] : []),
    "benchmark clients": () => [process.pid],
  };
  const cpu = new ProcessAccount(processCpuMs, processes);
  const writes = new ProcessAccount(processWrites, processes);

  /** Closed loop: every seat submits again as soon as its verdict arrives. */
  async function closedLoop(count: number): Promise<number[]> {
    let issued = 0;
    const latencies: number[] = [];
    await Promise.all(
      seats.map(async (seat) => {
        while (issued++ < count) latencies.push((await submit(seat, wrong)).ms);
      }),
    );
    return latencies;
  }
  // The server's, Postgres's and the judge's code paths compiled and their caches filled, as the pool's are.
  await closedLoop(E2E_WARMUP);
  cpu.start();
  writes.start();
  const t0 = performance.now();
  const latencies = await closedLoop(E2E_SUBMISSIONS);
  const e2ePerSecond = latencies.length / ((performance.now() - t0) / 1000);
  pgPids = [...new Set([...pgPids, ...(await backends())])];
  const e2eCpuMs = cpu.stop();
  const e2eWrites = writes.stop();
  await pg.end();

  // The machine's speed drifts over minutes: the pool is measured on both sides of end to end, and
  // end to end is compared with the mean of the two.
  console.error("bench: 3/4 the pool alone again...");
  const poolAfter = measurePool({ childBaseline: false });
  const poolMean = (raw.poolPerSecond + poolAfter.poolPerSecond) / 2;

  console.error("bench: 4/4 fixed arrival rate, without and with 20% infinite loops...");
  async function atRate(loopShare: number): Promise<{ fast: number[]; loops: number; skipped: number }> {
    const fast: number[] = [];
    const runs: Promise<void>[] = [];
    let loops = 0;
    let skipped = 0;
    const total = RATE * RATE_SECONDS;
    for (let i = 0; i < total; i++) {
      const seat = seats.find((s) => !s.busy);
      // Deterministic mix: every fifth submission is the loop when loopShare is 0.2.
      const isLoop = loopShare > 0 && i % Math.round(1 / loopShare) === 0;
      if (!seat) skipped++;
      else if (isLoop) {
        loops++;
        runs.push(submit(seat, LOOP).then(() => {}));
      } else {
        runs.push(submit(seat, wrong).then(({ ms }) => void fast.push(ms)));
      }
      await sleep(1000 / RATE);
    }
    await Promise.all(runs);
    return { fast, loops, skipped };
  }
  const calm = await atRate(0);
  const flood = await atRate(0.2);

  const rows = [
    [
      "1. piscina pool alone (before / after end to end)",
      `${fmt(poolMean)} submissions/s (${fmt(raw.poolPerSecond)} / ${fmt(poolAfter.poolPerSecond)})`,
      "",
    ],
    [
      "2. end to end (battle.submit -> verdict event)",
      `${fmt(e2ePerSecond)} submissions/s`,
      `p50 ${fmt(percentile(latencies, 50))} / p95 ${fmt(percentile(latencies, 95))} / p99 ${fmt(percentile(latencies, 99))} ms`,
    ],
    [
      `3a. ${RATE}/s, no infinite loops`,
      `${calm.fast.length} fast`,
      `p95 ${fmt(percentile(calm.fast, 95))} ms (p50 ${fmt(percentile(calm.fast, 50))})`,
    ],
    [
      `3b. ${RATE}/s, 20% while(true)`,
      `${flood.fast.length} fast + ${flood.loops} loops`,
      `p95 ${fmt(percentile(flood.fast, 95))} ms (p50 ${fmt(percentile(flood.fast, 50))})`,
    ],
    ["4. fresh child process per submission", `${fmt(raw.childPerSecond ?? Number.NaN)} submissions/s`, ""],
  ];
  const ratios = [
    `end to end / raw pool: ${fmt((100 * e2ePerSecond) / poolMean)}% (target >= 50%)`,
    `raw pool / child process (both measured before end to end): ${fmt(raw.poolPerSecond / (raw.childPerSecond ?? Number.NaN))}x (target >= 8x)`,
    `fast p95 with loops / without: ${fmt(percentile(flood.fast, 95) / percentile(calm.fast, 95))}x (target <= 2x)`,
  ];
  console.log(
    `Challenge \`${raw.challenge}\` (${raw.tests} tests), ${THREADS} sandbox threads, ${PLAYERS} players, ${latencies.length} timed submissions end to end after ${E2E_WARMUP} untimed.\n`,
  );
  console.log("| measurement | throughput | latency |\n|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log("");
  for (const r of ratios) console.log(`- ${r}`);
  const perSubmission = (ms: number) => `${fmt(ms / latencies.length)} ms`;
  const e2eCpuTotal = Object.values(e2eCpuMs).reduce((a, b) => a + b, 0);
  console.log(
    `- CPU per submission, end to end: ${perSubmission(e2eCpuTotal)} (${Object.entries(e2eCpuMs)
      .map(([name, ms]) => `${name} ${perSubmission(ms)}`)
      .join(", ")}); the pool alone: ${fmt((raw.poolCpuMsPerSubmission + poolAfter.poolCpuMsPerSubmission) / 2)} ms`,
  );
  const e2eWritesTotal = Object.values(e2eWrites).reduce((a, b) => a + b, 0);
  console.log(
    `- write system calls per submission, end to end: ${fmt(e2eWritesTotal / latencies.length)} (${Object.entries(e2eWrites)
      .map(([name, n]) => `${name} ${fmt(n / latencies.length)}`)
      .join(", ")})`,
  );
  if (calm.skipped + flood.skipped > 0) console.log(`- arrivals skipped for want of an idle player: ${calm.skipped + flood.skipped}`);
} finally {
  for (const s of seats) s.player.close();
  await Promise.all([server.stop(), worker.stop()]);
  await database.drop();
}
