// Liveness, readiness (Postgres and Redis answer) and a summary operators can glance at.
import type { Services } from "@codeduel/api";
import type { DbHandle } from "@codeduel/db";
import { schema } from "@codeduel/db";
import { count, eq } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type EventLoopDelay, watchEventLoopDelay } from "./event-loop-delay.ts";

async function timed<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

/** This instance's sockets: open, the addresses and players holding them, and those refused or closed by reason. */
export interface WebSocketStats {
  connections: number;
  addresses: number;
  users: number;
  rejected: Record<string, number>;
}

export function registerHealth(
  app: FastifyInstance,
  services: Services,
  db: DbHandle,
  websocket: () => WebSocketStats,
  /** Whether this request may see the process's pid, CPU and memory (admins, or all when configured). */
  maySeeProcess: (req: FastifyRequest) => Promise<boolean>,
): void {
  const loopDelay = watchEventLoopDelay();
  app.addHook("onClose", async () => loopDelay.stop());
  app.get("/health/live", async () => ({ status: "ok" }));

  app.get("/health/ready", async (_req, reply) => {
    const checks = await Promise.allSettled([timed(db.ping(), 2000), timed(services.redis.ping(), 2000)]);
    const [pg, redis] = checks.map((c) =>
      c.status === "fulfilled" ? "ok" : String(c.reason instanceof Error ? c.reason.message : c.reason),
    );
    const ready = pg === "ok" && redis === "ok";
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", postgres: pg, redis });
  });

  app.get("/health", async (req) => {
    const [queueSize, [active], judgeQueues] = await Promise.all([
      services.matchmaker.queueSize(),
      services.db.select({ n: count() }).from(schema.battles).where(eq(schema.battles.status, "active")),
      judgeQueueCounts(services),
    ]);
    const judgeQueueDepth = Object.values(judgeQueues)
      .flatMap((counts) => Object.values(counts))
      .reduce((a, b) => a + b, 0);
    const sockets = websocket();
    return {
      status: "ok",
      connectedPlayers: sockets.connections,
      websocket: sockets,
      // Per-connection state this process holds; back to its idle values once clients leave.
      redisChannels: services.bus.channelCount,
      presentPlayers: services.presence.localCount,
      queueSize,
      activeBattles: active?.n ?? 0,
      judgeQueueDepth,
      /** Jobs waiting, running and delayed in each judge queue (battles', contests'). */
      judgeQueues,
      // Sampled by the load tester to report the server's CPU, memory and event-loop delay during a
      // run; a stranger learns nothing of the process (HEALTH_DETAILS=public shows it to all).
      ...((await maySeeProcess(req)) && { process: processStats(loopDelay.last()) }),
    };
  });
}

async function judgeQueueCounts(services: Services): Promise<Record<string, Record<string, number>>> {
  const entries = await Promise.all(
    Object.entries(services.judgeQueues).map(
      async ([name, queue]) => [name, await queue.getJobCounts("waiting", "active", "delayed", "prioritized")] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** This process's cumulative CPU time and current memory, for samplers that diff them over time. */
function processStats(eventLoopDelayMs: EventLoopDelay) {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    pid: process.pid,
    uptimeMs: Math.round(process.uptime() * 1000),
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    eventLoopDelayMs,
  };
}
