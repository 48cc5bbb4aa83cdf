// `npm run bench:contest`: a contest's load on one server process and a judge worker, driven by the
// load tester's contest scenario (packages/loadtest, --scenario contest) on the same machine.
//  (a) standings latency: BENCH_PARTICIPANTS (1,000) participants of a running contest, submitting
//      BENCH_RATE (10) a second in all (each one every participants / rate seconds on average, on a
//      random one of two library problems), every one watching the standings. Standings latency is
//      the load tester's `standings` operation: from a verdict's change being recorded (the event's
//      `at`, server clock) to that change reaching each participant's subscription (same machine,
//      same clock). Target p99 <= 200 ms.
//  (b) BENCH_ZERO_ERRORS_PARTICIPANTS (350) participants at the same total rate: target 0 errors,
//      with every one registered.
//  (c) battles during a contest: BENCH_BATTLE_PLAYERS (40) players of the battle scenario alone,
//      then the same run (same seed) while the load of (a) runs in another contest; the battles'
//      verdict p95 side by side and their ratio. Contest jobs share the judge queue and its caps,
//      battles' jobs going first, so the ratio says what the contest costs the battles. The issue
//      sets no target for it: it is measured and shown beside, with no errors allowed.
//  (d) the reverse: BENCH_REVERSE_PARTICIPANTS (100) participants alone, then during a flood of
//      BENCH_FLOOD_PLAYERS (200) battle players resubmitting wrong code within a second (more than
//      the judge takes); the contest's verdict p95 side by side.
// Each run lasts its arrival ramp plus BENCH_SECONDS (60), then the load tester's drain; a fresh
// contest each, so boards do not carry the earlier runs' participants.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTestDatabase,
  grantAdmin,
  type Player,
  REDIS_URL,
  registerPlayer,
  startJudgeWorker,
  startServer,
  testPrefix,
} from "../test/harness.ts";
import { type LoadtestReport, loadCells, runLoadtest } from "./loadtest-run.ts";

const num = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const PARTICIPANTS = Math.round(num("BENCH_PARTICIPANTS", 1000));
const ZERO_ERRORS_PARTICIPANTS = Math.round(num("BENCH_ZERO_ERRORS_PARTICIPANTS", 350));
const BATTLE_PLAYERS = Math.round(num("BENCH_BATTLE_PLAYERS", 40));
const SECONDS = num("BENCH_SECONDS", 60);
const RATE = num("BENCH_RATE", 10);
const CONNECT_RATE = num("BENCH_CONNECT_RATE", 100);
const REVERSE_PARTICIPANTS = Math.round(num("BENCH_REVERSE_PARTICIPANTS", 100));
const FLOOD_PLAYERS = Math.round(num("BENCH_FLOOD_PLAYERS", 200));
const STANDINGS_P99_MS = 200;
/** What the load tester's drain may take after the duration, and closing after it. */
const DRAIN_SECONDS = 10;

// The server's and judge's logs, kept for reading after a run (a failed call says why only there).
process.env.TEST_LOG_DIR ??= mkdtempSync(join(tmpdir(), "codeduel-bench-contest-logs-"));
console.error(`bench: server and judge logs in ${process.env.TEST_LOG_DIR}`);
const database = await createTestDatabase();
const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), LOG_LEVEL: "info" };
const [server, worker] = await Promise.all([startServer(env), startJudgeWorker(env)]);
const url = `http://127.0.0.1:${server.port}`;
const rows: string[] = [];

/** The organiser: registered, then made an admin in the database (there is no procedure for it). */
async function organiser(): Promise<Player> {
  const p = await registerPlayer(server.port, "bench-organiser");
  await grantAdmin(database.url, p.userId);
  return p;
}

async function newContest(admin: Player, title: string, participants: number): Promise<string> {
  const now = Date.now();
  const { contestId } = await admin.client.contestAdmin.create.mutate({
    title,
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 3 * 3600_000).toISOString(),
    allowGuests: true,
    maxParticipants: participants + 10,
    problems: [{ challengeId: "sum-array" }, { challengeId: "factorial" }],
  });
  return contestId;
}

/** Seconds for `n` players to arrive at CONNECT_RATE a second. */
const rampOf = (n: number) => Math.ceil(n / CONNECT_RATE);

/** A contest run: `participants` submitting RATE a second in all, for the ramp plus `seconds`. */
function contestLoad(contestId: string, participants: number, seconds: number, extra: string[] = []): Promise<LoadtestReport> {
  const duration = rampOf(participants) + seconds;
  const intervalMs = Math.round((participants / RATE) * 1000);
  return runLoadtest(
    [
      ...["--scenario", "contest", "--contest", contestId, "--url", url, "--players", String(participants)],
      ...["--duration", `${duration}s`, "--connect", "gradual", "--connect-rate", String(CONNECT_RATE)],
      // Judge speed is bench:judge's subject: every submission here is quick to judge.
      ...["--mix", "correct=60,wrong=40", "--submit-interval", `${intervalMs}ms`, "--seed", "1", "--drain", `${DRAIN_SECONDS}s`],
      ...extra,
    ],
    duration + DRAIN_SECONDS,
  );
}

function battles(players = BATTLE_PLAYERS, pattern = "random", mix = "correct=60,wrong=40"): Promise<LoadtestReport> {
  return runLoadtest(
    [
      ...["--url", url, "--players", String(players), "--duration", `${SECONDS}s`, "--connect", "gradual"],
      ...["--pattern", pattern, "--mix", mix, "--seed", "2", "--drain", `${DRAIN_SECONDS}s`],
    ],
    SECONDS + DRAIN_SECONDS,
  );
}

const rate = (r: LoadtestReport, seconds: number) => (r.submissions.total / seconds).toFixed(1);
const lat = (l: LoadtestReport["operations"]["verdict"]) =>
  l?.count ? `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms (${l.count})` : "n/a";
const verdict = (pass: boolean) => (pass ? "pass" : "fail");
const errorsOf = (r: LoadtestReport) => (r.errors.total === 0 ? "0" : `${r.errors.total} (${JSON.stringify(r.errors.byType)})`);

function log(name: string, r: LoadtestReport): void {
  console.error(
    `bench: ${name}:`,
    JSON.stringify({ operations: r.operations, errors: r.errors.byType, contest: r.contest, verdicts: r.verdicts }),
  );
}

try {
  const admin = await organiser();

  console.error(`bench: (a) ${PARTICIPANTS} participants, ${RATE} submissions/s in all, ${rampOf(PARTICIPANTS)} + ${SECONDS} s...`);
  const a = await contestLoad(await newContest(admin, "Bench (a)", PARTICIPANTS), PARTICIPANTS, SECONDS);
  log("(a)", a);
  const standings = a.operations.standings;
  const aPass = standings !== undefined && standings.count > 0 && standings.p99 <= STANDINGS_P99_MS;
  rows.push(
    `| (a) standings latency | ${a.contest?.registered ?? 0}/${PARTICIPANTS} | ${rate(a, rampOf(PARTICIPANTS) + SECONDS)} | ${lat(standings)}; errors ${errorsOf(a)} | p99 <= ${STANDINGS_P99_MS} ms | ${verdict(aPass)} | ${loadCells(a)} |`,
  );

  console.error(`bench: (b) ${ZERO_ERRORS_PARTICIPANTS} participants, ${RATE} submissions/s in all...`);
  const b = await contestLoad(await newContest(admin, "Bench (b)", ZERO_ERRORS_PARTICIPANTS), ZERO_ERRORS_PARTICIPANTS, SECONDS, [
    ...["--max-error-rate", "0"],
  ]);
  log("(b)", b);
  const bPass = b.errors.total === 0 && b.contest?.registered === ZERO_ERRORS_PARTICIPANTS && b.submissions.unanswered === 0;
  rows.push(
    `| (b) zero errors | ${b.contest?.registered ?? 0}/${ZERO_ERRORS_PARTICIPANTS} | ${rate(b, rampOf(ZERO_ERRORS_PARTICIPANTS) + SECONDS)} | errors ${errorsOf(b)}; verdicts ${b.operations.verdict?.count ?? 0}, unanswered ${b.submissions.unanswered}; standings ${lat(b.operations.standings)} | 0 errors, all registered | ${verdict(bPass)} | ${loadCells(b)} |`,
  );

  console.error(`bench: (c) ${BATTLE_PLAYERS} battle players alone, ${SECONDS} s...`);
  const alone = await battles();
  log("(c) battles alone", alone);
  console.error(`bench: (c) the same battles during ${PARTICIPANTS} contest participants...`);
  // The contest load first; the battles start once its participants have arrived, and it outlasts them.
  const during = contestLoad(await newContest(admin, "Bench (c)", PARTICIPANTS), PARTICIPANTS, SECONDS + 5);
  await new Promise((resolve) => setTimeout(resolve, rampOf(PARTICIPANTS) * 1000));
  const [withContest, contest] = await Promise.all([battles(), during]);
  log("(c) battles during the contest", withContest);
  log("(c) the contest", contest);
  const p95Alone = alone.operations.verdict?.p95 ?? 0;
  const p95With = withContest.operations.verdict?.p95 ?? 0;
  const ratio = p95Alone > 0 ? p95With / p95Alone : Number.NaN;
  const cPass = alone.errors.total === 0 && withContest.errors.total === 0;
  rows.push(
    `| (c) battles alone | ${BATTLE_PLAYERS} players | ${rate(alone, SECONDS)} | verdict ${lat(alone.operations.verdict)}; battles ${alone.battles.completed}; errors ${errorsOf(alone)} | | | ${loadCells(alone)} |`,
    `| (c) the same battles during (a)'s contest load | ${BATTLE_PLAYERS} players + ${contest.contest?.registered ?? 0} participants | ${rate(withContest, SECONDS)} + ${rate(contest, rampOf(PARTICIPANTS) + SECONDS + 5)} | verdict ${lat(withContest.operations.verdict)}; battles ${withContest.battles.completed}; errors ${errorsOf(withContest)}; contest errors ${errorsOf(contest)}, standings ${lat(contest.operations.standings)} | | | ${loadCells(withContest)} |`,
    `| (c) battles' verdict p95, during / alone | | | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "n/a"} (${p95With} / ${p95Alone} ms) | no errors (the ratio: measured) | ${verdict(cPass)} | |`,
  );

  // (d) The reverse: a contest's verdicts alone, then during a flood of battle submissions (players
  // resubmitting wrong code within a second, more than the judge takes), which go first.
  console.error(`bench: (d) ${REVERSE_PARTICIPANTS} contest participants alone, then during ${FLOOD_PLAYERS} flooding battle players...`);
  const quiet = await contestLoad(await newContest(admin, "Bench (d) alone", REVERSE_PARTICIPANTS), REVERSE_PARTICIPANTS, SECONDS);
  log("(d) contest alone", quiet);
  const flooded = contestLoad(await newContest(admin, "Bench (d) flooded", REVERSE_PARTICIPANTS), REVERSE_PARTICIPANTS, SECONDS + 5);
  await new Promise((resolve) => setTimeout(resolve, rampOf(REVERSE_PARTICIPANTS) * 1000));
  const [flood, contestFlooded] = await Promise.all([battles(FLOOD_PLAYERS, "burst", "wrong=90,correct=10"), flooded]);
  log("(d) the flood", flood);
  log("(d) the contest during the flood", contestFlooded);
  const dAlone = quiet.operations.verdict?.p95 ?? 0;
  const dWith = contestFlooded.operations.verdict?.p95 ?? 0;
  const dRatio = dAlone > 0 ? dWith / dAlone : Number.NaN;
  const dPass = quiet.errors.total === 0 && contestFlooded.errors.total === 0 && contestFlooded.submissions.unanswered === 0;
  rows.push(
    `| (d) contest alone | ${quiet.contest?.registered ?? 0} participants | ${rate(quiet, rampOf(REVERSE_PARTICIPANTS) + SECONDS)} | verdict ${lat(quiet.operations.verdict)}; errors ${errorsOf(quiet)} | | | ${loadCells(quiet)} |`,
    `| (d) the same contest during a battle flood | ${contestFlooded.contest?.registered ?? 0} participants + ${FLOOD_PLAYERS} battle players | ${rate(contestFlooded, rampOf(REVERSE_PARTICIPANTS) + SECONDS + 5)} + ${rate(flood, SECONDS)} | verdict ${lat(contestFlooded.operations.verdict)}; unanswered ${contestFlooded.submissions.unanswered}; errors ${errorsOf(contestFlooded)}; battles' verdict ${lat(flood.operations.verdict)} | | | ${loadCells(contestFlooded)} |`,
    `| (d) contest verdict p95, during / alone | | | ${Number.isFinite(dRatio) ? `${dRatio.toFixed(2)}x` : "n/a"} (${dWith} / ${dAlone} ms) | no errors, none unanswered (the ratio: measured) | ${verdict(dPass)} | |`,
  );
} finally {
  await Promise.all([server.stop(), worker.stop()]);
  await database.drop();
}

console.log(`
bench:contest: BENCH_PARTICIPANTS=${PARTICIPANTS} BENCH_ZERO_ERRORS_PARTICIPANTS=${ZERO_ERRORS_PARTICIPANTS} BENCH_BATTLE_PLAYERS=${BATTLE_PLAYERS} BENCH_SECONDS=${SECONDS} BENCH_RATE=${RATE} BENCH_CONNECT_RATE=${CONNECT_RATE} BENCH_REVERSE_PARTICIPANTS=${REVERSE_PARTICIPANTS} BENCH_FLOOD_PLAYERS=${FLOOD_PLAYERS}

| run | who (registered / asked) | submissions/s (over the run) | figure | target | result | server CPU avg / max (of one core) | load tester CPU / event-loop delay p99 |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Standings latency: from a verdict's standings change being recorded (the event's \`at\`, the server's clock) to its arrival on each participant's standings subscription (the load tester's clock; the same machine).`);
