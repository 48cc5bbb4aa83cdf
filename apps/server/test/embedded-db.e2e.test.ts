// `npm start` runs on the embedded database (PGlite) unless DATABASE_URL is set: a whole battle on
// it, so the hand-written SQL (one-statement submissions and event appends) holds on both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BattleEvent } from "@codeduel/api";
import { getChallenge } from "@codeduel/challenges";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EventLog, REDIS_URL, type RunningProcess, startBattle, startJudgeWorker, startServer, testPrefix } from "./harness.ts";

const dir = mkdtempSync(join(tmpdir(), "codeduel-pglite-"));
let server: RunningProcess & { port: number };
let worker: RunningProcess;
const closers: (() => void)[] = [];

beforeAll(async () => {
  const env = { DATABASE_URL: "", PGLITE_DIR: dir, REDIS_URL, REDIS_PREFIX: testPrefix(), JUDGE_THREADS: "1" };
  [server, worker] = await Promise.all([startServer(env), startJudgeWorker(env)]);
});

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all([server?.stop(), worker?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

it("plays a battle to its end on PGlite and replays it in order", async () => {
  const { a, b, battleId } = await startBattle(server.port, ["pia", "lee"]);
  closers.push(a.close, b.close);
  const battle = await a.client.battle.get.query({ battleId });
  const challenge = getChallenge(battle.challenge.id);
  if (!challenge) throw new Error(`unknown challenge ${battle.challenge.id}`);
  const log = new EventLog<BattleEvent>();
  b.client.battle.events.subscribe({ battleId }, { onData: (e) => log.push(e.data as BattleEvent) });

  const wrong = await b.client.battle.submit.mutate({ battleId, code: challenge.wrong.javascript });
  await log.waitFor((e) => e.data.type === "verdict" && e.data.submissionId === wrong.submissionId, 30_000, "wrong verdict");
  await a.client.battle.submit.mutate({ battleId, code: challenge.reference.javascript });
  const finished = await log.waitFor((e) => e.data.type === "battle_finished", 30_000, "battle_finished");
  expect(finished.data).toMatchObject({ winnerId: a.userId, reason: "solved" });

  const replay = await b.client.battle.replay.query({ battleId });
  expect(replay.events.map((e) => e.seq)).toEqual(replay.events.map((_, i) => i + 1));
  expect(replay.events.map((e) => e.data.type)).toEqual([
    "battle_started",
    "submission_queued",
    "verdict",
    "submission_queued",
    "verdict",
    "battle_finished",
  ]);
  expect(replay.battle).toMatchObject({ status: "finished", winnerId: a.userId, lastEventSeq: 6 });
  if (finished.data.type !== "battle_finished") throw new Error("unreachable");
  const change = finished.data.ratingChanges[a.userId];
  expect(change?.delta).toBeGreaterThan(0);
  expect(await a.client.auth.me.query()).toMatchObject({ rating: change?.after, gamesPlayed: 1, wins: 1 });
  expect(await b.client.auth.me.query()).toMatchObject({ gamesPlayed: 1, wins: 0 });
});
