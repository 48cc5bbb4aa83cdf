// bench:blast — what one heap-exhausting submission costs everyone else. A steady stream of correct
// submissions (BENCH_RATE a second for BENCH_RATE_SECONDS) straight into the judge queue of one
// judge worker, first alone, then with a submission that grows a Map to the heap cap every
// BENCH_KILLER_EVERY_MS, side by side in one run. Reports each stream's verdict latency (enqueue
// to the completed event), the killers' time to a final verdict, and lost and duplicate verdicts.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUE, type JudgeJob, type JudgeResult } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { addJudgeJob, REDIS_URL, startJudgeWorker, testPrefix } from "../test/harness.ts";

const RATE = Number(process.env.BENCH_RATE ?? 12);
const SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 30);
const KILLER_EVERY_MS = Number(process.env.BENCH_KILLER_EVERY_MS ?? 5000);
const KILLER = "function sumArray() { const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'x' + i }); }";
const CORRECT = getChallenge("sum-array")?.reference.javascript ?? "";

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue<JudgeJob>(JUDGE_QUEUE, { connection, prefix });
const events = new QueueEvents(JUDGE_QUEUE, { connection: connection.duplicate(), prefix });
const sentAt = new Map<string, number>();
const verdicts = new Map<string, { ms: number; status: string }[]>();
events.on("completed", ({ jobId, returnvalue }) => {
  const at = sentAt.get(jobId);
  if (at === undefined) return;
  const status = (returnvalue as unknown as JudgeResult).verdict.status;
  verdicts.set(jobId, [...(verdicts.get(jobId) ?? []), { ms: Date.now() - at, status }]);
});
await events.waitUntilReady();
const judge = await startJudgeWorker({ REDIS_URL, REDIS_PREFIX: prefix });

async function send(code: string): Promise<string> {
  const id = randomUUID();
  sentAt.set(id, Date.now());
  return addJudgeJob(queue, code, id);
}

async function stream(withKillers: boolean): Promise<{ normal: string[]; killers: string[] }> {
  const normal: string[] = [];
  const killers: string[] = [];
  const start = Date.now();
  let nextKiller = start + KILLER_EVERY_MS / 2;
  for (let i = 0; i < RATE * SECONDS; i++) {
    await sleep(Math.max(0, start + (i * 1000) / RATE - Date.now()));
    normal.push(await send(CORRECT));
    if (withKillers && Date.now() >= nextKiller) {
      killers.push(await send(KILLER));
      nextKiller += KILLER_EVERY_MS;
    }
  }
  // Every verdict, or 60 s.
  const all = [...normal, ...killers];
  for (let waited = 0; waited < 60_000 && all.some((id) => !verdicts.has(id)); waited += 100) await sleep(100);
  return { normal, killers };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN) : Number.NaN;
};
function summary(ids: string[]) {
  const got = ids.map((id) => verdicts.get(id)).filter((v) => v !== undefined);
  const ms = got.map((v) => v[0]?.ms ?? 0);
  const statuses: Record<string, number> = {};
  for (const v of got) statuses[v[0]?.status ?? "?"] = (statuses[v[0]?.status ?? "?"] ?? 0) + 1;
  return {
    n: ids.length,
    lost: ids.length - got.length,
    duplicates: got.filter((v) => v.length > 1).length,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    statuses,
  };
}

try {
  console.log(`bench:blast: ${RATE}/s correct for ${SECONDS} s, alone, then with a Map-growing submission every ${KILLER_EVERY_MS} ms`);
  const alone = await stream(false);
  const mixed = await stream(true);
  await sleep(2000);
  const rows = { "correct, alone": summary(alone.normal), "correct, with killers": summary(mixed.normal), killers: summary(mixed.killers) };
  console.log("\n| stream | n | p50 ms | p95 ms | p99 ms | lost | duplicates | verdicts |\n|---|---|---|---|---|---|---|---|");
  for (const [name, r] of Object.entries(rows)) {
    console.log(`| ${name} | ${r.n} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.lost} | ${r.duplicates} | ${JSON.stringify(r.statuses)} |`);
  }
  const ratio = rows["correct, with killers"].p99 / rows["correct, alone"].p99;
  const deaths = (judge.output().match(/judge process exited; restarting/g) ?? []).length;
  console.log(`\n- judge process deaths during the run: ${deaths}`);
  console.log(
    `- killers' p95 to a final verdict: ${rows.killers.p95} ms (target <= 5000): ${rows.killers.p95 <= 5000 ? "met" : "NOT met"}`,
  );
  console.log(`- others' p99 with killers / alone: ${ratio.toFixed(2)}x (target <= 2x): ${ratio <= 2 ? "met" : "NOT met"}`);
  const lost = Object.values(rows).reduce((a, r) => a + r.lost, 0);
  const dup = Object.values(rows).reduce((a, r) => a + r.duplicates, 0);
  console.log(`- lost verdicts ${lost}, duplicates ${dup} (target 0 and 0): ${lost + dup === 0 ? "met" : "NOT met"}`);
} finally {
  await judge.stop();
  await events.close();
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  connection.disconnect();
}
