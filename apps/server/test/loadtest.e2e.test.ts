// The load tester (packages/loadtest) against a real server and judge worker: a short run of ten
// players submitting JavaScript and Python, and short runs of contest participants (guests, then
// accounts), read back from its JSON reports.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  grantAdmin,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startJudgeWorker,
  testPrefix,
  useServer,
} from "./harness.ts";

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

let organiser: Player | undefined;

/** An admin (made one in the database, as contest.e2e.test.ts does), registered once. */
async function admin(): Promise<Player> {
  if (organiser) return organiser;
  const p = await registerPlayer(server.port, "organiser");
  server.closers.push(p.close);
  await grantAdmin(server.databaseUrl, p.userId);
  organiser = p;
  return p;
}

/** A contest running from a second ago for ten minutes, on two library challenges. */
async function runningContest(allowGuests: boolean): Promise<string> {
  const now = Date.now();
  const { contestId } = await (await admin()).client.contestAdmin.create.mutate({
    title: allowGuests ? "Load test open" : "Load test members",
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 10 * 60_000).toISOString(),
    allowGuests,
    problems: [{ challengeId: "sum-array" }, { challengeId: "factorial" }],
  });
  return contestId;
}

it("takes part in a running contest with ten guests for 15 s: every one registered, verdicts from the own cell, standings latency measured", async () => {
  const contestId = await runningContest(true);
  const out = join(dir, "contest.json");
  const { code, stderr } = await runLoadtest([
    ...["--scenario", "contest", "--contest", contestId],
    ...["--url", `http://127.0.0.1:${server.port}`, "--players", "10", "--duration", "15s"],
    ...["--mix", "correct=40,wrong=30,python:correct=15,python:wrong=15"],
    ...["--seed", "3", "--output", "json", "--out", out, "--quiet", "--max-error-rate", "0"],
  ]);
  expect(code, stderr).toBe(0);
  const report = JSON.parse(readFileSync(out, "utf8"));
  expect(report.passed).toBe(true);
  expect(report.config).toMatchObject({ scenario: "contest", players: 10 });
  // The contest scenario's operations, and only those.
  expect(Object.keys(report.operations)).toEqual(["connect", "signin", "register", "verdict", "standings"]);
  expect(report.errors).toMatchObject({ total: 0, byType: {} });
  expect(report.connections).toMatchObject({ attempted: 10, succeeded: 10, failed: 0 });
  expect(report.contest).toMatchObject({ id: contestId, accounts: "guest", problems: ["A", "B"], registered: 10, problemsRead: 10 });
  expect(report.operations.register.count).toBe(10);
  // Verdicts: every submission got one, found from the participant's own cell on its stream.
  expect(report.operations.verdict.count).toBeGreaterThan(0);
  expect(report.submissions.total).toBe(report.operations.verdict.count);
  expect(report.submissions.unanswered).toBe(0);
  expect(report.verdicts.accepted).toBeGreaterThan(0);
  for (const status of Object.keys(report.verdicts)) expect(["accepted", "wrong_answer"]).toContain(status);
  expect(report.verdictsByLanguage.python.accepted + (report.verdictsByLanguage.python.wrong_answer ?? 0)).toBeGreaterThan(0);
  expect(report.contest.verdictsPolled).toBeLessThan(report.operations.verdict.count);
  // Standings: one sample per settled cell per watching participant (ten of them), nothing lost.
  const { standings } = report.contest;
  expect(standings.gaps).toBe(0);
  expect(standings.boards).toBe(10);
  expect(report.operations.standings.count).toBe(standings.verdictChanges);
  expect(report.operations.standings.count).toBeGreaterThanOrEqual(report.operations.verdict.count);
  expect(report.operations.standings.p99).toBeGreaterThanOrEqual(0);
  // The server agrees: ten participants, and their submissions judged.
  const participants = await (await admin()).client.contestAdmin.participants.query({ contestId });
  expect(participants).toHaveLength(10);
  expect(participants.every((p) => p.isGuest)).toBe(true);
  const exported = await (await admin()).client.contestAdmin.export.query({ contestId, what: "submissions", format: "json" });
  expect(JSON.parse(exported.text)).toHaveLength(report.submissions.total);
}, 60_000);

it("signs contest participants up as accounts where guests may not take part, and signs in to them on a rerun", async () => {
  const contestId = await runningContest(false);
  const args = [
    ...["--scenario", "contest", "--contest", contestId, "--url", `http://127.0.0.1:${server.port}`],
    ...["--players", "3", "--duration", "4s", "--pattern", "burst", "--mix", "correct=1", "--seed", "77", "--output", "json", "--quiet"],
  ];
  for (const run of ["first", "second"]) {
    const out = join(dir, `accounts-${run}.json`);
    const { code, stderr } = await runLoadtest([...args, "--out", out, "--max-error-rate", "0"]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.contest).toMatchObject({ accounts: "register", registered: 3 });
    expect(report.errors.total).toBe(0);
  }
  const participants = await (await admin()).client.contestAdmin.participants.query({ contestId });
  expect(participants.map((p) => p.name).sort()).toEqual(["lt25-0", "lt25-1", "lt25-2"]);
  expect(participants.some((p) => p.isGuest)).toBe(false);

  // Asked for guests, the load tester says at once that this contest takes none.
  const refused = await runLoadtest([...args, "--accounts", "guest", "--out", join(dir, "refused.json")]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('contest "Load test members" does not take guests: use --accounts register (or auto)');
}, 60_000);
