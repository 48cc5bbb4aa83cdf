// One socket of the tRPC-over-WebSocket server: its context, its calls and subscriptions, and the
// answers and errors it sends, in the wire format @trpc/client's `wsLink` reads.
import type { AnyRouter, inferRouterContext } from "@trpc/server";
import {
  callProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isTrackedEnvelope,
  type ProcedureType,
  TRPCError,
} from "@trpc/server/unstable-core-do-not-import";
import type { RawData, WebSocket } from "ws";
import type { WsCounters } from "./counters.ts";
import { CLOSE, type ConnectionParams, makeViolation, type ParsedMessage, readFrame, type Violation } from "./frames.ts";
import type { ConnectionRequest, TrpcWsOptions, WsProtocolLimits } from "./options.ts";
import { STOPPED, Subscription } from "./subscription.ts";

const OPEN = 1;

type Id = string | number | null;
type ContextResult<TCtx> = { ok: true; ctx: TCtx } | { ok: false };

/** What a connection needs of the server that accepted it. */
export interface ConnectionHost<TRouter extends AnyRouter> {
  readonly options: TrpcWsOptions<TRouter>;
  readonly limits: WsProtocolLimits;
  readonly counters: WsCounters;
}

export class Connection<TRouter extends AnyRouter> {
  readonly #server: ConnectionHost<TRouter>;
  readonly #ws: WebSocket;
  readonly #req: ConnectionRequest;
  /** Pending until the connection params arrive when the client said it would send them. */
  #context: Promise<ContextResult<inferRouterContext<TRouter>>> | undefined;
  #ctx: inferRouterContext<TRouter> | undefined;
  #subscriptions: Map<Id, Subscription> | undefined;
  /** Aborted when the socket closes: the signal of every query and mutation. */
  #closing: AbortController | undefined;
  /** Queries and mutations running now. */
  #inFlight = 0;
  /** Closes a socket that announced connection params and never sent them. */
  #paramsTimer: NodeJS.Timeout | undefined;

  constructor(server: ConnectionHost<TRouter>, ws: WebSocket, req: ConnectionRequest) {
    this.#server = server;
    this.#ws = ws;
    this.#req = req;
    if (!new URL(req.url, "http://localhost").searchParams.has("connectionParams")) this.#context = this.#createContext(null);
    else {
      this.#paramsTimer = setTimeout(() => {
        this.#violate(makeViolation("params_timeout", CLOSE.policyViolation, "No connection params within the time allowed"));
      }, server.limits.connectionParamsTimeoutMs).unref();
    }
    ws.on("message", (data, isBinary) => {
      try {
        this.#onMessage(data, isBinary);
      } catch (cause) {
        // Never the client's fault, and never out of this listener (it would end the process).
        this.#report(getTRPCErrorFromUnknown(cause), undefined, "unknown");
        this.#ws.close(CLOSE.internalError, "Internal server error");
      }
    });
  }

  get #opts(): TrpcWsOptions<TRouter> {
    return this.#server.options;
  }

  sendRaw(data: string): void {
    if (this.#ws.readyState === OPEN) this.#ws.send(data);
  }

  closed(): void {
    clearTimeout(this.#paramsTimer);
    for (const sub of this.#subscriptions?.values() ?? []) sub.stop();
    this.#subscriptions?.clear();
    this.#closing?.abort();
  }

  async #createContext(connectionParams: ConnectionParams): Promise<ContextResult<inferRouterContext<TRouter>>> {
    try {
      this.#ctx = await this.#opts.createContext({ req: this.#req, connectionParams });
      return { ok: true, ctx: this.#ctx };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      this.#report(error, undefined, "unknown");
      this.#respondError(null, undefined, error, "unknown", undefined, undefined);
      setImmediate(() => this.#ws.close());
      return { ok: false };
    }
  }

  #onMessage(raw: RawData, isBinary: boolean): void {
    const limits = this.#server.limits;
    this.#server.counters.framesReceived++;
    const frame = readFrame(raw, isBinary, this.#context === undefined, this.#opts.router, limits.maxBatch);
    switch (frame.kind) {
      case "ping":
        this.sendRaw("PONG");
        return;
      case "pong":
        return;
      case "violation":
        this.#violate(frame.violation);
        return;
      case "params":
        clearTimeout(this.#paramsTimer);
        this.#context = this.#createContext(frame.params);
        return;
      case "calls":
        for (const [index, msg] of frame.messages.entries()) {
          this.#handle(msg, index).catch((cause: unknown) => this.#report(getTRPCErrorFromUnknown(cause), undefined, "unknown"));
        }
    }
  }

  /**
   * A frame outside the protocol: the client is told why (an error with id null, as tRPC's adapter
   * answers it), then its socket alone is closed with the code that names the fault.
   */
  #violate(v: Violation): void {
    const message = v.error.message;
    this.#opts.onRejected?.({ req: this.#req, reason: v.reason, closeCode: v.closeCode, message });
    this.#refuse(v.error);
    // A close reason is at most 123 bytes.
    if (this.#ws.readyState === OPEN) this.#ws.close(v.closeCode, message.slice(0, 120));
  }

  /** An error that belongs to no call (id null), as tRPC's adapter sends it. */
  #refuse(error: TRPCError): void {
    this.#report(error, undefined, "unknown");
    this.#respondError(null, undefined, error, "unknown", undefined, undefined);
  }

  async #handle(msg: ParsedMessage, batchIndex: number): Promise<void> {
    const { id, jsonrpc } = msg;
    if (msg.method === "subscription.stop") {
      this.#subscriptions?.get(id)?.stop();
      return;
    }
    const type = msg.method;
    const { path, lastEventId } = msg.params;
    let input = msg.params.input;
    if (lastEventId !== undefined) {
      if (input !== null && typeof input === "object" && !Array.isArray(input)) input = { ...input, lastEventId };
      else input ??= { lastEventId };
    }
    const limits = this.#server.limits;
    if (type === "subscription") {
      this.#subscriptions ??= new Map();
      if (this.#subscriptions.has(id)) {
        this.#failed(id, jsonrpc, new TRPCError({ code: "BAD_REQUEST", message: `Duplicate id ${id}` }), type, path, input);
        return;
      }
      if (this.#subscriptions.size >= limits.maxSubscriptions) {
        const message = `At most ${limits.maxSubscriptions} subscriptions on one connection`;
        this.#failed(id, jsonrpc, new TRPCError({ code: "TOO_MANY_REQUESTS", message }), type, path, input);
        return;
      }
      const sub = new Subscription();
      this.#subscriptions.set(id, sub);
      this.#server.counters.subscriptionsStarted++;
      try {
        await this.#subscribe(sub, id, jsonrpc, path, input, batchIndex);
      } finally {
        // Aborts the procedure's signal however it ended, a resolver that threw after it started
        // listening included: what it listens with is released by that signal.
        sub.stop();
        this.#subscriptions.delete(id);
        this.#server.counters.subscriptionsEnded++;
      }
      return;
    }
    if (this.#inFlight >= limits.maxCallsInFlight) {
      const message = `At most ${limits.maxCallsInFlight} calls in flight on one connection`;
      this.#failed(id, jsonrpc, new TRPCError({ code: "TOO_MANY_REQUESTS", message }), type, path, input);
      return;
    }
    this.#inFlight++;
    try {
      await this.#query(id, jsonrpc, type, path, input, batchIndex);
    } finally {
      this.#inFlight--;
    }
  }

  async #query(id: Id, jsonrpc: "2.0" | undefined, type: "query" | "mutation", path: string, input: unknown, batchIndex: number) {
    const context = await this.#context;
    if (!context?.ok) return;
    try {
      this.#closing ??= new AbortController();
      const data = await this.#call(context.ctx, type, path, input, this.#closing.signal, batchIndex);
      if (isAsyncIterable(data)) {
        throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: `Cannot return an async iterable from a ${type} procedure` });
      }
      this.#respondData(id, jsonrpc, { type: "data", data });
    } catch (cause) {
      this.#failed(id, jsonrpc, getTRPCErrorFromUnknown(cause), type, path, input);
    }
  }

  async #subscribe(sub: Subscription, id: Id, jsonrpc: "2.0" | undefined, path: string, input: unknown, batchIndex: number): Promise<void> {
    const context = await this.#context;
    if (!context?.ok || sub.controller.signal.aborted) return;
    let iterator: AsyncIterator<unknown>;
    try {
      const result = await this.#call(context.ctx, "subscription", path, input, sub.controller.signal, batchIndex);
      if (!isAsyncIterable(result)) {
        throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Subscription ${path} did not return an async generator` });
      }
      iterator = result[Symbol.asyncIterator]();
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      // A subscription stopped while it was starting ends quietly.
      if (!sub.controller.signal.aborted) this.#failed(id, jsonrpc, error, "subscription", path, input);
      return;
    }
    if (sub.controller.signal.aborted) {
      await this.#end(iterator, path);
      return;
    }
    this.#respondData(id, jsonrpc, { type: "started" });
    try {
      while (true) {
        const next = await sub.next(iterator);
        if (next === STOPPED || next.done) break;
        this.#server.counters.messagesRelayed++;
        if (isTrackedEnvelope(next.value)) {
          const [eventId, data] = next.value;
          const text = this.#sharedJson(data);
          if (text !== undefined) this.#sendTracked(id, jsonrpc, eventId, text);
          else this.#respondData(id, jsonrpc, { type: "data", id: eventId, data: { id: eventId, data } });
        } else {
          this.#respondData(id, jsonrpc, { type: "data", data: next.value });
        }
      }
    } catch (cause) {
      if (!sub.controller.signal.aborted) this.#failed(id, jsonrpc, getTRPCErrorFromUnknown(cause), "subscription", path, input);
    } finally {
      sub.stop();
      await this.#end(iterator, path);
    }
    this.#respondData(id, jsonrpc, { type: "stopped" });
  }

  /** Runs a procedure through tRPC: its middleware, input parser and resolver. */
  #call(
    ctx: inferRouterContext<TRouter>,
    type: ProcedureType,
    path: string,
    input: unknown,
    signal: AbortSignal,
    batchIndex: number,
  ): Promise<unknown> {
    return callProcedure({ router: this.#opts.router, path, getRawInput: async () => input, ctx, type, signal, batchIndex });
  }

  /** Ends the procedure's generator (its `finally` blocks run) once its pending step settles. */
  async #end(iterator: AsyncIterator<unknown>, path: string): Promise<void> {
    try {
      await iterator.return?.();
    } catch (cause) {
      this.#report(getTRPCErrorFromUnknown(cause), path, "subscription");
    }
  }

  #respondData(id: Id, jsonrpc: "2.0" | undefined, result: { type: "data" | "started" | "stopped"; id?: string; data?: unknown }): void {
    if (this.#ws.readyState !== OPEN) return;
    if ("data" in result) result.data = this.#opts.router._def._config.transformer.output.serialize(result.data);
    this.#ws.send(JSON.stringify({ id, jsonrpc, result }));
  }

  /** A value's text when it was serialised once for all its sockets (and no transformer would change it). */
  #sharedJson(data: unknown): string | undefined {
    const text = this.#opts.sharedJson?.(data);
    if (text === undefined) return undefined;
    return this.#opts.router._def._config.transformer.output.serialize(data) === data ? text : undefined;
  }

  /** The frame `#respondData` would send for a tracked value, around the value's ready text. */
  #sendTracked(id: Id, jsonrpc: "2.0" | undefined, eventId: string, text: string): void {
    if (this.#ws.readyState !== OPEN) return;
    const eid = JSON.stringify(eventId);
    const rpc = jsonrpc === undefined ? "" : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
    this.#ws.send(`{"id":${JSON.stringify(id)},${rpc}"result":{"type":"data","id":${eid},"data":{"id":${eid},"data":${text}}}}`);
  }

  #failed(id: Id, jsonrpc: "2.0" | undefined, error: TRPCError, type: ProcedureType, path: string, input: unknown): void {
    this.#report(error, path, type);
    this.#respondError(id, jsonrpc, error, type, path, input);
  }

  #respondError(
    id: Id,
    jsonrpc: "2.0" | undefined,
    error: TRPCError,
    type: ProcedureType | "unknown",
    path: string | undefined,
    input: unknown,
  ): void {
    if (this.#ws.readyState !== OPEN) return;
    const config = this.#opts.router._def._config;
    let shape: unknown;
    try {
      shape = getErrorShape({ config, error, type, path, input, ctx: this.#ctx });
    } catch (cause) {
      this.#report(getTRPCErrorFromUnknown(cause), path, type);
      shape = { code: -32603, message: "Internal server error", data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } };
    }
    this.#ws.send(JSON.stringify({ id, jsonrpc, error: config.transformer.output.serialize(shape) }));
  }

  #report(error: TRPCError, path: string | undefined, type: ProcedureType | "unknown"): void {
    try {
      this.#opts.onError?.({ error, path, type, ctx: this.#ctx });
    } catch {
      // A failing error reporter must not take the connection down.
    }
  }
}
