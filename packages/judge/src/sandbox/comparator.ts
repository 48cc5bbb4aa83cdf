// One way to compare returned values with expected ones, built from a problem's `Comparison` for
// one submission's judging, whatever its language.
import type { Comparison } from "../contract.ts";
import type { CallDeadline } from "./call-deadline.ts";
import { Checker } from "./checker.ts";
import { type Compare, type Judgement, jsonEqual, sameMultiset, withinTolerance } from "./compare.ts";

export interface Comparator {
  compare: Compare;
  /** Frees what comparing held (a checker's isolate); call once judging is over. */
  dispose(): void;
}

function byValue(equal: (actual: unknown, expected: unknown) => boolean): Comparator {
  const judged = (passed: boolean): Judgement => (passed ? { kind: "pass" } : { kind: "fail" });
  return { compare: (test, actual) => judged(equal(actual, test.expected)), dispose: () => {} };
}

/** `deadline`: armed around each call into a checker's isolate, as around the submission's. */
export function comparatorFor(comparison: Comparison = { kind: "exact" }, deadline?: CallDeadline): Comparator {
  switch (comparison.kind) {
    case "exact":
      return byValue(jsonEqual);
    case "tolerance": {
      const { abs, rel } = comparison;
      return byValue((actual, expected) => withinTolerance(actual, expected, abs, rel));
    }
    case "unordered":
      return byValue(sameMultiset);
    case "checker":
      return new Checker(comparison.code, deadline);
  }
}
