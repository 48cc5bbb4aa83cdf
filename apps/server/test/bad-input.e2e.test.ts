// What a stranger can send a real server process: a WebSocket frame over the size limit (which
// once ended the whole process), too many sockets, the wrong path, bad input over HTTP. Each is
// refused with a typed answer for that client alone, logged once; the server serves everyone else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  createTestDatabase,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startServer,
  type TestDatabase,
  testPrefix,
  until,
} from "./harness.ts";

let database: TestDatabase;
let server: RunningProcess & { port: number };
const sockets: WebSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: testPrefix(),
    WS_MAX_SOCKETS_PER_USER: "2",
    WS_MAX_SOCKETS_PER_ADDRESS: "6",
    WS_CONNECTION_PARAMS_TIMEOUT_MS: "500",
  });
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await server?.stop();
  await database?.drop();
});

function open(path = "/ws"): Promise<{ ws: WebSocket; frames: unknown[]; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
  sockets.push(ws);
  const frames: unknown[] = [];
  ws.on("message", (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames, closed }));
    ws.once("error", reject);
  });
}

async function ready(): Promise<number> {
  return (await fetch(`http://127.0.0.1:${server.port}/health/ready`)).status;
}

describe("a stranger's WebSocket", () => {
  it("sending a 3 MB frame gets its socket closed with 1009, and the server lives on", async () => {
    const { ws, closed } = await open();
    ws.send("x".repeat(3 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect(server.proc.exitCode).toBeNull();
    expect(await ready()).toBe(200);
    expect(server.output()).toMatch(/"reason":"WS_ERR_UNSUPPORTED_MESSAGE_LENGTH".*websocket closed: bad input/);
  });

  it("sending binary, broken JSON or an unknown method closes that socket alone, with the code that names it", async () => {
    const player = await registerPlayer(server.port, "bystander");
    try {
      await player.client.auth.me.query();
      for (const [frame, code] of [
        [Buffer.from([0, 1, 2]), 1003],
        ["{]", 1007],
        [JSON.stringify({ id: 1, method: "delete", params: { path: "auth.me" } }), 1008],
      ] as const) {
        const { ws, closed } = await open();
        ws.send(frame);
        expect(await closed).toBe(code);
      }
      expect((await player.client.auth.me.query()).username).toBe("bystander");
    } finally {
      player.close();
    }
  });

  it("a socket that announces connection params and sends none is closed after the wait", async () => {
    const { closed } = await open("/ws?connectionParams=1");
    expect(await closed).toBe(1008);
  });

  it("the wrong path gets 404, and past the address's cap a socket gets 429 before any upgrade", async () => {
    await expect(open("/elsewhere")).rejects.toThrow(/404/);
    await until(async () => (await health()).tracked === 0, 5000, "earlier sockets to be released");
    const held = await Promise.all(Array.from({ length: 6 }, () => open()));
    await expect(open()).rejects.toThrow(/429/);
    for (const { ws } of held) ws.close();
    await until(async () => (await health()).tracked === 0, 5000, "the address's sockets to be released");
    const again = await open();
    again.ws.close();
  });

  it("a player's third socket is refused with TOO_MANY_REQUESTS and closed; the first two keep working", async () => {
    const player = await registerPlayer(server.port, "many-tabs");
    player.close();
    const signIn = async () => {
      const tab = await open("/ws?connectionParams=1");
      tab.ws.send(JSON.stringify({ method: "connectionParams", data: { token: player.token } }));
      return tab;
    };
    const me = async (tab: Awaited<ReturnType<typeof open>>) => {
      const id = Math.floor(Math.random() * 1e9);
      tab.ws.send(JSON.stringify({ id, method: "query", params: { path: "auth.me" } }));
      await until(() => tab.frames.some((f) => (f as { id?: unknown }).id === id), 5000, "auth.me over the socket");
      return tab.frames.find((f) => (f as { id?: unknown }).id === id);
    };
    const tabs = [await signIn(), await signIn()];
    for (const tab of tabs) expect(await me(tab)).toMatchObject({ result: { data: { username: "many-tabs" } } });
    const third = await signIn();
    await third.closed;
    expect(third.frames).toMatchObject([{ id: null, error: { data: { code: "TOO_MANY_REQUESTS" } } }]);
    for (const tab of tabs) expect(await me(tab)).toMatchObject({ result: { data: { username: "many-tabs" } } });
    for (const tab of tabs) tab.ws.close();
  });
});

describe("bad input over HTTP", () => {
  it("gets a typed error and the request's id, and is logged once under that id", async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: 42 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { data: { code: string; stack?: unknown } } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.data.stack).toBeUndefined();
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => server.output().includes(`"reqId":"${id}"`), 2000, "the request's log line");
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.includes(`"reqId":"${id}"`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"code":"BAD_REQUEST"');
  });
});

/** Sockets this server holds now, from its own counters. */
async function health(): Promise<{ tracked: number }> {
  const body = (await (await fetch(`http://127.0.0.1:${server.port}/health`)).json()) as { websocket?: { addresses?: number } };
  return { tracked: body.websocket?.addresses ?? -1 };
}
