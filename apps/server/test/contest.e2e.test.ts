// Contests end to end, on two server instances and a judge worker sharing Postgres and Redis: an
// organiser authors a problem (publishing refused while its reference fails), runs an ICPC contest
// with a freeze, participants on different instances submit and watch the standings live, and
// after the end the organiser reveals the frozen results one at a time and exports everything.
import type { Board, StandingsMessage } from "@codeduel/api";
import { boardFrozen, rank } from "@codeduel/api/contest-scoring";
import { getChallenge } from "@codeduel/challenges";
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
  startJudgeWorker,
  startServer,
  type TestDatabase,
  testPrefix,
  until,
} from "./harness.ts";

let database: TestDatabase;
const servers: (RunningProcess & { port: number })[] = [];
const workers: RunningProcess[] = [];
const players: Player[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), JUDGE_THREADS: "2" };
  servers.push(await startServer(env));
  servers.push(await startServer(env));
  workers.push(await startJudgeWorker(env));
});

afterAll(async () => {
  for (const p of players) p.close();
  await Promise.all([...servers, ...workers].map((p) => p.stop()));
  await database?.drop();
});

function ports(): [number, number] {
  const [one, two] = servers;
  if (!one || !two) throw new Error("servers did not start");
  return [one.port, two.port];
}

async function player(port: number, name: string, admin = false): Promise<Player> {
  const p = await registerPlayer(port, name);
  players.push(p);
  if (admin) {
    await grantAdmin(database.url, p.userId);
  }
  return p;
}

/** A board kept up to date from the standings subscription, as a client keeps it. */
class WatchedBoard {
  board: Board | undefined;
  readonly log = new EventLog<StandingsMessage>();

  apply(m: StandingsMessage): void {
    if (m.type === "board") {
      const { type: _, ...board } = m;
      this.board = board;
    } else if (this.board) {
      const c = m.change;
      if (c.type === "cell") {
        let row = this.board.rows.find((r) => r.userId === c.userId);
        if (!row) {
          row = { userId: c.userId, name: c.name, cells: {} };
          this.board.rows.push(row);
        }
        row.cells[c.label] = c.cell;
      } else if (c.type === "unfrozen") {
        this.board.unfrozen = true;
      }
      this.board.seq = m.seq;
    }
    this.log.push(m);
  }

  cell(userId: string, label: string) {
    return this.board?.rows.find((r) => r.userId === userId)?.cells[label];
  }

  ranking(): { name: string; rank: number | null; solved: number; penalty: number }[] {
    if (!this.board) return [];
    return rank(this.board.rows, this.board.scoring).map(({ row, rank: r, totals }) => ({
      name: row.name,
      rank: r,
      solved: totals.solved,
      penalty: totals.penalty,
    }));
  }
}

const PAIR_SUM = {
  title: "Pair sum",
  statement: "Return `a + b`.",
  functionName: "pairSum",
  signature: { javascript: "function pairSum(a, b) {\n}", python: "def pair_sum(a, b):\n    pass" },
  publicTests: [{ input: [1, 2], expected: 3 }],
  hiddenTests: [
    { input: [10, -4], expected: 6 },
    { input: [0, 0], expected: 0 },
  ],
  limits: {},
  comparison: { kind: "exact" as const },
};

let publishedVersionId = "";

it("publishes a problem only once the judge accepts its reference, and edits a published one as a new version", async () => {
  const [one] = ports();
  const org = await player(one, "org", true);
  const pia = await player(one, "pia");

  await expect(pia.client.problem.create.mutate({ ...PAIR_SUM, reference: { language: "javascript", code: "x" } })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
  });

  const draft = await org.client.problem.create.mutate({
    ...PAIR_SUM,
    reference: { language: "javascript", code: "function pairSum(a, b) { return a - b; }" },
  });
  await org.client.problem.publish.mutate({ versionId: draft.id });
  const versionStatus = async () => (await org.client.problem.versions.query({ problemId: draft.problemId }))[0];
  await until(async () => (await versionStatus())?.status === "rejected", 20_000, "the broken reference to be rejected");
  expect((await versionStatus())?.checkVerdict).toMatchObject({ status: "wrong_answer" });

  const fixed = await org.client.problem.update.mutate({
    problemId: draft.problemId,
    problem: { ...PAIR_SUM, reference: { language: "python", code: "def pair_sum(a, b):\n    return a + b" } },
  });
  expect(fixed).toMatchObject({ id: draft.id, version: 1, status: "draft" });
  await org.client.problem.publish.mutate({ versionId: draft.id });
  await until(async () => (await versionStatus())?.status === "published", 30_000, "the fixed reference to be published");
  publishedVersionId = draft.id;

  // A published version never changes: an edit is version 2, a draft.
  const edited = await org.client.problem.update.mutate({
    problemId: draft.problemId,
    problem: {
      ...PAIR_SUM,
      title: "Pair sum, again",
      reference: { language: "javascript", code: "function pairSum(a, b) { return a + b; }" },
    },
  });
  expect(edited).toMatchObject({ version: 2, status: "draft" });
  const versions = await org.client.problem.versions.query({ problemId: draft.problemId });
  expect(versions.map((v) => [v.version, v.status, v.title])).toEqual([
    [2, "draft", "Pair sum, again"],
    [1, "published", "Pair sum"],
  ]);

  // A draft rejected for a wrong test and fixed in place is checked against its new tests, not the
  // ones the judge read the first time.
  const typo = await org.client.problem.create.mutate({
    ...PAIR_SUM,
    title: "Pair sum, typo",
    hiddenTests: [{ input: [2, 2], expected: 5 }],
    reference: { language: "javascript", code: "function pairSum(a, b) { return a + b; }" },
  });
  const typoStatus = async () => (await org.client.problem.versions.query({ problemId: typo.problemId }))[0]?.status;
  await org.client.problem.publish.mutate({ versionId: typo.id });
  await until(async () => (await typoStatus()) === "rejected", 20_000, "the typo to be rejected");
  await org.client.problem.update.mutate({
    problemId: typo.problemId,
    problem: {
      ...PAIR_SUM,
      title: "Pair sum, typo",
      reference: { language: "javascript", code: "function pairSum(a, b) { return a + b; }" },
    },
  });
  await org.client.problem.publish.mutate({ versionId: typo.id });
  await until(async () => (await typoStatus()) === "published", 20_000, "the fixed tests to be published");

  // Answers compared by the organiser's checker (any pair summing to the target), through the worker.
  const pairs = await org.client.problem.create.mutate({
    ...PAIR_SUM,
    title: "Any pair",
    functionName: "anyPair",
    publicTests: [{ input: [5], expected: null }],
    hiddenTests: [{ input: [9], expected: null }],
    comparison: {
      kind: "checker",
      code: "function check(input, expected, actual) { return Array.isArray(actual) && actual[0] + actual[1] === input[0]; }",
    },
    reference: { language: "javascript", code: "function anyPair(n) { return [1, n - 1]; }" },
  });
  await org.client.problem.publish.mutate({ versionId: pairs.id });
  const pairsStatus = async () => (await org.client.problem.versions.query({ problemId: pairs.problemId }))[0];
  await until(async () => (await pairsStatus())?.status === "published", 30_000, "the checker-judged reference to be published");

  // Bulk upload: CSV with quoted JSON and a hidden column.
  const uploaded = await org.client.problem.parseTests.mutate({
    format: "csv",
    text: 'input,expected,hidden\n"[1,2]",3,false\n"[""a"",""b""]","""ab""",true\n',
  });
  expect(uploaded).toEqual({ publicTests: [{ input: [1, 2], expected: 3 }], hiddenTests: [{ input: ["a", "b"], expected: "ab" }] });
  await expect(org.client.problem.parseTests.mutate({ format: "csv", text: "input,expected\n[1,2\n" })).rejects.toMatchObject({
    data: { code: "BAD_REQUEST" },
  });
});

it("runs an ICPC contest across two instances: live standings, a freeze, a resolver-style reveal and exports", async () => {
  const [one, two] = ports();
  expect(publishedVersionId).not.toBe("");
  const org = await player(one, "host", true);
  const ann = await player(one, "ann");
  const bob = await player(two, "bob");
  const sumArray = getChallenge("sum-array");
  if (!sumArray) throw new Error("no sum-array");

  const now = Date.now();
  const { contestId } = await org.client.contestAdmin.create.mutate({
    title: "Friday marathon",
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    freezeAt: new Date(now + 6000).toISOString(),
    endsAt: new Date(now + 12_000).toISOString(),
    problems: [{ problemVersionId: publishedVersionId }, { challengeId: "sum-array" }],
  });

  // The organiser reads back every setting, the problems by what they point at.
  expect(await org.client.contestAdmin.get.query({ contestId })).toMatchObject({
    title: "Friday marathon",
    scoring: "icpc",
    problems: [
      { label: "A", problemVersionId: publishedVersionId, challengeId: null },
      { label: "B", problemVersionId: null, challengeId: "sum-array" },
    ],
  });

  // Guests may not join this one; players may, once.
  const guest = clientFor(one);
  const { token } = await guest.client.auth.guest.mutate();
  guest.close();
  const guestClient = clientFor(one, token);
  await expect(guestClient.client.contest.register.mutate({ contestId })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  guestClient.close();
  await ann.client.contest.register.mutate({ contestId });
  await bob.client.contest.register.mutate({ contestId });

  // Bob watches the public board on instance two; the organiser the live one on instance one.
  const bobBoard = new WatchedBoard();
  bob.client.contest.standings.subscribe({ contestId }, { onData: (m) => bobBoard.apply(m.data as StandingsMessage) });
  const orgBoard = new WatchedBoard();
  org.client.contest.standings.subscribe({ contestId }, { onData: (m) => orgBoard.apply(m.data as StandingsMessage) });
  await bobBoard.log.waitFor((m) => m.type === "board", 10_000, "bob's board");
  await orgBoard.log.waitFor((m) => m.type === "board", 10_000, "the organiser's board");

  // Participants see statements and examples, never hidden tests.
  const problems = await ann.client.contest.problems.query({ contestId });
  expect(problems.map((p) => p.label)).toEqual(["A", "B"]);
  expect(JSON.stringify(problems)).not.toContain("-4");

  // Ann: a compile error (not counted), a wrong answer (20 minutes), then accepted on A.
  const judged = async (p: Player, label: string, code: string) => {
    const { submissionId } = await p.client.contest.submit.mutate({ contestId, label, language: "javascript", code });
    await until(
      async () => (await p.client.contest.mySubmissions.query({ contestId })).find((s) => s.id === submissionId)?.status !== "queued",
      20_000,
      `the verdict of ${label}`,
    );
    return (await p.client.contest.mySubmissions.query({ contestId })).find((s) => s.id === submissionId);
  };
  expect((await judged(ann, "A", "function pairSum(a, b) { return a +; }"))?.status).toBe("compile_error");
  expect((await judged(ann, "A", "function pairSum(a, b) { return a * b; }"))?.status).toBe("wrong_answer");
  expect((await judged(ann, "A", "function pairSum(a, b) { return a + b; }"))?.status).toBe("accepted");
  expect((await judged(bob, "B", sumArray.reference.javascript))?.status).toBe("accepted");

  await until(
    () => bobBoard.cell(ann.userId, "A")?.acceptedMs != null && bobBoard.cell(bob.userId, "B")?.acceptedMs != null,
    10_000,
    "both solves on bob's board",
  );
  expect(bobBoard.cell(ann.userId, "A")).toMatchObject({ attempts: 1, pending: 0 });
  expect(bobBoard.ranking()).toEqual([
    { name: "bob", rank: 1, solved: 1, penalty: 0 },
    { name: "ann", rank: 2, solved: 1, penalty: 20 },
  ]);
  // Nobody sees another's submissions.
  expect((await bob.client.contest.mySubmissions.query({ contestId })).map((s) => s.label)).toEqual(["B"]);

  // After the freeze, Bob's solve of A is pending on the public board and judged on the live one.
  await until(() => Date.now() > now + 6500, 10_000, "the freeze");
  expect((await judged(bob, "A", "function pairSum(a, b) { return b + a; }"))?.status).toBe("accepted");
  await until(() => orgBoard.cell(bob.userId, "A")?.acceptedMs != null, 10_000, "bob's A on the live board");
  await until(() => bobBoard.cell(bob.userId, "A")?.pending === 1, 10_000, "bob's A pending on the public board");
  expect(bobBoard.board && boardFrozen(bobBoard.board)).toBe(true);
  expect(bobBoard.cell(bob.userId, "A")?.acceptedMs).toBeNull();
  // Only admins see the live board's exports and reveal.
  await expect(bob.client.contestAdmin.export.query({ contestId, what: "standings", format: "json" })).rejects.toMatchObject({
    data: { code: "FORBIDDEN" },
  });

  // After the end: submissions are refused, then the results are revealed one at a time.
  await until(() => Date.now() > now + 12_500, 15_000, "the end");
  await expect(ann.client.contest.submit.mutate({ contestId, label: "B", language: "javascript", code: "x" })).rejects.toMatchObject({
    data: { code: "CONFLICT" },
    message: expect.stringMatching(/over/),
  });
  await expect(bob.client.contestAdmin.reveal.mutate({ contestId })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  expect(await org.client.contestAdmin.reveal.mutate({ contestId })).toEqual({ revealed: 1, done: false });
  await until(() => bobBoard.cell(bob.userId, "A")?.acceptedMs != null, 10_000, "the revealed result on bob's board");
  expect(await org.client.contestAdmin.reveal.mutate({ contestId })).toEqual({ revealed: 0, done: true });
  await until(() => bobBoard.board?.unfrozen === true, 10_000, "the board unfrozen");
  expect(bobBoard.ranking().map((r) => [r.name, r.rank, r.solved])).toEqual([
    ["bob", 1, 2],
    ["ann", 2, 1],
  ]);

  const standings = await org.client.contestAdmin.export.query({ contestId, what: "standings", format: "csv" });
  const lines = standings.text.trim().split("\r\n");
  expect(lines[0]).toMatch(/^rank,user_id,name,disqualified,solved,penalty,points,A attempts/);
  expect(lines[1]).toMatch(/^1,[^,]+,bob,false,2,/);
  const submissions = JSON.parse((await org.client.contestAdmin.export.query({ contestId, what: "submissions", format: "json" })).text);
  expect(submissions).toHaveLength(5);
  expect(submissions[0]).toMatchObject({ name: "ann", label: "A", status: "compile_error" });
  expect(submissions[0].codeSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(submissions)).not.toContain("return a + b");
});

it("takes registrations while participants submit, with no failed call", async () => {
  const [one, two] = ports();
  const org = await player(one, "racer-org", true);
  const now = Date.now();
  const { contestId } = await org.client.contestAdmin.create.mutate({
    title: "Rush hour",
    scoring: "icpc",
    startsAt: new Date(now - 1000).toISOString(),
    endsAt: new Date(now + 600_000).toISOString(),
    problems: [{ challengeId: "sum-array" }],
  });
  const sumArray = getChallenge("sum-array");
  if (!sumArray) throw new Error("no sum-array");
  const submitters = await Promise.all(["sub-a", "sub-b", "sub-c"].map((n, i) => player(i % 2 ? two : one, n)));
  await Promise.all(submitters.map((p) => p.client.contest.register.mutate({ contestId })));
  const arrivals = await Promise.all(Array.from({ length: 24 }, (_, i) => player(i % 2 ? two : one, `late-${i}`)));
  let submitting = true;
  const submissions = submitters.map(async (p) => {
    let sent = 0;
    while (submitting) {
      try {
        await p.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: sumArray.wrong.javascript });
        sent++;
      } catch (err) {
        // One in flight per participant: CONFLICT until the previous one is judged is expected.
        if ((err as { data?: { code?: string } }).data?.code !== "CONFLICT") throw err;
      }
    }
    return sent;
  });
  await Promise.all(arrivals.map((p) => p.client.contest.register.mutate({ contestId })));
  submitting = false;
  const sent = await Promise.all(submissions);
  expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  const { participants } = await org.client.contest.get.query({ contestId });
  expect(participants).toBe(27);
});

it("lets exactly as many register as the contest has seats, across two instances", async () => {
  const [one, two] = ports();
  const org = await player(one, "seats-org", true);
  const now = Date.now();
  const withSeats = (title: string, maxParticipants: number) =>
    org.client.contestAdmin.create.mutate({
      title,
      scoring: "icpc",
      startsAt: new Date(now + 600_000).toISOString(),
      endsAt: new Date(now + 1_200_000).toISOString(),
      maxParticipants,
      problems: [{ challengeId: "sum-array" }],
    });
  const { contestId } = await withSeats("Five seats", 5);
  const hopefuls = await Promise.all(Array.from({ length: 12 }, (_, i) => player(i % 2 ? two : one, `seat-${i}`)));
  const answers = await Promise.allSettled(hopefuls.map((p) => p.client.contest.register.mutate({ contestId })));
  const seated = hopefuls.filter((_, i) => answers[i]?.status === "fulfilled");
  expect(seated).toHaveLength(5);
  for (const a of answers)
    if (a.status === "rejected") expect(a.reason).toMatchObject({ data: { code: "CONFLICT" }, message: "The contest is full" });
  // Registering again takes no second seat, and a seat is never given past the cap.
  await seated[0]?.client.contest.register.mutate({ contestId });
  expect((await org.client.contest.get.query({ contestId })).participants).toBe(5);

  // One player registering twice at once, on both instances: one seat, the other one still free.
  const { contestId: twoSeats } = await withSeats("Two seats", 2);
  const [eager, late, turnedAway] = await Promise.all([player(one, "seat-eager"), player(two, "seat-late"), player(two, "seat-away")]);
  const sameOnTwo = clientFor(two, eager.token);
  players.push({ ...eager, close: sameOnTwo.close });
  await Promise.all([
    eager.client.contest.register.mutate({ contestId: twoSeats }),
    sameOnTwo.client.contest.register.mutate({ contestId: twoSeats }),
  ]);
  await late.client.contest.register.mutate({ contestId: twoSeats });
  await expect(turnedAway.client.contest.register.mutate({ contestId: twoSeats })).rejects.toMatchObject({
    message: "The contest is full",
  });
  expect((await org.client.contest.get.query({ contestId: twoSeats })).participants).toBe(2);
});
