// `npm run deploy:rehearse`: the zero-drop deploy rehearsal. nginx (deploy/nginx/nginx.conf, run by
// deploy/nginx/local.ts) in front of two server instances and two judge workers on one Postgres
// database and Redis prefix, the load tester playing battles and a contest through nginx, and:
//  0. a warm-up: the load for 20 s, not measured (fresh processes are slow at first);
//  1. a baseline: the same load for REHEARSE_BASELINE_SECONDS (40) with nothing restarted;
//  2. the roll: the same load again while each server in turn is stopped (SIGTERM, wait for its
//     exit) and a new one started on the same port (nginx's upstream list never changes), then each
//     judge worker in turn, REHEARSE_PAUSE_SECONDS (15) apart, after 20 s of play and before a 15 s
//     tail.
// Besides the load tester's own counts, this process watches through nginx as a client would: a
// spectator follows up to 25 live battles' `battle.events` and the organiser the contest's live
// board, counting missed and repeated sequence numbers (the load tester counts only standings gaps),
// and after each phase the database is asked for submissions still without a verdict.
// Targets: no errors but reconnects, no lost submission, no missed or repeated event. The relay and
// verdict p99 of the roll are shown beside the baseline's. Exits 1 when a target is missed.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BattleEvent, StandingsMessage } from "@codeduel/api";
import postgres from "postgres";
import { freePort, type LocalNginx, startNginx } from "../../../deploy/nginx/local.ts";
import {
  clientFor,
  createTestDatabase,
  grantAdmin,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startJudgeWorker,
  startServer,
  testPrefix,
} from "../test/harness.ts";
import type { Latency, LoadtestReport } from "./loadtest-run.ts";

const num = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const PLAYERS = Math.round(num("REHEARSE_PLAYERS", 60));
const PARTICIPANTS = Math.round(num("REHEARSE_PARTICIPANTS", 40));
/** Contest submissions a second, all participants together. */
const CONTEST_RATE = num("REHEARSE_CONTEST_RATE", 2);
const BASELINE_SECONDS = num("REHEARSE_BASELINE_SECONDS", 40);
const PAUSE_SECONDS = num("REHEARSE_PAUSE_SECONDS", 15);
const WARMUP_SECONDS = 20;
const TAIL_SECONDS = 15;
/** The load tester's drain: submissions in flight get their verdicts. */
const DRAIN_SECONDS = 20;
/** How long a judge worker may take to finish its running jobs after SIGTERM (it allows itself 20 s). */
const JUDGE_EXIT_SECONDS = 40;
const MAX_WATCHED_BATTLES = 25;
const loadtestEntry = new URL("../../../packages/loadtest/src/main.ts", import.meta.url).pathname;

/** The load tester's report, with the fields this bench reads beyond loadtest-run.ts's. */
type Report = LoadtestReport & {
  interrupted: boolean;
  connections: LoadtestReport["connections"] & { reconnected: number; dropped: number };
  refusals: Record<string, number>;
  submissions: LoadtestReport["submissions"] & { overtaken: number };
};

/** Missed and repeated sequence numbers seen by this process's own subscriptions, in one phase. */
class Watch {
  streams = 0;
  events = 0;
  missed = 0;
  repeated = 0;
  /** Subscriptions and calls of the watchers that failed. */
  failures = 0;
  /** Checks `seq` against the last one of its stream; returns the new last. */
  seen(last: number, seq: number): number {
    this.events++;
    if (seq <= last) this.repeated++;
    else this.missed += seq - last - 1;
    return Math.max(last, seq);
  }
}
let battleWatch = new Watch();
let standingsWatch = new Watch();

process.env.TEST_LOG_DIR ??= mkdtempSync(join(tmpdir(), "codeduel-deploy-rehearse-logs-"));
const logDir = process.env.TEST_LOG_DIR;
console.error(`rehearse: server, judge and nginx logs in ${logDir}`);
const say = (m: string) => console.error(`rehearse: ${m}`);

const database = await createTestDatabase();
const env = {
  DATABASE_URL: database.url,
  REDIS_URL,
  REDIS_PREFIX: testPrefix(),
  LOG_LEVEL: "info",
  JUDGE_THREADS: "2",
  // Two of each on one machine: each picks its own metrics port.
  METRICS_PORT: "0",
  TRUSTED_PROXIES: "127.0.0.1",
};
const ports = [await freePort(), await freePort()];
const servers: (RunningProcess | undefined)[] = [];
const workers: (RunningProcess | undefined)[] = [];
const loadtests = new Set<{ kill(): void }>();
const stopWatchers: (() => void)[] = [];
let nginx: LocalNginx | undefined;
let cleaning: Promise<void> | undefined;

/** Stops everything this run started; safe to call twice (a signal during the finally block). */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const stop of stopWatchers) stop();
    for (const l of loadtests) l.kill();
    // SIGTERM: judge workers finish their jobs (the harness kills what outlives 15 s).
    await Promise.allSettled([nginx?.stop(), ...[...servers, ...workers].map((p) => p?.stop())]);
    await database.drop().catch(() => {});
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    say(`${sig}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** The load tester as a child process, stopped on request (SIGTERM: it drains and reports). */
function startLoadtest(args: string[], maxSeconds: number): { report: Promise<Report>; stop(): void } {
  const dir = mkdtempSync(join(tmpdir(), "codeduel-rehearse-loadtest-"));
  const out = join(dir, "report.json");
  const child = spawn(process.execPath, [loadtestEntry, ...args, "--output", "json", "--out", out, "--quiet"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const handle = { kill: () => child.kill("SIGKILL") };
  loadtests.add(handle);
  const killer = setTimeout(handle.kill, maxSeconds * 1000);
  const report = new Promise<Report>((resolve, reject) => {
    child.on("error", (err) => reject(new Error(`could not start the load tester: ${err.message}`)));
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      loadtests.delete(handle);
      try {
        resolve(JSON.parse(readFileSync(out, "utf8")) as Report);
      } catch (err) {
        reject(new Error(`the load tester ended (${signal ?? `exit code ${code}`}) without a report: ${err}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
  // Awaited by the phase; a roll that failed first leaves it to fail unawaited, which must not end
  // this process before the cleanup.
  report.catch(() => {});
  return { report, stop: () => child.kill("SIGTERM") };
}

/** Battles and the contest, through nginx, for `seconds` (or until stopped). */
function playLoad(contestId: string, seconds: number) {
  const url = `http://127.0.0.1:${nginx?.port}`;
  const common = ["--url", url, "--duration", `${seconds}s`, "--connect", "gradual", "--connect-rate", "20", "--seed", "1"];
  const limit = seconds + DRAIN_SECONDS + 60;
  const intervalMs = Math.round((PARTICIPANTS / CONTEST_RATE) * 1000);
  return [
    startLoadtest([...common, "--players", String(PLAYERS), "--mix", "correct=60,wrong=40", "--drain", `${DRAIN_SECONDS}s`], limit),
    startLoadtest(
      [
        ...common,
        ...["--scenario", "contest", "--contest", contestId, "--players", String(PARTICIPANTS), "--mix", "correct=60,wrong=40"],
        ...["--submit-interval", `${intervalMs}ms`, "--drain", `${DRAIN_SECONDS}s`],
      ],
      limit,
    ),
  ] as const;
}

/** A spectator following live battles' events through nginx, as the SPA's watch page does. */
async function watchBattles(port: number): Promise<void> {
  const anon = clientFor(port);
  const { token } = await anon.client.auth.guest.mutate();
  anon.close();
  const spectator = clientFor(port, token, { allOverWebSocket: true, retryDelayMs: 300 });
  const active = new Map<string, { unsubscribe(): void }>();
  const followed = new Set<string>();
  const follow = (battleId: string) => {
    followed.add(battleId);
    battleWatch.streams++;
    let last = 0;
    const sub = spectator.client.battle.events.subscribe(
      { battleId },
      {
        onData: (tracked) => {
          const event = tracked.data as BattleEvent;
          last = battleWatch.seen(last, event.seq);
          if (event.data.type === "battle_finished") {
            active.get(battleId)?.unsubscribe();
            active.delete(battleId);
          }
        },
        onError: () => {
          battleWatch.failures++;
          active.delete(battleId);
        },
      },
    );
    active.set(battleId, sub);
  };
  const poll = setInterval(() => {
    spectator.client.battle.live.query({ limit: 50 }).then(
      (live) => {
        for (const b of live) if (!followed.has(b.id) && active.size < MAX_WATCHED_BATTLES) follow(b.id);
      },
      () => battleWatch.failures++,
    );
  }, 2000);
  stopWatchers.push(() => {
    clearInterval(poll);
    for (const sub of active.values()) sub.unsubscribe();
    spectator.close();
  });
}

/** The organiser following the contest's live board through nginx. */
function watchStandings(port: number, token: string, contestId: string): void {
  const admin = clientFor(port, token, { allOverWebSocket: true, retryDelayMs: 300 });
  let last: number | undefined;
  standingsWatch.streams++;
  const sub = admin.client.contest.standings.subscribe(
    { contestId },
    {
      onData: (tracked) => {
        const m = tracked.data as StandingsMessage;
        // A whole board is where counting starts (again).
        if (m.type === "board" || last === undefined) last = m.seq;
        else last = standingsWatch.seen(last, m.seq);
      },
      onError: () => standingsWatch.failures++,
    },
  );
  stopWatchers.push(() => {
    sub.unsubscribe();
    admin.close();
  });
}

/** Submissions made since `since` still without a verdict, after waiting up to a minute for them. */
async function stillQueued(since: Date): Promise<number> {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    let n = 0;
    for (let i = 0; i < 60; i++) {
      const [row] = await sql<{ n: number }[]>`
        select (select count(*) from submissions where status = 'queued' and created_at >= ${since})::int
             + (select count(*) from contest_submissions where status = 'queued' and created_at >= ${since})::int as n`;
      n = row?.n ?? 0;
      if (n === 0) break;
      await sleep(1000);
    }
    return n;
  } finally {
    await sql.end();
  }
}

/** SIGTERM, then waits for the exit (SIGKILL past `seconds`); returns the seconds it took. */
async function stopAndWait(p: RunningProcess, seconds: number): Promise<number> {
  const t0 = Date.now();
  if (p.proc.exitCode === null && p.proc.signalCode === null) {
    const exited = new Promise((resolve) => p.proc.once("exit", resolve));
    p.proc.kill("SIGTERM");
    const inTime = await Promise.race([exited.then(() => true), sleep(seconds * 1000).then(() => false)]);
    if (!inTime) {
      say(`pid ${p.proc.pid} did not exit within ${seconds} s: killed`);
      await p.stop("SIGKILL");
    }
  }
  return (Date.now() - t0) / 1000;
}

interface Phase {
  name: string;
  battles: Report;
  contest: Report;
  queued: number;
  battleWatch: Watch;
  standingsWatch: Watch;
}

async function phase(name: string, contestId: string, seconds: number, during?: () => Promise<void>): Promise<Phase> {
  battleWatch = new Watch();
  standingsWatch = new Watch();
  const since = new Date(Date.now() - 1000);
  const [battles, contest] = playLoad(contestId, seconds);
  if (during) {
    try {
      await during();
    } finally {
      battles.stop();
      contest.stop();
    }
  }
  const reports = await Promise.all([battles.report, contest.report]);
  return { name, battles: reports[0], contest: reports[1], queued: await stillQueued(since), battleWatch, standingsWatch };
}

const steps: string[] = [];
const phases: Phase[] = [];
try {
  for (const port of ports) servers.push(await startServer({ ...env, PORT: String(port) }));
  workers.push(...(await Promise.all([startJudgeWorker(env), startJudgeWorker(env)])));
  nginx = await startNginx(ports, { logFile: join(logDir, "nginx.log") });
  say(`nginx on ${nginx.port} in front of servers on ${ports.join(" and ")}`);

  const organiser = await registerPlayer(nginx.port, "rehearsal-organiser");
  await grantAdmin(database.url, organiser.userId);
  const now = Date.now();
  const { contestId } = await organiser.client.contestAdmin.create.mutate({
    title: "Deploy rehearsal",
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 3 * 3600_000).toISOString(),
    allowGuests: true,
    maxParticipants: PARTICIPANTS * 4,
    problems: [{ challengeId: "sum-array" }, { challengeId: "factorial" }],
  });
  organiser.close();
  await watchBattles(nginx.port);
  watchStandings(nginx.port, organiser.token, contestId);

  // Unmeasured: the first battles and judgings of fresh processes (JIT, connections) are slow.
  say(`warm-up: the same load for ${WARMUP_SECONDS} s, not measured`);
  await phase("warm-up", contestId, WARMUP_SECONDS);
  say(`baseline: ${PLAYERS} battle players and ${PARTICIPANTS} contest participants for ${BASELINE_SECONDS} s, nothing restarted`);
  phases.push(await phase("baseline (no restarts)", contestId, BASELINE_SECONDS));

  say("roll: the same load while each server, then each judge worker, is restarted in turn");
  const roll = async () => {
    await sleep(WARMUP_SECONDS * 1000);
    for (const [i, port] of ports.entries()) {
      const old = servers[i];
      if (!old) throw new Error("a server is missing");
      const exit = await stopAndWait(old, 30);
      const t0 = Date.now();
      servers[i] = await startServer({ ...env, PORT: String(port) });
      steps.push(
        `server ${i + 1} (port ${port}): exited ${exit.toFixed(1)} s after SIGTERM, its successor listening ${((Date.now() - t0) / 1000).toFixed(1)} s later`,
      );
      say(steps.at(-1) ?? "");
      await sleep(PAUSE_SECONDS * 1000);
    }
    for (const [i, old] of workers.entries()) {
      if (!old) throw new Error("a judge worker is missing");
      const exit = await stopAndWait(old, JUDGE_EXIT_SECONDS);
      const t0 = Date.now();
      workers[i] = await startJudgeWorker(env);
      steps.push(
        `judge worker ${i + 1}: exited ${exit.toFixed(1)} s after SIGTERM, its successor ready ${((Date.now() - t0) / 1000).toFixed(1)} s later`,
      );
      say(steps.at(-1) ?? "");
      await sleep(PAUSE_SECONDS * 1000);
    }
    await sleep(TAIL_SECONDS * 1000);
  };
  // Long enough for any roll; the load testers are stopped (and drain) when the roll is over.
  phases.push(await phase("rolling restart", contestId, 3600, roll));
} finally {
  await cleanup();
}

const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const p99 = (l: Latency | undefined) => (l?.count ? `${l.p99} ms` : "n/a");
const errorList = (r: Report) =>
  r.errors.total === 0
    ? "0"
    : `${r.errors.total} (${Object.entries(r.errors.byType)
        .map(([k, n]) => `${k}: ${n}`)
        .join(", ")})`;
const counts = (p: Phase) => ({
  errors: p.battles.errors.total + p.contest.errors.total,
  lost: p.battles.submissions.unanswered + p.contest.submissions.unanswered,
  missed: p.battleWatch.missed + p.standingsWatch.missed + (p.contest.contest?.standings.gaps ?? 0),
  repeated: p.battleWatch.repeated + p.standingsWatch.repeated,
});
const rows = phases.map((p) => {
  const { battles: b, contest: c } = p;
  return [
    p.name,
    `battles ${errorList(b)}; contest ${errorList(c)}`,
    `${b.connections.reconnected + c.connections.reconnected} / ${b.connections.dropped + c.connections.dropped}`,
    `${b.submissions.total} + ${c.submissions.total}`,
    `${b.submissions.unanswered} + ${c.submissions.unanswered} / ${p.queued}`,
    `${p.battleWatch.missed} / ${p.battleWatch.repeated} of ${p.battleWatch.events} (${p.battleWatch.streams} battles)`,
    `${p.standingsWatch.missed} / ${p.standingsWatch.repeated} of ${p.standingsWatch.events}; participants' gaps ${c.contest?.standings.gaps ?? 0}`,
    p99(b.operations.relay),
    `${p99(b.operations.verdict)} / ${p99(c.operations.verdict)}`,
    p99(c.operations.standings),
    `${p.battleWatch.failures + p.standingsWatch.failures}`,
  ];
});
const rolled = phases.find((p) => p.name === "rolling restart");
const r = rolled ? counts(rolled) : undefined;
const verdictOf = (ok: boolean | undefined) => (ok === undefined ? "not run" : ok ? "met" : "**not met**");
const targets = [
  ["errors beyond reconnects", "0", r ? String(r.errors) : "n/a", verdictOf(r && r.errors === 0)],
  [
    "lost submissions (no verdict)",
    "0",
    r && rolled ? `${r.lost} (in the database: ${rolled.queued} still queued)` : "n/a",
    verdictOf(r && rolled && r.lost + rolled.queued === 0),
  ],
  ["missed / repeated events", "0 / 0", r ? `${r.missed} / ${r.repeated}` : "n/a", verdictOf(r && r.missed + r.repeated === 0)],
];
console.log(`
deploy:rehearse at ${commit}: REHEARSE_PLAYERS=${PLAYERS} REHEARSE_PARTICIPANTS=${PARTICIPANTS} REHEARSE_CONTEST_RATE=${CONTEST_RATE} REHEARSE_BASELINE_SECONDS=${BASELINE_SECONDS} REHEARSE_PAUSE_SECONDS=${PAUSE_SECONDS}

${steps.map((s) => `- ${s}`).join("\n")}

| phase | errors | reconnected / dropped sockets | submissions (battles + contest) | lost: no verdict at drain end (battles + contest) / still queued after 60 s | battle events missed / repeated (spectator) | standings missed / repeated (organiser) | relay p99 | verdict p99 (battles / contest) | standings p99 | watcher failures |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.map((cells) => `| ${cells.join(" | ")} |`).join("\n")}

| target (during the roll) | wanted | measured | result |
|---|---|---|---|
${targets.map((cells) => `| ${cells.join(" | ")} |`).join("\n")}`);
process.exit(targets.every((t) => t[3] === "met") ? 0 : 1);
