// tRPC over WebSocket on the HTTP server's port: upgrades to /ws, auth through connectionParams.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type AppRouter, appRouter, createContext, type Services, sharedJson } from "@codeduel/api";
import { TRPCError } from "@trpc/server";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import type { ServerConfig } from "./config.ts";
import { type SocketCapLimits, SocketCaps } from "./socket-caps.ts";
import type { ConnectionRequest, WsProtocolLimits } from "./trpc-ws/options.ts";
import { TrpcWsServer } from "./trpc-ws/server.ts";

export const WS_PATH = "/ws";

export interface WsLimits extends WsProtocolLimits, SocketCapLimits {
  maxFrameBytes: number;
}

export function wsLimitsFrom(config: ServerConfig): WsLimits {
  return {
    maxFrameBytes: config.WS_MAX_FRAME_BYTES,
    maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
    maxCallsInFlight: config.WS_MAX_CALLS_IN_FLIGHT,
    connectionParamsTimeoutMs: config.WS_CONNECTION_PARAMS_TIMEOUT_MS,
    maxBatch: 100,
    // The one switch for load from a single address lifts these caps along with the rate limits.
    perAddress: config.RATE_LIMITS === "on" ? config.WS_MAX_SOCKETS_PER_ADDRESS : 0,
    perUser: config.RATE_LIMITS === "on" ? config.WS_MAX_SOCKETS_PER_USER : 0,
  };
}

/** What a socket keeps besides the request: who it counts against. */
interface Socket extends ConnectionRequest {
  address: string;
  userId?: string;
  closed?: boolean;
}

export function attachWebSocket(
  app: FastifyInstance,
  services: Services,
  log: Logger,
  limits: WsLimits,
  clientAddress: (req: IncomingMessage) => string,
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
  const caps = new SocketCaps(limits);
  /** Sockets refused or closed by this server, by reason: what an operator watches for abuse. */
  const rejected = new Map<string, number>();
  const count = (reason: string) => rejected.set(reason, (rejected.get(reason) ?? 0) + 1);

  const handler = new TrpcWsServer<AppRouter>({
    router: appRouter,
    limits,
    sharedJson,
    createContext: async ({ req, connectionParams }) => {
      const socket = req as Socket;
      const token = typeof connectionParams?.token === "string" ? connectionParams.token : undefined;
      const ctx = await createContext(services, token, log, { connId: socket.connId }, socket.address);
      if (ctx.user && !socket.closed) {
        if (!caps.openForUser(ctx.user.id)) {
          count("sockets_per_user");
          throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most ${caps.limits.perUser} connections per player` });
        }
        socket.userId = ctx.user.id;
      }
      return ctx;
    },
    onError: ({ error, path, ctx }) => {
      const callLog = ctx?.log ?? log;
      if (error.code === "INTERNAL_SERVER_ERROR") callLog.error({ err: error.cause ?? error, path }, "ws procedure failed");
      // Once per refused call, with the connection's id (a socket has no access log of its own).
      else callLog.info({ path, code: error.code, message: error.message.slice(0, 200) }, "ws procedure refused");
    },
    onRejected: ({ req, reason, closeCode, message }) => {
      count(reason);
      log.info({ connId: req.connId, address: (req as Socket).address, reason, closeCode, message }, "websocket closed: bad input");
    },
  });

  app.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset or garbage during the handshake must not reach the process as an uncaught error.
    socket.on("error", (err) => log.debug({ err }, "websocket handshake socket failed"));
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== WS_PATH) {
      refuseUpgrade(socket, 404, "Not Found");
      return;
    }
    const address = clientAddress(req);
    if (!caps.openFromAddress(address)) {
      count("sockets_per_address");
      refuseUpgrade(socket, 429, "Too Many Requests", { "Retry-After": "10" });
      return;
    }
    // Released when the TCP socket closes, whichever way the handshake or the WebSocket ends.
    socket.once("close", () => caps.closeFromAddress(address));
    services.limits.socketOpen(address).then(
      (admission) => {
        if (admission.ok) upgrade(req, socket, head, address);
        else {
          count("socket_open_rate");
          refuseUpgrade(socket, 429, "Too Many Requests", { "Retry-After": String(Math.ceil(admission.retryAfterMs / 1000)) });
        }
      },
      (err: unknown) => {
        log.error({ err }, "socket-open rate limit failed");
        refuseUpgrade(socket, 503, "Service Unavailable");
      },
    );
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, address: string): void {
    if (socket.destroyed) return;
    // The connection keeps only what it needs of the request, not the IncomingMessage.
    const connection: Socket = { url: req.url ?? "/", connId: randomUUID(), address };
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once("close", () => {
        connection.closed = true;
        if (connection.userId) caps.closeForUser(connection.userId);
      });
      wss.emit("connection", ws);
      handler.accept(ws, connection);
    });
  }
  wss.on("error", (err) => log.error({ err }, "websocket server failed"));
  const heartbeat = startHeartbeat(wss);
  wss.on("close", () => clearInterval(heartbeat));
  return { wss, handler, caps, rejected };
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, text: string, headers: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const lines = Object.entries({ Connection: "close", "Content-Length": "0", ...headers }).map(([k, v]) => `${k}: ${v}`);
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${lines.join("\r\n")}\r\n\r\n`);
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
