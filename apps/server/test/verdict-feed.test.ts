// The verdict feed on real Redis and BullMQ: every judged job's verdict is recorded exactly once
// across instances, and one an instance failed to record is recorded by another that claims it.
import { randomUUID } from "node:crypto";
import {
  JUDGE_QUEUES,
  type JudgeJob,
  type JudgeQueueName,
  type JudgeResult,
  judgeJobSchema,
  resultFor,
  verdictWithoutRun,
} from "@codeduel/judge";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { completedResult, VerdictFeed } from "../src/verdict-feed.ts";
import { REDIS_URL, testPrefix, until } from "./harness.ts";

const log = pino({ level: "silent" });
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A judge queue with a BullMQ worker that returns a result the way the judge process does. */
async function judgeQueue(prefix: string, name: JudgeQueueName = JUDGE_QUEUES.battle) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue<JudgeJob>(name, { connection, prefix });
  const worker = new Worker<JudgeJob, JudgeResult>(
    name,
    async (job) => {
      if (job.data.code === "throw") throw new Error("judge failed");
      return resultFor(judgeJobSchema.parse(job.data), verdictWithoutRun("wrong_answer", "no"));
    },
    { connection: connection.duplicate(), prefix, concurrency: 8 },
  );
  cleanups.push(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });
  const submit = (code = "ok") => {
    const submissionId = randomUUID();
    const job = {
      submissionId,
      battleId: randomUUID(),
      userId: randomUUID(),
      challengeId: "sum-array",
      language: "javascript" as const,
      code,
      enqueuedAt: Date.now(),
    };
    return queue.add("judge", job, { jobId: submissionId }).then(() => submissionId);
  };
  return { queue, submit, stream: queue.toKey("events") };
}

async function feed(streams: string[], record: (r: JudgeResult) => Promise<void>, claimIdleMs?: number) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const verdictFeed = new VerdictFeed(redis, streams, record, log, { claimIdleMs });
  await verdictFeed.start();
  cleanups.push(async () => {
    await verdictFeed.close();
    redis.disconnect();
  });
  return verdictFeed;
}

it("reads only completed jobs' results from an event stream entry", () => {
  const result = { submissionId: randomUUID(), battleId: randomUUID(), verdict: verdictWithoutRun("accepted", "ok"), judgedAt: 1 };
  expect(completedResult(["event", "active", "jobId", "1"])).toBeUndefined();
  expect(completedResult(["event", "active", "jobId", "event"])).toBeUndefined();
  // A result from before contests names no kind: it is a battle's.
  const parsed = { kind: "battle", ...result };
  expect(completedResult(["jobId", "returnvalue", "event", "completed", "returnvalue", JSON.stringify(result)])?.data).toEqual(parsed);
  expect(completedResult(["event", "completed", "jobId", "1", "returnvalue", JSON.stringify(result)])?.data).toEqual(parsed);
  expect(completedResult(["event", "completed", "jobId", "1", "returnvalue", "{not json"])?.success).toBe(false);
  expect(completedResult(["event", "completed", "jobId", "1", "returnvalue", JSON.stringify({ status: "accepted" })])?.success).toBe(false);
});

it("records each verdict of both judge queues exactly once across two instances, and none for a job that failed", async () => {
  const prefix = testPrefix();
  const battles = await judgeQueue(prefix, JUDGE_QUEUES.battle);
  const contests = await judgeQueue(prefix, JUDGE_QUEUES.contest);
  const streams = [battles.stream, contests.stream];
  const recorded: string[] = [];
  const record = async (r: JudgeResult) => void recorded.push(r.submissionId);
  await feed(streams, record);
  await feed(streams, record);
  const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? battles : contests).submit()));
  const failed = await contests.submit("throw");
  await until(() => recorded.length >= ids.length, 15_000, "40 verdicts");
  await new Promise((r) => setTimeout(r, 500));
  expect(recorded.sort()).toEqual(ids.sort());
  expect(recorded).not.toContain(failed);
});

it("records a verdict another instance failed to record, once it has waited too long", async () => {
  const { submit, stream } = await judgeQueue(testPrefix());
  const recorded: string[] = [];
  let failures = 0;
  // One instance whose database is down: every verdict it takes stays unacknowledged.
  await feed(
    [stream],
    async () => {
      failures++;
      throw new Error("database down");
    },
    300,
  );
  const ids = await Promise.all(Array.from({ length: 10 }, () => submit()));
  await until(() => failures > 0, 10_000, "the broken instance to take a verdict");
  await feed([stream], async (r) => void recorded.push(r.submissionId), 300);
  await until(() => recorded.length >= ids.length, 20_000, "every verdict");
  await new Promise((r) => setTimeout(r, 500));
  expect(recorded.sort()).toEqual(ids.sort());
});

it("goes on recording after the stream and its group are gone (Redis restarted empty, or the queue was obliterated)", async () => {
  const { submit, stream } = await judgeQueue(testPrefix());
  const recorded: string[] = [];
  await feed([stream], async (r) => void recorded.push(r.submissionId));
  const first = await submit();
  await until(() => recorded.includes(first), 10_000, "the first verdict");
  const redis = new Redis(REDIS_URL);
  cleanups.push(() => redis.disconnect());
  await redis.del(stream);
  const second = await submit();
  await until(() => recorded.includes(second), 10_000, "a verdict after the stream was deleted");
  expect(recorded.sort()).toEqual([first, second].sort());
});
