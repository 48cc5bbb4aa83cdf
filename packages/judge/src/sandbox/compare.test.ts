// The value comparisons: exact, within a tolerance, and as a multiset.
import { describe, expect, it } from "vitest";
import { comparatorFor } from "./comparator.ts";
import { jsonEqual, sameMultiset, withinTolerance } from "./compare.ts";

describe("jsonEqual", () => {
  it("compares JSON values structurally, object keys in any order", () => {
    expect(jsonEqual({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual(1, "1")).toBe(false);
  });
});

describe("withinTolerance", () => {
  const close = (actual: unknown, expected: unknown, abs = 1e-6, rel = 0) => withinTolerance(actual, expected, abs, rel);

  it("passes numbers within abs", () => {
    expect(close(0.1 + 0.2, 0.3)).toBe(true);
    expect(close(1.0000009, 1)).toBe(true);
    expect(close(1.000002, 1)).toBe(false);
    expect(close(-3, 3, 6)).toBe(true);
  });

  it("passes numbers within rel of the expected value", () => {
    expect(close(1_000_001, 1_000_000, 0, 1e-6)).toBe(true);
    expect(close(1_000_002, 1_000_000, 0, 1e-6)).toBe(false);
    // Relative to the expected value, not the returned one.
    expect(close(2, 1, 0, 0.5)).toBe(false);
    expect(close(1, 2, 0, 0.5)).toBe(true);
  });

  it("passes within either bound", () => {
    expect(close(1e-9, 0, 1e-6, 1e-9)).toBe(true);
    expect(close(1e9 + 1, 1e9, 1e-6, 1e-6)).toBe(true);
    expect(close(1e9 + 1e4, 1e9, 1e-6, 1e-6)).toBe(false);
  });

  it("applies to numbers nested in arrays and objects, and keeps their shape exact", () => {
    expect(close({ p: [1.0000001, { q: 2 }], name: "a" }, { name: "a", p: [1, { q: 2.0000001 }] })).toBe(true);
    expect(close({ p: [1.1] }, { p: [1] })).toBe(false);
    expect(close([1, 2], [1, 2, 3])).toBe(false);
    expect(close({ a: 1 }, { b: 1 })).toBe(false);
    expect(close({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(close([1], { 0: 1 })).toBe(false);
  });

  it("compares everything but numbers exactly", () => {
    expect(close("1.0", "1")).toBe(false);
    expect(close("1", 1)).toBe(false);
    expect(close(true, 1)).toBe(false);
    expect(close(null, 0)).toBe(false);
    expect(close(null, null)).toBe(true);
    expect(close(["a", false], ["a", false])).toBe(true);
  });

  it("passes NaN and infinities only as themselves", () => {
    expect(close(Number.NaN, Number.NaN)).toBe(true);
    expect(close(Number.NaN, 0, 1e9, 1)).toBe(false);
    expect(close(0, Number.NaN, 1e9, 1)).toBe(false);
    expect(close(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(true);
    expect(close(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 1e9, 1)).toBe(false);
    // rel * Infinity would otherwise admit any finite value.
    expect(close(5, Number.POSITIVE_INFINITY, 0, 1)).toBe(false);
    expect(close(Number.POSITIVE_INFINITY, 1e308, 1e9, 1)).toBe(false);
  });

  it("treats -0 as 0", () => {
    expect(close(-0, 0, 0, 0)).toBe(true);
  });
});

describe("sameMultiset", () => {
  it("passes the same elements in any order", () => {
    expect(sameMultiset([3, 1, 2], [1, 2, 3])).toBe(true);
    expect(sameMultiset([[2, 1], "a", { x: 1, y: 2 }], ["a", { y: 2, x: 1 }, [2, 1]])).toBe(true);
    expect(sameMultiset([], [])).toBe(true);
  });

  it("counts duplicates", () => {
    expect(sameMultiset([1, 1, 2], [1, 2, 2])).toBe(false);
    expect(sameMultiset([1, 2], [1, 1, 2])).toBe(false);
    expect(sameMultiset([1, 1, 2], [2, 1, 1])).toBe(true);
  });

  it("compares elements exactly: inner lists keep their order, strings are not numbers", () => {
    expect(sameMultiset([[1, 2]], [[2, 1]])).toBe(false);
    expect(sameMultiset(["1"], [1])).toBe(false);
    expect(sameMultiset([{ a: 1 }], [{ a: 1, b: 2 }])).toBe(false);
  });

  it("needs a list when a list is expected, and compares anything else exactly", () => {
    expect(sameMultiset({ 0: 1 }, [1])).toBe(false);
    expect(sameMultiset("12", ["1", "2"])).toBe(false);
    expect(sameMultiset(5, 5)).toBe(true);
  });

  it("handles 10^5 elements quickly", () => {
    const n = 100_000;
    const expected = Array.from({ length: n }, (_, i) => [i % 977, { k: `v${i % 13}` }]);
    const actual = [...expected].reverse();
    const started = performance.now();
    expect(sameMultiset(actual, expected)).toBe(true);
    actual[0] = [0, { k: "v12" }];
    expect(sameMultiset(actual, expected)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("comparatorFor", () => {
  const test = { input: [], expected: [1.5, 2] };
  const judged = (comparison: Parameters<typeof comparatorFor>[0], actual: unknown) => comparatorFor(comparison).compare(test, actual).kind;

  it("compares exactly by default", () => {
    expect(judged(undefined, [1.5, 2])).toBe("pass");
    expect(judged(undefined, [2, 1.5])).toBe("fail");
    expect(judged({ kind: "exact" }, [1.5000001, 2])).toBe("fail");
  });

  it("builds the comparison the problem names", () => {
    expect(judged({ kind: "tolerance", abs: 1e-3, rel: 0 }, [1.5001, 2])).toBe("pass");
    expect(judged({ kind: "unordered" }, [2, 1.5])).toBe("pass");
    expect(judged({ kind: "unordered" }, [2, 2])).toBe("fail");
  });
});
