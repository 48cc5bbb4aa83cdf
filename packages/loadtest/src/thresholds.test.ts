import { describe, expect, it } from "vitest";
import { OPERATIONS, type Operation, parseLimits, type Thresholds } from "./args.ts";
import { evaluateThresholds, type ThresholdInput } from "./thresholds.ts";

function input(overrides: Partial<Record<Operation, { count: number; p95: number; p99: number }>> = {}, errorRate = 0): ThresholdInput {
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op, { count: 10, p95: 100, p99: 200 }])) as ThresholdInput["operations"];
  return { operations: { ...operations, ...overrides }, errorRate, connectionsSucceeded: 10 };
}

const none: Thresholds = { p95: { byOperation: {} }, p99: { byOperation: {} } };

describe("evaluateThresholds", () => {
  it("passes with no thresholds once someone connected", () => {
    expect(evaluateThresholds(none, input())).toEqual([{ name: "players connected >= 1", limit: 1, actual: 10, passed: true }]);
  });

  it("fails a run in which nobody connected", () => {
    const [result] = evaluateThresholds(none, { ...input(), connectionsSucceeded: 0 });
    expect(result).toMatchObject({ passed: false, actual: 0 });
  });

  it("checks the error rate, inclusive", () => {
    const at = evaluateThresholds({ ...none, maxErrorRate: 0.01 }, input({}, 0.01));
    expect(at.find((r) => r.name.startsWith("error rate"))).toMatchObject({ passed: true, actual: 0.01, limit: 0.01 });
    const over = evaluateThresholds({ ...none, maxErrorRate: 0.01 }, input({}, 0.0101));
    expect(over.find((r) => r.name.startsWith("error rate"))).toMatchObject({ passed: false });
  });

  it("applies a plain p95 to every operation that has samples", () => {
    const t: Thresholds = { ...none, p95: parseLimits("--max-p95-ms", "150") };
    const results = evaluateThresholds(t, input({ relay: { count: 5, p95: 151, p99: 300 }, match: { count: 0, p95: 0, p99: 0 } }));
    const p95 = results.filter((r) => r.name.startsWith("p95"));
    // match had no samples: a blanket limit skips it.
    expect(p95.map((r) => r.name)).toEqual(OPERATIONS.filter((op) => op !== "match").map((op) => `p95 ${op} <= 150 ms`));
    expect(p95.filter((r) => !r.passed).map((r) => r.name)).toEqual(["p95 relay <= 150 ms"]);
  });

  it("lets per-operation limits override the plain one, and fails a named operation without samples", () => {
    const t: Thresholds = { ...none, p99: parseLimits("--max-p99-ms", "1000,relay=50,verdict=3000") };
    const results = evaluateThresholds(t, input({ relay: { count: 100, p95: 20, p99: 60 }, verdict: { count: 0, p95: 0, p99: 0 } }));
    expect(results.find((r) => r.name.startsWith("p99 relay"))).toMatchObject({ name: "p99 relay <= 50 ms", actual: 60, passed: false });
    expect(results.find((r) => r.name.startsWith("p99 verdict"))).toMatchObject({
      name: "p99 verdict <= 3000 ms (no samples)",
      actual: null,
      passed: false,
    });
    expect(results.find((r) => r.name.startsWith("p99 connect"))).toMatchObject({ limit: 1000, actual: 200, passed: true });
  });

  it("checks only the named operations when there is no plain limit", () => {
    const t: Thresholds = { ...none, p95: parseLimits("--max-p95-ms", "relay=50") };
    const results = evaluateThresholds(t, input({ relay: { count: 3, p95: 50, p99: 70 } }));
    expect(results.filter((r) => r.name.startsWith("p95"))).toEqual([{ name: "p95 relay <= 50 ms", limit: 50, actual: 50, passed: true }]);
  });
});
