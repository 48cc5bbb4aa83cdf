// Worked examples, computed by hand: the arithmetic is in the comments next to each expectation.
import { describe, expect, it } from "vitest";
import {
  applyToBoards,
  applyVerdict,
  type Boards,
  type Cell,
  compareRows,
  emptyCell,
  firstSolvers,
  type JudgedStatus,
  nextReveal,
  PENALTY_MINUTES_PER_REJECTION,
  penaltyMinutes,
  pendingCells,
  type Row,
  rank,
  reveal,
  type ScoringRule,
  submitted,
  totals,
} from "./scoring.ts";

/** mm:ss from the contest's start, in ms. */
const t = (min: number, sec = 0) => min * 60_000 + sec * 1000;

type Sub = [label: string, status: JudgedStatus, atMs: number, hidden?: [passed: number, total: number]];

/** A row built by applying its submissions in order (no freeze, nothing pending). */
function row(userId: string, name: string, subs: Sub[], rule: ScoringRule = "icpc", points: Record<string, number> = {}): Row {
  const cells: Record<string, Cell> = {};
  for (const [label, status, atMs, [hiddenPassed, hiddenTotal] = [0, 0]] of subs) {
    cells[label] = applyVerdict(cells[label] ?? emptyCell(), { status, atMs, hiddenPassed, hiddenTotal }, rule, points[label] ?? 0);
  }
  return { userId, name, cells };
}

/** What a ranked board looks like, compactly: name, rank, and the totals. */
const standings = (rows: Row[], rule: ScoringRule) =>
  rank(rows, rule).map(({ row: r, rank: place, totals: tot }) => [r.name, place, tot.solved, tot.penalty, tot.points, tot.lastMs]);

describe("ICPC cells", () => {
  it("counts rejections, not compile or internal errors, and ignores everything after the first accepted", () => {
    const c = row("u", "u", [
      ["A", "compile_error", t(1)],
      ["A", "wrong_answer", t(2)],
      ["A", "internal_error", t(3)],
      ["A", "time_limit", t(4)],
      ["A", "accepted", t(10, 30)],
      ["A", "wrong_answer", t(11)],
      ["A", "accepted", t(12)],
    ]).cells.A;
    // Counted: WA at 2:00 and TLE at 4:00 = 2; CE and IE ignored; after the AC at 10:30 nothing moves.
    expect(c).toEqual({ attempts: 2, acceptedMs: t(10, 30), points: 0, pointsMs: null, pending: 0 });
    // 630000 ms -> floor(630000 / 60000) = floor(10.5) = 10, + 20 * 2 = 50.
    expect(c && penaltyMinutes(c)).toBe(50);
  });

  it("never mutates the cell it is given", () => {
    const before = emptyCell();
    const after = applyVerdict(before, { status: "wrong_answer", atMs: 0, hiddenPassed: 0, hiddenTotal: 0 }, "icpc", 0);
    expect(before.attempts).toBe(0);
    expect(after.attempts).toBe(1);
  });

  it("floors the penalty minutes", () => {
    const solved = (acceptedMs: number, attempts: number): Cell => ({ ...emptyCell(), acceptedMs, attempts });
    expect(PENALTY_MINUTES_PER_REJECTION).toBe(20);
    expect(penaltyMinutes(solved(59_999, 0))).toBe(0); // floor(59999 / 60000) = floor(0.99998) = 0
    expect(penaltyMinutes(solved(60_000, 0))).toBe(1); // floor(60000 / 60000) = 1
    expect(penaltyMinutes(solved(119_999, 1))).toBe(21); // floor(1.99998) = 1, + 20 * 1 = 21
    expect(penaltyMinutes(solved(t(299, 59), 3))).toBe(359); // 299:59 -> 299, + 20 * 3 = 359
    // Unsolved: its rejections cost nothing.
    expect(penaltyMinutes({ ...emptyCell(), attempts: 5 })).toBe(0);
  });
});

describe("an ICPC contest: 4 participants, problems A B C", () => {
  // bob and ann tie on solved (3) and penalty (125): bob's last accepted (45:00) beats ann's (61:00).
  // cat and dan tie on everything: 2 solved, 105 minutes, last accepted 60:00 -> both 3rd.
  const ann = row("u-ann", "ann", [
    ["A", "wrong_answer", t(2)],
    ["A", "accepted", t(4, 30)], // floor(4.5) = 4, + 20 * 1 = 24
    ["B", "compile_error", t(20)], // not an attempt
    ["B", "accepted", t(40, 59)], // floor(40.98) = 40, + 0 = 40
    ["C", "accepted", t(61)], // 61
    ["C", "wrong_answer", t(65)], // after the accepted: ignored
  ]); // 3 solved, 24 + 40 + 61 = 125, last 61:00
  const bob = row("u-bob", "bob", [
    ["A", "accepted", t(5)], // 5
    ["B", "time_limit", t(30)],
    ["B", "runtime_error", t(31)],
    ["B", "accepted", t(35)], // 35 + 20 * 2 = 75
    ["C", "accepted", t(45)], // 45
  ]); // 3 solved, 5 + 75 + 45 = 125, last 45:00
  const cat = row("u-zcat", "cat", [
    ["A", "wrong_answer", t(20)],
    ["A", "accepted", t(25)], // 25 + 20 = 45
    ["B", "accepted", t(60)], // 60
    ["C", "compile_error", t(70)],
    ["C", "internal_error", t(71)], // neither counts: C stays at 0 attempts
  ]); // 2 solved, 45 + 60 = 105, last 60:00
  const dan = row("u-adan", "dan", [
    ["A", "accepted", t(25)], // 25
    ["B", "output_limit", t(50)],
    ["B", "accepted", t(60)], // 60 + 20 = 80
    ["C", "wrong_answer", t(70)],
    ["C", "memory_limit", t(80)], // unsolved: 2 attempts, no penalty
  ]); // 2 solved, 25 + 80 = 105, last 60:00
  const rows = [dan, cat, ann, bob];

  it("totals each participant", () => {
    expect(totals(ann, "icpc")).toEqual({ solved: 3, penalty: 125, points: 0, lastMs: t(61) });
    expect(totals(bob, "icpc")).toEqual({ solved: 3, penalty: 125, points: 0, lastMs: t(45) });
    expect(totals(cat, "icpc")).toEqual({ solved: 2, penalty: 105, points: 0, lastMs: t(60) });
    expect(totals(dan, "icpc")).toEqual({ solved: 2, penalty: 105, points: 0, lastMs: t(60) });
    expect(cat.cells.C).toMatchObject({ attempts: 0, acceptedMs: null });
    expect(dan.cells.C).toMatchObject({ attempts: 2, acceptedMs: null });
  });

  it("breaks a tie on solved and penalty by the last accepted time, and shares a full tie", () => {
    expect(compareRows(bob, ann, "icpc")).toBeLessThan(0); // 45:00 < 61:00
    expect(compareRows(ann, cat, "icpc")).toBeLessThan(0); // 3 solved > 2
    expect(compareRows(cat, dan, "icpc")).toBe(0);
    // cat and dan share 3rd; listed by name (cat < dan) although dan's userId sorts first.
    expect(standings(rows, "icpc")).toEqual([
      ["bob", 1, 3, 125, 0, t(45)],
      ["ann", 2, 3, 125, 0, t(61)],
      ["cat", 3, 2, 105, 0, t(60)],
      ["dan", 3, 2, 105, 0, t(60)],
    ]);
  });

  it("names the first solvers", () => {
    // A: ann 4:30 < bob 5:00 < cat, dan 25:00. B: bob 35:00 < ann 40:59 < cat, dan 60:00. C: bob 45:00 < ann 61:00.
    expect(firstSolvers(rows)).toEqual({ A: ["u-ann"], B: ["u-bob"], C: ["u-bob"] });
  });
});

describe("ICPC ties", () => {
  it("ranks a full tie 1, 1, 3 and lists tied rows by name, then userId", () => {
    const yan = row("u1", "yan", [["A", "accepted", t(10)]]); // 1 solved, 10 min, last 10:00
    const xia = row("u2", "xia", [["A", "accepted", t(10, 59)]]); // floor(10.98) = 10: same minute, but a later ms
    const zed = row("u0", "zed", [["A", "accepted", t(20)]]); // 1 solved, 20 min
    // xia and yan: 1 solved, 10 minutes each; the last accepted times differ (10:59 vs 10:00).
    expect(standings([zed, xia, yan], "icpc").map(([n, r]) => [n, r])).toEqual([
      ["yan", 1],
      ["xia", 2],
      ["zed", 3],
    ]);
    const xia2 = row("u2", "xia", [["A", "accepted", t(10)]]); // now equal to yan to the ms
    expect(standings([zed, xia2, yan], "icpc").map(([n, r]) => [n, r])).toEqual([
      ["xia", 1], // xia < yan by name
      ["yan", 1],
      ["zed", 3], // two ahead of it: 1, 1, 3
    ]);
    const sam9 = row("u9", "sam", []);
    const sam3 = row("u3", "sam", []);
    // Nothing solved: all equal, by name then userId.
    expect(rank([sam9, sam3], "icpc").map((r) => [r.row.userId, r.rank])).toEqual([
      ["u3", 1],
      ["u9", 1],
    ]);
  });

  it("lists several first solvers when their accepted times are equal", () => {
    const a = row("b", "b", [["A", "accepted", t(7)]]);
    const b = row("a", "a", [["A", "accepted", t(7)]]);
    const c = row("c", "c", [
      ["A", "accepted", t(8)],
      ["B", "accepted", t(9)],
    ]);
    expect(firstSolvers([a, b, c])).toEqual({ A: ["a", "b"], B: ["c"] });
    expect(firstSolvers([row("d", "d", [["A", "wrong_answer", t(1)]])])).toEqual({});
  });
});

describe("a points contest: A worth 100 (3 hidden tests), B worth 200 (7 hidden tests)", () => {
  const points = { A: 100, B: 200 };
  const pia = row(
    "u-pia",
    "pia",
    [
      ["A", "wrong_answer", t(10), [2, 3]], // floor(100 * 2 / 3) = floor(66.67) = 66, best 66 at 10:00
      ["A", "wrong_answer", t(20), [1, 3]], // floor(33.33) = 33 < 66: best stays 66 at 10:00
      ["A", "accepted", t(30), [3, 3]], // accepted = full 100 > 66: best 100 at 30:00
      ["B", "time_limit", t(40), [5, 7]], // floor(200 * 5 / 7) = floor(142.86) = 142 at 40:00
    ],
    "points",
    points,
  ); // 100 + 142 = 242, last 40:00
  const quinn = row(
    "u-quinn",
    "quinn",
    [
      ["A", "accepted", t(15), [3, 3]], // 100 at 15:00
      ["B", "wrong_answer", t(35), [5, 7]], // 142 at 35:00
      ["B", "wrong_answer", t(50), [5, 7]], // 142 again: equal, not better, the time stays 35:00
      ["B", "compile_error", t(55), [0, 7]], // scores nothing, changes nothing
    ],
    "points",
    points,
  ); // 100 + 142 = 242, last 35:00
  const rae = row(
    "u-rae",
    "rae",
    [
      ["A", "compile_error", t(1)], // nothing
      ["A", "wrong_answer", t(5), [0, 3]], // floor(0) = 0: nothing scored, no time
      ["B", "runtime_error", t(6), [0, 0]], // no hidden tests: 0
      ["B", "accepted", t(70), [0, 0]], // accepted: the full 200 even with no hidden tests
    ],
    "points",
    points,
  ); // 0 + 200 = 200, last 70:00

  it("gives partial credit and keeps the best submission", () => {
    expect(pia.cells.A).toEqual({ attempts: 3, acceptedMs: t(30), points: 100, pointsMs: t(30), pending: 0 });
    expect(pia.cells.B).toEqual({ attempts: 1, acceptedMs: null, points: 142, pointsMs: t(40), pending: 0 });
    // 2 counted submissions on B (the CE is not counted); best 142 first reached at 35:00.
    expect(quinn.cells.B).toEqual({ attempts: 2, acceptedMs: null, points: 142, pointsMs: t(35), pending: 0 });
    expect(rae.cells.A).toEqual({ attempts: 1, acceptedMs: null, points: 0, pointsMs: null, pending: 0 });
    expect(rae.cells.B).toMatchObject({ points: 200, pointsMs: t(70) });
  });

  it("ranks by points, then by when the score was reached", () => {
    // pia and quinn: 242 each; last improvement 40:00 vs 35:00 -> quinn first. rae: 200.
    // solved counts accepted cells (display only): pia A; quinn A; rae B.
    expect(standings([pia, rae, quinn], "points")).toEqual([
      ["quinn", 1, 1, 0, 242, t(35)],
      ["pia", 2, 1, 0, 242, t(40)],
      ["rae", 3, 1, 0, 200, t(70)],
    ]);
    // Rows with 0 points have no time to compare: they tie.
    expect(rank([row("u1", "x", [], "points"), row("u2", "y", [], "points")], "points").map((r) => r.rank)).toEqual([1, 1]);
  });
});

describe("freeze", () => {
  const freezeMs = t(60);
  const judged = (status: JudgedStatus, atMs: number) => ({ status, atMs, hiddenPassed: 0, hiddenTotal: 0 });
  const submitBoth = (b: Boards): Boards => ({ live: submitted(b.live), public: submitted(b.public) });

  it("shows a submission after the freeze as pending on the public board and counts it on the live one", () => {
    let b: Boards = { live: emptyCell(), public: emptyCell() };
    b = submitBoth(b); // 50:00, before the freeze: pending 1 on both
    expect([b.live.pending, b.public.pending]).toEqual([1, 1]);
    b = applyToBoards(b, judged("wrong_answer", t(50)), "icpc", 0, freezeMs);
    // Both boards: 1 attempt, pending 1 - 1 = 0.
    expect(b.live).toEqual({ ...emptyCell(), attempts: 1 });
    expect(b.public).toEqual({ ...emptyCell(), attempts: 1 });

    b = submitBoth(b); // 65:00, after the freeze
    b = applyToBoards(b, judged("accepted", t(65)), "icpc", 0, freezeMs);
    expect(b.live).toEqual({ ...emptyCell(), attempts: 1, acceptedMs: t(65) }); // 65 + 20 = 85 minutes on the live board
    expect(b.public).toEqual({ ...emptyCell(), attempts: 1, pending: 1 }); // judged but hidden: still pending

    b = submitBoth(b); // exactly at the freeze counts as after it; already accepted, so ignored live
    b = applyToBoards(b, judged("wrong_answer", freezeMs), "icpc", 0, freezeMs);
    expect(b.live).toEqual({ ...emptyCell(), attempts: 1, acceptedMs: t(65) });
    expect(b.public.pending).toBe(2);

    const shown = reveal(b.public, b.live);
    expect(shown).toEqual({ ...emptyCell(), attempts: 1, acceptedMs: t(65) });
  });

  it("updates both boards when there is no freeze (or it was lifted)", () => {
    const b = applyToBoards(submitBoth({ live: emptyCell(), public: emptyCell() }), judged("accepted", t(90)), "icpc", 0, null);
    expect(b.public).toEqual(b.live);
    expect(b.public).toEqual({ ...emptyCell(), acceptedMs: t(90) });
  });
});

describe("resolver", () => {
  // Freeze at 60:00. Each submission is made, then judged, in order.
  //   ann: A AC 10:00 (10).                    After the freeze: B AC 61:00 (61).
  //   bob: A AC 20:00 (20), B WA 25:00, B AC 40:00 (40 + 20 = 60): 2 solved, 80.
  //   cat: nothing before.                     After the freeze: A WA 65:00, A AC 75:00, B WA 80:00.
  // Public board at the end: bob (2, 80) 1st, ann (1, 10) 2nd pending B, cat (0, 0) 3rd pending A (2) and B (1).
  const freezeMs = t(60);
  const subs: [user: string, label: string, status: JudgedStatus, atMs: number][] = [
    ["ann", "A", "accepted", t(10)],
    ["bob", "A", "accepted", t(20)],
    ["bob", "B", "wrong_answer", t(25)],
    ["bob", "B", "accepted", t(40)],
    ["ann", "B", "accepted", t(61)],
    ["cat", "A", "wrong_answer", t(65)],
    ["cat", "A", "accepted", t(75)],
    ["cat", "B", "wrong_answer", t(80)],
  ];
  const boards: Record<string, Record<string, Boards>> = { ann: {}, bob: {}, cat: {} };
  for (const [user, label, status, atMs] of subs) {
    const cells = boards[user] ?? {};
    const b = cells[label] ?? { live: emptyCell(), public: emptyCell() };
    const made = { live: submitted(b.live), public: submitted(b.public) };
    cells[label] = applyToBoards(made, { status, atMs, hiddenPassed: 0, hiddenTotal: 0 }, "icpc", 0, freezeMs);
  }
  const board = (which: keyof Boards): Row[] =>
    Object.entries(boards).map(([user, cells]) => ({
      userId: user,
      name: user,
      cells: Object.fromEntries(Object.entries(cells).map(([label, b]) => [label, b[which]])),
    }));

  it("reveals from the bottom up, one cell at a time, until the public board equals the live one", () => {
    const pub = board("public");
    const live = board("live");
    const ranks = () => standings(pub, "icpc").map(([n, r, solved, penalty]) => [n, r, solved, penalty]);
    expect(ranks()).toEqual([
      ["bob", 1, 2, 80],
      ["ann", 2, 1, 10],
      ["cat", 3, 0, 0],
    ]);
    expect(pub.find((r) => r.userId === "cat")?.cells).toMatchObject({ A: { pending: 2 }, B: { pending: 1 } });

    const steps: [string, string, (string | number)[][]][] = [];
    for (let next = nextReveal(pub, "icpc"); next; next = nextReveal(pub, "icpc")) {
      const { userId, label } = next;
      const p = pub.find((r) => r.userId === userId);
      const l = live.find((r) => r.userId === userId);
      const [pc, lc] = [p?.cells[label], l?.cells[label]];
      if (!p || !pc || !lc) throw new Error(`no cell ${userId}/${label}`);
      p.cells[label] = reveal(pc, lc);
      steps.push([userId, label, ranks() as (string | number)[][]]);
      if (steps.length > 10) throw new Error("the resolver does not finish");
    }
    expect(steps).toEqual([
      // cat is last: its smallest pending label A. A: 1 WA then AC 75:00 -> 75 + 20 = 95. Still 3rd.
      [
        "cat",
        "A",
        [
          ["bob", 1, 2, 80],
          ["ann", 2, 1, 10],
          ["cat", 3, 1, 95],
        ],
      ],
      // cat still last, B: a WA, unsolved: nothing changes but the attempt.
      [
        "cat",
        "B",
        [
          ["bob", 1, 2, 80],
          ["ann", 2, 1, 10],
          ["cat", 3, 1, 95],
        ],
      ],
      // ann is now the lowest with a pending cell: B AC 61:00 -> 10 + 61 = 71 < bob's 80: ann takes 1st.
      [
        "ann",
        "B",
        [
          ["ann", 1, 2, 71],
          ["bob", 2, 2, 80],
          ["cat", 3, 1, 95],
        ],
      ],
    ]);
    expect(pub.find((r) => r.userId === "cat")?.cells.B).toMatchObject({ attempts: 1, pending: 0 });
    expect(pub).toEqual(live);
    expect(standings(pub, "icpc")).toEqual(standings(live, "icpc"));
  });
});

describe("disqualification", () => {
  it("lists a disqualified participant unranked after everyone, and never first to solve", () => {
    const rows = [
      // dan solved A first (1:00) and B, but was disqualified: out of the ranking and of first-to-solve.
      {
        ...row("d", "dan", [
          ["A", "accepted", t(1)],
          ["B", "accepted", t(2)],
        ]),
        disqualified: true,
      },
      row("a", "ann", [["A", "accepted", t(5)]]),
      row("b", "bob", [["A", "accepted", t(5)]]),
      row("c", "cat", []),
    ];
    // ann and bob: 1 solved, 5 penalty, equal: rank 1 both; cat 3rd; dan unranked, last.
    expect(standings(rows, "icpc").map(([name, place]) => [name, place])).toEqual([
      ["ann", 1],
      ["bob", 1],
      ["cat", 3],
      ["dan", null],
    ]);
    expect(firstSolvers(rows)).toEqual({ A: ["a", "b"] });
  });
});

describe("revealing everything at once", () => {
  it("lists every pending cell, each participant's in label order", () => {
    const pending = (n: number): Cell => ({ ...emptyCell(), pending: n });
    const rows: Row[] = [
      { userId: "a", name: "ann", cells: { B: pending(1), A: pending(2), C: emptyCell() } },
      { userId: "b", name: "bob", cells: { A: emptyCell() } },
      { userId: "c", name: "cat", cells: { C: pending(1) } },
    ];
    expect(pendingCells(rows)).toEqual([
      { userId: "a", label: "A" },
      { userId: "a", label: "B" },
      { userId: "c", label: "C" },
    ]);
  });
});
