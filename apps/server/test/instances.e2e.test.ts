// Two server instances and two judge workers sharing Postgres and Redis: players connected to
// different instances are matched together and see each other's code, verdicts and the result.
import type { BattleEvent, CodeUpdate, PlayerEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  clientFor,
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
import { TcpProxy } from "./network.ts";

let database: TestDatabase;
const servers: (RunningProcess & { port: number })[] = [];
const workers: RunningProcess[] = [];
const players: Player[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), JUDGE_THREADS: "2" };
  // The first server migrates; the second starts against the migrated database.
  servers.push(await startServer(env));
  servers.push(await startServer(env));
  workers.push(...(await Promise.all([startJudgeWorker(env), startJudgeWorker(env)])));
});

afterAll(async () => {
  for (const p of players) p.close();
  await Promise.all([...servers, ...workers].map((p) => p.stop()));
  await database?.drop();
});

it("plays a battle between players on different server instances", async () => {
  const [one, two] = servers;
  if (!one || !two) throw new Error("servers did not start");
  const xena = await registerPlayer(one.port, "xena");
  const yuri = await registerPlayer(two.port, "yuri");
  players.push(xena, yuri);

  const matched = new EventLog<PlayerEvent>();
  yuri.client.queue.events.subscribe(undefined, { onData: (e) => matched.push(e as PlayerEvent) });
  await xena.client.queue.join.mutate();
  await yuri.client.queue.join.mutate();
  const m = (await matched.waitFor((e) => e.type === "matched", 15_000, "matched")) as Extract<PlayerEvent, { type: "matched" }>;
  expect(m.opponent.id).toBe(xena.userId);
  const battleId = m.battleId;
  const challenge = getChallenge(m.challenge.id);
  if (!challenge) throw new Error("unknown challenge");

  const codeOnTwo = new EventLog<CodeUpdate>();
  yuri.client.battle.code.subscribe({ battleId }, { onData: (u) => codeOnTwo.push(u) });
  const eventsOnOne = new EventLog<BattleEvent>();
  xena.client.battle.events.subscribe({ battleId }, { onData: (e) => eventsOnOne.push(e.data as BattleEvent) });
  await new Promise((r) => setTimeout(r, 300));

  await xena.client.battle.updateCode.mutate({ battleId, code: "// typed on instance one" });
  await codeOnTwo.waitFor((u) => u.code === "// typed on instance one", 5000, "code relayed across instances");

  const { submissionId } = await yuri.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
  const verdict = await eventsOnOne.waitFor((e) => e.data.type === "verdict", 30_000, "verdict across instances");
  expect(verdict.data).toMatchObject({ submissionId, status: "accepted", userId: yuri.userId });
  const finished = await eventsOnOne.waitFor((e) => e.data.type === "battle_finished", 10_000, "battle_finished");
  expect(finished.data).toMatchObject({ winnerId: yuri.userId, reason: "solved" });
});

// Last in this file: it stops the first server.
it("on SIGTERM, clients reconnect through the load balancer to the other instance and finish their battle", async () => {
  const [one, two] = servers;
  if (!one || !two) throw new Error("servers did not start");
  // The load balancer prefers instance one while it accepts connections.
  const balancer = await TcpProxy.start([one.port, two.port]);
  const { a, b, battleId } = await startBattle(one.port, ["zack", "ivy"]);
  const viaBalancer = [a, b].map((p) => ({ ...p, ...clientFor(balancer.port, p.token, { retryDelayMs: 200 }) }));
  players.push(a, b, ...viaBalancer);
  const [zack, ivy] = viaBalancer;
  if (!zack || !ivy) throw new Error("unreachable");
  const ids: string[] = [];
  const events = new EventLog<BattleEvent>();
  zack.client.battle.events.subscribe(
    { battleId },
    {
      onData: (e) => {
        ids.push(e.id);
        events.push(e.data as BattleEvent);
      },
    },
  );
  const ivyEvents = new EventLog<BattleEvent>();
  ivy.client.battle.events.subscribe({ battleId }, { onData: (e) => ivyEvents.push(e.data as BattleEvent) });
  await events.waitFor((e) => e.data.type === "battle_started", 10_000, "battle_started");
  await ivyEvents.waitFor((e) => e.data.type === "battle_started", 10_000, "battle_started");

  await one.stop("SIGTERM");
  const challenge = getChallenge((await ivy.client.battle.get.query({ battleId })).challenge.id);
  if (!challenge) throw new Error("unknown challenge");
  const { submissionId } = await ivy.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
  const finished = await events.waitFor((e) => e.data.type === "battle_finished", 30_000, "battle_finished after the hand-over");
  expect(finished.data).toMatchObject({ winnerId: ivy.userId, reason: "solved" });
  expect(events.events.find((e) => e.data.type === "verdict")?.data).toMatchObject({ submissionId, status: "accepted" });
  // The moved subscription resumed where it left off: every event once, in order.
  const seqs = events.events.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(ids).toEqual(seqs.map(String));
  await balancer.close();
});
