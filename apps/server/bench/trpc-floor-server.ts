// The third baseline for `bench:realtime`: the least any relay built on tRPC must do. It does the
// Redis floor's work (redis-ws-server.ts: an answer to every message, and the same Redis work,
// redis-pairs.ts), and what tRPC itself adds to it: its JSON wire protocol read and written, a
// mutation called through tRPC's router, and a subscription's async iterable for each receiver. It
// is served by codeduel's own WebSocket adapter (src/trpc-ws/server.ts, the cheaper of the two the
// adapter's notes measure).
// No authentication, input schema, throttle, version, stored copy, middleware or metrics: the real
// server's cost above this one is what those and the application add; this one's above the Redis
// floor is tRPC's, which no relay on tRPC can avoid.
import { initTRPC } from "@trpc/server";
import { WebSocketServer } from "ws";
import { TrpcWsServer } from "../src/trpc-ws/server.ts";
import { baselineHttpServer } from "./baseline-http.ts";
import { RedisPairs } from "./redis-pairs.ts";

// bench:realtime passes the harness's address (TEST_REDIS_URL or the local default): one source.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error("trpc-floor-server: set REDIS_URL (bench:realtime passes it)");
  process.exit(2);
}
const pairs = new RedisPairs(redisUrl);

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

const t = initTRPC.context<{ tag: string; sent: number }>().create();
const router = t.router({
  relay: t.procedure.input(relayInput).mutation(({ ctx, input }) => {
    pairs.publish(input.pair, ctx.tag, input.code);
    // The shape of the real answer.
    return { version: ++ctx.sent };
  }),
  relayed: t.procedure.input(pairInput).subscription(({ ctx, input, signal }) => {
    const inbox = new Inbox(ctx.tag);
    const leave = pairs.join(input.pair, { tag: ctx.tag, deliver: (body) => inbox.push(body) });
    signal?.addEventListener("abort", () => {
      inbox.end();
      leave();
    });
    return inbox;
  }),
});
export type TrpcFloorRouter = typeof router;

let sockets = 0;
const handler = new TrpcWsServer({
  router,
  createContext: async () => ({ tag: String(sockets++), sent: 0 }),
});
const http = baselineHttpServer(() => handler.size);
const wss = new WebSocketServer({ server: http, path: "/ws" });
wss.on("error", (err) => console.error("websocket server error", err));
wss.on("connection", (ws, req) => handler.accept(ws, { url: req.url ?? "/", connId: String(sockets) }));
http.listen(0, "127.0.0.1", () => {
  console.log(`trpc relay server listening ${(http.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => {
  pairs.close();
  process.exit(0);
});
