// tRPC over WebSocket on the HTTP server's port: upgrades to /ws, auth through connectionParams.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type AppRouter, appRouter, createContext, type Services } from "@codeduel/api";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";

export const WS_PATH = "/ws";

export function attachWebSocket(app: FastifyInstance, services: Services, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const connIds = new WeakMap<IncomingMessage, string>();
  app.server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connIds.set(req, randomUUID());
      wss.emit("connection", ws, req);
    });
  });
  const handler = applyWSSHandler<AppRouter>({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => {
      const connId = connIds.get(req) ?? randomUUID();
      const token = typeof info.connectionParams?.token === "string" ? info.connectionParams.token : undefined;
      return createContext(services, token, log, { connId });
    },
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") (ctx?.log ?? log).error({ err: error.cause ?? error, path }, "ws procedure failed");
    },
  });
  const heartbeat = startHeartbeat(wss);
  wss.on("close", () => clearInterval(heartbeat));
  return { wss, handler };
}

/** How often every socket is pinged; one that has not answered the previous ping is closed. */
const HEARTBEAT_MS = 30_000;

/**
 * Finds dead connections (a player whose network vanished without a close) with one timer for all
 * sockets and protocol-level pings, which browsers and the `ws` client answer by themselves.
 * tRPC's own keep-alive would hold two timers per connection, which adds up at 10,000 players.
 */
function startHeartbeat(wss: WebSocketServer): NodeJS.Timeout {
  const answered = new WeakSet<WebSocket>();
  wss.on("connection", (ws: WebSocket) => {
    answered.add(ws);
    ws.on("pong", () => answered.add(ws));
  });
  return setInterval(() => {
    for (const ws of wss.clients) {
      if (!answered.has(ws)) {
        ws.terminate();
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS).unref();
}
