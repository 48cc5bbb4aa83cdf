// `npm run bench:realtime`: the real-time path against a bare `ws` server, side by side in one run.
//  1. memory per connected player: N bare WebSocket connections, then N signed-in players each
//     subscribed to `queue.events` over tRPC (the real server process, with Redis and Postgres);
//  2. code relay: P pairs, each player sending its editor content every 100 ms for D seconds, to its
//     opponent through `battle.updateCode` -> Redis -> `battle.code`, through a bare `ws` relay, and
//     through a bare `ws` relay that answers each message and relays it through Redis pub/sub (the
//     least any relay meeting the multi-instance requirement must do: redis-ws-server.ts), and
//     through a minimal tRPC relay over the same Redis pub/sub (what any relay on tRPC must do:
//     trpc-floor-server.ts, the typed floor).
//     Compared by server CPU per relayed message (what bounds throughput on a CPU-bound server),
//     with delivered messages per second and latency. The four relays take turns,
//     BENCH_RELAY_ROUNDS (3) times; each round and the median ratios against the Redis baseline
//     (the floor) are printed;
//  3. leaks: the server's heap after a full GC, before and after 10,000 connect/subscribe/disconnect cycles.
import { setTimeout as sleep } from "node:timers/promises";
import type { AppRouter, CodeUpdate, PlayerEvent } from "@codeduel/api";
import { createTRPCClient, createWSClient, type TRPCClient, wsLink } from "@trpc/client";
import { WebSocket } from "ws";
// The judge benchmarks' helper, so every benchmark computes percentiles the same way.
import { percentile } from "../../../workers/judge/bench/measure.ts";
import { clientFor, createTestDatabase, REDIS_URL, startProcess, startServer, testPrefix } from "../test/harness.ts";
import type { TrpcFloorRouter } from "./trpc-floor-server.ts";

const IDLE_PLAYERS = Number(process.env.BENCH_IDLE_PLAYERS ?? 2000);
const PAIRS = Number(process.env.BENCH_RELAY_PAIRS ?? 100);
const RELAY_SECONDS = Number(process.env.BENCH_RELAY_SECONDS ?? 10);
const RELAY_ROUNDS = Number(process.env.BENCH_RELAY_ROUNDS ?? 3);
const CYCLES = Number(process.env.BENCH_LEAK_CYCLES ?? 10_000);
const TYPING_INTERVAL_MS = 100;
/** About the size of a half-written solution. */
const PAD = "x".repeat(400);

interface Stats {
  rss: number;
  heap: number;
  cpuMs: number;
  channels: number;
}
async function stats(port: number): Promise<Stats> {
  const h = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
    redisChannels?: number;
    process: { rssBytes: number; heapUsedBytes: number; cpuUserMs: number; cpuSystemMs: number };
  };
  const p = h.process;
  return { rss: p.rssBytes, heap: p.heapUsedBytes, cpuMs: p.cpuUserMs + p.cpuSystemMs, channels: h.redisChannels ?? 0 };
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
  return out;
}

function openBare(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function wsClient(port: number, token: string) {
  const ws = createWSClient({
    url: `ws://127.0.0.1:${port}/ws`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
  });
  const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return { client, close: () => ws.close() };
}

/** Both servers run with the inspector on, so the bench can collect garbage before reading memory. */
const INSPECT = { NODE_OPTIONS: "--inspect=127.0.0.1:0" };

async function collectGarbage(output: string): Promise<void> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error("the server did not open an inspector");
  const ws = await openBare(url);
  await new Promise<void>((resolve) => {
    ws.on("message", () => resolve());
    ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
  });
  ws.close();
}

/** Memory after a full garbage collection, once the process settled. */
async function settled(port: number, output: () => string): Promise<Stats> {
  await sleep(1000);
  await collectGarbage(output());
  return stats(port);
}

function perConnection(before: Stats, after: Stats, n: number) {
  return { rssPerConnKb: kb((after.rss - before.rss) / n), heapPerConnKb: kb((after.heap - before.heap) / n) };
}

interface RelayResult {
  delivered: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPer1000: number;
  errors: number;
  throttled: number;
}

/** Every relayed message starts with `// <performance.now() when it was typed>`: its latency on arrival. */
function msSinceTyped(code: string): number {
  return performance.now() - Number(/^\/\/ (\S+)/.exec(code)?.[1]);
}

/** Runs a relay for RELAY_SECONDS: `send(i)` types for player i; latencies are pushed by receivers. */
async function relay(port: number, players: number, send: (i: number) => Promise<void>, latencies: number[]): Promise<RelayResult> {
  let errors = 0;
  let throttled = 0;
  const before = await stats(port);
  const started = performance.now();
  const until = started + RELAY_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: players }, async (_, i) => {
      // Spread the players over the interval, as real typing would be.
      await sleep((TYPING_INTERVAL_MS * i) / players);
      while (performance.now() < until) {
        const next = performance.now() + TYPING_INTERVAL_MS;
        await send(i).catch((err: unknown) => {
          // An update over the server's per-second cap is dropped, as a client would drop it.
          if ((err as { data?: { code?: string } }).data?.code === "TOO_MANY_REQUESTS") throttled++;
          else errors++;
        });
        await sleep(Math.max(0, next - performance.now()));
      }
    }),
  );
  await sleep(500);
  const after = await stats(port);
  const seconds = (performance.now() - started) / 1000;
  return {
    delivered: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPer1000: ((after.cpuMs - before.cpuMs) / Math.max(1, latencies.length)) * 1000,
    errors,
    throttled,
  };
}

/**
 * The relay through a baseline server (`/ws?pair=K` relays to the other socket of pair K). Frames
 * that are not relayed code (the Redis baseline's answers, which start with `{`) are not counted.
 */
async function baselineRelay(port: number): Promise<RelayResult> {
  const latencies: number[] = [];
  const sockets = await inBatches(PAIRS * 2, 200, async (i) => {
    const ws = await openBare(`ws://127.0.0.1:${port}/ws?pair=${Math.floor(i / 2)}`);
    ws.on("message", (data) => {
      const text = String(data);
      if (text.startsWith("{")) return;
      latencies.push(msSinceTyped(text));
    });
    return ws;
  });
  let version = 0;
  try {
    return await relay(
      port,
      PAIRS * 2,
      async (i) => {
        version++;
        sockets[i]?.send(`// ${performance.now()} ${version}\n${PAD}`);
      },
      latencies,
    );
  } finally {
    for (const s of sockets) s.terminate();
  }
}

/** The relay through the typed floor (trpc-floor-server.ts): each player a tRPC client, as in the real relay. */
async function typedFloorRelay(port: number): Promise<RelayResult> {
  const latencies: number[] = [];
  const clients = Array.from({ length: PAIRS * 2 }, (_, i) => {
    const ws = createWSClient({ url: `ws://127.0.0.1:${port}/ws`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    const client = createTRPCClient<TrpcFloorRouter>({ links: [wsLink({ client: ws })] });
    const pair = String(Math.floor(i / 2));
    const subscription = client.relayed.subscribe({ pair }, { onData: (code) => latencies.push(msSinceTyped(code)) });
    const close = () => {
      subscription.unsubscribe();
      return ws.close();
    };
    return { client, pair, close };
  });
  await sleep(1000);
  try {
    return await relay(
      port,
      clients.length,
      async (i) => {
        const c = clients[i];
        if (c) await c.client.relay.mutate({ pair: c.pair, code: `// ${performance.now()}\n${PAD}` });
      },
      latencies,
    );
  } finally {
    for (const c of clients) await c.close();
  }
}

// The four servers run side by side, so their relays can take turns: RELAY_ROUNDS rounds of bare,
// through Redis, typed floor, tRPC. Each round is printed, and the median of the ratios is the figure (the
// machine's noise between runs is as large as the gaps measured).
console.error(`bench: bare ws, ${IDLE_PLAYERS} connections...`);
const bare = await startProcess("apps/server/bench/bare-ws-server.ts", INSPECT, /bare ws server listening \d+/);
const barePort = Number(/listening (\d+)/.exec(bare.output())?.[1]);
const viaRedis = await startProcess("apps/server/bench/redis-ws-server.ts", { REDIS_URL }, /redis relay server listening \d+/);
const redisPort = Number(/listening (\d+)/.exec(viaRedis.output())?.[1]);
const typedFloor = await startProcess("apps/server/bench/trpc-floor-server.ts", { REDIS_URL }, /trpc relay server listening \d+/);
const typedFloorPort = Number(/listening (\d+)/.exec(typedFloor.output())?.[1]);
const database = await createTestDatabase();
const server = await startServer({
  DATABASE_URL: database.url,
  REDIS_URL,
  REDIS_PREFIX: testPrefix(),
  LOG_LEVEL: "info",
  ...INSPECT,
});
let bareIdle: { rssPerConnKb: number; heapPerConnKb: number };
let trpcIdle: { rssPerConnKb: number; heapPerConnKb: number };
const rounds: { bare: RelayResult; viaRedis: RelayResult; typedFloor: RelayResult; trpc: RelayResult }[] = [];
let leak: { heapBeforeMb: number; heapAfterMb: number; bytesPerCycle: number };
const afterMb = (bytes: number) => Math.round(bytes / 1e5) / 10;
try {
  const beforeBare = await settled(barePort, bare.output);
  const sockets = await inBatches(IDLE_PLAYERS, 200, () => openBare(`ws://127.0.0.1:${barePort}/ws?pair=idle`));
  bareIdle = perConnection(beforeBare, await settled(barePort, bare.output), IDLE_PLAYERS);
  for (const s of sockets) s.terminate();

  console.error(`bench: tRPC, ${IDLE_PLAYERS} signed-in players subscribed to queue.events...`);
  const anon = clientFor(server.port);
  const guests = await inBatches(IDLE_PLAYERS + PAIRS * 2, 100, () => anon.client.auth.guest.mutate());
  anon.close();
  const before = await settled(server.port, server.output);
  const idle = guests.slice(0, IDLE_PLAYERS).map((g) => wsClient(server.port, g.token));
  for (const p of idle) p.client.queue.events.subscribe(undefined, {});
  for (let i = 0; i < 600 && (await stats(server.port)).channels < before.channels + IDLE_PLAYERS; i++) await sleep(100);
  trpcIdle = perConnection(before, await settled(server.port, server.output), IDLE_PLAYERS);
  for (const p of idle) p.close();
  await sleep(2000);

  const players = guests.slice(IDLE_PLAYERS).map((g) => ({ ...wsClient(server.port, g.token), id: g.user.id, battleId: "" }));
  await Promise.all(
    players.map(
      (p) =>
        new Promise<void>((resolve) => {
          p.client.queue.events.subscribe(undefined, {
            onData: (e) => {
              const event = e as PlayerEvent;
              if (event.type !== "matched") return;
              p.battleId = event.battleId;
              resolve();
            },
          });
          void p.client.queue.join.mutate();
        }),
    ),
  );
  const latencies: number[] = [];
  for (const p of players) {
    // A player's own battle-event subscription is their presence; battle.code carries both codes.
    p.client.battle.events.subscribe({ battleId: p.battleId }, {});
    p.client.battle.code.subscribe(
      { battleId: p.battleId },
      {
        onData: (u) => {
          const update = u as CodeUpdate;
          if (update.userId === p.id) return;
          latencies.push(msSinceTyped(update.code));
        },
      },
    );
  }
  await sleep(1000);
  for (let round = 1; round <= RELAY_ROUNDS; round++) {
    console.error(
      `bench: relay round ${round} of ${RELAY_ROUNDS}: bare ws, through Redis, typed floor, tRPC; ${PAIRS} pairs for ${RELAY_SECONDS} s each...`,
    );
    const bareRun = await baselineRelay(barePort);
    const redisRun = await baselineRelay(redisPort);
    const typedFloorRun = await typedFloorRelay(typedFloorPort);
    latencies.length = 0;
    const trpcRun = await relay(
      server.port,
      players.length,
      async (i) => {
        const p = players[i];
        if (p) await p.client.battle.updateCode.mutate({ battleId: p.battleId, code: `// ${performance.now()}\n${PAD}` });
      },
      latencies,
    );
    rounds.push({ bare: bareRun, viaRedis: redisRun, typedFloor: typedFloorRun, trpc: trpcRun });
  }
  for (const p of players) p.close();

  // Leaks: the server's heap before and after CYCLES visits that connect, subscribe to a battle's
  // events and code, and drop without unsubscribing (apps/server/test/leaks.e2e.test.ts checks the
  // per-player maps; this measures the memory).
  console.error(`bench: ${CYCLES} connect/subscribe/disconnect cycles...`);
  const [first] = players;
  const visitor = guests[IDLE_PLAYERS];
  if (!first || !visitor) throw new Error("no battle to visit");
  const beforeCycles = await settled(server.port, server.output);
  let done = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (done++ < CYCLES) {
        const v = wsClient(server.port, visitor.token);
        await new Promise<void>((resolve, reject) => {
          v.client.battle.code.subscribe({ battleId: first.battleId }, {});
          v.client.battle.events.subscribe({ battleId: first.battleId }, { onData: () => resolve(), onError: reject });
        });
        await v.close();
      }
    }),
  );
  const afterCycles = await settled(server.port, server.output);
  leak = {
    heapBeforeMb: afterMb(beforeCycles.heap),
    heapAfterMb: afterMb(afterCycles.heap),
    bytesPerCycle: Math.round((afterCycles.heap - beforeCycles.heap) / CYCLES),
  };
} finally {
  await Promise.all([server.stop(), bare.stop(), viaRedis.stop(), typedFloor.stop()]);
  await database.drop();
}

/** Issue 25's ratios for one round: the typed relay against the floor (the Redis baseline). */
const ratiosOf = (r: (typeof rounds)[number]) => ({
  throughputShareOfFloor: r.viaRedis.cpuMsPer1000 / r.trpc.cpuMsPer1000,
  p99OverFloor: r.trpc.p99 / r.viaRedis.p99,
  throughputShareOfBare: r.bare.cpuMsPer1000 / r.trpc.cpuMsPer1000,
  floorShareOfBare: r.bare.cpuMsPer1000 / r.viaRedis.cpuMsPer1000,
  /** The most any relay on tRPC could reach of the floor: the typed floor's own share. */
  typedFloorShareOfFloor: r.viaRedis.cpuMsPer1000 / r.typedFloor.cpuMsPer1000,
  typedFloorP99OverFloor: r.typedFloor.p99 / r.viaRedis.p99,
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ratios = rounds.map(ratiosOf);
const medianOf = (key: keyof ReturnType<typeof ratiosOf>) => median(ratios.map((r) => r[key]));
const result = {
  idlePlayers: IDLE_PLAYERS,
  memory: { bareWs: bareIdle, trpc: trpcIdle, rssRatio: trpcIdle.rssPerConnKb / bareIdle.rssPerConnKb },
  relay: {
    pairs: PAIRS,
    seconds: RELAY_SECONDS,
    rounds: rounds.map((r, i) => ({ ...r, ...ratios[i] })),
    median: {
      throughputShareOfFloor: medianOf("throughputShareOfFloor"),
      p99OverFloor: medianOf("p99OverFloor"),
      throughputShareOfBare: medianOf("throughputShareOfBare"),
      floorShareOfBare: medianOf("floorShareOfBare"),
      typedFloorShareOfFloor: medianOf("typedFloorShareOfFloor"),
      typedFloorP99OverFloor: medianOf("typedFloorP99OverFloor"),
    },
  },
  leak: { cycles: CYCLES, ...leak },
};
console.log(JSON.stringify(result));
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const pct = (share: number) => `${f(100 * share)}%`;
const run = (r: RelayResult) => `${r.perSecond}/s, p50 ${f(r.p50)} / p99 ${f(r.p99)} ms, ${f(r.cpuMsPer1000)} ms`;
const m = result.relay.median;
const lowest = Math.min(...ratios.map((r) => r.throughputShareOfFloor));
console.log(`
| measurement | bare ws | tRPC (codeduel) | ratio |
|---|---|---|---|
| memory per connected player (RSS) | ${f(bareIdle.rssPerConnKb)} KB | ${f(trpcIdle.rssPerConnKb)} KB | ${f(result.memory.rssRatio)}x |
| memory per connected player (JS heap) | ${f(bareIdle.heapPerConnKb)} KB | ${f(trpcIdle.heapPerConnKb)} KB | |

Relay rounds (delivered messages/s, latency, server CPU per 1,000 messages):

| round | bare ws | floor: bare ws through Redis, answering each | typed floor: a bare tRPC relay through Redis | tRPC (codeduel) | tRPC throughput / floor | tRPC p99 / floor p99 | typed floor / floor: throughput, p99 | floor / bare |
|---|---|---|---|---|---|---|---|---|
${rounds.map((r, i) => `| ${i + 1} | ${run(r.bare)} | ${run(r.viaRedis)} | ${run(r.typedFloor)} | ${run(r.trpc)} (errors ${r.trpc.errors}, throttled ${r.trpc.throttled}) | ${pct(ratios[i]?.throughputShareOfFloor ?? Number.NaN)} | ${f(ratios[i]?.p99OverFloor ?? Number.NaN)}x | ${pct(ratios[i]?.typedFloorShareOfFloor ?? Number.NaN)}, ${f(ratios[i]?.typedFloorP99OverFloor ?? Number.NaN)}x | ${pct(ratios[i]?.floorShareOfBare ?? Number.NaN)} |`).join("\n")}
| median | | | | | ${pct(m.throughputShareOfFloor)} (lowest ${pct(lowest)}) | ${f(m.p99OverFloor)}x | ${pct(m.typedFloorShareOfFloor)}, ${f(m.typedFloorP99OverFloor)}x | ${pct(m.floorShareOfBare)} |

Targets (issue 25): throughput >= 85% of the floor in the median, no round below 75%; p99 <= 2x the floor's.
Server heap after a full GC, before and after ${CYCLES} connect/subscribe/disconnect cycles: ${leak.heapBeforeMb} MB -> ${leak.heapAfterMb} MB (${leak.bytesPerCycle} bytes per cycle).`);
