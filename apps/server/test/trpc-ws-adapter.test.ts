// The WebSocket adapter against @trpc/client's wsLink and against raw frames: every message kind
// of the protocol, the errors a broken client gets, and that no subscription outlives its socket.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { initTRPC, TRPCError, tracked } from "@trpc/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { z } from "zod";
import { TrpcWsServer } from "../src/trpc-ws-adapter.ts";
import { until } from "./harness.ts";

interface Ctx {
  token: string | undefined;
}
const t = initTRPC.context<Ctx>().create();
/** Subscriptions whose generator is running now (their `finally` ran otherwise). */
let running = 0;
const router = t.router({
  echo: t.procedure.input(z.object({ text: z.string() })).query(({ input, ctx }) => ({ text: input.text, token: ctx.token ?? null })),
  refuse: t.procedure.mutation(() => {
    throw new TRPCError({ code: "CONFLICT", message: "no" });
  }),
  streamIterable: t.procedure.mutation(async function* () {
    yield 1;
  }),
  count: t.procedure.input(z.object({ to: z.number(), lastEventId: z.string().optional() })).subscription(async function* ({ input }) {
    for (let i = Number(input.lastEventId ?? 0) + 1; i <= input.to; i++) yield tracked(String(i), { n: i });
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

let server: Server;
let adapter: TrpcWsServer<TestRouter>;
let url: string;
const reported: string[] = [];

beforeAll(async () => {
  server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  adapter = new TrpcWsServer<TestRouter>({
    router,
    createContext: async ({ connectionParams }) => {
      if (connectionParams?.token === "bad") throw new TRPCError({ code: "UNAUTHORIZED", message: "bad token" });
      return { token: connectionParams?.token };
    },
    onError: ({ error }) => void reported.push(error.code),
  });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => adapter.accept(ws, { url: req.url ?? "/", connId: randomUUID() }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const clients: { close(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

function client(connectionParams?: Record<string, string>) {
  const ws = createWSClient({
    url,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    ...(connectionParams ? { connectionParams: () => connectionParams } : {}),
  });
  clients.push(ws);
  return createTRPCClient<TestRouter>({ links: [wsLink({ client: ws })] });
}

/** A raw socket that collects every frame it receives. */
async function raw(path = "/") {
  const ws = new WebSocket(url + path);
  const frames: string[] = [];
  ws.on("message", (d) => frames.push(String(d)));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  clients.push({ close: () => ws.close() });
  const next = async (count = 1) => {
    for (let i = 0; i < 200 && frames.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return frames.splice(0, count).map((f) => (f === "PONG" ? f : JSON.parse(f)));
  };
  return { ws, next };
}

describe("the tRPC WebSocket adapter", () => {
  it("answers queries and mutations through the typed client, with connection params in the context", async () => {
    const api = client({ token: "t1" });
    expect(await api.echo.query({ text: "hi" })).toEqual({ text: "hi", token: "t1" });
    await expect(api.refuse.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" }, message: "no" });
    await expect(api.echo.query({ text: 5 as unknown as string })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await expect(api.streamIterable.mutate()).rejects.toMatchObject({ data: { code: "UNSUPPORTED_MEDIA_TYPE" } });
  });

  it("streams tracked events, resumes after lastEventId, and tells the client when a subscription ends", async () => {
    const api = client();
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

  it("ends a subscription's generator when the client unsubscribes and when the socket closes", async () => {
    const api = client();
    const first = await new Promise<{ unsubscribe(): void }>((resolve) => {
      const sub = api.forever.subscribe(undefined, { onData: () => resolve(sub) });
    });
    expect(running).toBe(1);
    first.unsubscribe();
    await until(() => running === 0, 2000, "the subscription's generator to end");
    expect(running).toBe(0);

    const socket = await raw();
    socket.ws.send(JSON.stringify({ id: 1, method: "subscription", params: { path: "forever" } }));
    expect(await socket.next(2)).toEqual([
      { id: 1, result: { type: "started" } },
      { id: 1, result: { type: "data", data: "started" } },
    ]);
    expect(running).toBe(1);
    socket.ws.terminate();
    await until(() => running === 0, 2000, "the subscription's generator to end");
    expect(running).toBe(0);
  });

  it("answers broken frames with a typed error and keeps serving the connection", async () => {
    const { ws, next } = await raw();
    ws.send("PING");
    expect(await next()).toEqual(["PONG"]);
    ws.send("{not json");
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "PARSE_ERROR" } } }]);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "UNPROCESSABLE_CONTENT" } } }]);
    ws.send(JSON.stringify({ id: 1, method: "nope", params: {} }));
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "PARSE_ERROR" } } }]);
    ws.send(
      JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ id: i, method: "query", params: { path: "echo", input: { text: "x" } } }))),
    );
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "BAD_REQUEST" } } }]);
    ws.send(JSON.stringify({ id: 7, method: "query", params: { path: "missing" } }));
    expect(await next()).toMatchObject([{ id: 7, error: { data: { code: "NOT_FOUND" } } }]);
    // A batch is answered call by call.
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
    ws.send(JSON.stringify({ id: 10, method: "subscription", params: { path: "forever" } }));
    await next(2);
    ws.send(JSON.stringify({ id: 10, method: "subscription", params: { path: "forever" } }));
    expect(await next()).toMatchObject([{ id: 10, error: { data: { code: "BAD_REQUEST" } } }]);
    ws.send(JSON.stringify({ id: 10, method: "subscription.stop" }));
    expect(await next()).toEqual([{ id: 10, result: { type: "stopped" } }]);
    expect(reported).toContain("PARSE_ERROR");
  });

  it("refuses a connection whose context cannot be created, and closes it", async () => {
    const { ws, next } = await raw("/?connectionParams=1");
    const closed = new Promise((resolve) => ws.once("close", resolve));
    ws.send(JSON.stringify({ method: "connectionParams", data: { token: "bad" } }));
    expect(await next()).toMatchObject([{ id: null, error: { data: { code: "UNAUTHORIZED" } } }]);
    await closed;
  });

  it("tells every client to reconnect", async () => {
    const { next } = await raw();
    const before = adapter.size;
    expect(before).toBeGreaterThan(0);
    adapter.broadcastReconnectNotification();
    expect(await next()).toEqual([{ id: null, method: "reconnect" }]);
  });
});
