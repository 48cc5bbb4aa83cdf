// Fuzzing a real server process: random and malformed HTTP requests and WebSocket frames go to every
// procedure of the app router (the list comes from the router itself), anonymously, as a player of a
// live battle and as a spectator of it. Nothing may answer 5xx or INTERNAL_SERVER_ERROR, show a
// stack trace or a server path, close a socket as a server failure, or end the process; afterwards
// the server is ready and a signed-in call works. Bounded by a case budget and a time cap; the seed
// is printed, and FUZZ_SEED=<seed> replays a run.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type HttpCase, httpCase, openingParams, type WsFrame, wsCall, wsFrame } from "./fuzz-cases.ts";
import { leak, listProcedures, type Pool, Rng } from "./fuzz-values.ts";
import {
  createTestDatabase,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startBattle,
  startServer,
  type TestDatabase,
  testPrefix,
} from "./harness.ts";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
const HTTP_CASES = Number(process.env.FUZZ_HTTP_CASES ?? 6000);
const WS_SESSIONS = Number(process.env.FUZZ_WS_SESSIONS ?? 900);
/** Each phase stops at its budget or at this cap, whichever comes first. */
const PHASE_MS = Number(process.env.FUZZ_PHASE_MS ?? 20_000);
/** Close codes a server may send for bad input: normal, no status (after an error frame), 1003/1007/1008/1009, or its own 4xxx. */
const FINE_CLOSE = (code: number) => [1000, 1005, 1003, 1007, 1008, 1009].includes(code) || (code >= 4000 && code < 5000);
const PASSWORD = "correct horse battery";

let database: TestDatabase;
let server: RunningProcess & { port: number };
let bystander: Player;
const pool: Pool = { battleIds: [], userIds: [] };
/** Who a case speaks as: nobody, a player of the live battle, a spectator of it. Tokens are renewed after auth.logout. */
const identities: { name: string; username?: string; token?: string }[] = [{ name: "anonymous" }];
const findings: string[] = [];
/** What the server answered, counted by HTTP status and by close code, to see the cases reached the server. */
const answers = new Map<string, number>();
const count = (key: string) => answers.set(key, (answers.get(key) ?? 0) + 1);
const closers: (() => void)[] = [];

beforeAll(async () => {
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  database = await createTestDatabase();
  server = await startServer({
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: testPrefix(),
    // Sockets are the point here: this many opens from one address must reach the socket layer, not the opens limit.
    RATE_LIMIT_SOCKET_OPENS_PER_ADDRESS: "100000",
  });
  const { a, b, battleId } = await startBattle(server.port, ["fuzz-player", "fuzz-opponent"]);
  const spectator = await registerPlayer(server.port, "fuzz-spectator");
  bystander = await registerPlayer(server.port, "fuzz-bystander");
  for (const p of [a, b, spectator, bystander]) closers.push(p.close);
  pool.battleIds.push(battleId);
  pool.userIds.push(a.userId, b.userId, spectator.userId);
  identities.push(
    { name: "player", username: "fuzz-player", token: a.token },
    { name: "spectator", username: "fuzz-spectator", token: spectator.token },
  );
}, 90_000);

afterAll(async () => {
  for (const close of closers) close();
  await server?.stop();
  await database?.drop();
});

function report(what: string, repro: string): void {
  if (findings.length < 50) findings.push(`${what}\n    repro: ${repro.slice(0, 600)}`);
}

function describeHttp(c: HttpCase, as: string): string {
  const body = c.body === undefined ? "" : ` body(${c.body.length} chars)=${JSON.stringify(c.body.slice(0, 300))}`;
  return `[${as}] ${c.method} ${c.path.slice(0, 400)} content-type=${JSON.stringify(c.headers["content-type"])}${body}`;
}

/** After auth.logout an identity's token is dead: sign in again so later cases still reach past the auth middleware. */
async function renew(identity: (typeof identities)[number]): Promise<void> {
  if (!identity.username) return;
  const res = await fetch(`http://127.0.0.1:${server.port}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: identity.username, password: PASSWORD }),
  });
  if (res.ok) identity.token = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
}

async function runHttp(c: HttpCase, identity: (typeof identities)[number]): Promise<void> {
  const repro = describeHttp(c, identity.name);
  const abort = new AbortController();
  let streamed = false;
  const timer = setTimeout(() => abort.abort(), 15_000);
  try {
    const headers: Record<string, string> = { ...c.headers, ...(identity.token ? { authorization: `Bearer ${identity.token}` } : {}) };
    if (headers["content-type"] === "") delete headers["content-type"];
    const send = () => fetch(`http://127.0.0.1:${server.port}${c.path}`, { method: c.method, headers, body: c.body, signal: abort.signal });
    // A pooled keep-alive connection the server closed after an earlier answer (a 413, a 431) can
    // fail a POST that fetch will not retry by itself: once more, on another connection, is fair.
    const res = await send().catch((err: unknown) => {
      if (/other side closed|ECONNRESET/.test(String((err as Error).cause ?? err)) && !abort.signal.aborted) return send();
      throw err;
    });
    let text = "";
    if (res.headers.get("content-type")?.includes("text/event-stream")) {
      // A subscription over HTTP streams until closed: judge its first second.
      const reader = res.body?.getReader();
      const end = Date.now() + 1000;
      while (reader && Date.now() < end) {
        const chunk = await Promise.race([reader.read(), sleep(end - Date.now()).then(() => undefined)]);
        if (!chunk || chunk.done) break;
        text += Buffer.from(chunk.value).toString();
      }
      streamed = true;
      abort.abort();
    } else {
      text = await res.text();
    }
    count(`http ${res.status}`);
    if (res.status >= 500) report(`HTTP ${res.status}: ${text.slice(0, 300)}`, repro);
    if (text.includes('"INTERNAL_SERVER_ERROR"')) report(`INTERNAL_SERVER_ERROR in a ${res.status}: ${text.slice(0, 300)}`, repro);
    const leaked = leak(text, c.path + (c.body ?? ""));
    if (leaked) report(`internals in the answer (${res.status}): ${leaked}`, repro);
    if (c.path.includes("auth.logout") && identity.token) await renew(identity);
  } catch (err) {
    if (streamed) return;
    if (server.proc.exitCode !== null || server.proc.signalCode !== null)
      return report(`request failed, server gone: ${String(err)}`, repro);
    // A body over the limit, or a request line over Node's 16 KB header limit (431), may be refused
    // before the client has sent it all: the client then fails to write (EPIPE, ECONNRESET).
    if (c.oversized || (c.path.length > 15 * 1024 && /EPIPE|ECONNRESET/.test(String((err as Error).cause ?? err)))) return;
    if (abort.signal.aborted) return report("no answer within 15 s", repro);
    report(`request failed: ${String((err as Error).cause ?? err)}`, repro);
  } finally {
    clearTimeout(timer);
  }
}

function describeFrames(frames: WsFrame[]): string {
  return frames
    .map((f) =>
      "text" in f
        ? `text(${f.text.length})=${JSON.stringify(f.text.slice(0, 200))}`
        : `${f.binary ? "binary" : "non-utf8 text"}=${f.bytes.toString("hex")}`,
    )
    .join(" | ");
}

/** One socket: open it (maybe announcing connection params), send frames, read what comes back until it is quiet or closed. */
async function runWs(
  rng: Rng,
  identity: (typeof identities)[number],
  procs: ReturnType<typeof listProcedures>,
  budget: { oversized: number },
): Promise<void> {
  const announce = identity.token !== undefined || rng.chance(0.3);
  const frames: WsFrame[] = announce ? openingParams(rng, identity.token) : [];
  // Half the sessions send only well-formed calls (and maybe one bad frame at the end), so their
  // inputs reach the procedures; the rest send anything, and are mostly closed at the first bad frame.
  if (rng.chance(0.5)) {
    for (let i = rng.int(1, 12); i > 0; i--) frames.push(wsCall(rng, procs, pool));
    if (rng.chance(0.3)) frames.push(...wsFrame(rng, procs, pool, budget));
  } else {
    for (let i = rng.int(1, 8); i > 0; i--) frames.push(...wsFrame(rng, procs, pool, budget));
  }
  const repro = `[${identity.name}] ws /ws${announce ? "?connectionParams=1" : ""}: ${describeFrames(frames)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${announce ? "?connectionParams=1" : ""}`);
  let received = "";
  let lastActivity = Date.now();
  let closedBy: number | undefined;
  const closed = new Promise<void>((resolve) => {
    ws.on("close", (code) => {
      closedBy ??= code;
      resolve();
    });
  });
  ws.on("message", (data) => {
    received += `${String(data)}\n`;
    lastActivity = Date.now();
  });
  ws.on("error", (err) => {
    const status = /Unexpected server response: (\d+)/.exec(err.message)?.[1];
    if (status && Number(status) >= 500) report(`WebSocket upgrade answered ${status}`, repro);
    else if (!status && ws.readyState !== WebSocket.CLOSING && ws.readyState !== WebSocket.CLOSED)
      report(`socket error: ${err.message}`, repro);
  });
  const opened = await Promise.race([
    new Promise<boolean>((r) => ws.once("open", () => r(true))),
    closed.then(() => false),
    sleep(5000).then(() => false),
  ]);
  if (!opened) {
    ws.terminate();
    return;
  }
  for (const f of frames) {
    if (ws.readyState !== WebSocket.OPEN) break;
    if ("text" in f) ws.send(f.text);
    else ws.send(f.bytes, { binary: f.binary });
  }
  const end = Date.now() + 3000;
  while (ws.readyState !== WebSocket.CLOSED && Date.now() < end && Date.now() - lastActivity < 400) await sleep(50);
  const byServer = ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING;
  if (!byServer) {
    closedBy = -1;
    ws.close();
  }
  await Promise.race([closed, sleep(2000)]);
  ws.terminate();
  count(byServer ? `ws closed ${closedBy}` : "ws still open");
  if (byServer && closedBy !== undefined && !FINE_CLOSE(closedBy)) report(`socket closed by the server with ${closedBy}`, repro);
  if (received.includes('"INTERNAL_SERVER_ERROR"'))
    report(
      `INTERNAL_SERVER_ERROR frame: ${received.slice(received.indexOf("INTERNAL_SERVER_ERROR") - 200, received.indexOf("INTERNAL_SERVER_ERROR") + 200)}`,
      repro,
    );
  const sent = frames.map((f) => ("text" in f ? f.text : "")).join("\n");
  const leaked = leak(received, sent);
  if (leaked) report(`internals in a frame: ${leaked}`, repro);
  if (sent.includes('"auth.logout"') && identity.token) await renew(identity);
}

/** Runs `count` jobs, `parallel` at a time, until done or `ms` pass; says how many ran. */
async function bounded(count: number, parallel: number, ms: number, job: (i: number) => Promise<void>): Promise<number> {
  const end = Date.now() + ms;
  let next = 0;
  const lane = async () => {
    while (next < count && Date.now() < end && server.proc.exitCode === null) await job(next++);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return next;
}

it("random and malformed requests and frames to every procedure get typed answers, and the server lives on", async () => {
  const procs = listProcedures();
  const paths = procs.map((p) => p.path);
  // Read from the router itself: a router that lost its procedures must not pass vacuously.
  expect(paths).toEqual(expect.arrayContaining(["auth.me", "auth.login", "queue.events", "battle.submit", "battle.events", "profile.get"]));
  expect(new Set(procs.map((p) => p.type))).toEqual(new Set(["query", "mutation", "subscription"]));

  // The leak check must see a real stack and a path, and not mistake an echo of the client's own input for one.
  expect(leak('{"stack":"Error: boom\\n    at run (/work/main/packages/api/src/x.ts:1:2)"}')).toBeDefined();
  expect(leak("failed at node:internal/process/task_queues:105:5")).toBeDefined();
  expect(leak('{"message":"No procedure found on path \\"/work/\\""}', "/trpc//work/")).toBeUndefined();

  const httpRng = new Rng(SEED);
  const httpBudget = { oversized: 6 };
  const httpRan = await bounded(HTTP_CASES, 8, PHASE_MS, async () => {
    const identity = httpRng.pick(identities);
    await runHttp(httpCase(httpRng, procs, pool, httpBudget), identity);
  });

  const wsRng = new Rng(SEED ^ 0x5eed);
  const wsBudget = { oversized: 4 };
  const wsRan = await bounded(WS_SESSIONS, 6, PHASE_MS, async () => {
    // Each session draws from its own stream, so a failing session's frames do not depend on timing.
    const rng = new Rng(wsRng.int(0, 2 ** 31));
    await runWs(rng, rng.pick(identities), procs, wsBudget);
  });
  console.log(`fuzz seed ${SEED}: ${httpRan} HTTP cases, ${wsRan} WebSocket sessions, ${procs.length} procedures`);
  console.log(Object.fromEntries([...answers].sort()));

  if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
    report(
      `server process exited (${server.proc.exitCode ?? server.proc.signalCode}):\n${server.output().slice(-3000)}`,
      "see the cases before it",
    );
  } else {
    const ready = await fetch(`http://127.0.0.1:${server.port}/health/ready`);
    if (ready.status !== 200) report(`/health/ready answered ${ready.status} afterwards`, "after the fuzz run");
    // A failure the client never saw (its socket closed first) still shows in the server's own log.
    for (const line of server
      .output()
      .split("\n")
      .filter((l) => /"level":(50|60)/.test(l))
      .slice(0, 5)) {
      report(`the server logged an error: ${line.slice(0, 500)}`, "a case shortly before this log line");
    }
    const me = await bystander.client.auth.me.query();
    expect(me.username).toBe("fuzz-bystander");
  }
  expect(findings, `seed ${SEED}`).toEqual([]);
  // Enough cases ran to mean something (a crash early on is reported above).
  expect(httpRan).toBeGreaterThan(100);
  expect(wsRan).toBeGreaterThan(30);
}, 120_000);

it("a NUL character in a sign-in name or a submission is a typed BAD_REQUEST (it once reached Postgres and came back 500)", async () => {
  const post = async (path: string, input: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    return { status: res.status, code: ((await res.json()) as { error?: { data?: { code?: string } } }).error?.data?.code };
  };
  expect(await post("auth.login", { username: "a\u0000b", password: "whatever" })).toEqual({ status: 400, code: "BAD_REQUEST" });
  const player = identities.find((i) => i.name === "player");
  if (!player) throw new Error("no player identity");
  await renew(player);
  const [battleId] = pool.battleIds;
  expect(await post("battle.submit", { battleId, code: "print(1)\u0000", language: "python" }, player.token)).toEqual({
    status: 400,
    code: "BAD_REQUEST",
  });
});
