// `npm run bench:proctoring`: a proctored contest's load on one server process, driven by the load
// tester's contest scenario with --proctor (packages/loadtest) on the same machine. No judge worker:
// the participants do not submit (--pattern idle), since judging is bench:contest's subject.
// For BENCH_SMALL_PARTICIPANTS (350), then BENCH_PARTICIPANTS (1,000) participants of a fresh
// proctored contest each: every participant holds its contest.proctoring subscription and reports
// BENCH_PROCTOR_RATE (0.5) signals a minute on average (mostly tab_hidden and window_blur, as the
// policy below collects), and BENCH_CROSSERS percent (5) cross the disqualification line at a
// random time of the run. One admin (made admin in the database, its token handed to the load
// tester in LOADTEST_ADMIN_TOKEN) watches proctorAdmin.feed. Figures:
//  - `disqualify`: from the send of the report that disqualified to its event on the participant's
//    own subscription; target p99 <= 500 ms.
//  - `feed`: from the send of each report to its event on the admin feed; target p99 <= 200 ms.
//  - reports sent, answered recorded, seen on the feed, and the violations in Postgres's
//    proctor_events at the end: all equal (nothing lost), with no errors.
// Each run lasts its arrival ramp plus BENCH_SECONDS (60), then the load tester's drain.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { createTestDatabase, grantAdmin, type Player, REDIS_URL, registerPlayer, startServer, testPrefix } from "../test/harness.ts";
import { type Latency, type LoadtestReport, loadCells, runLoadtest } from "./loadtest-run.ts";

const num = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const RUNS = [Math.round(num("BENCH_SMALL_PARTICIPANTS", 350)), Math.round(num("BENCH_PARTICIPANTS", 1000))];
const SECONDS = num("BENCH_SECONDS", 60);
const CONNECT_RATE = num("BENCH_CONNECT_RATE", 100);
const PROCTOR_RATE = num("BENCH_PROCTOR_RATE", 0.5);
const CROSSERS_PERCENT = num("BENCH_CROSSERS", 5);
const DISQUALIFY_P99_MS = 500;
const FEED_P99_MS = 200;
const DRAIN_SECONDS = 10;

/** A policy as an organiser might set one: leaving the page or the window counts, and so do copy and paste. */
const POLICY = {
  signals: { tab_hidden: { weight: 1 }, window_blur: { weight: 1 }, copy: { weight: 1 }, paste: { weight: 2 } },
  warnAt: 1,
  disqualifyAt: 3,
  graceMs: 2000,
  pasteMinChars: 200,
};

/** The load tester's proctoring figures, beside those loadtest-run.ts types. */
type ProctoredReport = LoadtestReport & {
  operations: Partial<Record<"report" | "disqualify" | "disqualify_steady" | "feed" | "feed_steady", Latency>>;
  contest?: {
    proctoring?: {
      crossers: number;
      reports: { sent: number; recorded: number; notRecorded: number; failed: number };
      feed: { watched: boolean; events: number; seen: number; lost: number | null };
      disqualifications: { answered: number; seen: number; onFeed: number };
      expired: number;
    };
  };
};

process.env.TEST_LOG_DIR ??= mkdtempSync(join(tmpdir(), "codeduel-bench-proctoring-logs-"));
console.error(`bench: server logs in ${process.env.TEST_LOG_DIR}`);
const database = await createTestDatabase();
const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), LOG_LEVEL: "info" };
const server = await startServer(env);
const url = `http://127.0.0.1:${server.port}`;
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
const rows: string[] = [];

/** The admin: registered, then made an admin in the database (there is no procedure for it). */
async function admin(): Promise<Player> {
  const p = await registerPlayer(server.port, "bench-proctor");
  await grantAdmin(database.url, p.userId);
  return p;
}

async function proctoredContest(org: Player, participants: number): Promise<string> {
  const now = Date.now();
  const { contestId } = await org.client.contestAdmin.create.mutate({
    title: `Proctored bench, ${participants}`,
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 3 * 3600_000).toISOString(),
    allowGuests: true,
    maxParticipants: participants + 10,
    problems: [{ challengeId: "sum-array" }],
    proctoring: POLICY,
  } as Parameters<typeof org.client.contestAdmin.create.mutate>[0]);
  return contestId;
}

const rampOf = (n: number) => Math.ceil(n / CONNECT_RATE);
const lat = (l: Latency | undefined) => (l?.count ? `${l.p50} / ${l.p95} / ${l.p99} (${l.count})` : "n/a");
/** The same once every participant had registered: apart from the arrival ramp's tail. */
const steady = (l: Latency | undefined) => (l?.count ? `; after arrival p99 ${l.p99} (${l.count})` : "; after arrival n/a");
/** The report's own answer, which comes once the server has recorded it: how much of `feed` is recording. */
const answer = (l: Latency | undefined) => (l?.count ? `; answered p50 ${l.p50} / p99 ${l.p99}` : "");
const errorsOf = (r: LoadtestReport) => (r.errors.total === 0 ? "0" : `${r.errors.total} (${JSON.stringify(r.errors.byType)})`);

async function run(org: Player, participants: number): Promise<void> {
  const contestId = await proctoredContest(org, participants);
  const duration = rampOf(participants) + SECONDS;
  console.error(
    `bench: ${participants} proctored participants, ${PROCTOR_RATE} signals/min each, ${CROSSERS_PERCENT}% crossing, ${duration} s...`,
  );
  const r = (await runLoadtest(
    [
      ...["--scenario", "contest", "--contest", contestId, "--url", url, "--players", String(participants)],
      ...["--duration", `${duration}s`, "--connect", "gradual", "--connect-rate", String(CONNECT_RATE), "--pattern", "idle"],
      ...["--proctor", "--proctor-rate", String(PROCTOR_RATE), "--proctor-crossers", `${CROSSERS_PERCENT}%`],
      ...["--seed", "1", "--drain", `${DRAIN_SECONDS}s`, "--max-p99-ms", `disqualify=${DISQUALIFY_P99_MS},feed=${FEED_P99_MS}`],
    ],
    duration + DRAIN_SECONDS,
  )) as ProctoredReport;
  const [counted] = await sql<{ n: number }[]>`
    select count(*)::int as n from proctor_events where contest_id = ${contestId} and kind = 'violation'`;
  const inPostgres = counted?.n ?? 0;
  const p = r.contest?.proctoring;
  console.error(
    `bench: ${participants}:`,
    JSON.stringify({ operations: r.operations, errors: r.errors.byType, contest: r.contest, inPostgres }),
  );
  const disqualify = r.operations.disqualify;
  const feed = r.operations.feed;
  const reports = p?.reports;
  const lost = p?.feed.lost ?? null;
  const checks = {
    registered: r.contest?.registered === participants,
    disqualify: disqualify !== undefined && disqualify.count > 0 && disqualify.p99 <= DISQUALIFY_P99_MS,
    feed: feed !== undefined && feed.count > 0 && feed.p99 <= FEED_P99_MS,
    zeroLost: reports !== undefined && reports.sent === reports.recorded && reports.recorded === inPostgres && lost === 0,
    errors: r.errors.total === 0,
  };
  const failed = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  rows.push(
    [
      `${r.contest?.registered ?? 0} / ${participants}`,
      reports ? (reports.sent / duration).toFixed(1) : "n/a",
      `${lat(disqualify)}${steady(r.operations.disqualify_steady)}`,
      `${DISQUALIFY_P99_MS} ms`,
      `${lat(feed)}${steady(r.operations.feed_steady)}${answer(r.operations.report)}`,
      `${FEED_P99_MS} ms`,
      reports ? `${reports.sent} / ${reports.recorded} / ${p?.feed.seen ?? 0} / ${inPostgres}, lost ${lost ?? "n/a"}` : "n/a",
      p ? `${p.disqualifications.seen} (${p.crossers} crossers)` : "n/a",
      errorsOf(r),
      failed.length === 0 ? "pass" : `fail (${failed.join(", ")})`,
      loadCells(r),
    ].join(" | "),
  );
}

try {
  const org = await admin();
  // The load tester's admin connection reads it from its environment, as an organiser's script would.
  process.env.LOADTEST_ADMIN_TOKEN = org.token;
  for (const participants of RUNS) await run(org, participants);
  org.close();
} finally {
  await sql.end();
  await server.stop();
  await database.drop();
}

console.log(`
bench:proctoring: BENCH_SMALL_PARTICIPANTS=${RUNS[0]} BENCH_PARTICIPANTS=${RUNS[1]} BENCH_SECONDS=${SECONDS} BENCH_CONNECT_RATE=${CONNECT_RATE} BENCH_PROCTOR_RATE=${PROCTOR_RATE} BENCH_CROSSERS=${CROSSERS_PERCENT}

| participants (registered / asked) | signals/s | disqualify p50 / p95 / p99 ms (n) | target p99 | feed p50 / p95 / p99 ms (n) | target p99 | reports sent / recorded / on the feed / in Postgres | disqualified seen | errors | result | server CPU avg / max (of one core) | load tester CPU / event-loop delay p99 |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row} |`).join("\n")}

disqualify: the send of the report that crossed the line to its event on the participant's own contest.proctoring subscription; feed: the send of each report to its event on the admin's proctorAdmin.feed (the same machine's clock at both ends); after arrival: only once every participant had registered; answered: the report's own answer (the server has recorded it). Signals/s over the ramp and the run.`);
