// The load tester (packages/loadtest) against a real server and judge worker: a short run of ten
// players submitting JavaScript and Python, read back from its JSON report.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REDIS_URL, type RunningProcess, startJudgeWorker, testPrefix, useServer } from "./harness.ts";

const prefix = testPrefix();
const server = useServer({ REDIS_PREFIX: prefix });
let worker: RunningProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), "codeduel-loadtest-"));
const mainTs = new URL("../../../packages/loadtest/src/main.ts", import.meta.url).pathname;

beforeAll(async () => {
  worker = await startJudgeWorker({ REDIS_URL, REDIS_PREFIX: prefix, JUDGE_THREADS: "2" });
});

afterAll(async () => {
  await worker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function runLoadtest(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainTs, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

it("plays ten players for 15 s and reports battles, verdicts per language, relays and the server's CPU, memory and event-loop delay", async () => {
  const out = join(dir, "report.json");
  const { code, stderr } = await runLoadtest([
    ...["--url", `http://127.0.0.1:${server.port}`, "--players", "10", "--duration", "15s"],
    ...["--mix", "correct=30,wrong=15,loop=5,python:correct=30,python:wrong=15,python:loop=5"],
    ...["--seed", "1", "--output", "json", "--out", out, "--quiet"],
    // Nothing should fail on an idle machine; a few races (a code update the server saw late) may.
    ...["--max-error-rate", "0.05"],
  ]);
  expect(code, stderr).toBe(0);
  const report = JSON.parse(readFileSync(out, "utf8"));
  expect(report.passed).toBe(true);
  expect(report.config).toMatchObject({ players: 10, durationMs: 15_000, seed: 1 });
  expect(report.config.mix).toEqual({ correct: 30, wrong: 15, loop: 5, "python:correct": 30, "python:wrong": 15, "python:loop": 5 });
  expect(report.connections).toMatchObject({ attempted: 10, succeeded: 10, failed: 0 });
  expect(report.operations.connect.count).toBe(10);
  expect(report.operations.match.count).toBeGreaterThanOrEqual(10);
  expect(report.battles.completed).toBeGreaterThan(0);
  expect(report.operations.verdict.count).toBeGreaterThan(0);
  expect(report.operations.relay.count).toBeGreaterThan(0);
  // Ten players are all connected within the first second: most relays come after.
  expect(report.operations.relay_steady.count).toBeGreaterThan(0);
  expect(report.operations.relay_steady.count).toBeLessThanOrEqual(report.operations.relay.count);
  expect(report.operations.finish.count).toBeGreaterThan(0);
  expect(report.verdicts.accepted).toBeGreaterThan(0);
  expect(report.submissions.total).toBeGreaterThanOrEqual(report.operations.verdict.count);
  // Every submission of a finished run got its verdict (the drain waits for them).
  expect(report.submissions.unanswered).toBe(0);
  // Python went through battle.submit and the judge like JavaScript, with the verdicts its kinds call for:
  // a wrong function name or a broken harness would show up here as compile_error or runtime_error.
  const { byKind } = report.submissions;
  expect(byKind["python:correct"] + byKind["python:wrong"] + byKind["python:loop"]).toBeGreaterThan(0);
  const { javascript, python } = report.verdictsByLanguage;
  expect(Object.values(python).reduce((a: number, b) => a + (b as number), 0)).toBeGreaterThan(0);
  for (const verdicts of [javascript, python]) {
    for (const status of Object.keys(verdicts)) expect(["accepted", "wrong_answer", "time_limit"]).toContain(status);
  }
  // Each verdict is counted under its submission's language.
  for (const [status, n] of Object.entries(report.verdicts)) expect((javascript[status] ?? 0) + (python[status] ?? 0)).toBe(n);
  const [sampled] = report.servers;
  expect(sampled.samples).toBeGreaterThanOrEqual(10);
  expect(sampled.cpuPercent.avg).toBeGreaterThan(0);
  expect(sampled.rssBytes.max).toBeGreaterThan(0);
  expect(sampled.heapUsedBytes.last).toBeGreaterThan(0);
  expect(sampled.connectedPlayers.max).toBeGreaterThanOrEqual(10);
  // The server's 5-s windows: two or more ended during the run, and in one of them some callback
  // ran late (a 15-s run with a judge at work is never without). The worst max is at least its p99.
  expect(sampled.eventLoopDelayMs.max.max).toBeGreaterThan(0);
  expect(sampled.eventLoopDelayMs.p99.max).toBeGreaterThanOrEqual(0);
  expect(sampled.eventLoopDelayMs.max.max).toBeGreaterThanOrEqual(sampled.eventLoopDelayMs.p99.max);
  expect(report.loadGenerator.eventLoopDelayMs.max).toBeGreaterThanOrEqual(report.loadGenerator.eventLoopDelayMs.p99);
}, 45_000);
