// Flaky networks: a player whose connection drops has a grace period to come back, the opponent
// hears about both, and the resumed subscription misses and repeats nothing; past the grace the
// battle is lost.
import type { BattleEvent } from "@codeduel/api";
import { expect, it } from "vitest";
import { clientFor, EventLog, startBattle, useServer } from "./harness.ts";
import { TcpProxy } from "./network.ts";

const GRACE_MS = 6000;
const server = useServer({ RECONNECT_GRACE_MS: String(GRACE_MS), PRESENCE_TIMEOUT_MS: "1500" });
const { closers } = server;

/** Subscribes to a battle's events and records the tracked ids as they arrive. */
function watch(client: ReturnType<typeof clientFor>["client"], battleId: string) {
  const log = new EventLog<BattleEvent>();
  const ids: string[] = [];
  const sub = client.battle.events.subscribe(
    { battleId },
    {
      onData: (e) => {
        ids.push(e.id);
        log.push(e.data as BattleEvent);
      },
    },
  );
  return { log, ids, stop: () => sub.unsubscribe() };
}

/**
 * A battle in which the second player's connection goes through a network that is about to fail
 * (wsLink retries every 200 ms); both players watch the battle's events.
 */
async function battleWithFlakyPlayer(names: [string, string]) {
  const { a, b, battleId } = await startBattle(server.port, names);
  const proxy = await TcpProxy.start([server.port]);
  const flaky = clientFor(proxy.port, b.token, { retryDelayMs: 200 });
  closers.push(a.close, b.close, flaky.close, () => void proxy.close());
  const seenByA = watch(a.client, battleId);
  const seenByB = watch(flaky.client, battleId);
  await seenByB.log.waitFor((e) => e.data.type === "battle_started", 10_000, "battle_started");
  return { a, b, battleId, proxy, seenByA, seenByB };
}

it("a player who drops and comes back within the grace period resumes with nothing missed or repeated", async () => {
  const { a, b, battleId, proxy, seenByA, seenByB } = await battleWithFlakyPlayer(["ada", "bob"]);

  proxy.block();
  proxy.cut();
  const gone = await seenByA.log.waitFor((e) => e.data.type === "opponent_disconnected", 10_000, "opponent_disconnected");
  expect(gone.data).toMatchObject({ userId: b.userId });
  if (gone.data.type !== "opponent_disconnected") throw new Error("unreachable");
  expect(Date.parse(gone.data.forfeitAt) - Date.parse(gone.at)).toBeGreaterThan(GRACE_MS - 1000);
  // The battle goes on while Bo is away.
  await a.client.battle.submit.mutate({ battleId, code: "function sumArray(nums) { return 0; }" });

  proxy.block(false);
  const back = await seenByA.log.waitFor((e) => e.data.type === "opponent_reconnected", 15_000, "opponent_reconnected");
  expect(back.data).toMatchObject({ userId: b.userId });
  // Bo's resumed subscription delivers everything from while he was away, exactly once, in order.
  await seenByB.log.waitFor((e) => e.data.type === "opponent_reconnected", 10_000, "opponent_reconnected on the resumed subscription");
  const seqs = seenByB.log.events.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(seenByB.ids).toEqual(seqs.map(String));
  expect(seenByB.log.events.map((e) => e.data.type)).toEqual(expect.arrayContaining(["submission_queued", "opponent_disconnected"]));
  expect(seenByA.log.events.map((e) => e.seq)).toEqual(seqs.slice(0, seenByA.log.events.length));
  expect(await a.client.battle.get.query({ battleId })).toMatchObject({ status: "active" });
});

it("a player who stays away past the grace period loses the battle", async () => {
  const { a, b, proxy, seenByA } = await battleWithFlakyPlayer(["cyd", "dina"]);

  proxy.block();
  proxy.cut();
  await seenByA.log.waitFor((e) => e.data.type === "opponent_disconnected", 10_000, "opponent_disconnected");
  const finished = await seenByA.log.waitFor((e) => e.data.type === "battle_finished", GRACE_MS + 10_000, "battle_finished");
  expect(finished.data).toMatchObject({ winnerId: a.userId, reason: "abandoned" });
  expect(await a.client.auth.me.query()).toMatchObject({ wins: 1, gamesPlayed: 1 });
  expect(await a.client.queue.status.query()).toMatchObject({ kind: "idle" });
  expect(await b.client.queue.status.query()).toMatchObject({ kind: "idle" });
});
