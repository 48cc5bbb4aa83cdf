import { describe, expect, it } from "vitest";
import { eloChanges, eloDraw, expectedScore } from "./elo.ts";

describe("elo", () => {
  it("moves 16 points between equal players", () => {
    expect(eloChanges(1200, 1200)).toEqual({ winner: 16, loser: -16 });
  });
  it("rewards an upset more than an expected win", () => {
    expect(eloChanges(1000, 1400).winner).toBeGreaterThan(eloChanges(1400, 1000).winner);
  });
  it("always moves at least one point", () => {
    expect(eloChanges(3000, 100).winner).toBe(1);
  });
  it("has symmetric expectations", () => {
    expect(expectedScore(1300, 1100) + expectedScore(1100, 1300)).toBeCloseTo(1);
  });
});

describe("elo draws", () => {
  it("moves nothing between equal players", () => {
    expect(eloDraw(1200, 1200)).toEqual({ a: 0, b: 0 });
  });
  it("lifts the lower-rated player", () => {
    const d = eloDraw(1000, 1400);
    expect(d.a).toBeGreaterThan(0);
    expect(d.b).toBe(-d.a);
  });
});
