// Proctored contests end to end, on two server instances sharing Postgres and Redis: violations
// recorded with the server's time, warnings then a disqualification under the policy, exactly one
// disqualification when violations race at two instances, submissions refused until an admin
// reinstates, the admins' live feed and timelines (and nobody else's), a disconnection measured by
// the server, and the CSV report.
import { randomUUID } from "node:crypto";
import type { ProctorEvent, ProctorMessage, StandingsMessage } from "@codeduel/api";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  clientFor,
  createTestDatabase,
  EventLog,
  grantAdmin,
  type Player,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startServer,
  type TestDatabase,
  testPrefix,
  until,
} from "./harness.ts";

let database: TestDatabase;
const servers: (RunningProcess & { port: number })[] = [];
const players: Player[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix() };
  servers.push(await startServer(env), await startServer(env));
});

afterAll(async () => {
  for (const p of players) p.close();
  await Promise.all(servers.map((p) => p.stop()));
  await database?.drop();
});

function port(i: 0 | 1): number {
  const s = servers[i];
  if (!s) throw new Error("servers did not start");
  return s.port;
}

async function player(i: 0 | 1, name: string, admin = false): Promise<Player> {
  const p = await registerPlayer(port(i), name);
  players.push(p);
  if (admin) {
    await grantAdmin(database.url, p.userId);
  }
  return p;
}

const POLICY = {
  signals: { tab_hidden: { weight: 1 }, window_blur: { weight: 1 }, paste: { weight: 3 }, disconnect: { weight: 1 } },
  warnAt: 1,
  disqualifyAt: 3,
  pasteMinChars: 100,
  disconnectAfterSeconds: 1,
};

async function proctoredContest(org: Player, policy: object = POLICY): Promise<string> {
  const now = Date.now();
  const { contestId } = await org.client.contestAdmin.create.mutate({
    title: `Exam ${randomUUID().slice(0, 6)}`,
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 3600_000).toISOString(),
    registrationOpensAt: new Date(now - 2000).toISOString(),
    problems: [{ challengeId: "sum-array" }],
    proctoring: policy,
  } as Parameters<typeof org.client.contestAdmin.create.mutate>[0]);
  return contestId;
}

const signal = (contestId: string, s: string, detail: object = {}) => ({
  contestId,
  signal: s as "tab_hidden",
  clientId: randomUUID(),
  clientAt: new Date().toISOString(),
  detail,
});

const SUM = "function sumArray(nums) { return nums.reduce((a, b) => a + b, 0); }";

function watchProctoring(p: Player, contestId: string) {
  const log = new EventLog<ProctorMessage>();
  const sub = p.client.contest.proctoring.subscribe({ contestId }, { onData: (m) => log.push(m.data as ProctorMessage) });
  return { log, stop: () => sub.unsubscribe() };
}

function watchFeed(admin: Player, contestId: string, userId?: string) {
  const log = new EventLog<ProctorEvent>();
  const sub = admin.client.proctorAdmin.feed.subscribe({ contestId, userId }, { onData: (m) => log.push(m.data as ProctorEvent) });
  return { log, stop: () => sub.unsubscribe() };
}

it("warns, then disqualifies under the policy; refuses submissions until an admin reinstates; feeds admins live", async () => {
  const org = await player(0, "proctor-org", true);
  const ada = await player(0, "ada");
  const bo = await player(1, "bob");
  const contestId = await proctoredContest(org);
  for (const p of [ada, bo]) await p.client.contest.register.mutate({ contestId });
  expect((await ada.client.contest.get.query({ contestId })).proctoring).toMatchObject({ disqualifyAt: 3 });

  const feed = watchFeed(org, contestId);
  const adaFeed = watchFeed(org, contestId, ada.userId);
  const mine = watchProctoring(ada, contestId);
  const bos = watchProctoring(bo, contestId);
  await mine.log.waitFor((m) => m.type === "state", 10_000, "ada's standing");
  const standings = new EventLog<StandingsMessage>();
  bo.client.contest.standings.subscribe({ contestId }, { onData: (m) => standings.push(m.data as StandingsMessage) });
  await standings.waitFor((m) => m.type === "board", 10_000, "the board");

  // Not collected by this policy, and a paste under its threshold: nothing kept.
  await expect(ada.client.contest.report.mutate(signal(contestId, "copy"))).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
  expect(await ada.client.contest.report.mutate(signal(contestId, "paste", { chars: 20 }))).toMatchObject({ recorded: false });

  const first = await ada.client.contest.report.mutate(signal(contestId, "tab_hidden"));
  expect(first).toMatchObject({ recorded: true, score: 1, outcome: "warning" });
  // The same report sent again (its answer was lost) counts once.
  const resent = signal(contestId, "window_blur");
  await ada.client.contest.report.mutate(resent);
  await ada.client.contest.report.mutate(resent);
  await bo.client.contest.report.mutate(signal(contestId, "tab_hidden"));
  expect(await ada.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: SUM })).toHaveProperty(
    "submissionId",
  );

  const third = await ada.client.contest.report.mutate(signal(contestId, "tab_hidden"));
  expect(third).toMatchObject({ recorded: true, score: 3, outcome: "disqualified" });
  const dq = await mine.log.waitFor((m) => m.type === "event" && m.outcome === "disqualified", 5000, "ada told she is disqualified");
  expect(dq).toMatchObject({ reason: expect.stringMatching(/tab hidden took the score to 3 of 3/) });
  await expect(ada.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: SUM })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
    message: expect.stringMatching(/disqualified: Proctoring/),
  });
  await standings.waitFor((m) => m.type === "change" && m.change.type === "standing" && m.change.disqualified, 5000, "the board marks ada");

  // Each participant hears only of themselves; the admin feed hears of everyone, the filtered one of ada.
  await feed.log.waitFor((e) => e.outcome === "disqualified", 5000, "the feed's disqualification");
  const adaEvents = mine.log.events.filter((m) => m.type === "event");
  expect(adaEvents.map((m) => m.type === "event" && [m.signal, m.score, m.outcome])).toEqual([
    ["tab_hidden", 1, "warning"],
    ["window_blur", 2, "warning"],
    ["tab_hidden", 3, "disqualified"],
  ]);
  await bos.log.waitFor((m) => m.type === "event", 5000, "bo's own violation");
  expect(bos.log.events.filter((m) => m.type === "event" && m.userId !== bo.userId)).toEqual([]);
  expect(feed.log.events.map((e) => e.name)).toEqual(["ada", "ada", "bob", "ada"]);
  expect(adaFeed.log.events.every((e) => e.userId === ada.userId)).toBe(true);
  expect(adaFeed.log.events).toHaveLength(3);

  // Only admins reach the feed, the timelines and the actions.
  await expect(bo.client.proctorAdmin.timeline.query({ contestId, userId: ada.userId })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
  });
  await expect(bo.client.proctorAdmin.reinstate.mutate({ contestId, userId: bo.userId, reason: "me" })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
  });

  await org.client.proctorAdmin.reinstate.mutate({ contestId, userId: ada.userId, reason: "the proctor saw a fire drill" });
  await mine.log.waitFor((m) => m.type === "event" && m.kind === "reinstated", 5000, "ada told she is reinstated");
  // The earlier submission of hers was never judged (no judge here): still one in flight.
  await expect(ada.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: SUM })).rejects.toMatchObject({
    data: { code: "CONFLICT" },
  });
  await org.client.proctorAdmin.disqualify.mutate({ contestId, userId: bo.userId, reason: "a phone on the desk" });
  await expect(bo.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: SUM })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
    message: expect.stringMatching(/a phone on the desk/),
  });
  await org.client.proctorAdmin.reinstate.mutate({ contestId, userId: bo.userId, reason: "it was a calculator" });
  expect(await bo.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: SUM })).toHaveProperty(
    "submissionId",
  );
  // Reinstated, ada's score starts again: one more is a warning, not a disqualification.
  expect(await ada.client.contest.report.mutate(signal(contestId, "tab_hidden"))).toMatchObject({ score: 1, outcome: "warning" });

  const timeline = await org.client.proctorAdmin.timeline.query({ contestId, userId: bo.userId });
  expect(timeline.disqualified).toBeNull();
  expect(timeline.events.map((e) => [e.kind, e.by, e.reason])).toEqual([
    ["violation", null, null],
    ["disqualified", "proctor-org", "a phone on the desk"],
    ["reinstated", "proctor-org", "it was a calculator"],
  ]);
  const report = (await org.client.proctorAdmin.report.query({ contestId })).text.trim().split("\r\n");
  expect(report[0]).toBe("seq,server_time,user_id,name,kind,signal,client_time,detail,weight,score,outcome,by,reason");
  expect(report).toHaveLength(1 + 8);
  expect(report.filter((l) => l.includes(",violation,"))).toHaveLength(5);
  for (const w of [feed, adaFeed, mine, bos]) w.stop();
});

it("disqualifies exactly once when violations race at two instances", async () => {
  const org = await player(0, "race-org", true);
  const cy = await player(0, "cyd");
  const cyElsewhere = sameUserOn(cy, 1);
  const contestId = await proctoredContest(org, { ...POLICY, disqualifyAt: 2 });
  await cy.client.contest.register.mutate({ contestId });
  const outcomes = await Promise.all(
    Array.from({ length: 12 }, (_, i) => (i % 2 ? cy : cyElsewhere).client.contest.report.mutate(signal(contestId, "tab_hidden"))),
  );
  expect(outcomes.filter((o) => o.outcome === "disqualified")).toHaveLength(1);
  expect(outcomes.map((o) => o.score).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select kind, outcome from proctor_events where contest_id = ${contestId} order by seq`;
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.outcome === "disqualified")).toHaveLength(1);
    const boards = await sql`select board from contest_events where contest_id = ${contestId} and payload->>'type' = 'standing'`;
    expect(boards.map((b) => b.board).sort()).toEqual(["live", "public"]);
  } finally {
    await sql.end();
  }
});

it("records a disconnection longer than the policy allows, measured by the server", async () => {
  const org = await player(0, "net-org", true);
  const di = await player(1, "dia");
  const contestId = await proctoredContest(org);
  await di.client.contest.register.mutate({ contestId });
  const first = watchProctoring(di, contestId);
  await first.log.waitFor((m) => m.type === "state", 10_000, "di's standing");
  first.stop();
  await new Promise((r) => setTimeout(r, 1500));
  const again = watchProctoring(di, contestId);
  const away = await again.log.waitFor((m) => m.type === "event" && m.signal === "disconnect", 10_000, "the disconnection");
  expect(away.type === "event" && away.detail?.awayMs).toBeGreaterThanOrEqual(1000);
  again.stop();
  await until(
    async () => (await org.client.proctorAdmin.timeline.query({ contestId, userId: di.userId })).events.length === 1,
    5000,
    "one record",
  );
});

/** The same account signed in on the other instance too (a second client with its token). */
function sameUserOn(p: Player, i: 0 | 1): Player {
  const other = { ...p, ...clientFor(port(i), p.token) };
  players.push(other);
  return other;
}
