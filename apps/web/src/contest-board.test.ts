import type { Board, StandingsMessage } from "@codeduel/api";
import { describe, expect, it } from "vitest";
import { applyStandings, describeCell } from "./contest-board.ts";

const base: Board = {
  contestId: "c",
  board: "public",
  scoring: "icpc",
  problems: [{ label: "A", title: "Sum", points: 100 }],
  rows: [{ userId: "u1", name: "ann", cells: {} }],
  freezeAt: null,
  unfrozen: false,
  seq: 3,
};
const cell = { attempts: 1, acceptedMs: 125_000, points: 0, pointsMs: null, pending: 0 };
const change = (seq: number, c: Extract<StandingsMessage, { type: "change" }>["change"]): StandingsMessage => ({
  type: "change",
  contestId: "c",
  board: "public",
  seq,
  at: "",
  change: c,
});

describe("applyStandings", () => {
  it("starts from a board, then applies changes after its seq, each as a new object", () => {
    const b1 = applyStandings(undefined, { type: "board", ...base });
    expect(b1).toEqual(base);
    const b2 = applyStandings(b1, change(4, { type: "cell", userId: "u1", name: "ann", label: "A", cell }));
    expect(b2?.rows[0]?.cells.A).toEqual(cell);
    expect(b2?.seq).toBe(4);
    expect(b1?.rows[0]?.cells.A).toBeUndefined();
    expect(applyStandings(b2, change(5, { type: "unfrozen" }))?.unfrozen).toBe(true);
  });

  it("adds someone who registered after the board was read with their first cell, named by it", () => {
    const b1 = applyStandings(undefined, { type: "board", ...base });
    const b2 = applyStandings(b1, change(4, { type: "cell", userId: "u2", name: "bob", label: "A", cell }));
    expect(b2?.rows.map((r) => [r.name, Object.keys(r.cells)])).toEqual([
      ["ann", []],
      ["bob", ["A"]],
    ]);
  });

  it("ignores a change the board already has, and changes before any board", () => {
    const b1 = applyStandings(undefined, { type: "board", ...base });
    expect(applyStandings(b1, change(3, { type: "cell", userId: "u1", name: "ann", label: "A", cell }))).toBe(b1);
    expect(applyStandings(undefined, change(4, { type: "unfrozen" }))).toBeUndefined();
  });
});

describe("describeCell", () => {
  it("says what an ICPC cell shows", () => {
    expect(describeCell(undefined, "icpc", false).words).toBe("not tried");
    expect(describeCell(cell, "icpc", true)).toEqual({
      short: "✓ 2",
      detail: "2 tries",
      words: "solved at minute 2 after 2 tries, first to solve",
    });
    expect(describeCell({ ...cell, acceptedMs: null, pending: 1 }, "icpc", false).short).toBe("?");
    expect(describeCell({ ...cell, acceptedMs: null, attempts: 3 }, "icpc", false).words).toBe("not solved, 3 tries rejected");
  });

  it("says what a points cell shows", () => {
    expect(describeCell({ ...cell, acceptedMs: null, points: 40, attempts: 2 }, "points", false).short).toBe("40");
  });
});
