// Turning a matched pair into a battle, in-process against real Postgres and Redis: one battle row
// and one battle_started event per pair, however often the pair is tried (a stale pair is retried
// by whichever instance sees it, and a rematch pair by both players' requests).
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
