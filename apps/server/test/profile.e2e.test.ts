// profile.get: rating history and past battles, through a real server process.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { clientFor, startBattle, useServer } from "./harness.ts";

const server = useServer();

it("returns a player's rating history and past battles, newest battle first", async () => {
  const first = await startBattle(server.port, ["prof_a", "prof_b"]);
  const { a, b } = first;
  server.closers.push(a.close, b.close);

  const fresh = await a.client.profile.get.query();
  expect(fresh).toMatchObject({ user: { id: a.userId, username: "prof_a", rating: 1200, gamesPlayed: 0 }, ratingHistory: [], battles: [] });

  await a.client.battle.forfeit.mutate({ battleId: first.battleId });
  // A rematch, which b forfeits: two rated battles each.
  await a.client.battle.rematch.mutate({ battleId: first.battleId });
  const second = await b.client.battle.rematch.mutate({ battleId: first.battleId });
  expect(second.status).toBe("started");
  if (!second.battleId) throw new Error("no rematch battle");
  await b.client.battle.forfeit.mutate({ battleId: second.battleId });

  // Anyone signed in may look, with the user's id; without one it is one's own profile.
  const own = await a.client.profile.get.query();
  const seenByB = await b.client.profile.get.query({ userId: a.userId });
  expect(seenByB).toEqual(own);
  expect(own.user).toMatchObject({ id: a.userId, gamesPlayed: 2, wins: 1 });
  expect(own.ratingHistory.map((p) => p.battleId)).toEqual([first.battleId, second.battleId]);
  const [lost, won] = own.ratingHistory;
  expect(lost).toMatchObject({ before: 1200, after: expect.any(Number) });
  expect(lost?.after).toBeLessThan(1200);
  expect(won?.before).toBe(lost?.after);
  expect(won?.after).toBe(own.user.rating);
  expect(new Date(won?.at ?? 0).getTime()).toBeGreaterThanOrEqual(new Date(lost?.at ?? 0).getTime());

  expect(own.battles.map((x) => x.id)).toEqual([second.battleId, first.battleId]);
  expect(own.battles[0]).toMatchObject({
    result: "win",
    endReason: "forfeit",
    opponent: { id: b.userId, username: "prof_b" },
    ratingBefore: lost?.after,
    ratingDelta: (won?.after ?? 0) - (won?.before ?? 0),
  });
  expect(own.battles[1]).toMatchObject({ result: "loss", ratingBefore: 1200, ratingDelta: (lost?.after ?? 0) - 1200 });
  expect(own.battles[1]?.challengeTitle).toEqual(expect.any(String));

  const limited = await a.client.profile.get.query({ battles: 1 });
  expect(limited.battles).toHaveLength(1);
  expect(limited.ratingHistory).toHaveLength(2);
});

it("refuses unknown players, bad ids and anonymous callers with typed errors", async () => {
  const anon = clientFor(server.port);
  server.closers.push(anon.close);
  await expect(anon.client.profile.get.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  const guest = await anon.client.auth.guest.mutate();
  const c = clientFor(server.port, guest.token);
  server.closers.push(c.close);
  await expect(c.client.profile.get.query({ userId: randomUUID() })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  await expect(c.client.profile.get.query({ userId: "not-a-uuid" })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
  await expect(c.client.profile.get.query({ battles: 1000 })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
  expect(await c.client.profile.get.query()).toMatchObject({ user: { id: guest.user.id, isGuest: true }, battles: [] });
});
