// How a returned value is judged against the expected one, done on the host after the result left
// the isolate: the shape every comparison has, and the comparisons of values alone.
import type { SandboxTest } from "./request.ts";

/** What a comparison made of one test's returned value. */
export type Judgement =
  | { kind: "pass" }
  /** `message`: the checker's own words, which may echo the test, so shown on public tests only. */
  | { kind: "fail"; message?: string }
  /**
   * The comparison itself failed (a broken checker): never the player's fault. `reason` is safe to
   * show on any test; `detail` (what the checker threw) may echo the test, so public tests only.
   */
  | { kind: "broken"; reason: string; detail?: string };

export type Compare = (test: SandboxTest, actual: unknown) => Judgement;

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/**
 * Equal JSON values but for numbers, anywhere inside, which pass within `abs` or within `rel` of
 * the expected one. JSON carries no NaN or Infinity, but a value that is one passes only as itself
 * (as testlib's doubleCompare has it): an infinite expected value would otherwise admit anything
 * within `rel` of it.
 */
export function withinTolerance(actual: unknown, expected: unknown, abs: number, rel: number): boolean {
  if (typeof actual === "number" && typeof expected === "number") {
    if (!Number.isFinite(actual) || !Number.isFinite(expected)) {
      return actual === expected || (Number.isNaN(actual) && Number.isNaN(expected));
    }
    const diff = Math.abs(actual - expected);
    return diff <= abs || diff <= rel * Math.abs(expected);
  }
  if (typeof actual !== typeof expected || actual === null || expected === null || typeof actual !== "object") {
    return actual === expected;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return false;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((v, i) => withinTolerance(v, expected[i], abs, rel));
  }
  const ao = actual as Record<string, unknown>;
  const eo = expected as Record<string, unknown>;
  const keys = Object.keys(eo);
  if (keys.length !== Object.keys(ao).length) return false;
  return keys.every((k) => Object.hasOwn(ao, k) && withinTolerance(ao[k], eo[k], abs, rel));
}

/** JSON text with every object's keys sorted: equal texts exactly when `jsonEqual` holds. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

/**
 * The same elements as the expected list, as a multiset, in any order. Sorting canonical texts
 * keeps a list of 10^5 elements at n log n string comparisons, where matching pairs would be n^2.
 * An expected value that is no list is compared exactly.
 */
export function sameMultiset(actual: unknown, expected: unknown): boolean {
  if (!Array.isArray(expected) || !Array.isArray(actual)) return jsonEqual(actual, expected);
  if (actual.length !== expected.length) return false;
  const a = actual.map(canonicalJson).sort();
  const e = expected.map(canonicalJson).sort();
  return a.every((text, i) => text === e[i]);
}
