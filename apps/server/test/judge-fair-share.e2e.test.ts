// Battles and contests share the judge without starving each other: a flood on one queue leaves
// the other every other sandbox thread, on a real judge worker. With one queue and priorities
// (before), a battle flood held every contest verdict back until it was over.
import { JUDGE_QUEUES, type JudgeJob, type JudgeQueueName } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addJudgeJob, REDIS_URL, type RunningProcess, startJudgeWorker, testPrefix, until } from "./harness.ts";

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const names = [JUDGE_QUEUES.battle, JUDGE_QUEUES.contest] as const;
const queues = new Map(names.map((name) => [name, new Queue<JudgeJob>(name, { connection, prefix })]));
const events: QueueEvents[] = [];
/** Completed job ids, in the order their verdicts came. */
const completed: string[] = [];
let judge: RunningProcess;

beforeAll(async () => {
  for (const name of names) {
    const e = new QueueEvents(name, { connection: connection.duplicate(), prefix });
    e.on("completed", ({ jobId }) => void completed.push(jobId));
    await e.waitUntilReady();
    events.push(e);
  }
  judge = await startJudgeWorker({ REDIS_URL, REDIS_PREFIX: prefix, JUDGE_THREADS: "2", JUDGE_STANDBY: "0" });
});

afterAll(async () => {
  await judge?.stop();
  for (const e of events) await e.close();
  for (const q of queues.values()) {
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
  connection.disconnect();
});

/** About 200 ms on a thread without using the CPU: each of sum-array's tests waits 20 ms. */
const SLOW =
  "function sumArray(nums) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); return nums.reduce((a, b) => a + b, 0); }";

function submit(queue: JudgeQueueName, n: number): Promise<string[]> {
  const q = queues.get(queue);
  if (!q) throw new Error(queue);
  return Promise.all(Array.from({ length: n }, () => addJudgeJob(q, SLOW)));
}

/** Sends a flood to one queue, then a few jobs to the other; how many flood jobs finished before the few did. */
async function floodThenTrickle(flood: JudgeQueueName, trickle: JudgeQueueName) {
  completed.length = 0;
  const floodIds = await submit(flood, 20);
  // The flood holds every thread and fills the worker's hands before the others arrive.
  await until(() => completed.length >= 2, 20_000, "the flood's first verdicts");
  const trickleIds = await submit(trickle, 3);
  await until(() => trickleIds.every((id) => completed.includes(id)), 30_000, "the trickle's verdicts");
  const lastTrickle = Math.max(...trickleIds.map((id) => completed.indexOf(id)));
  const floodBefore = completed.slice(0, lastTrickle).filter((id) => floodIds.includes(id)).length;
  await until(() => floodIds.every((id) => completed.includes(id)), 60_000, "the flood's verdicts");
  return floodBefore;
}

// Battles get 3 turns to contests' 1 when both wait (JUDGE_BATTLE_TURNS); one FIFO queue let 18 of
// the flood's 20 finish first either way.
it("judges a battle's submissions within a contest's flood, ahead of most of it", async () => {
  const floodBefore = await floodThenTrickle(JUDGE_QUEUES.contest, JUDGE_QUEUES.battle);
  // The 2 running, then at most one contest job per 3 battle jobs.
  expect(floodBefore).toBeLessThanOrEqual(6);
});

it("judges a contest's submissions within a battles' flood, taking its turns", async () => {
  const floodBefore = await floodThenTrickle(JUDGE_QUEUES.battle, JUDGE_QUEUES.contest);
  // The 2 running, then 3 battle jobs per contest job: about 11 for 3, never the flood's 20.
  expect(floodBefore).toBeLessThanOrEqual(14);
});
