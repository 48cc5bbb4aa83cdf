// tRPC over WebSocket on the HTTP server's port: upgrades to /ws, auth through connectionParams.
import { randomUUID } from "node:crypto";
import { type AppRouter, appRouter, createContext, type Services } from "@codeduel/api";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { TrpcWsServer } from "./trpc-ws-adapter.ts";

export const WS_PATH = "/ws";

export function attachWebSocket(app: FastifyInstance, services: Services, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const handler = new TrpcWsServer<AppRouter>({
    router: appRouter,
    createContext: ({ req, connectionParams }) => {
      const token = typeof connectionParams?.token === "string" ? connectionParams.token : undefined;
      return createContext(services, token, log, { connId: req.connId });
    },
    onError: ({ error, path, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") (ctx?.log ?? log).error({ err: error.cause ?? error, path }, "ws procedure failed");
    },
  });
  app.server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    // The connection keeps only what it needs of the request, not the IncomingMessage.
    const connection = { url: req.url ?? "/", connId: randomUUID() };
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit("connection", ws);
      handler.accept(ws, connection);
    });
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
