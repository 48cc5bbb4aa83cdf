// `npm run bench:matchmaking`: 1,000 players (ratings spread 800-2000) join the queue within one
// second; every one must be paired exactly once. Prints time-to-match percentiles (queue.join
// sent -> `matched` on the player's queue.events subscription) and how long pairing everyone took.
import { setTimeout as sleep } from "node:timers/promises";
import type { PlayerEvent } from "@codeduel/api";
import postgres from "postgres";
// The judge benchmarks' helper, so every benchmark computes percentiles the same way.
import { percentile } from "../../../workers/judge/bench/measure.ts";
import { clientFor, createTestDatabase, REDIS_URL, startServer, testPrefix } from "../test/harness.ts";

const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 1000);
const JOIN_WINDOW_MS = Number(process.env.BENCH_JOIN_WINDOW_MS ?? 1000);
if (PLAYERS % 2 !== 0) throw new Error("BENCH_PLAYERS must be even");

const database = await createTestDatabase();
const server = await startServer({ DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), LOG_LEVEL: "info" });
const sql = postgres(database.url, { max: 2, onnotice: () => {} });
try {
  console.error(`bench: signing in ${PLAYERS} guests...`);
  const anon = clientFor(server.port);
  const guests = [];
  for (let i = 0; i < PLAYERS; i += 100) {
    guests.push(...(await Promise.all(Array.from({ length: Math.min(100, PLAYERS - i) }, () => anon.client.auth.guest.mutate()))));
  }
  anon.close();
  // Spread ratings so pairing has to respect (and widen) the rating window, as in a real event.
  const ratings = guests.map((_, i) => 800 + Math.round((1200 * ((i * 7919) % PLAYERS)) / PLAYERS));
  const rows = sql.json(guests.map((g, i) => ({ id: g.user.id, rating: ratings[i] ?? 1200 })));
  await sql`update users set rating = (d->>'rating')::int from jsonb_array_elements(${rows}) d where users.id = (d->>'id')::uuid`;

  console.error("bench: subscribing every player to queue.events...");
  const players = guests.map((g) => ({
    ...clientFor(server.port, g.token),
    id: g.user.id,
    joinedAt: 0,
    matchedAt: 0,
    matches: new Set<string>(),
  }));
  for (const p of players) {
    p.client.queue.events.subscribe(undefined, {
      onData: (e) => {
        const event = e as PlayerEvent;
        if (event.type !== "matched") return;
        p.matches.add(event.battleId);
        p.matchedAt ||= performance.now();
      },
    });
  }
  for (let i = 0; i < 100; i++) {
    const health = (await (await fetch(`http://127.0.0.1:${server.port}/health`)).json()) as { connectedPlayers: number };
    if (health.connectedPlayers >= PLAYERS) break;
    await sleep(100);
  }
  await sleep(500);

  console.error(`bench: ${PLAYERS} players join within ${JOIN_WINDOW_MS} ms...`);
  const started = performance.now();
  const errors: string[] = [];
  await Promise.all(
    players.map(async (p, i) => {
      await sleep((JOIN_WINDOW_MS * i) / PLAYERS);
      p.joinedAt = performance.now();
      await p.client.queue.join.mutate().catch((err: unknown) => errors.push(String(err)));
    }),
  );
  const joinsDoneMs = performance.now() - started;
  const deadline = Date.now() + 60_000;
  while (players.some((p) => p.matchedAt === 0) && Date.now() < deadline) await sleep(50);
  const allMatchedMs = Math.max(...players.map((p) => p.matchedAt)) - started;

  const [{ battles, seats, distinct }] = (await sql`
    select count(*)::int as battles, (count(*) * 2)::int as seats,
      (select count(distinct p)::int from (select player_a_id as p from battles union all select player_b_id from battles) x) as distinct
    from battles`) as unknown as [{ battles: number; seats: number; distinct: number }];
  const waits = players.filter((p) => p.matchedAt > 0).map((p) => p.matchedAt - p.joinedAt);
  const result = {
    players: PLAYERS,
    joinWindowMs: JOIN_WINDOW_MS,
    joinsSentWithinMs: Math.round(joinsDoneMs),
    joinErrors: errors.length,
    matched: waits.length,
    unmatched: PLAYERS - waits.length,
    matchedTwice: players.filter((p) => p.matches.size > 1).length,
    battles,
    playersInBattles: distinct,
    seatsInBattles: seats,
    timeToMatchMs: { p50: percentile(waits, 50), p95: percentile(waits, 95), p99: percentile(waits, 99), max: Math.max(...waits) },
    allPairedAfterMs: Math.round(allMatchedMs),
  };
  console.log(JSON.stringify(result));
  const ok = result.unmatched === 0 && result.matchedTwice === 0 && battles === PLAYERS / 2 && distinct === PLAYERS && errors.length === 0;
  console.error(ok ? "bench: every player paired exactly once" : "bench: FAILED: some players were lost or paired twice");
  for (const p of players) p.close();
  process.exitCode = ok ? 0 : 1;
} finally {
  await sql.end();
  await server.stop();
  await database.drop();
}
