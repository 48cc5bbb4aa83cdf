// The hostile suites (JavaScript and Python), straight through BullMQ to one real judge worker
// process: every case gets its verdict, leaks nothing of the host (nor, for Python, of hidden
// inputs), and the judge goes on serving the next job.
import { randomUUID } from "node:crypto";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUES, type JudgeJob, type JudgeResult, type Language, type Verdict } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, type RunningProcess, startJudgeWorker, testPrefix, untilJobState } from "./harness.ts";
import { hostileCases } from "./hostile-cases.ts";
import { hostilePythonCases } from "./hostile-python-cases.ts";

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const judgeQueue = new Queue<JudgeJob>(JUDGE_QUEUES.battle, { connection, prefix });
const waiting = new Map<string, (v: Verdict) => void>();
let verdicts: QueueEvents;
let judge: RunningProcess;

beforeAll(async () => {
  // Each judge job returns its verdict; the queue's event stream announces it as the job completes.
  verdicts = new QueueEvents(JUDGE_QUEUES.battle, { connection: connection.duplicate(), prefix });
  verdicts.on("completed", ({ jobId, returnvalue }) => {
    waiting.get(jobId)?.((returnvalue as unknown as JudgeResult).verdict);
  });
  await verdicts.waitUntilReady();
  judge = await startJudgeWorker({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JUDGE_THREADS: "2",
    JUDGE_TIMEOUT_MS: "1000",
    // Room for the one slow case below, which waits in its isolate (isolated-vm counts that time
    // as CPU); every other case ends by the 1 s per-test timeout, a memory or an output cap.
    JUDGE_CPU_MS: "8000",
    // The stuck-isolate case below tests the judge's own recycling; past this ceiling the
    // supervisor would kill the process first (crash.e2e tests that path).
    JUDGE_MAX_RSS_MB: "8000",
    JUDGE_LOCK_MS: "3000",
    JUDGE_STALLED_INTERVAL_MS: "1000",
    // The per-job "judged" lines, which a test below reads to see which process judged a job.
    LOG_LEVEL: "debug",
  });
});

afterAll(async () => {
  await judge?.stop();
  await verdicts?.close();
  await judgeQueue.obliterate({ force: true }).catch(() => {});
  await judgeQueue.close();
  connection.disconnect();
});

async function judgeOnce(code: string, language: Language = "javascript", submissionId: string = randomUUID()): Promise<Verdict> {
  const verdict = new Promise<Verdict>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no verdict for ${code.slice(0, 80)}\n${judge.output().slice(-3000)}`)), 30_000);
    waiting.set(submissionId, (v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
  const job = {
    submissionId,
    battleId: randomUUID(),
    userId: randomUUID(),
    challengeId: "sum-array",
    language,
    code,
    enqueuedAt: Date.now(),
  };
  await judgeQueue.add("judge", job, { jobId: submissionId });
  return verdict;
}

/** Strings that would mean host data reached a verdict. */
const HOST_MARKERS = [
  "/work/",
  "node_modules",
  "node:internal",
  "piscina",
  "judge-process",
  process.env.HOME ?? "/root",
  REDIS_URL,
  prefix,
];

describe("hostile submissions", () => {
  it("has at least 30 cases", () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(hostileCases)("$name -> $expected", async ({ code, expected, language }) => {
    const verdict = await judgeOnce(code, language);
    expect(typeof expected === "string" ? [expected] : expected, JSON.stringify(verdict).slice(0, 500)).toContain(verdict.status);
    const text = JSON.stringify(verdict);
    for (const marker of HOST_MARKERS) expect(text).not.toContain(marker);
    expect(verdict.message?.length ?? 0).toBeLessThanOrEqual(4000);
  });

  it("still judges a correct submission afterwards", async () => {
    const reference = getChallenge("sum-array")?.reference.javascript ?? "";
    expect((await judgeOnce(reference)).status).toBe("accepted");
    expect(judge.proc.exitCode).toBeNull();
  });

  it("lets another battle's submission in flight finish before a stuck isolate's process is replaced", async () => {
    const bombId = randomUUID();
    const slowId = randomUUID();
    // Waits 400 ms in each of its 9 tests (about 3.6 s in all) without using the machine's CPU:
    // still running when the bomb, submitted once it started, is found stuck (1.5 s or more
    // later), and done well within the 5 s the stuck process then gives its other jobs, however
    // busy the machine is.
    const slow = judgeOnce(
      "function sumArray(nums) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); return nums.reduce((a, b) => a + b, 0); }",
      "javascript",
      slowId,
    );
    await untilJobState(judgeQueue, slowId, "active", 10_000);
    const bomb = judgeOnce("function sumArray() { const a = []; while (true) a.push(new Array(1000).fill(1)); }", "javascript", bombId);
    expect((await bomb).status).toBe("memory_limit");
    expect((await slow).status).toBe("accepted");
    const logLines = () =>
      judge
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { pid?: number; submissionId?: string; msg?: string });
    // The verdict can arrive before the judge's log line for it has come through its pipe.
    for (let waited = 0; waited < 5000 && !logLines().some((l) => l.submissionId === slowId && l.msg === "judged"); waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const lines = logLines();
    const stuckAt = lines.findIndex((l) => l.submissionId === bombId && l.msg?.includes("far past its timeout"));
    const stuckIn = lines[stuckAt]?.pid;
    const judgedBy = lines.filter((l) => l.submissionId === slowId && l.msg === "judged").map((l) => l.pid);
    // Judged once, by the process that was being replaced: not killed mid-job and judged again,
    // and after the bomb was found stuck, so it was in flight then.
    expect(stuckIn).toBeDefined();
    expect(judgedBy).toEqual([stuckIn]);
    expect(lines.findIndex((l) => l.submissionId === slowId && l.msg === "judged")).toBeGreaterThan(stuckAt);
    expect(judge.proc.exitCode).toBeNull();
  });
});

const PYTHON_HOST_MARKERS = [
  "/work/",
  "node_modules",
  "node:internal",
  "piscina",
  "judge-process",
  "<stdin>",
  "__codeduel",
  REDIS_URL,
  prefix,
];
const hiddenInputs = (getChallenge("sum-array")?.hiddenTests ?? []).map((t) => JSON.stringify(t.input[0])).filter((s) => s.length >= 8);

describe("hostile Python submissions", () => {
  it("has at least 15 cases", () => {
    expect(hostilePythonCases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(hostilePythonCases)("$name -> $expected", async ({ code, expected }) => {
    const verdict = await judgeOnce(code, "python");
    expect(typeof expected === "string" ? [expected] : expected, JSON.stringify(verdict).slice(0, 500)).toContain(verdict.status);
    const text = JSON.stringify(verdict);
    for (const marker of PYTHON_HOST_MARKERS) expect(text).not.toContain(marker);
    for (const input of hiddenInputs) expect(text.replaceAll(" ", "")).not.toContain(input);
    expect(verdict.message?.length ?? 0).toBeLessThanOrEqual(4000);
  });

  it("still judges a correct Python submission afterwards", async () => {
    const reference = getChallenge("sum-array")?.reference.python ?? "";
    expect((await judgeOnce(reference, "python")).status).toBe("accepted");
    expect(judge.proc.exitCode).toBeNull();
  });
});
