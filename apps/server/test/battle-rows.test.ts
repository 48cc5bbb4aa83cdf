// A battle's rows, in-process against real Postgres and Redis: one battle and one battle_started
// event per pair, however often the pair is tried (a stale pair is retried by whichever instance
// sees it), and one ending, with ratings moved once, however many endings race.
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadServerConfig } from "../src/config.ts";
import { startServer } from "../src/server.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase, testPrefix } from "./harness.ts";

let server: Awaited<ReturnType<typeof startServer>> | undefined;
let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer(
    loadServerConfig({
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: testPrefix(),
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    }),
  );
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

it("creates one battle and one battle_started event for a pair, however often the pair is tried", async () => {
  if (!server) throw new Error("server did not start");
  const { sessions, battles } = server.services;
  const [a, b] = await Promise.all([sessions.guest(), sessions.guest()]);
  const pair = { pairId: "tried-twice", a: a.user.id, b: b.user.id };

  const [first, concurrent] = await Promise.all([battles.createFromPair(pair), battles.createFromPair(pair)]);
  const later = await battles.createFromPair(pair);
  expect(first).toBeDefined();
  expect(concurrent).toBe(first);
  expect(later).toBe(first);

  const battleId = first as string;
  const events = await battles.eventsAfter(battleId, 0);
  expect(events.map((e) => [e.seq, e.data.type])).toEqual([[1, "battle_started"]]);
  const started = events[0]?.data;
  if (started?.type !== "battle_started") throw new Error("no battle_started event");
  expect(started.players.map((p) => p.id)).toEqual([a.user.id, b.user.id]);

  const view = await battles.view(battleId);
  expect(view).toMatchObject({ status: "active", lastEventSeq: 1, challenge: { id: started.challengeId }, deadlineAt: started.deadlineAt });
  expect(view.players.map((p) => p.id)).toEqual([a.user.id, b.user.id]);
});

it("ends a battle once when two endings race: one battle_finished, ratings moved once", async () => {
  if (!server) throw new Error("server did not start");
  const { sessions, battles } = server.services;
  const [a, b] = await Promise.all([sessions.guest(), sessions.guest()]);
  const battleId = await battles.createFromPair({ pairId: "raced", a: a.user.id, b: b.user.id });
  if (!battleId) throw new Error("no battle");

  // Both give up at the same moment: whichever locks the battle first ends it.
  const outcomes = await Promise.allSettled([battles.forfeit(a.user.id, battleId), battles.forfeit(b.user.id, battleId)]);
  expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
  const refused = outcomes.find((o) => o.status === "rejected");
  expect(refused?.status === "rejected" && (refused.reason as { code?: string }).code).toBe("CONFLICT");

  const events = await battles.eventsAfter(battleId, 0);
  expect(events.map((e) => [e.seq, e.data.type])).toEqual([
    [1, "battle_started"],
    [2, "battle_finished"],
  ]);
  const finished = events[1]?.data;
  if (finished?.type !== "battle_finished") throw new Error("no battle_finished event");
  expect(finished.reason).toBe("forfeit");
  const loser = finished.winnerId === a.user.id ? b.user.id : a.user.id;
  const [winnerNow, loserNow] = await Promise.all([sessions.get(finished.winnerId ?? ""), sessions.get(loser)]);
  expect(winnerNow).toMatchObject({ gamesPlayed: 1, wins: 1, rating: finished.ratingChanges[finished.winnerId ?? ""]?.after });
  expect(loserNow).toMatchObject({ gamesPlayed: 1, wins: 0, rating: finished.ratingChanges[loser]?.after });
  expect(finished.ratingChanges[loser]?.delta).toBe(-(finished.ratingChanges[finished.winnerId ?? ""]?.delta ?? 0));

  const view = await battles.view(battleId);
  expect(view).toMatchObject({ status: "finished", endReason: "forfeit", winnerId: finished.winnerId, lastEventSeq: 2 });
});
