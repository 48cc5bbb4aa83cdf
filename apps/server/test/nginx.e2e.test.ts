// The load balancer: deploy/nginx/nginx.conf (run by deploy/nginx/local.ts, nginx installed from
// Debian when missing) in front of two server instances and two judge workers sharing Postgres and
// Redis. Everything a client does here goes through nginx: a battle to its verdict over the typed
// client's WebSocket and HTTP, a contest's standings, the client's address as the servers count it
// (TRUSTED_PROXIES=127.0.0.1, nginx's own address), and one server stopped mid-battle.
import { request } from "node:http";
import type { BattleEvent, StandingsMessage } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type LocalNginx, startNginx } from "../../../deploy/nginx/local.ts";
import {
  clientFor,
  createTestDatabase,
  EventLog,
  grantAdmin,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startBattle,
  startJudgeWorker,
  startServer,
  type TestDatabase,
  testPrefix,
  until,
} from "./harness.ts";

const prefix = testPrefix();
let database: TestDatabase;
let nginx: LocalNginx | undefined;
const servers: (RunningProcess & { port: number })[] = [];
const workers: RunningProcess[] = [];
const closers: (() => void)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JUDGE_THREADS: "2",
    // Two of everything on one machine: each picks its own metrics port.
    METRICS_PORT: "0",
    TRUSTED_PROXIES: "127.0.0.1",
    // Small enough to see which address a guest is counted against.
    RATE_LIMITS: "on",
    RATE_LIMIT_GUESTS_PER_ADDRESS: "2",
  };
  // The first server migrates; the second starts against the migrated database.
  servers.push(await startServer(env));
  servers.push(await startServer(env));
  workers.push(...(await Promise.all([startJudgeWorker(env), startJudgeWorker(env)])));
  nginx = await startNginx(servers.map((s) => s.port));
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.allSettled([nginx?.stop(), ...[...servers, ...workers].map((p) => p.stop())]);
  await database?.drop();
});

function lb(): number {
  if (!nginx) throw new Error("nginx did not start");
  return nginx.port;
}

async function player(name: string): Promise<Player> {
  const p = await registerPlayer(lb(), name);
  closers.push(p.close);
  return p;
}

/** A raw HTTP call to nginx from a loopback address of our choosing (all of 127/8 is this host). */
function callFrom(
  localAddress: string,
  method: string,
  path: string,
  body = "",
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: lb(), localAddress, method, path, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("error", reject);
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(body);
  });
}

it("proxies HTTP without naming its version, and refuses a body over the server's 1 MiB limit itself", async () => {
  const ready = await callFrom("127.0.0.1", "GET", "/health/ready");
  expect(ready.status).toBe(200);
  expect(JSON.parse(ready.body)).toMatchObject({ status: "ready" });
  expect(ready.headers.server).toBe("nginx");
  const big = await callFrom("127.0.0.1", "POST", "/trpc/auth.guest", "x".repeat(1024 * 1024 + 1));
  expect(big.status).toBe(413);
  // The 413 came from nginx: the server's own would be tRPC's JSON error.
  expect(big.body).toContain("<center>nginx</center>");
});

it("has the servers count each client by the address nginx forwards, not nginx's own nor one the client made up", async () => {
  const guest = (from: string, spoofed: string) => callFrom(from, "POST", "/trpc/auth.guest", "{}", { "x-forwarded-for": spoofed });
  // Two guests from 127.0.0.2 (the servers' allowance), claiming other addresses each time.
  expect((await guest("127.0.0.2", "198.51.100.1")).status).toBe(200);
  expect((await guest("127.0.0.2", "198.51.100.2")).status).toBe(200);
  const refused = await guest("127.0.0.2", "198.51.100.3");
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body)).toMatchObject({ error: { data: { code: "TOO_MANY_REQUESTS" } } });
  // Another client behind the same nginx has an allowance of its own: nginx's address is not the key.
  expect((await guest("127.0.0.3", "198.51.100.1")).status).toBe(200);
  // The counts the servers keep in Redis are under the real addresses, never the made-up ones.
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    const key = (address: string) => `${prefix}:rl:guest:${address}`;
    expect(await redis.exists(key("127.0.0.2"), key("127.0.0.3"))).toBe(2);
    expect(await redis.exists(key("198.51.100.1"), key("198.51.100.2"), key("198.51.100.3"), key("127.0.0.1"))).toBe(0);
  } finally {
    redis.disconnect();
  }
});

it("plays a battle to its verdicts through nginx", async () => {
  const { a, b, battleId } = await startBattle(lb(), ["nora", "otto"]);
  closers.push(a.close, b.close);
  const events = new EventLog<BattleEvent>();
  b.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
  await events.waitFor((e) => e.data.type === "battle_started", 10_000, "battle_started");
  const challenge = getChallenge((await a.client.battle.get.query({ battleId })).challenge.id);
  if (!challenge) throw new Error("unknown challenge");

  const wrong = await a.client.battle.submit.mutate({ battleId, code: challenge.wrong.javascript });
  const first = await events.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === wrong.submissionId, 30_000, "a verdict");
  expect(first.data).toMatchObject({ status: "wrong_answer", userId: a.userId });
  const right = await a.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
  const second = await events.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === right.submissionId, 30_000, "a verdict");
  expect(second.data).toMatchObject({ status: "accepted", userId: a.userId });
  const finished = await events.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
  expect(finished.data).toMatchObject({ winnerId: a.userId, reason: "solved" });
  a.close();
  b.close();
});

it("runs a contest through nginx: participants register and submit, and the standings change", async () => {
  const org = await player("lb-org");
  await grantAdmin(database.url, org.userId);
  const sumArray = getChallenge("sum-array");
  if (!sumArray) throw new Error("no sum-array");
  const now = Date.now();
  const { contestId } = await org.client.contestAdmin.create.mutate({
    title: "Behind the balancer",
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 600_000).toISOString(),
    problems: [{ challengeId: "sum-array" }],
  });
  const [pia, quin] = await Promise.all([player("lb-pia"), player("lb-quin")]);
  await pia.client.contest.register.mutate({ contestId });
  await quin.client.contest.register.mutate({ contestId });

  const board = new EventLog<StandingsMessage>();
  org.client.contest.standings.subscribe({ contestId }, { onData: (m) => board.push(m.data as StandingsMessage) });
  const first = await board.waitFor((m) => m.type === "board", 10_000, "the board");
  expect(first.type === "board" && first.rows.map((r) => r.cells.A?.acceptedMs ?? null)).toEqual([null, null]);

  const cellOf = (userId: string, settled: (c: { acceptedMs: number | null; attempts: number; pending: number }) => boolean) =>
    board.waitFor(
      (m) => m.type === "change" && m.change.type === "cell" && m.change.userId === userId && settled(m.change.cell),
      30_000,
      `a standings change for ${userId}`,
    );
  await pia.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: sumArray.reference.javascript });
  await quin.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: sumArray.wrong.javascript });
  const solved = await cellOf(pia.userId, (c) => c.acceptedMs !== null && c.pending === 0);
  const rejected = await cellOf(quin.userId, (c) => c.acceptedMs === null && c.attempts === 1 && c.pending === 0);
  expect(solved.type === "change" && solved.change.type === "cell" && solved.change.cell.attempts).toBe(0);
  expect(rejected.type === "change" && rejected.change.type === "cell" && rejected.change.name).toBe("lb-quin");
  // Every change in order, none missing.
  const seqs = board.events.map((m) => m.seq);
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
  org.close();
  pia.close();
  quin.close();
});

/** Open WebSockets on one server instance, from its own /health (bypassing nginx). */
async function socketsOn(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return ((await res.json()) as { websocket: { connections: number } }).websocket.connections;
}

// Last in this file: it stops a server.
it("when a server is stopped, its clients reconnect through nginx to the other and finish their battle", async () => {
  const { a, b, battleId } = await startBattle(lb(), ["rita", "sven"]);
  a.close();
  b.close();
  // The earlier tests' sockets are gone, so the counts below are these two players' alone.
  await until(async () => (await Promise.all(servers.map((s) => socketsOn(s.port)))).every((n) => n === 0), 10_000, "idle servers");
  // Both players on sockets through nginx that retry quickly; least_conn spreads them over the two.
  const [rita, sven] = [a, b].map((p) => ({ ...p, ...clientFor(lb(), p.token, { retryDelayMs: 200 }) }));
  if (!rita || !sven) throw new Error("unreachable");
  closers.push(rita.close, sven.close);
  const logs = [rita, sven].map((p) => {
    const log = new EventLog<BattleEvent>();
    p.client.battle.events.subscribe({ battleId }, { onData: (e) => log.push(e.data as BattleEvent) });
    return log;
  });
  for (const log of logs) await log.waitFor((e) => e.data.type === "battle_started", 10_000, "battle_started");

  // Stop the instance holding more of the players' sockets (at least one of the two).
  const counts = await Promise.all(servers.map((s) => socketsOn(s.port)));
  expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(2);
  const stopped = (counts[0] ?? 0) >= (counts[1] ?? 0) ? 0 : 1;
  const [going, staying] = stopped === 0 ? [servers[0], servers[1]] : [servers[1], servers[0]];
  if (!going || !staying) throw new Error("servers did not start");
  expect(counts[stopped]).toBeGreaterThan(0);
  await going.stop("SIGTERM");
  await until(async () => (await socketsOn(staying.port)) === 2, 10_000, "both players' sockets on the remaining server");

  // nginx sends every request to the remaining server: plain GETs, and mutations over HTTP.
  for (let i = 0; i < 10; i++) expect((await callFrom("127.0.0.1", "GET", "/health/ready")).status).toBe(200);
  const httpRita = clientFor(lb(), rita.token);
  closers.push(httpRita.close);
  for (let i = 0; i < 5; i++) await httpRita.client.battle.updateCode.mutate({ battleId, code: `// still here ${i}` });

  const challenge = getChallenge((await sven.client.battle.get.query({ battleId })).challenge.id);
  if (!challenge) throw new Error("unknown challenge");
  const { submissionId } = await sven.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
  for (const log of logs) {
    const finished = await log.waitFor((e) => e.data.type === "battle_finished", 30_000, "battle_finished after the hand-over");
    expect(finished.data).toMatchObject({ winnerId: sven.userId, reason: "solved" });
    expect(log.events.find((e) => e.data.type === "verdict")?.data).toMatchObject({ submissionId, status: "accepted" });
    // Each moved subscription resumed where it left off: every event once, in order.
    const seqs = log.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  }
  // nginx saw the stopped server refuse, and moved on.
  expect(nginx?.output()).toMatch(new RegExp(`connect\\(\\) failed \\(111: Connection refused\\)[^\\n]*127\\.0\\.0\\.1:${going.port}`));
});
