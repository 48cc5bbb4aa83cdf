// The contest scenario's pieces that need no server: the board a participant keeps, and the code it
// can submit on each problem.
import { getChallenge } from "@codeduel/challenges";
import { describe, expect, it } from "vitest";
import { accountFor } from "./accounts.ts";
import { StandingsBoard, type StandingsView } from "./contest-board.ts";
import { ProblemCodes } from "./contest-code.ts";
import { createRng } from "./rng.ts";

const cell = (pending: number, attempts = 0, acceptedMs: number | null = null) => ({
  attempts,
  acceptedMs,
  points: 0,
  pointsMs: null,
  pending,
});
const change = (seq: number, c: StandingsView["change"]): StandingsView => ({
  type: "change",
  seq,
  at: "2025-01-01T00:00:00.000Z",
  change: c,
});

describe("StandingsBoard", () => {
  it("starts from the board, applies changes in seq order and tells a settled cell apart from a pending one", () => {
    const b = new StandingsBoard();
    expect(b.apply(change(1, { type: "cell", userId: "u", name: "u", label: "A", cell: cell(1) }))).toMatchObject({
      gap: 0,
      settled: undefined,
    });
    expect(b.seq).toBeUndefined(); // nothing before the board
    b.apply({ type: "board", seq: 4, rows: [{ userId: "a", name: "ann", cells: {} }], freezeAt: null, unfrozen: false });
    expect(b.participants).toBe(1);
    // A participant appears with their first cell. Submitted: pending 1. Judged: pending back to 0, which is the verdict shown.
    expect(b.apply(change(5, { type: "cell", userId: "b", name: "bob", label: "A", cell: cell(1) }))).toEqual({
      gap: 0,
      settled: undefined,
      stale: false,
    });
    expect(b.participants).toBe(2);
    expect(b.apply(change(6, { type: "cell", userId: "b", name: "bob", label: "A", cell: cell(1) })).settled).toBeUndefined();
    expect(b.apply(change(7, { type: "cell", userId: "b", name: "bob", label: "A", cell: cell(0, 1) })).settled).toEqual({
      userId: "b",
      label: "A",
    });
    expect(b.cell("b", "A")).toEqual(cell(0, 1));
    // A repeat is ignored; a skipped seq is a gap.
    expect(b.apply(change(7, { type: "cell", userId: "b", name: "bob", label: "A", cell: cell(3) }))).toMatchObject({ stale: true });
    expect(b.cell("b", "A")?.pending).toBe(0);
    expect(b.apply(change(10, { type: "cell", userId: "a", name: "ann", label: "B", cell: cell(1) }))).toMatchObject({ gap: 2 });
    expect(b.seq).toBe(10);
  });

  it("knows when the public board shows the freeze, until it is lifted", () => {
    const b = new StandingsBoard();
    b.apply({ type: "board", seq: 0, rows: [], freezeAt: "2025-01-01T00:00:00.000Z", unfrozen: false });
    expect(b.frozen(Date.parse("2024-12-31T23:59:59.000Z"))).toBe(false);
    expect(b.frozen(Date.parse("2025-01-01T00:00:01.000Z"))).toBe(true);
    b.apply(change(1, { type: "unfrozen" }));
    expect(b.frozen(Date.parse("2025-01-01T00:00:01.000Z"))).toBe(false);
  });
});

describe("ProblemCodes", () => {
  const sumArray = getChallenge("sum-array");
  if (!sumArray) throw new Error("no sum-array in the library");
  const library = { label: "A", title: sumArray.title, functionName: sumArray.functionName, statement: sumArray.statement };
  const organisers = { label: "B", title: "Pair sum", functionName: "pairSum", statement: "Return `a + b`." };

  it("uses the library's code for a library problem, and only hostile code for an organiser's", () => {
    const codes = new ProblemCodes([library, organisers], { correct: 0.5, "python:wrong": 0.3, loop: 0.2 }, undefined);
    expect(codes.fromLibrary).toEqual(["A"]);
    expect(codes.missing).toEqual([
      { label: "B", key: "correct" },
      { label: "B", key: "python:wrong" },
    ]);
    const rng = createRng(1);
    const picks = Array.from({ length: 200 }, () => codes.pick(rng));
    for (const p of picks) {
      if (p?.key === "correct") expect(p).toEqual({ label: "A", key: "correct", code: sumArray.reference.javascript });
      if (p?.key === "python:wrong") expect(p).toEqual({ label: "A", key: "python:wrong", code: sumArray.wrong.python });
      if (p?.key === "loop") expect(p.code).toContain(`function ${p.label === "A" ? sumArray.functionName : "pairSum"}(`);
    }
    expect(new Set(picks.filter((p) => p?.key === "loop").map((p) => p?.label))).toEqual(new Set(["A", "B"]));
  });

  it("takes an organiser's problem's code from --solutions (TypeScript falling back to JavaScript), and drops entries nothing has", () => {
    const solutions = { B: { correct: { javascript: "function pairSum(a, b) { return a + b; }" } } };
    const codes = new ProblemCodes([organisers], { "typescript:correct": 1, "python:correct": 1 }, solutions);
    expect(codes.mix).toEqual({ "typescript:correct": 1 });
    expect(codes.missing).toEqual([{ label: "B", key: "python:correct" }]);
    expect(codes.pick(createRng(2))).toEqual({ label: "B", key: "typescript:correct", code: solutions.B.correct.javascript });
    expect(new ProblemCodes([organisers], { wrong: 1 }, undefined).pick(createRng(3))).toBeUndefined();
  });
});

describe("accounts", () => {
  it("are named after the seed and the player, within the server's rules for names", () => {
    expect(accountFor(1, 0).username).toBe("lt1-0");
    const longest = accountFor(2 ** 32 - 1, 999_999);
    expect(longest.username).toMatch(/^[A-Za-z0-9_-]{3,24}$/);
    expect(longest.password.length).toBeGreaterThanOrEqual(8);
    expect(accountFor(7, 3)).toEqual(accountFor(7, 3));
  });
});
