// Assembles the HTTP server: tRPC over HTTP and WebSocket on one port, health endpoints.
import { randomUUID } from "node:crypto";
import { type AppRouter, appRouter, bearerToken, createContext, RateLimitedError, type Services } from "@codeduel/api";
import type { DbHandle } from "@codeduel/db";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyBaseLogger, LogController } from "fastify";
import type { Logger } from "pino";
import { adminCheck, registerAdmin } from "./admin.ts";
import { clientAddressResolver } from "./client-address.ts";
import type { ServerConfig } from "./config.ts";
import { registerHealth } from "./health.ts";
import { registerSecurityHeaders } from "./security-headers.ts";
import { registerWeb } from "./web.ts";
import { attachWebSocket, wsLimitsFrom } from "./websocket.ts";

/** Typed errors of a request's calls (a batch may have several), for its access-log line. */
const refusals = new WeakMap<object, { path: string | undefined; code: string; message: string }[]>();

export async function buildApp(services: Services, db: DbHandle, log: Logger, config: ServerConfig) {
  const app = Fastify({
    // fastify types its logger against its own pino major; ours is compatible at runtime.
    loggerInstance: log as unknown as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // One access-log line per request (below), not two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 10_000 },
    // req.ip: X-Forwarded-For only from these (the WebSocket upgrade applies the same rule).
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? [...config.TRUSTED_PROXIES] : false,
  });
  await registerSecurityHeaders(app, { behindTls: config.BEHIND_TLS, corsOrigins: config.CORS_ORIGINS });
  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => createContext(services, bearerToken(req.headers.authorization), req.log as unknown as Logger, {}, req.ip),
      onError: ({ error, path, req }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") req.log.error({ err: error.cause ?? error, path }, "procedure failed");
        // The refusal goes into the request's one access-log line, with its request id.
        else refusals.set(req, [...(refusals.get(req) ?? []), { path, code: error.code, message: error.message.slice(0, 200) }]);
      },
      // A rate-limited call also says when to come back the way HTTP clients and proxies read it.
      responseMeta: ({ errors }) => {
        const waitMs = Math.max(0, ...errors.map((e) => (e instanceof RateLimitedError ? e.retryAfterMs : 0)));
        return waitMs > 0 ? { headers: { "retry-after": String(Math.ceil(waitMs / 1000)) } } : {};
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });
  // A client can quote the id of a request that went wrong; the log line below carries the same id.
  app.addHook("onRequest", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.addHook("onResponse", async (req, reply) => {
    const refused = refusals.get(req);
    req.log.info(
      {
        method: req.method,
        url: req.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(refused && { refused }),
      },
      "request",
    );
  });
  const whoIs = adminCheck(services, config.ADMIN_USERNAMES);
  const ws = attachWebSocket(app, services, log, wsLimitsFrom(config), clientAddressResolver(config.TRUSTED_PROXIES));
  registerHealth(
    app,
    services,
    db,
    () => ({
      connections: ws.wss.clients.size,
      ...ws.caps.tracked,
      rejected: Object.fromEntries(ws.rejected),
    }),
    async (req) => config.HEALTH_DETAILS === "public" || (await whoIs(req)) === "admin",
  );
  await registerAdmin(app, services, config.ADMIN_USERNAMES, { behindTls: config.BEHIND_TLS });
  // The player's web app at / (and index.html for its client-side routes).
  registerWeb(app);
  return { app, ws };
}
