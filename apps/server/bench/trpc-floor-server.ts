// The third baseline for `bench:realtime`: the least any relay built on tRPC must do. It does the
// Redis floor's work (redis-ws-server.ts: an answer to every message, one PUBLISH pipeline per
// event-loop pass, one subscriber connection for every channel), and what tRPC itself adds to it:
// its JSON wire protocol read and written, a mutation called through tRPC's router, and a
// subscription's async iterable for each receiver. It is served by codeduel's own WebSocket adapter
// (src/trpc-ws/server.ts, the cheaper of the two the adapter's notes measure).
// No authentication, input schema, throttle, version, stored copy, middleware or metrics: the real
// server's cost above this one is what those and the application add; this one's above the Redis
// floor is tRPC's, which no relay on tRPC can avoid.
import { initTRPC } from "@trpc/server";
import { Redis } from "ioredis";
import { WebSocketServer } from "ws";
import { TrpcWsServer } from "../src/trpc-ws/server.ts";
import { baselineHttpServer } from "./baseline-http.ts";

// bench:realtime passes the harness's address (TEST_REDIS_URL or the local default): one source.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error("trpc-floor-server: set REDIS_URL (bench:realtime passes it)");
  process.exit(2);
}
const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
/** Channels of this process only, so runs never hear each other. */
const channelPrefix = `bench-trpc-relay-${process.pid}:`;

/** One subscription's messages: the least an async iterable must hold (values, or a waiting reader). */
class Inbox implements AsyncIterator<string> {
  readonly #values: string[] = [];
  #waiting: ((r: IteratorResult<string>) => void) | undefined;
  #done = false;
  readonly tag: string;

  constructor(tag: string) {
    this.tag = tag;
  }

  push(value: string): void {
    const wake = this.#waiting;
    if (!wake) this.#values.push(value);
    else {
      this.#waiting = undefined;
      wake({ value, done: false });
    }
  }

  end(): void {
    this.#done = true;
    this.#waiting?.({ value: undefined, done: true });
    this.#waiting = undefined;
  }

  next(): Promise<IteratorResult<string>> {
    const value = this.#values.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<string>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

const inboxes = new Map<string, Set<Inbox>>();
sub.on("message", (channel: string, message: string) => {
  const set = inboxes.get(channel.slice(channelPrefix.length));
  if (!set) return;
  const newline = message.indexOf("\n");
  const author = message.slice(0, newline);
  const body = message.slice(newline + 1);
  for (const inbox of set) if (inbox.tag !== author) inbox.push(body);
});

let pending: { channel: string; message: string }[] = [];
let flushScheduled = false;
function flush(): void {
  flushScheduled = false;
  const batch = pending;
  pending = [];
  const pipeline = pub.pipeline();
  for (const { channel, message } of batch) pipeline.publish(channel, message);
  pipeline.exec().catch((err: unknown) => console.error("publish failed", err));
}

/** The least input check a server facing strangers must make: the shape, without a schema library. */
function relayInput(raw: unknown): { pair: string; code: string } {
  const v = raw as { pair?: unknown; code?: unknown } | null;
  if (typeof v?.pair !== "string" || typeof v.code !== "string") throw new Error("pair and code must be strings");
  return { pair: v.pair, code: v.code };
}

function pairInput(raw: unknown): { pair: string } {
  const v = raw as { pair?: unknown } | null;
  if (typeof v?.pair !== "string") throw new Error("pair must be a string");
  return { pair: v.pair };
}

const t = initTRPC.context<{ tag: string }>().create();
const router = t.router({
  relay: t.procedure.input(relayInput).mutation(({ ctx, input }) => {
    pending.push({ channel: channelPrefix + input.pair, message: `${ctx.tag}\n${input.code}` });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    // The shape of the real answer.
    return { version: pending.length };
  }),
  relayed: t.procedure.input(pairInput).subscription(({ ctx, input, signal }) => {
    const inbox = new Inbox(ctx.tag);
    let set = inboxes.get(input.pair);
    if (!set) {
      set = new Set();
      inboxes.set(input.pair, set);
      sub.subscribe(channelPrefix + input.pair).catch((err: unknown) => console.error("subscribe failed", err));
    }
    set.add(inbox);
    signal?.addEventListener("abort", () => {
      inbox.end();
      set.delete(inbox);
      if (set.size > 0) return;
      inboxes.delete(input.pair);
      sub.unsubscribe(channelPrefix + input.pair).catch((err: unknown) => console.error("unsubscribe failed", err));
    });
    return inbox;
  }),
});
export type TrpcFloorRouter = typeof router;

let sockets = 0;
const handler = new TrpcWsServer({
  router,
  createContext: async () => ({ tag: String(sockets++) }),
});
const http = baselineHttpServer(() => handler.size);
const wss = new WebSocketServer({ server: http, path: "/ws" });
wss.on("connection", (ws, req) => handler.accept(ws, { url: req.url ?? "/", connId: String(sockets) }));
http.listen(0, "127.0.0.1", () => {
  console.log(`trpc relay server listening ${(http.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => {
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
