// The hostile suites (JavaScript and Python), straight through BullMQ to one real judge worker
// process: every case gets its verdict, leaks nothing of the host (nor, for Python, of hidden
// inputs), and the judge goes on serving the next job.
import { randomUUID } from "node:crypto";
import { getChallenge } from "@codeduel/challenges";
import { JUDGE_QUEUE, type JudgeJob, type JudgeResult, type Language, type Verdict } from "@codeduel/judge";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, type RunningProcess, startJudgeWorker, testPrefix } from "./harness.ts";
import { hostileCases } from "./hostile-cases.ts";
import { hostilePythonCases } from "./hostile-python-cases.ts";

const prefix = testPrefix();
const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const judgeQueue = new Queue<JudgeJob>(JUDGE_QUEUE, { connection, prefix });
const waiting = new Map<string, (v: Verdict) => void>();
let verdicts: QueueEvents;
let judge: RunningProcess;

beforeAll(async () => {
  // Each judge job returns its verdict; the queue's event stream announces it as the job completes.
  verdicts = new QueueEvents(JUDGE_QUEUE, { connection: connection.duplicate(), prefix });
  verdicts.on("completed", ({ jobId, returnvalue }) => {
    waiting.get(jobId)?.((returnvalue as unknown as JudgeResult).verdict);
  });
  await verdicts.waitUntilReady();
  judge = await startJudgeWorker({
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JUDGE_THREADS: "2",
    JUDGE_TIMEOUT_MS: "1000",
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
    expect(verdict.status, JSON.stringify(verdict).slice(0, 500)).toBe(expected);
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
    const bomb = judgeOnce("function sumArray() { const a = []; while (true) a.push(new Array(1000).fill(1)); }", "javascript", bombId);
    await new Promise((r) => setTimeout(r, 500));
    // About 1.8 s of CPU in all (under the 2 s cap): still running when the bomb is found stuck,
    // 500 ms past its 1 s timeout.
    const slow = judgeOnce(
      "function sumArray(nums) { const t = Date.now(); while (Date.now() - t < 200) {} return nums.reduce((a, b) => a + b, 0); }",
      "javascript",
      slowId,
    );
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
    const stuckIn = lines.find((l) => l.submissionId === bombId && l.msg?.includes("far past its timeout"))?.pid;
    const judgedBy = lines.filter((l) => l.submissionId === slowId && l.msg === "judged").map((l) => l.pid);
    // Judged once, by the process that was being replaced: not killed mid-job and judged again.
    expect(stuckIn).toBeDefined();
    expect(judgedBy).toEqual([stuckIn]);
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
    expect(verdict.status, JSON.stringify(verdict).slice(0, 500)).toBe(expected);
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
