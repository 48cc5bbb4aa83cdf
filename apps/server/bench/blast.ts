// bench:blast — what one heap-exhausting submission costs everyone else. A steady stream of correct
// submissions (BENCH_RATE a second for BENCH_RATE_SECONDS) straight into the judge queue of one
// judge worker, first alone, then with a submission that grows a Map to the heap cap every
// BENCH_KILLER_EVERY_MS, side by side in one run. Reports each stream's verdict latency (enqueue
// to the completed event), the killers' time to a final verdict, and lost and duplicate verdicts; then
// the same stream with a submission that spins to its time limit as often: the floor, what any
// submission may cost the others by using all the CPU it is allowed.
// BENCH_JUDGE_LOG=<file> keeps the judge worker's log (at debug: a line per job); BENCH_TRACE=1 lists the slow verdicts by time since a killer.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUES, type JudgeJob, type JudgeResult } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { addJudgeJob, REDIS_URL, startJudgeWorker, testPrefix } from "../test/harness.ts";

const RATE = Number(process.env.BENCH_RATE ?? 12);
const SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 30);
const KILLER_EVERY_MS = Number(process.env.BENCH_KILLER_EVERY_MS ?? 5000);
const KILLER = "function sumArray() { const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'x' + i }); }";
/** Spins until its time limit, on one core, without touching memory: time_limit in every test. */
const SPINNER = "function sumArray() { for (;;) {} }";
const CORRECT = getChallenge("sum-array")?.reference.javascript ?? "";

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue<JudgeJob>(JUDGE_QUEUES.battle, { connection, prefix });
const events = new QueueEvents(JUDGE_QUEUES.battle, { connection: connection.duplicate(), prefix });
const sentAt = new Map<string, number>();
const verdicts = new Map<string, { ms: number; status: string }[]>();
events.on("completed", ({ jobId, returnvalue }) => {
  const at = sentAt.get(jobId);
  if (at === undefined) return;
  const status = (returnvalue as unknown as JudgeResult).verdict.status;
  verdicts.set(jobId, [...(verdicts.get(jobId) ?? []), { ms: Date.now() - at, status }]);
});
await events.waitUntilReady();
// A kept log has a line per job (its CPU, wall and queued time): what a slow verdict waited for.
const judge = await startJudgeWorker({ REDIS_URL, REDIS_PREFIX: prefix, ...(process.env.BENCH_JUDGE_LOG ? { LOG_LEVEL: "debug" } : {}) });
// Both processes booted (the one taking jobs and its standby): the stream alone is measured warm.
const processesUp = () => (judge.output().match(/judge worker ready/g) ?? []).length;
for (let waited = 0; waited < 20_000 && processesUp() < (process.env.JUDGE_STANDBY === "0" ? 1 : 2); waited += 100) await sleep(100);

async function send(code: string): Promise<string> {
  const id = randomUUID();
  sentAt.set(id, Date.now());
  return addJudgeJob(queue, code, id);
}

async function stream(intruder: string | undefined, seconds = SECONDS): Promise<{ normal: string[]; killers: string[] }> {
  const normal: string[] = [];
  const killers: string[] = [];
  const start = Date.now();
  let nextKiller = start + KILLER_EVERY_MS / 2;
  for (let i = 0; i < RATE * seconds; i++) {
    await sleep(Math.max(0, start + (i * 1000) / RATE - Date.now()));
    normal.push(await send(CORRECT));
    if (intruder && Date.now() >= nextKiller) {
      killers.push(await send(intruder));
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
  // Not measured: each sandbox thread's first jobs (and its Python warm-up) would count against
  // the stream alone, and flatter the ratio.
  await stream(undefined, 5);
  await sleep(2000);
  const alone = await stream(undefined);
  const mixed = await stream(KILLER);
  await sleep(2000);
  // The floor: what a submission that legitimately spends its whole time limit on a CPU costs the
  // others. No design can make a heap killer cheaper than that, since it may use as much.
  const spun = await stream(SPINNER);
  await sleep(2000);
  const rows = {
    "correct, alone": summary(alone.normal),
    "correct, with killers": summary(mixed.normal),
    killers: summary(mixed.killers),
    "correct, with spinners": summary(spun.normal),
    spinners: summary(spun.killers),
  };
  console.log("\n| stream | n | p50 ms | p95 ms | p99 ms | lost | duplicates | verdicts |\n|---|---|---|---|---|---|---|---|");
  for (const [name, r] of Object.entries(rows)) {
    console.log(`| ${name} | ${r.n} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.lost} | ${r.duplicates} | ${JSON.stringify(r.statuses)} |`);
  }
  if (process.env.BENCH_TRACE) {
    const ks = mixed.killers.map((id) => sentAt.get(id) ?? 0);
    for (const id of mixed.normal) {
      const v = verdicts.get(id)?.[0];
      const at = sentAt.get(id) ?? 0;
      const k = ks.filter((t) => t <= at).at(-1);
      if (v && v.ms > 40) console.log(`slow ${v.ms} ms, sent ${k === undefined ? "-" : at - k} ms after a killer`);
    }
  }
  const ratio = rows["correct, with killers"].p99 / rows["correct, alone"].p99;
  const ends = (judge.output().match(/judge process exited/g) ?? []).length;
  const handovers = (judge.output().match(/the standby judge process takes the queue/g) ?? []).length;
  console.log(`\n- judge processes ended during the run: ${ends}; standby handovers: ${handovers}`);
  console.log(
    `- killers' p95 to a final verdict: ${rows.killers.p95} ms (target <= 5000): ${rows.killers.p95 <= 5000 ? "met" : "NOT met"}`,
  );
  console.log(`- others' p99 with killers / alone: ${ratio.toFixed(2)}x (target <= 2x): ${ratio <= 2 ? "met" : "NOT met"}`);
  const floor = rows["correct, with spinners"].p99 / rows["correct, alone"].p99;
  console.log(`- the floor, others' p99 with spinners / alone: ${floor.toFixed(2)}x`);
  const lost = Object.values(rows).reduce((a, r) => a + r.lost, 0);
  const dup = Object.values(rows).reduce((a, r) => a + r.duplicates, 0);
  console.log(`- lost verdicts ${lost}, duplicates ${dup} (target 0 and 0): ${lost + dup === 0 ? "met" : "NOT met"}`);
} finally {
  // The judge's own log, to see what each killer did to it.
  if (process.env.BENCH_JUDGE_LOG) writeFileSync(process.env.BENCH_JUDGE_LOG, judge.output());
  // A bench ends once it has reported: a step of the tear-down that hangs is named, not waited for.
  const step = async (name: string, work: () => Promise<unknown>) => {
    const late = sleep(10_000).then(() => console.error(`bench:blast: tear-down step "${name}" took over 10 s; ending anyway`));
    await Promise.race([work().catch((err: unknown) => console.error(`bench:blast: ${name}: ${String(err)}`)), late]);
  };
  await step("stop the judge worker", () => judge.stop());
  await step("close the queue events", () => events.close());
  await step("empty the queue", () => queue.obliterate({ force: true }));
  await step("close the queue", () => queue.close());
  connection.disconnect();
}
// Reached only when the run succeeded (an error above ends the process with it).
process.exit();
