import { describe, expect, it } from "vitest";
import { Histogram } from "./histogram.ts";
import { createRng } from "./rng.ts";

/** Nearest-rank percentile of a sorted array: the reference the histogram approximates. */
function exact(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)] ?? 0;
}

describe("Histogram", () => {
  it("is empty at first", () => {
    expect(new Histogram().summary()).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });

  it("gives 1..100 ms percentiles within 1%", () => {
    const h = new Histogram();
    for (let ms = 1; ms <= 100; ms++) h.record(ms);
    const s = h.summary();
    expect(s.count).toBe(100);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.mean).toBeCloseTo(50.5);
    expect(s.p50).toBeCloseTo(50, -0.3);
    expect(Math.abs(s.p50 - 50) / 50).toBeLessThan(0.01);
    expect(Math.abs(s.p95 - 95) / 95).toBeLessThan(0.01);
    expect(Math.abs(s.p99 - 99) / 99).toBeLessThan(0.01);
  });

  it("matches exact percentiles of a skewed distribution within 1%", () => {
    const rng = createRng(7);
    const h = new Histogram();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Log-normal-ish latencies from 0.1 ms to tens of seconds.
      const v = Math.exp(rng.between(-2.3, 10));
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [50, 90, 95, 99, 99.9]) {
      const want = exact(values, q);
      expect(Math.abs(h.percentile(q) - want) / want).toBeLessThan(0.01);
    }
    expect(h.summary().max).toBe(values.at(-1));
    expect(h.summary().min).toBe(values[0]);
  });

  it("never reports beyond the exact min and max", () => {
    const h = new Histogram();
    h.record(12.345);
    expect(h.summary()).toMatchObject({ p50: 12.345, p95: 12.345, p99: 12.345, max: 12.345, min: 12.345 });
  });

  it("handles zero, sub-microsecond and hours-long values, and ignores invalid ones", () => {
    const h = new Histogram();
    h.record(0);
    h.record(0.0004);
    h.record(5 * 3600_000);
    h.record(-1);
    h.record(Number.NaN);
    h.record(Number.POSITIVE_INFINITY);
    expect(h.count).toBe(3);
    expect(h.percentile(100)).toBe(5 * 3600_000);
    expect(h.percentile(1)).toBeLessThan(0.002);
  });

  it("merges and resets", () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 0; i < 90; i++) a.record(10);
    for (let i = 0; i < 10; i++) b.record(1000);
    a.merge(b);
    expect(a.count).toBe(100);
    expect(a.percentile(90)).toBeCloseTo(10, 0);
    expect(a.percentile(95)).toBeCloseTo(1000, -1);
    a.reset();
    expect(a.summary().count).toBe(0);
  });
});
