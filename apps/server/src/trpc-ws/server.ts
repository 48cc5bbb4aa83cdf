// Serves a tRPC router over `ws` connections, speaking the protocol @trpc/client's `wsLink` speaks
// (connection params, queries, mutations, subscriptions with `tracked()` ids and `lastEventId`,
// `subscription.stop`, the reconnect notification, batched frames, PING/PONG).
//
// Why not `applyWSSHandler` from @trpc/server/adapters/ws: it builds about twenty closures, several
// promises and an abort controller per connection, and races every subscription step against an
// abort promise through `Unpromise`. Measured side by side (one-off probe, 2,000 connections each
// holding one subscription): its connections cost 12.9 KB of heap each beyond a bare `ws` socket,
// these cost 3.3 KB. A connection here is one object whose methods live on its prototype; the
// procedures, middleware, input parsing, error shapes and transformer are tRPC's own, through the
// building blocks it exports for custom adapters (`unstable-core-do-not-import`; the version is
// pinned in package.json, and the e2e suites run every call path through @trpc/client).
//
// Kept on one condition: test/trpc-ws-adapter.test.ts runs the same client scenarios against this
// adapter and tRPC's `getWSConnectionHandler` (answers, errors, tracked resumption,
// `subscription.stop`, reconnect, malformed input) and both must behave the same. What this one
// adds is the server's policy on hostile clients: every socket has an `error` listener, a frame
// outside the protocol (`frames.ts`) closes its socket with the code naming the fault, and a
// socket's subscriptions, calls in flight and wait for its connection params are capped.
// Re-measured with all of that in (one-off probe, 2,000 sockets with one subscription each, server
// heap after GC): 3.4 KB a connection beyond a bare `ws` socket here, 11.6 KB with tRPC's handler.
import type { AnyRouter } from "@trpc/server";
import type { WebSocket } from "ws";
import { Connection } from "./connection.ts";
import { WsCounters } from "./counters.ts";
import { type ConnectionRequest, DEFAULT_WS_PROTOCOL_LIMITS, type TrpcWsOptions, type WsProtocolLimits } from "./options.ts";

/** `ws` puts the close code it sends on the errors it emits (1009 too big, 1007 bad UTF-8...). */
const kStatusCode = Symbol.for("status-code");

export class TrpcWsServer<TRouter extends AnyRouter> {
  readonly #opts: TrpcWsOptions<TRouter>;
  readonly limits: WsProtocolLimits;
  readonly #connections = new Set<Connection<TRouter>>();
  /** Read by /metrics; bumped by this server and its connections. */
  readonly counters = new WsCounters();

  constructor(opts: TrpcWsOptions<TRouter>) {
    this.#opts = opts;
    this.limits = { ...DEFAULT_WS_PROTOCOL_LIMITS, ...opts.limits };
  }

  get options(): TrpcWsOptions<TRouter> {
    return this.#opts;
  }

  /** Serves one accepted socket until it closes. */
  accept(ws: WebSocket, req: ConnectionRequest): void {
    // Without a listener, `ws` throws a socket's error (an oversized frame, bad UTF-8, a reset)
    // out of the event loop: one anonymous frame would end the process. `ws` closes the socket.
    ws.on("error", (err: Error & { code?: string; [kStatusCode]?: number }) => {
      this.#opts.onRejected?.({ req, reason: err.code ?? "socket_error", closeCode: err[kStatusCode], message: err.message });
    });
    const connection = new Connection(this, ws, req);
    this.counters.connectionsOpened++;
    this.#connections.add(connection);
    ws.once("close", () => {
      this.#connections.delete(connection);
      connection.closed();
    });
  }

  /** Tells every client to reconnect (to another instance), before this one goes away. */
  broadcastReconnectNotification(): void {
    const data = JSON.stringify({ id: null, method: "reconnect" });
    for (const c of this.#connections) c.sendRaw(data);
  }

  /** Open connections. */
  get size(): number {
    return this.#connections.size;
  }
}
