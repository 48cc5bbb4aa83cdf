// A full battle through the typed client, against a real server and judge worker process.
import type { BattleEvent, PlayerEvent } from "@codeduel/api";
import { getChallenge, pythonName } from "@codeduel/challenges";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  EventLog,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startBattle,
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
    // 80 MB buffers pass the 128 MB cap on the second step. (An array-of-arrays bomb may still be
    // garbage collecting below the cap when the 500 ms timeout ends it, which is a time_limit;
    // the hostile suite runs those with a 1 s timeout.)
    const loop = await bob.client.battle.submit.mutate({ battleId, code: `function ${challenge.functionName}() { while (true) {} }` });
    expect((await verdictFor(bobLog, loop.submissionId)).data).toMatchObject({ status: "time_limit" });
    const bomb = await bob.client.battle.submit.mutate({
      battleId,
      code: `function ${challenge.functionName}() { const a = []; while (true) a.push(new Float64Array(1e7)); }`,
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

  it("judges Python: a syntax error, a wrong answer and the reference, which wins the battle", async () => {
    const { a: carol, b: dave, battleId } = await startBattle(server.port, ["carol", "dave"]);
    players.push(carol, dave);
    const view = await carol.client.battle.get.query({ battleId });
    const challenge = getChallenge(view.challenge.id);
    if (!challenge) throw new Error("unknown challenge");

    const logs = [carol, dave].map((p) => {
      const log = new EventLog<BattleEvent>();
      p.client.battle.events.subscribe({ battleId }, { onData: (e) => log.push(e.data as BattleEvent) });
      return log;
    });
    const [carolLog, daveLog] = logs as [EventLog<BattleEvent>, EventLog<BattleEvent>];
    /** The verdict event for a submission, as both players receive it (they must agree). */
    const verdictOf = async (submissionId: string) => {
      const [mine, theirs] = await Promise.all(
        logs.map((log) =>
          log.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === submissionId, 30_000, `verdict ${submissionId}`),
        ),
      );
      expect(theirs?.data).toEqual(mine?.data);
      if (mine?.data.type !== "verdict") throw new Error("not a verdict");
      return mine.data;
    };
    const submit = (code: string) => carol.client.battle.submit.mutate({ battleId, language: "python", code });

    // A SyntaxError on the third line: compile_error pointing at the player's own line.
    const broken = await submit(`def ${pythonName(challenge.functionName)}(*args):\n    total = 0\n    return total +\n`);
    const queued = await daveLog.waitFor((e) => e.data.type === "submission_queued" && e.data.submissionId === broken.submissionId);
    expect(queued.data).toMatchObject({ userId: carol.userId, language: "python" });
    const compileError = await verdictOf(broken.submissionId);
    expect(compileError).toMatchObject({ status: "compile_error", line: 3, message: expect.stringContaining("SyntaxError") });

    // The library's wrong Python solution fails a public test, shown with its input, expected and actual values.
    const wrong = await submit(challenge.wrong.python);
    const wrongVerdict = await verdictOf(wrong.submissionId);
    expect(wrongVerdict.status).toBe("wrong_answer");
    const failed = wrongVerdict.failedTest;
    if (!failed) throw new Error("wrong_answer without its failing test");
    const publicTest = challenge.publicTests[failed.index];
    expect(publicTest).toBeDefined();
    expect(failed.input).toEqual(publicTest?.input);
    expect(failed.expected).toEqual(publicTest?.expected);
    expect(failed.actual).not.toEqual(publicTest?.expected);
    expect(wrongVerdict.publicTests[failed.index]).toMatchObject({ index: failed.index, passed: false });
    // Tests before the first failure passed: the failing one really is the first.
    expect(wrongVerdict.publicTests.slice(0, failed.index).every((t) => t.passed)).toBe(true);

    // The reference passes every test, hidden ones included, and wins the battle.
    const right = await submit(challenge.reference.python);
    const accepted = await verdictOf(right.submissionId);
    expect(accepted).toMatchObject({
      status: "accepted",
      hidden: { passed: challenge.hiddenTests.length, total: challenge.hiddenTests.length },
    });
    expect(accepted.publicTests.map((t) => t.passed)).toEqual(challenge.publicTests.map(() => true));
    for (const log of logs) {
      const finished = await log.waitFor((e) => e.data.type === "battle_finished", 15_000, "battle_finished");
      if (finished.data.type !== "battle_finished") throw new Error("unreachable");
      expect(finished.data).toMatchObject({ winnerId: carol.userId, reason: "solved" });
      expect(finished.data.ratingChanges[carol.userId]?.delta).toBeGreaterThan(0);
      expect(finished.data.ratingChanges[dave.userId]?.delta).toBeLessThan(0);
    }
    expect(carolLog.events.filter((e) => e.data.type === "verdict").map((e) => e.data.type === "verdict" && e.data.status)).toEqual([
      "compile_error",
      "wrong_answer",
      "accepted",
    ]);
    expect(await dave.client.battle.get.query({ battleId })).toMatchObject({
      status: "finished",
      winnerId: carol.userId,
      endReason: "solved",
    });
    expect(await carol.client.auth.me.query()).toMatchObject({ gamesPlayed: 1, wins: 1 });

    const sql = postgres(database.url, { max: 1 });
    try {
      const subs = await sql`select language, status from submissions where battle_id = ${battleId} order by created_at`;
      expect(subs.map((s) => [s.language, s.status])).toEqual([
        ["python", "compile_error"],
        ["python", "wrong_answer"],
        ["python", "accepted"],
      ]);
    } finally {
      await sql.end();
    }
  });
});
