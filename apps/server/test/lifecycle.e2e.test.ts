// How battles end besides a win: forfeit, and the server's clock (a draw); and replaying them.
import type { BattleEvent, CodeUpdate, PlayerEvent } from "@codeduel/api";
import { expect, it } from "vitest";
import { EventLog, registerPlayer, startBattle, useServer } from "./harness.ts";

const server = useServer({ BATTLE_TIME_LIMIT_MS: "3000" });
const { closers } = server;

it("a forfeit hands the win to the opponent, once, and the battle can be replayed", async () => {
  const { a, b, battleId } = await startBattle(server.port, ["quinn", "rae"]);
  closers.push(a.close, b.close);
  await expect(a.client.battle.replay.query({ battleId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  const events = new EventLog<BattleEvent>();
  b.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });

  expect(await a.client.battle.forfeit.mutate({ battleId })).toEqual({ forfeited: true });
  await expect(a.client.battle.forfeit.mutate({ battleId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  const finished = await events.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
  expect(finished.data).toMatchObject({ type: "battle_finished", winnerId: b.userId, reason: "forfeit" });
  expect(await b.client.auth.me.query()).toMatchObject({ rating: 1216, wins: 1, gamesPlayed: 1 });
  expect(await a.client.queue.status.query()).toMatchObject({ kind: "idle" });

  const replay = await b.client.battle.replay.query({ battleId });
  expect(replay.battle).toMatchObject({ status: "finished", endReason: "forfeit", winnerId: b.userId });
  expect(replay.events.map((e) => e.data.type)).toEqual(["battle_started", "battle_finished"]);
  expect(replay.events.map((e) => e.seq)).toEqual([1, 2]);
});

it("ends a battle as a draw at the server's deadline and refuses later submissions", async () => {
  const { a, b, battleId } = await startBattle(server.port, ["sam", "tia"]);
  closers.push(a.close, b.close);
  const view = await a.client.battle.get.query({ battleId });
  const deadline = Date.parse(view.deadlineAt);
  expect(deadline - Date.parse(view.startedAt)).toBe(3000);
  const events = new EventLog<BattleEvent>();
  a.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
  const started = await events.waitFor((e) => e.data.type === "battle_started", 5000, "battle_started");
  expect(started.data).toMatchObject({ deadlineAt: view.deadlineAt });

  const finished = await events.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
  expect(Date.now()).toBeGreaterThanOrEqual(deadline);
  expect(finished.data).toMatchObject({ winnerId: null, reason: "timeout" });
  if (finished.data.type !== "battle_finished") throw new Error("unreachable");
  expect(Object.values(finished.data.ratingChanges).map((c) => c.delta)).toEqual([0, 0]);
  await expect(a.client.battle.submit.mutate({ battleId, code: "function f() {}" })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  expect(await a.client.auth.me.query()).toMatchObject({ rating: 1200, gamesPlayed: 1, wins: 0 });
});

it("mirrors each player's code to the opponent and to spectators, who watch read only", async () => {
  const { a, b, battleId } = await startBattle(server.port, ["uma", "vic"]);
  const watcher = await registerPlayer(server.port, "wes");
  closers.push(a.close, b.close, watcher.close);
  expect((await watcher.client.battle.live.query()).map((l) => l.id)).toContain(battleId);

  await a.client.battle.updateCode.mutate({ battleId, code: "function f() {" });
  // A late subscriber gets the latest code at once, then every update.
  const seenByWatcher = new EventLog<CodeUpdate>();
  const seenByOpponent = new EventLog<CodeUpdate>();
  watcher.client.battle.code.subscribe({ battleId }, { onData: (u) => seenByWatcher.push(u) });
  b.client.battle.code.subscribe({ battleId }, { onData: (u) => seenByOpponent.push(u) });
  // An update without a language (an older client) is JavaScript.
  const snapshot = await seenByWatcher.waitFor((u) => u.code === "function f() {", 5000, "snapshot");
  expect(snapshot.language).toBe("javascript");
  // A flood is capped at 20 updates a second per player (50 at once span at most two windows).
  const flood = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => a.client.battle.updateCode.mutate({ battleId, code: `flood ${i}` })),
  );
  const refused = flood.filter((r) => r.status === "rejected");
  expect(refused.length).toBeGreaterThanOrEqual(10);
  expect(refused[0]?.reason).toMatchObject({ data: { code: "TOO_MANY_REQUESTS" } });
  await new Promise((r) => setTimeout(r, 1100));
  // The editor's language travels with the code, live and in the stored copy a late subscriber gets.
  const python = "def f():\n    return 1\n";
  const { version } = await a.client.battle.updateCode.mutate({ battleId, code: python, language: "python" });
  expect(version).toBe(52 - refused.length);
  for (const log of [seenByWatcher, seenByOpponent]) {
    const u = await log.waitFor((x) => x.code === python, 5000, "live update");
    expect(u).toMatchObject({ userId: a.userId, version, language: "python" });
  }
  const seenLate = new EventLog<CodeUpdate>();
  watcher.client.battle.code.subscribe({ battleId }, { onData: (u) => seenLate.push(u) });
  expect(await seenLate.waitFor((u) => u.userId === a.userId, 5000, "late snapshot")).toMatchObject({
    code: python,
    language: "python",
    version,
  });
  // Sent together, they share one Redis round trip, and each still gets its own answer.
  const [fromPlayer, fromWatcher] = await Promise.allSettled([
    a.client.battle.updateCode.mutate({ battleId, code: python }),
    watcher.client.battle.updateCode.mutate({ battleId, code: "" }),
  ]);
  expect(fromPlayer).toMatchObject({ status: "fulfilled", value: { version: version + 1 } });
  expect(fromWatcher).toMatchObject({ status: "rejected", reason: { data: { code: "FORBIDDEN" } } });

  const events = new EventLog<BattleEvent>();
  watcher.client.battle.events.subscribe({ battleId }, { onData: (e) => events.push(e.data as BattleEvent) });
  await b.client.battle.forfeit.mutate({ battleId });
  await events.waitFor((e) => e.data.type === "battle_finished", 5000, "battle_finished");
  expect((await watcher.client.battle.live.query()).map((l) => l.id)).not.toContain(battleId);
  await expect(a.client.battle.updateCode.mutate({ battleId, code: "late" })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
});

it("starts a rematch when both players of a finished battle ask for one", async () => {
  const { a, b, battleId } = await startBattle(server.port, ["zed", "amy"]);
  closers.push(a.close, b.close);
  await expect(a.client.battle.rematch.mutate({ battleId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  await a.client.battle.forfeit.mutate({ battleId });

  const heardByB = new EventLog<PlayerEvent>();
  b.client.queue.events.subscribe(undefined, { onData: (e) => heardByB.push(e as PlayerEvent) });
  await new Promise((r) => setTimeout(r, 200));
  expect(await a.client.battle.rematch.mutate({ battleId })).toEqual({ status: "waiting" });
  await heardByB.waitFor((e) => e.type === "rematch_requested" && e.by.id === a.userId, 5000, "rematch_requested");

  const started = await b.client.battle.rematch.mutate({ battleId });
  expect(started).toMatchObject({ status: "started", battleId: expect.any(String) });
  expect(started.battleId).not.toBe(battleId);
  const matched = await heardByB.waitFor((e) => e.type === "matched", 5000, "matched");
  expect(matched).toMatchObject({ battleId: started.battleId, opponent: { id: a.userId } });
  const next = await a.client.battle.get.query({ battleId: started.battleId ?? "" });
  expect(next.status).toBe("active");
  expect(next.players.map((p) => p.id).sort()).toEqual([a.userId, b.userId].sort());
  // They are in the new battle now: asking again is a conflict.
  await expect(a.client.battle.rematch.mutate({ battleId })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
});
