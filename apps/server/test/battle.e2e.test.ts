// A full battle through the typed client, against a real server and judge worker process.
import type { BattleEvent, PlayerEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  EventLog,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startJudgeWorker,
  startServer,
  type TestDatabase,
  testPrefix,
} from "./harness.ts";

let database: TestDatabase;
let server: RunningProcess & { port: number };
let worker: RunningProcess;
const players: Player[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), JUDGE_THREADS: "2", JUDGE_TIMEOUT_MS: "500" };
  [server, worker] = await Promise.all([startServer(env), startJudgeWorker(env)]);
});

afterAll(async () => {
  for (const p of players) p.close();
  await Promise.all([server?.stop(), worker?.stop()]);
  await database?.drop();
});

describe("a battle, end to end", () => {
  it("matches two players, judges wrong, hostile and correct code, and ends with rating changes", async () => {
    const alice = await registerPlayer(server.port, "alice");
    const bob = await registerPlayer(server.port, "bob");
    players.push(alice, bob);

    const queueEvents = new Map<string, EventLog<PlayerEvent>>();
    for (const p of [alice, bob]) {
      const log = new EventLog<PlayerEvent>();
      queueEvents.set(p.userId, log);
      p.client.queue.events.subscribe(undefined, { onData: (e) => log.push(e as PlayerEvent) });
    }
    await alice.client.queue.join.mutate();
    await expect(alice.client.queue.join.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    await bob.client.queue.join.mutate();

    const matchedA = (await queueEvents.get(alice.userId)?.waitFor((e) => e.type === "matched", 15_000, "matched")) as Extract<
      PlayerEvent,
      { type: "matched" }
    >;
    const matchedB = (await queueEvents.get(bob.userId)?.waitFor((e) => e.type === "matched", 15_000, "matched")) as Extract<
      PlayerEvent,
      { type: "matched" }
    >;
    expect(matchedA.battleId).toBe(matchedB.battleId);
    expect(matchedA.opponent.id).toBe(bob.userId);
    expect(matchedA.challenge.publicTests.length).toBeGreaterThanOrEqual(3);
    // Hidden tests never leave the server.
    expect(JSON.stringify(matchedA)).not.toContain("hiddenTests");
    await expect(alice.client.queue.join.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });

    const battleId = matchedA.battleId;
    const challenge = getChallenge(matchedA.challenge.id);
    if (!challenge) throw new Error("unknown challenge");

    const battleEvents = new Map<string, EventLog<BattleEvent>>();
    for (const p of [alice, bob]) {
      const log = new EventLog<BattleEvent>();
      battleEvents.set(p.userId, log);
      p.client.battle.events.subscribe({ battleId }, { onData: (e) => log.push(e.data as BattleEvent) });
    }
    const aliceLog = battleEvents.get(alice.userId) as EventLog<BattleEvent>;
    const bobLog = battleEvents.get(bob.userId) as EventLog<BattleEvent>;
    const verdictFor = (log: EventLog<BattleEvent>, submissionId: string) =>
      log.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === submissionId, 30_000, `verdict ${submissionId}`);

    // Hostile code from bob: an infinite loop, then an unbounded allocation. The worker survives both.
    const loop = await bob.client.battle.submit.mutate({ battleId, code: `function ${challenge.functionName}() { while (true) {} }` });
    expect((await verdictFor(bobLog, loop.submissionId)).data).toMatchObject({ status: "time_limit" });
    const bomb = await bob.client.battle.submit.mutate({
      battleId,
      code: `function ${challenge.functionName}() { const a = []; while (true) a.push(new Array(1000).fill(1)); }`,
    });
    expect((await verdictFor(bobLog, bomb.submissionId)).data).toMatchObject({ status: "memory_limit" });

    // Alice: wrong first, then right. Both players see every verdict.
    const wrong = await alice.client.battle.submit.mutate({ battleId, code: challenge.wrong.javascript });
    const wrongVerdict = await verdictFor(aliceLog, wrong.submissionId);
    expect(wrongVerdict.data).toMatchObject({ status: "wrong_answer" });
    if (wrongVerdict.data.type !== "verdict") throw new Error("not a verdict");
    expect(wrongVerdict.data.failedTest).toBeDefined();
    expect(wrongVerdict.data.publicTests.some((t) => !t.passed)).toBe(true);
    await verdictFor(bobLog, wrong.submissionId);

    const right = await alice.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
    expect((await verdictFor(aliceLog, right.submissionId)).data).toMatchObject({ status: "accepted" });
    for (const log of [aliceLog, bobLog]) {
      const finished = await log.waitFor((e) => e.data.type === "battle_finished", 15_000, "battle_finished");
      if (finished.data.type !== "battle_finished") throw new Error("unreachable");
      expect(finished.data.winnerId).toBe(alice.userId);
      expect(finished.data.ratingChanges[alice.userId]?.delta).toBeGreaterThan(0);
      expect(finished.data.ratingChanges[bob.userId]?.delta).toBeLessThan(0);
    }
    // Sequence numbers are gapless and identical for both players.
    expect(aliceLog.events.map((e) => e.seq)).toEqual(aliceLog.events.map((_, i) => i + 1));
    expect(bobLog.events.map((e) => e.seq)).toEqual(aliceLog.events.map((e) => e.seq));

    // The battle is over: no more submissions; both players may queue again.
    await expect(bob.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript })).rejects.toMatchObject({
      data: { code: "CONFLICT" },
    });
    const me = await alice.client.auth.me.query();
    expect(me).toMatchObject({ rating: 1216, gamesPlayed: 1, wins: 1 });
    expect(await bob.client.queue.status.query()).toMatchObject({ kind: "idle" });

    // A late subscriber resuming from lastEventId gets exactly the events after it.
    const resumed = new EventLog<BattleEvent>();
    const sub = alice.client.battle.events.subscribe(
      { battleId, lastEventId: "3" },
      { onData: (e) => resumed.push(e.data as BattleEvent) },
    );
    await resumed.waitFor((e) => e.data.type === "battle_finished");
    sub.unsubscribe();
    expect(resumed.events.map((e) => e.seq)).toEqual(aliceLog.events.slice(3).map((e) => e.seq));

    // The rows in Postgres.
    const sql = postgres(database.url, { max: 1 });
    try {
      const [battle] = await sql`select * from battles where id = ${battleId}`;
      expect(battle).toMatchObject({ status: "finished", winner_id: alice.userId, rating_change_a: expect.any(Number) });
      expect(battle?.ended_at).toBeInstanceOf(Date);
      const subs = await sql`select user_id, status from submissions where battle_id = ${battleId} order by created_at`;
      expect(subs.map((s) => s.status)).toEqual(["time_limit", "memory_limit", "wrong_answer", "accepted"]);
      const users = await sql`select username, rating, games_played from users order by username`;
      expect(users).toEqual([
        { username: "alice", rating: 1216, games_played: 1 },
        { username: "bob", rating: 1184, games_played: 1 },
      ]);
      const [{ n }] = (await sql`select count(*)::int as n from battle_events where battle_id = ${battleId}`) as unknown as [{ n: number }];
      expect(n).toBe(aliceLog.events.length);
    } finally {
      await sql.end();
    }
    // The judge (recycled or not, depending on how the memory bomb ended) served every later job.
    expect(worker.proc.exitCode).toBeNull();
  });
});
