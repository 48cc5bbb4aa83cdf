// Conformance of the WebSocket adapter: the same client scenarios run against our adapter and
// against tRPC's own (`getWSConnectionHandler` from @trpc/server/adapters/ws), and must behave the
// same: answers, typed errors, tracked events and resumption, `subscription.stop`, the reconnect
// notification, a context that fails. Malformed input closes the offending socket in both: tRPC's
// handler sits behind the same frame check (`readFrame`), since on its own it answers such frames
// and keeps the socket open; the last block checks that it answers them with the same errors ours
// sends before closing. Then what only ours has: the per-socket limits.
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { sharedJson, shareJson } from "@codeduel/api";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { initTRPC, TRPCError, tracked } from "@trpc/server";
import { getWSConnectionHandler } from "@trpc/server/adapters/ws";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { CLOSE, readFrame } from "../src/trpc-ws/frames.ts";
import { TrpcWsServer } from "../src/trpc-ws/server.ts";
import { until } from "./harness.ts";

interface Ctx {
  token: string | undefined;
}
const t = initTRPC.context<Ctx>().create();
/** Subscriptions whose generator is running now (their `finally` ran otherwise). */
let running = 0;
const router = t.router({
  echo: t.procedure.input(z.object({ text: z.string() })).query(({ input, ctx }) => ({ text: input.text, token: ctx.token ?? null })),
  slow: t.procedure.mutation(() => new Promise((resolve) => setTimeout(() => resolve("done"), 300))),
  refuse: t.procedure.mutation(() => {
    throw new TRPCError({ code: "CONFLICT", message: "no" });
  }),
  streamIterable: t.procedure.mutation(async function* () {
    yield 1;
  }),
  /** Every other value is marked as shared (ours sends its text made once, tRPC's stringifies it): the client sees no difference. */
  count: t.procedure.input(z.object({ to: z.number(), lastEventId: z.string().optional() })).subscription(async function* ({ input }) {
    for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.to; i++) yield tracked(String(i), i % 2 ? shareJson({ n: i }) : { n: i });
  }),
  /** One tracked event every 10 ms up to `to`, resuming after `lastEventId`. */
  ticker: t.procedure.input(z.object({ to: z.number(), lastEventId: z.string().optional() })).subscription(async function* ({ input }) {
    for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.to; i++) {
      await new Promise((r) => setTimeout(r, 10));
      yield tracked(String(i), i);
    }
  }),
  forever: t.procedure.subscription(async function* ({ signal }) {
    running++;
    try {
      yield "started";
      await new Promise((resolve) => signal?.addEventListener("abort", resolve, { once: true }));
    } finally {
      running--;
    }
  }),
});
type TestRouter = typeof router;

async function createContext({ connectionParams }: { connectionParams: Record<string, string | undefined> | null }): Promise<Ctx> {
  if (connectionParams?.token === "bad") throw new TRPCError({ code: "UNAUTHORIZED", message: "bad token" });
  return { token: connectionParams?.token };
}

interface Stack {
  url: string;
  server: Server;
  broadcastReconnect(): void;
}

interface Serving {
  onSocket(ws: WebSocket, req: IncomingMessage): void;
  broadcast(): void;
}

async function listen(serve: (wss: WebSocketServer) => Serving): Promise<Stack> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const { onSocket, broadcast } = serve(wss);
  server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, req)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`, server, broadcastReconnect: broadcast };
}

/** Ours, as the server runs it (with small limits, so the limit tests stay quick). */
function oursStack(rejected: string[]) {
  const adapter = new TrpcWsServer<TestRouter>({
    router,
    createContext,
    limits: { maxSubscriptions: 3, maxCallsInFlight: 2, connectionParamsTimeoutMs: 300 },
    sharedJson,
    onRejected: ({ reason }) => void rejected.push(reason),
  });
  let n = 0;
  return listen(() => ({
    onSocket: (ws, req) => adapter.accept(ws, { url: req.url ?? "/", connId: String(++n) }),
    broadcast: () => adapter.broadcastReconnectNotification(),
  }));
}

/**
 * tRPC's handler behind the frame check ours applies: a frame `readFrame` rejects is answered with
 * the same error frame and closes the socket; any other goes on to tRPC untouched.
 */
class CheckedSocket extends EventEmitter {
  readonly #ws: WebSocket;
  constructor(ws: WebSocket, url: string) {
    super();
    this.#ws = ws;
    let expectingParams = new URL(url, "http://x").searchParams.get("connectionParams") === "1";
    ws.on("message", (data: RawData, isBinary: boolean) => {
      const frame = readFrame(data, isBinary, expectingParams, router, 100);
      if (frame.kind !== "violation") {
        if (frame.kind === "params") expectingParams = false;
        this.emit("message", data, isBinary);
        return;
      }
      const { error, closeCode } = frame.violation;
      const shape = getErrorShape({
        config: router._def._config,
        error,
        type: "unknown",
        path: undefined,
        input: undefined,
        ctx: undefined,
      });
      ws.send(JSON.stringify({ id: null, error: shape }));
      ws.close(closeCode, error.message.slice(0, 120));
    });
    ws.on("error", (err) => this.emit("error", err));
    ws.on("close", (...args) => this.emit("close", ...args));
  }
  get readyState() {
    return this.#ws.readyState;
  }
  send(data: string) {
    this.#ws.send(data);
  }
  close(code?: number, reason?: string) {
    this.#ws.close(code, reason);
  }
  terminate() {
    this.#ws.terminate();
  }
}

function trpcStack() {
  return listen((wss) => {
    const handle = getWSConnectionHandler<TestRouter>({
      wss,
      router,
      createContext: ({ info }) => createContext({ connectionParams: info.connectionParams }),
      onError: () => {},
    });
    return {
      onSocket: (ws, req) => handle(new CheckedSocket(ws, req.url ?? "/") as unknown as WebSocket, req),
      // What applyWSSHandler's broadcastReconnectNotification sends.
      broadcast: () => {
        for (const ws of wss.clients) ws.send(JSON.stringify({ id: null, method: "reconnect" }));
      },
    };
  });
}

const closers: { close(): void }[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

function client(url: string, connectionParams?: Record<string, string>) {
  const ws = createWSClient({
    url,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 50,
    ...(connectionParams ? { connectionParams: () => connectionParams } : {}),
  });
  closers.push(ws);
  return createTRPCClient<TestRouter>({ links: [wsLink({ client: ws })] });
}

/** A raw socket that collects every frame it receives, and how it was closed. */
async function raw(url: string, path = "/") {
  const ws = new WebSocket(url + path);
  const frames: string[] = [];
  ws.on("message", (d) => frames.push(String(d)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once("close", (code, reason) => resolve({ code, reason: String(reason) }));
  });
  ws.on("error", () => {});
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  closers.push({ close: () => ws.terminate() });
  const next = async (count = 1) => {
    for (let i = 0; i < 200 && frames.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return frames.splice(0, count).map((f) => (f === "PONG" ? f : JSON.parse(f)));
  };
  return { ws, next, closed };
}

const rejected: string[] = [];
const stacks: Record<"ours" | "tRPC's", Stack> = {} as Record<"ours" | "tRPC's", Stack>;
beforeAll(async () => {
  stacks.ours = await oursStack(rejected);
  stacks["tRPC's"] = await trpcStack();
});
afterAll(async () => {
  for (const s of Object.values(stacks)) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

describe.each(["ours", "tRPC's"] as const)("%s adapter", (name) => {
  const url = () => stacks[name].url;

  it("answers queries and mutations through the typed client, with connection params in the context", async () => {
    const api = client(url(), { token: "t1" });
    expect(await api.echo.query({ text: "hi" })).toEqual({ text: "hi", token: "t1" });
    await expect(api.refuse.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" }, message: "no" });
    await expect(api.echo.query({ text: 5 as unknown as string })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await expect(api.streamIterable.mutate()).rejects.toMatchObject({ data: { code: "UNSUPPORTED_MEDIA_TYPE" } });
  });

  it("streams tracked events, resumes after lastEventId, and tells the client when a subscription ends", async () => {
    const api = client(url());
    const seen: unknown[] = [];
    await new Promise<void>((resolve) => {
      api.count.subscribe({ to: 4, lastEventId: "1" }, { onData: (e) => seen.push(e), onComplete: resolve });
    });
    expect(seen).toEqual([
      { id: "2", data: { n: 2 } },
      { id: "3", data: { n: 3 } },
      { id: "4", data: { n: 4 } },
    ]);
  });

  it("ends a subscription's generator on subscription.stop and when the socket closes", async () => {
    const api = client(url());
    const first = await new Promise<{ unsubscribe(): void }>((resolve) => {
      const sub = api.forever.subscribe(undefined, { onData: () => resolve(sub) });
    });
    expect(running).toBe(1);
    first.unsubscribe();
    await until(() => running === 0, 2000, "the subscription's generator to end");

    const socket = await raw(url());
    socket.ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "forever" } }));
    expect(await socket.next(2)).toEqual([
      { id: 1, result: { type: "started" } },
      { id: 1, result: { type: "data", data: "started" } },
    ]);
    socket.ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "forever" } }));
    expect(await socket.next()).toMatchObject([{ id: 1, error: { data: { code: "BAD_REQUEST" } } }]);
    socket.ws.send(JSON.stringify({ id: 1, method: "subscription.stop" }));
    expect(await socket.next()).toEqual([{ id: 1, result: { type: "stopped" } }]);
    await until(() => running === 0, 2000, "the stopped subscription's generator to end");
    socket.ws.send(JSON.stringify({ id: 2, method: "subscription", params: { path: "forever" } }));
    await socket.next(2);
    expect(running).toBe(1);
    socket.ws.terminate();
    await until(() => running === 0, 2000, "the subscription's generator to end with its socket");
  });

  it("answers a batch call by call, PING with PONG, and an unknown path with NOT_FOUND", async () => {
    const { ws, next } = await raw(url());
    ws.send("PING");
    expect(await next()).toEqual(["PONG"]);
    ws.send(JSON.stringify({ id: 7, method: "query", params: { path: "missing" } }));
    expect(await next()).toMatchObject([{ id: 7, error: { data: { code: "NOT_FOUND" } } }]);
    ws.send(
      JSON.stringify([
        { id: 8, method: "query", params: { path: "echo", input: { text: "a" } } },
        { id: 9, method: "query", params: { path: "echo", input: { text: "b" } } },
      ]),
    );
    const answers = await next(2);
    expect(answers.map((a) => [a.id, a.result.data.text]).sort()).toEqual([
      [8, "a"],
      [9, "b"],
    ]);
  });

  it("refuses a connection whose context cannot be created, and closes it", async () => {
    const { ws, next, closed } = await raw(url(), "/?connectionParams=1");
    ws.send(JSON.stringify({ method: "connectionParams", data: { token: "bad" } }));
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "UNAUTHORIZED" } } }]);
    await closed;
  });

  it("on the reconnect notification, the client reconnects and resumes its subscription without gaps or repeats", async () => {
    const api = client(url(), { token: "t" });
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      api.ticker.subscribe({ to: 60 }, { onData: (e) => seen.push(e.data), onComplete: resolve, onError: () => resolve() });
    });
    await until(() => seen.length >= 10, 5000, "the first events");
    stacks[name].broadcastReconnect();
    await done;
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it("closes the socket of a client that breaks the protocol, with the code naming the fault, and only that socket", async () => {
    const bystander = client(url());
    const cases: { send: (ws: WebSocket) => void; code: number; path?: string }[] = [
      { send: (ws) => ws.send("{not json"), code: CLOSE.invalidPayload },
      { send: (ws) => ws.send(Buffer.from([1, 2, 3]), { binary: true }), code: CLOSE.unsupportedData },
      { send: (ws) => ws.send(JSON.stringify({ id: 1, method: "nope", params: {} })), code: CLOSE.policyViolation },
      { send: (ws) => ws.send(JSON.stringify({ id: 1, method: "query" })), code: CLOSE.invalidPayload },
      { send: (ws) => ws.send(JSON.stringify({ id: null, method: "query", params: { path: "echo" } })), code: CLOSE.invalidPayload },
      {
        send: (ws) =>
          ws.send(JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ id: i, method: "query", params: { path: "echo" } })))),
        code: CLOSE.policyViolation,
      },
      { send: (ws) => ws.send("x".repeat(65 * 1024)), code: CLOSE.messageTooBig },
      { send: (ws) => ws.send(Buffer.from([0xc3, 0x28]), { binary: false }), code: 1007 },
      {
        send: (ws) => ws.send(JSON.stringify({ id: 1, method: "query", params: { path: "echo" } })),
        code: CLOSE.policyViolation,
        path: "/?connectionParams=1",
      },
      {
        send: (ws) => ws.send(JSON.stringify({ method: "connectionParams", data: { token: 5 } })),
        code: CLOSE.invalidPayload,
        path: "/?connectionParams=1",
      },
    ];
    for (const c of cases) {
      const socket = await raw(url(), c.path);
      c.send(socket.ws);
      expect((await socket.closed).code).toBe(c.code);
    }
    expect(await bystander.echo.query({ text: "still here" })).toMatchObject({ text: "still here" });
  });
});

describe("tRPC's adapter on its own", () => {
  it("answers malformed frames with the errors ours sends before closing", async () => {
    const bare = await listen((wss) => ({
      onSocket: getWSConnectionHandler<TestRouter>({
        wss,
        router,
        createContext: () => createContext({ connectionParams: null }),
        onError: () => {},
      }),
      broadcast: () => {},
    }));
    try {
      const ours = stacks.ours.url;
      const frames: [string | Buffer, boolean][] = [
        ["{not json", false],
        [Buffer.from([1, 2, 3]), true],
        [JSON.stringify({ id: 1, method: "nope", params: {} }), false],
      ];
      for (const [data, binary] of frames) {
        const answers = [];
        for (const target of [bare.url, ours]) {
          const socket = await raw(target);
          socket.ws.send(data, { binary });
          const [frame] = await socket.next();
          answers.push({ id: frame.id, code: frame.error?.data?.code });
        }
        expect(answers[0]).toEqual(answers[1]);
        expect(answers[0]?.code).toBeTruthy();
      }
    } finally {
      for (const c of closers.splice(0)) c.close();
      bare.server.closeAllConnections();
      await new Promise((resolve) => bare.server.close(resolve));
    }
  });
});

describe("our adapter's limits", () => {
  const url = () => stacks.ours.url;

  it("refuses a subscription past the socket's cap with TOO_MANY_REQUESTS, and serves the ones it holds", async () => {
    const { ws, next } = await raw(url());
    for (const id of [1, 2, 3]) ws.send(JSON.stringify({ id, method: "subscription", params: { path: "forever" } }));
    await next(6);
    ws.send(JSON.stringify({ id: 4, method: "subscription", params: { path: "forever" } }));
    expect(await next()).toMatchObject([{ id: 4, error: { data: { code: "TOO_MANY_REQUESTS" } } }]);
    ws.send(JSON.stringify({ id: 3, method: "subscription.stop" }));
    expect(await next()).toEqual([{ id: 3, result: { type: "stopped" } }]);
    ws.send(JSON.stringify({ id: 5, method: "subscription", params: { path: "forever" } }));
    expect(await next(2)).toEqual([
      { id: 5, result: { type: "started" } },
      { id: 5, result: { type: "data", data: "started" } },
    ]);
  });

  it("refuses a call past the socket's calls in flight with TOO_MANY_REQUESTS", async () => {
    const { ws, next } = await raw(url());
    for (const id of [1, 2, 3]) ws.send(JSON.stringify({ id, method: "mutation", params: { path: "slow" } }));
    const answers = await next(3);
    expect(answers[0]).toMatchObject({ id: 3, error: { data: { code: "TOO_MANY_REQUESTS" } } });
    expect(answers.slice(1).map((a) => a.result?.data)).toEqual(["done", "done"]);
  });

  it("closes a socket that announced connection params and never sent them", async () => {
    const { closed } = await raw(url(), "/?connectionParams=1");
    expect((await closed).code).toBe(CLOSE.policyViolation);
    expect(rejected).toContain("params_timeout");
    expect(rejected).toContain("WS_ERR_UNSUPPORTED_MESSAGE_LENGTH");
  });
});
