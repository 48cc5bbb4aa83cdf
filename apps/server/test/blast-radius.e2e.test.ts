// A submission that brings its judge process down costs only itself: the supervisor takes over the
// jobs the dead process held (it has their lock tokens) and has them judged again at once, one at a
// time in a solo process, well before their locks (left at 15 s) could have expired; the innocent
// job gets its own verdict, the killer, which brings the solo process down too, ends as
// memory_limit; the standby process takes the queues meanwhile; every job completes exactly once.
// The innocent job is a contest's: the supervisor takes each held job over from its own queue.
import { JUDGE_QUEUES, type JudgeJob, type JudgeResult, type Verdict } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addJudgeJob, REDIS_URL, type RunningProcess, startJudgeWorker, testPrefix, untilJobState } from "./harness.ts";

const LOCK_MS = 15_000;
const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const judgeQueue = new Queue<JudgeJob>(JUDGE_QUEUES.battle, { connection, prefix });
const contestQueue = new Queue<JudgeJob>(JUDGE_QUEUES.contest, { connection, prefix });
const completions = new Map<string, Verdict[]>();
let events: QueueEvents[] = [];
let judge: RunningProcess;

beforeAll(async () => {
  events = [JUDGE_QUEUES.battle, JUDGE_QUEUES.contest].map((name) => new QueueEvents(name, { connection: connection.duplicate(), prefix }));
  for (const e of events) {
    e.on("completed", ({ jobId, returnvalue }) => {
      completions.set(jobId, [...(completions.get(jobId) ?? []), (returnvalue as unknown as JudgeResult).verdict]);
    });
    await e.waitUntilReady();
  }
  judge = await startJudgeWorker({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JUDGE_THREADS: "2",
    // The killer: a heap allowed to outgrow the process's RSS ceiling, so the supervisor kills the
    // whole process while the submission holds memory, as a V8 abort would end it.
    JUDGE_MEMORY_MB: "1024",
    JUDGE_MAX_RSS_MB: "350",
    JUDGE_CPU_MS: "20000",
    JUDGE_TIMEOUT_MS: "5000",
    JUDGE_LOCK_MS: String(LOCK_MS),
  });
});

afterAll(async () => {
  await judge?.stop();
  for (const e of events) await e.close();
  for (const q of [judgeQueue, contestQueue]) {
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
  connection.disconnect();
});

const submit = (code: string) => addJudgeJob(judgeQueue, code);

async function verdictOf(jobId: string, ms: number): Promise<Verdict> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = completions.get(jobId)?.[0];
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no verdict for ${jobId} within ${ms} ms\n${judge.output().slice(-3000)}`);
}

it("judges the innocent job again at once when its process dies, and ends the killer as memory_limit", async () => {
  // Waits 300 ms in each of its tests without using the CPU: still running when the killer, sent
  // once it started, takes the process down.
  const innocent = await addJudgeJob(
    contestQueue,
    "function sumArray(nums) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); return nums.reduce((a, b) => a + b, 0); }",
  );
  await untilJobState(contestQueue, innocent, "active", 10_000);
  const sentAt = Date.now();
  const killer = await submit("function sumArray() { const a = new Array(3e7).fill(1.5); while (a.length) {} }");

  const innocentVerdict = await verdictOf(innocent, LOCK_MS);
  const innocentMs = Date.now() - sentAt;
  expect(innocentVerdict.status).toBe("accepted");
  expect((await verdictOf(killer, 30_000)).status).toBe("memory_limit");
  expect(judge.output()).toMatch(/over its memory ceiling/);
  expect(judge.output()).toMatch(/the standby judge process takes the queue/);
  // Judged again (alone, on the solo process) without waiting for its lock: through stalled-job
  // recovery it would only have been taken again after LOCK_MS and a stalled check.
  expect(innocentMs).toBeLessThan(LOCK_MS);
  expect(judge.output()).toMatch(/one at a time/);
  expect(judge.output()).toMatch(/judged again alone: its own verdict/);
  // The supervisor logs it once the job is completed, so the line may trail the verdict's event.
  for (let waited = 0; waited < 5000 && !/brought its judge process down twice/.test(judge.output()); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(judge.output()).toMatch(/brought its judge process down twice/);
  // And the queue goes on at full strength on the standby.
  const after = await submit("function sumArray(nums) { return nums.reduce((a, b) => a + b, 0); }");
  expect((await verdictOf(after, 10_000)).status).toBe("accepted");
  await new Promise((r) => setTimeout(r, 1000));
  expect(completions.get(innocent)).toHaveLength(1);
  expect(completions.get(killer)).toHaveLength(1);
});
