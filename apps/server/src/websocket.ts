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
  app.server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== WS_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit("connection", ws, connectionRequest(req));
    });
  });
  const handler = applyWSSHandler<AppRouter>({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => {
      const connId = (req as Partial<ConnectionRequest>).connId ?? randomUUID();
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

/**
 * What a connection keeps of its upgrade request. tRPC's adapter holds the request it is handed for
 * the connection's whole life (for createContext and onError); a whole IncomingMessage, with its
 * headers and parser state, cost about 1.5 KB per connected player. The adapter reads the URL
 * (`?connectionParams=1`) and the Host header of it; createContext reads the connection id.
 */
interface ConnectionRequest {
  url: string;
  headers: { host?: string };
  socket: { encrypted?: boolean };
  connId: string;
}

function connectionRequest(req: IncomingMessage): IncomingMessage {
  const slim: ConnectionRequest = {
    url: req.url ?? "/",
    headers: req.headers.host === undefined ? {} : { host: req.headers.host },
    socket: {},
    connId: randomUUID(),
  };
  // Typed as what `ws` and tRPC declare; they read only the fields above.
  return slim as unknown as IncomingMessage;
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
