// Starts one API instance: database (migrated), Redis, services, HTTP + WebSocket, background loops.
import { setTimeout as sleep } from "node:timers/promises";
import { createServices } from "@codeduel/api";
import { library } from "@codeduel/challenges";
import { createDb, type DbHandle, schema } from "@codeduel/db";
import { listenForScrapes } from "@codeduel/metrics-http";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import { buildApp } from "./app.ts";
import { rateLimitsFrom, type ServerConfig } from "./config.ts";
import { ServerMetrics } from "./metrics.ts";
import { VerdictFeed } from "./verdict-feed.ts";

const PAIRING_INTERVAL_MS = 1000;
const CLOCK_INTERVAL_MS = 1000;
/**
 * Three heartbeats (and sweeps) per PRESENCE_TIMEOUT_MS: a player is reported gone after about
 * the timeout, and each beat writes every player held here, so no more often than that.
 */
const presenceIntervalMs = (timeoutMs: number) => Math.max(500, Math.floor(timeoutMs / 3));

async function connectRedis(url: string, name: string, log: Logger, options: { autoPipeline?: boolean } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    connectionName: name,
    // Commands issued in the same tick go out in one write: under load, socket writes were the
    // server's biggest cost (a CPU profile of bench:matchmaking).
    enableAutoPipelining: options.autoPipeline ?? false,
  });
  // ioredis reconnects by itself; without a listener its errors would go to the console unlogged.
  redis.on("error", (err) => log.warn({ err, connection: name }, "redis connection error"));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Cannot reach Redis at ${url} (${err instanceof Error ? err.message : String(err)}). Start redis-server or set REDIS_URL.`,
    );
  }
  return redis;
}

/** Library challenges become rows so battles can reference them with a foreign key. */
async function syncChallenges(db: DbHandle): Promise<void> {
  await db.db
    .insert(schema.challenges)
    .values(library.map((c) => ({ id: c.id, title: c.title, tier: c.tier })))
    .onConflictDoUpdate({
      target: schema.challenges.id,
      set: { title: sql`excluded.title`, tier: sql`excluded.tier`, updatedAt: sql`now()` },
    });
}

export async function startServer(config: ServerConfig) {
  const log = pino({ level: config.LOG_LEVEL, base: { service: "server", pid: process.pid } });
  const db = await createDb({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  await db.migrate();
  await syncChallenges(db);
  const [redis, redisSub, redisVerdicts, redisQueue] = await Promise.all([
    connectRedis(config.REDIS_URL, "codeduel-server", log, { autoPipeline: true }),
    connectRedis(config.REDIS_URL, "codeduel-server-sub", log),
    connectRedis(config.REDIS_URL, "codeduel-server-verdicts", log),
    connectRedis(config.REDIS_URL, "codeduel-server-queue", log),
  ]);
  const metrics = new ServerMetrics();
  const services = createServices({
    metrics,
    db: db.db,
    redis,
    redisSub,
    redisQueue,
    prefix: config.REDIS_PREFIX,
    log,
    battleTimeLimitMs: config.BATTLE_TIME_LIMIT_MS,
    rateLimits: rateLimitsFrom(config),
    codeUpdatesPerSecond: config.RATE_LIMIT_CODE_UPDATES_PER_SECOND,
    presence: { awayAfterMs: config.PRESENCE_TIMEOUT_MS, graceMs: config.RECONNECT_GRACE_MS },
  });

  // Verdicts from judge workers are recorded here; any instance may take any verdict.
  const verdictStreams = Object.values(services.judgeQueues).map((queue) => queue.toKey("events"));
  const verdictFeed = new VerdictFeed(redisVerdicts, verdictStreams, (result) => services.judging.record(result), log);
  await verdictFeed.start();

  const admins = await services.sessions.grantAdmin(config.ADMIN_USERNAMES);
  if (config.ADMIN_USERNAMES.length > 0) log.info({ admins, listed: config.ADMIN_USERNAMES.length }, "admin accounts granted");
  const { app, ws } = await buildApp(services, db, log, config);
  metrics.watch({ services, ws: ws.handler, rejected: ws.rejected });
  // Its own port, before the public one: an instance that cannot be watched does not start.
  const metricsListener = await listenForScrapes({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    contentType: metrics.contentType,
    render: () => metrics.render(),
    log,
  });
  const timers = [
    setInterval(() => void services.pairing.request(), PAIRING_INTERVAL_MS),
    // The server keeps the clock: battles past their deadline end as draws.
    setInterval(() => {
      services.battles.expireOverdue().catch((err: unknown) => log.error({ err }, "ending overdue battles failed"));
    }, CLOCK_INTERVAL_MS),
    // Players connected here are reported as seen; then any instance's sweep acts on who dropped.
    setInterval(() => {
      services.presence
        .heartbeat()
        .then(() => services.battles.applyPresence())
        .catch((err: unknown) => log.error({ err }, "checking player presence failed"));
    }, presenceIntervalMs(config.PRESENCE_TIMEOUT_MS)),
    setInterval(() => {
      // Each service settles its own stuck submissions; one failing does not hold up the others.
      const reconcilers = [
        services.battles.requeueStuck(config.STUCK_SUBMISSION_MS),
        services.contestJudging.requeueStuck(config.STUCK_SUBMISSION_MS),
        services.problems.recheckStuck(config.STUCK_SUBMISSION_MS),
      ];
      for (const r of reconcilers) r.catch((err: unknown) => log.error({ err }, "reconciling submissions failed"));
    }, config.RECONCILE_INTERVAL_MS),
  ];
  // A deep accept backlog: thousands of players arriving at an event's start must queue, not be reset.
  const address = await app.listen({ port: config.PORT, host: config.HOST, backlog: 4096 });
  log.info(
    { address, metrics: `${metricsListener.url}/metrics`, database: db.kind, prefix: config.REDIS_PREFIX },
    "codeduel server listening",
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const t of timers) clearInterval(t);
      // Tell WebSocket clients to reconnect (to another instance) and take no new sockets or
      // requests; then give them SHUTDOWN_DRAIN_MS to move: wsLink opens its next socket, moves its
      // subscriptions and closes this one once the calls on it are answered. Cutting every socket at
      // once failed the calls in flight on it (deploy:rehearse: 15 errors in a roll of two servers).
      ws.handler.broadcastReconnectNotification();
      ws.wss.close();
      const httpClosed = app.close();
      await socketsGone(ws.wss, config.SHUTDOWN_DRAIN_MS);
      for (const client of ws.wss.clients) client.terminate();
      await httpClosed;
      await metricsListener.close();
      await verdictFeed.close();
      await Promise.all(Object.values(services.judgeQueues).map((queue) => queue.close()));
      redis.disconnect();
      redisSub.disconnect();
      redisVerdicts.disconnect();
      redisQueue.disconnect();
      await db.close();
    })();
    return closing;
  };
  const port = (app.server.address() as { port: number }).port;
  return { app, services, port, close, log };
}

/** Resolves once every client has closed its socket, or after `ms`. */
async function socketsGone(wss: { clients: Set<unknown> }, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (wss.clients.size > 0 && Date.now() < end) await sleep(50);
}
