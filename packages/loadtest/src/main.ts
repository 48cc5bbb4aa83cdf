// Entry point of `npm run loadtest -- <args>`: parses the options, looks the contest up (contest
// scenario), starts the players (battle.ts's Player or contest-participant.ts's Participant) on the
// --connect schedule, prints progress, stops at --duration (or on Ctrl-C), drains, reports, and
// exits 0 (every threshold met), 1 (one failed) or 2 (bad arguments).
import { readFileSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import { type Options, parseCli, USAGE, UsageError } from "./args.ts";
import { ADMIN_TOKEN_ENV, AdminFeed } from "./contest-feed.ts";
import { Participant } from "./contest-participant.ts";
import { contestPreflight } from "./contest-preflight.ts";
import { ProctorLedger } from "./contest-proctor-ledger.ts";
import { type ProctorPolicyView, sendableSignals } from "./contest-proctor-signals.ts";
import { errorKind } from "./errors.ts";
import { Metrics } from "./metrics.ts";
import { Player } from "./player.ts";
import { progressLine } from "./progress.ts";
import { RelayTracker } from "./relay.ts";
import { buildReport, formatReport } from "./report.ts";
import { createRng } from "./rng.ts";
import { scheduleStarts, startedBy } from "./schedule.ts";
import { ServerSampler } from "./server-sampler.ts";
import { countingWebSocket } from "./socket.ts";
import type { ContestWorld, Member, World } from "./world.ts";

const PROGRESS_EVERY_MS = 2000;
/** A relay whose other end has not shown up after this long never will (the battle ended, ...). */
const RELAY_MAX_AGE_MS = 30_000;
/** Nor will a proctoring report's events, after this long. */
const REPORT_MAX_AGE_MS = 60_000;
/** After the drain: time to forfeit battles still running and close sockets, before exiting anyway. */
const CLOSE_GRACE_MS = 5000;
const LOOP_DELAY_RESOLUTION_MS = 10;

async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    options = parsed.options;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`loadtest: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  warnAboutLimits(options);
  if (!(await serversReachable(options))) return 1;
  let contest: ContestWorld | undefined;
  let policy: ProctorPolicyView | null = null;
  if (options.contest) {
    const found = await contestPreflight(options);
    if (!found.ok) {
      process.stderr.write(`loadtest: ${found.message}\n`);
      return 1;
    }
    for (const warning of found.warnings) process.stderr.write(`loadtest: warning: ${warning}\n`);
    contest = { id: options.contest.id, info: found.info, codes: undefined, proctor: undefined };
    policy = found.policy;
  }

  const metrics = new Metrics(options.scenario === "contest" ? "standings" : "relay");
  const relay = new RelayTracker((ms) => metrics.record("relay", ms));
  const httpClients = new Map<string, TRPCClient<AppRouter>>();
  const world: World = {
    options,
    metrics,
    relay,
    localUsers: new Set(),
    localBattles: new Set(),
    contest,
    WebSocket: countingWebSocket(metrics),
    http: (target) => {
      let client = httpClients.get(target.base);
      if (!client) {
        client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${target.base}/trpc` })] });
        httpClients.set(target.base, client);
      }
      return client;
    },
    now: () => performance.now(),
  };
  let feed: AdminFeed | undefined;
  if (contest && policy && options.contest?.proctor) {
    const started = await startProctoring(world, contest, policy);
    if (!started.ok) return 1;
    feed = started.feed;
  }
  const players: Member[] = [];
  const sampler = new ServerSampler(options.targets);
  sampler.start();

  const startedAt = new Date();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let rssMax = process.memoryUsage.rss();
  // How late this process runs its own callbacks: a late receive callback inflates every latency.
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  let arriving = options.players;
  const stopStarting = scheduleStarts(options.connect, options.players, options.connectRate, (i) => {
    const target = options.targets[i % options.targets.length];
    if (!target) return;
    const rng = createRng(options.seed, i);
    const player = contest ? new Participant(world, contest, target, rng, i) : new Player(world, target, rng);
    players.push(player);
    player.start().then(
      (connected) => {
        // A contest's participants have arrived once each has registered and read the problems
        // (contest-participant.ts): the ramp's load lasts until then.
        if (connected && --arriving === 0 && !contest) metrics.arrived();
      },
      (err: unknown) => metrics.error("player", err),
    );
  });

  const progress = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage.rss());
    if (!options.quiet) {
      const window = metrics.window;
      const p95 = window.count > 0 ? window.percentile(95) : null;
      process.stderr.write(`${progressLine(options.scenario, performance.now() - t0, metrics, options.players, p95)}\n`);
    }
    metrics.window.reset();
    relay.prune(performance.now(), RELAY_MAX_AGE_MS);
    contest?.proctor?.ledger.prune(performance.now(), REPORT_MAX_AGE_MS);
  }, PROGRESS_EVERY_MS);

  // Run until the duration is up, or the first Ctrl-C / SIGTERM; a second one skips the drain.
  // Copies within a second are the same request (the terminal and npm's runner both pass it on).
  let interrupted = false;
  let interruptedAt = 0;
  let force: () => void = () => {};
  const forced = new Promise<void>((resolve) => {
    force = resolve;
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.durationMs);
    const onSignal = () => {
      if (interrupted) {
        if (Date.now() - interruptedAt > 1000) force();
        return;
      }
      interrupted = true;
      interruptedAt = Date.now();
      process.stderr.write("loadtest: stopping (again to skip the drain)\n");
      clearTimeout(timer);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  stopStarting();

  // Drain: queued players leave and submissions in flight get their verdicts (up to --drain);
  // then battles still running are forfeited and sockets closed (up to CLOSE_GRACE_MS). Contest
  // participants only wait for their verdicts, then close.
  const deadline = Date.now() + options.drainMs;
  if (!options.quiet) process.stderr.write(`loadtest: duration over; draining for up to ${options.drainMs / 1000} s\n`);
  await Promise.race([Promise.allSettled(players.map((p) => p.quiesce(deadline))), sleep(options.drainMs), forced]);
  // Proctoring reports answered by now still have their events on the way (to the participants'
  // own subscriptions and the admin feed): wait for them within the drain, before closing either.
  const proctor = contest?.proctor;
  if (proctor) await Promise.race([proctor.ledger.drained(), sleep(deadline - Date.now()), forced]);
  const unanswered = players.filter((p) => p.awaitingVerdict).length;
  for (let i = 0; i < unanswered; i++) metrics.error("verdict", null, "NO_VERDICT_BEFORE_DRAIN_END");
  await Promise.race([Promise.allSettled(players.map((p) => p.finish())), sleep(CLOSE_GRACE_MS), forced]);
  // Last: the admins' view outlasts the participants, as in a contest.
  await Promise.race([feed?.close(), sleep(CLOSE_GRACE_MS)]);
  clearInterval(progress);
  sampler.stop();

  const cpu = process.cpuUsage(cpu0);
  const elapsedMs = performance.now() - t0;
  loopDelay.disable();
  // Node records the whole interval between its sampling timer's runs, the resolution included.
  const delayMs = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1e5 - LOOP_DELAY_RESOLUTION_MS * 10) / 10) : 0);
  const loadGenerator = {
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10,
    rssMaxBytes: Math.max(rssMax, process.memoryUsage.rss()),
    eventLoopDelayMs: { p50: delayMs(loopDelay.percentile(50)), p99: delayMs(loopDelay.percentile(99)), max: delayMs(loopDelay.max) },
  };
  const report = buildReport({
    options,
    metrics,
    servers: sampler.stats(),
    startedAt,
    elapsedMs,
    interrupted,
    unanswered,
    loadGenerator,
    ...(contest ? { contest: contest.info } : {}),
    ...(contest?.proctor
      ? {
          proctoring: {
            disqualifyAt: contest.proctor.policy.disqualifyAt,
            signals: contest.proctor.signals.map((s) => s.signal),
            feedWatched: contest.proctor.ledger.feedWatched,
          },
        }
      : {}),
  });
  const text = formatReport(report, options.output);
  if (options.outFile) {
    writeFileSync(options.outFile, text);
    process.stderr.write(`loadtest: report written to ${options.outFile}\n`);
  } else {
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  }
  // The console table lists thresholds itself; with json/csv (or a file) say what failed on stderr.
  if (options.output !== "console" || options.outFile) {
    for (const t of report.thresholds.filter((t) => !t.passed)) process.stderr.write(`loadtest: threshold failed: ${t.name}\n`);
  }
  return report.passed ? 0 : 1;
}

/**
 * --proctor: what the participants share, and the admin feed when an admin's token is given (started
 * before any participant, so every report's event can be seen arriving). Not ok: the feed did not start.
 */
async function startProctoring(
  world: World,
  contest: ContestWorld,
  policy: ProctorPolicyView,
): Promise<{ ok: true; feed: AdminFeed | undefined } | { ok: false }> {
  const ledger = new ProctorLedger(world.metrics);
  const token = process.env[ADMIN_TOKEN_ENV];
  const target = world.options.targets[0];
  let feed: AdminFeed | undefined;
  if (token && target) {
    feed = new AdminFeed(world, target.ws, contest.id, token, ledger);
    try {
      await feed.start();
    } catch (err) {
      await feed.close();
      process.stderr.write(`loadtest: the admin feed (proctorAdmin.feed) did not start with ${ADMIN_TOKEN_ENV}: ${errorKind(err)}\n`);
      return { ok: false };
    }
  } else {
    process.stderr.write(
      `loadtest: warning: no ${ADMIN_TOKEN_ENV}: the admin feed is not watched; \`feed\` and lost reports are not measured\n`,
    );
  }
  contest.proctor = { policy, signals: sendableSignals(policy), ledger, endsAt: world.now() + world.options.durationMs };
  return { ok: true, feed };
}

/** Fails fast, before any player starts, when a target does not answer at all. */
async function serversReachable(options: Options): Promise<boolean> {
  let ok = true;
  for (const target of options.targets) {
    try {
      const res = await fetch(`${target.base}/health/live`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`GET /health/live answered HTTP ${res.status}`);
    } catch (err) {
      const why = err instanceof Error && err.message.startsWith("GET ") ? err.message : errorKind(err);
      process.stderr.write(`loadtest: cannot reach ${target.base} (${why}); is the server running?\n`);
      ok = false;
    }
  }
  return ok;
}

/** Warnings that do not stop the run: too few file descriptors, a ramp longer than the run. */
function warnAboutLimits(options: Options): void {
  const fdLimit = openFilesLimit();
  // One socket per player, plus HTTP connections for sign-ins and sampling while players connect.
  const needed = options.players + Math.min(options.players, 1000) + 100;
  if (fdLimit !== undefined && fdLimit < needed) {
    process.stderr.write(
      `loadtest: warning: open files limit is ${fdLimit}, ${options.players} players need about ${needed} (ulimit -n)\n`,
    );
  }
  const startedAtEnd = startedBy(options.connect, options.players, options.connectRate, options.durationMs);
  if (startedAtEnd < options.players) {
    process.stderr.write(
      `loadtest: warning: at --connect-rate ${options.connectRate}/s only ${startedAtEnd} of ${options.players} players start within the duration\n`,
    );
  }
}

function openFilesLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return match?.[1] ? Number(match[1]) : undefined;
  } catch {
    return undefined; // not Linux
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main(process.argv.slice(2)).then(
  (code) => {
    // Sockets still closing must not hold the process: the run is over once the report is out.
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`loadtest: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
