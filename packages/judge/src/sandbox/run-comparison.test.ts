// Comparisons other than exact equality, through runSubmission, for JavaScript and Python alike:
// the comparison is the judge's, whatever the submission's language.
import { describe, expect, it } from "vitest";
import type { Comparison, Language } from "../contract.ts";
import { CHECKER_TIMEOUT_MS } from "../contract.ts";
import { DEFAULT_LIMITS, type SandboxLimits } from "./limits.ts";
import type { SandboxTest } from "./request.ts";
import { runSubmission } from "./run-submission.ts";

type Solution = Record<"javascript" | "python", string>;

const judge = (
  language: Language,
  problem: { functionName: string; tests: SandboxTest[]; comparison?: Comparison },
  code: string,
  limits: Partial<SandboxLimits> = {},
) =>
  runSubmission({
    code,
    language,
    functionName: problem.functionName,
    tests: problem.tests,
    publicCount: 2,
    limits: { ...DEFAULT_LIMITS, timeoutMsPerTest: 300, ...limits },
    ...(problem.comparison ? { comparison: problem.comparison } : {}),
  });

const stats = {
  functionName: "stats",
  tests: [
    { input: [[1, 2, 3, 4]], expected: { mean: 2.5, count: 4 } },
    { input: [[0.1, 0.2]], expected: { mean: 0.15, count: 2 } },
    { input: [[1e9, 1e9 + 1]], expected: { mean: 1e9 + 0.5, count: 2 } },
  ],
};
const statsSolution: Solution = {
  javascript: "function stats(xs) { return { count: xs.length, mean: xs.reduce((a, b) => a + b, 0) / xs.length }; }",
  python: "def stats(xs):\n    return {'count': len(xs), 'mean': sum(xs) / len(xs)}\n",
};
const statsOffByAThousandth: Solution = {
  javascript: "function stats(xs) { return { count: xs.length, mean: xs.reduce((a, b) => a + b, 0) / xs.length + 1e-3 }; }",
  python: "def stats(xs):\n    return {'count': len(xs), 'mean': sum(xs) / len(xs) + 1e-3}\n",
};

const evens = {
  functionName: "evens",
  tests: [
    { input: [[4, 1, 2, 2, 7]], expected: [4, 2, 2] },
    { input: [[]], expected: [] },
    { input: [[6, 3, 8, 5]], expected: [6, 8] },
  ],
  comparison: { kind: "unordered" as const },
};
const evensSorted: Solution = {
  javascript: "function evens(xs) { return xs.filter((x) => x % 2 === 0).sort((a, b) => a - b); }",
  python: "def evens(xs):\n    return sorted(x for x in xs if x % 2 == 0)\n",
};
const evensDeduplicated: Solution = {
  javascript: "function evens(xs) { return [...new Set(xs.filter((x) => x % 2 === 0))].sort((a, b) => a - b); }",
  python: "def evens(xs):\n    return sorted({x for x in xs if x % 2 == 0})\n",
};

/** Any two indices whose values add up to the target pass: the checker decides, not the expected pair. */
const CHECK_PAIR = `function check([xs, target], expected, actual) {
  const index = (i) => Number.isInteger(i) && i >= 0 && i < xs.length;
  if (!Array.isArray(actual) || actual.length !== 2 || !actual.every(index) || actual[0] === actual[1]) {
    return { ok: false, message: "expected two different indices" };
  }
  const sum = xs[actual[0]] + xs[actual[1]];
  return sum === target || { ok: false, message: \`those add up to \${sum}, not \${target}\` };
}`;
const twoSum = (checker = CHECK_PAIR) => ({
  functionName: "two_sum",
  tests: [
    { input: [[2, 7, 11, 15], 9], expected: [0, 1] },
    { input: [[3, 2, 4], 6], expected: [1, 2] },
    { input: [[1, 5, 3, 7], 8], expected: [1, 2] },
  ],
  comparison: { kind: "checker" as const, code: checker },
});
// Finds the pair later-index first, and on the hidden test another pair than the expected one.
const twoSumSolution: Solution = {
  javascript: `function two_sum(xs, target) {
  const seen = new Map();
  for (const [j, x] of xs.entries()) {
    if (seen.has(target - x)) return [j, seen.get(target - x)];
    seen.set(x, j);
  }
}`,
  python: `def two_sum(xs, target):
    seen = {}
    for j, x in enumerate(xs):
        if target - x in seen:
            return [j, seen[target - x]]
        seen[x] = j
`,
};
const twoSumFirstTwo: Solution = { javascript: "const two_sum = () => [0, 1];", python: "def two_sum(xs, target):\n    return [0, 1]\n" };
// Right on the public tests only.
const twoSumWrongWhenEight: Solution = {
  javascript: "const two_sum = (xs, target) => (target === 6 ? [1, 2] : [0, 1]);",
  python: "def two_sum(xs, target):\n    return [1, 2] if target == 6 else [0, 1]\n",
};
const twoSumThrows: Solution = {
  javascript: "function two_sum() { throw new Error('no'); }",
  python: "def two_sum(xs, target):\n    raise ValueError('no')\n",
};

describe.each(["javascript", "python"] as const)("comparisons of %s submissions", (language) => {
  it("compares exactly by default", async () => {
    expect((await judge(language, stats, statsSolution[language])).status).toBe("wrong_answer");
    expect((await judge(language, evens, evensSorted[language])).status).toBe("accepted");
    expect((await judge(language, { ...evens, comparison: { kind: "exact" } }, evensSorted[language])).status).toBe("wrong_answer");
  });

  it("accepts numbers within the tolerance, nested in objects, and not beyond it", async () => {
    const tolerant = { ...stats, comparison: { kind: "tolerance" as const, abs: 1e-9, rel: 0 } };
    expect(await judge(language, tolerant, statsSolution[language])).toMatchObject({ status: "accepted", hidden: { passed: 1 } });
    const wrong = await judge(language, tolerant, statsOffByAThousandth[language]);
    expect(wrong.status).toBe("wrong_answer");
    expect(wrong.failedTest?.index).toBe(0);
    const relative = { ...stats, comparison: { kind: "tolerance" as const, abs: 0, rel: 1e-2 } };
    expect((await judge(language, relative, statsOffByAThousandth[language])).status).toBe("accepted");
  });

  it("accepts a list in any order when unordered, but counts duplicates", async () => {
    expect((await judge(language, evens, evensSorted[language])).status).toBe("accepted");
    const v = await judge(language, evens, evensDeduplicated[language]);
    expect(v.status).toBe("wrong_answer");
    expect(v.failedTest).toEqual({ index: 0, input: [[4, 1, 2, 2, 7]], expected: [4, 2, 2], actual: [2, 4] });
  });

  it("lets the checker accept an answer other than the expected one", async () => {
    const v = await judge(language, twoSum(), twoSumSolution[language]);
    expect(v, v.message).toMatchObject({ status: "accepted", hidden: { passed: 1, total: 1 } });
  });

  it("shows the checker's message on a failing public test", async () => {
    const v = await judge(language, twoSum(), twoSumFirstTwo[language]);
    expect(v.status).toBe("wrong_answer");
    expect(v.publicTests).toEqual([
      { index: 0, passed: true },
      { index: 1, passed: false, error: "those add up to 5, not 6" },
    ]);
    expect(v.message).toBe("those add up to 5, not 6");
    expect(v.failedTest).toEqual({ index: 1, input: [[3, 2, 4], 6], expected: [1, 2], actual: [0, 1] });
  });

  it("never shows the checker's message on a hidden test", async () => {
    const v = await judge(language, twoSum(), twoSumWrongWhenEight[language]);
    expect(v).toMatchObject({ status: "wrong_answer", hidden: { passed: 0, total: 1 } });
    expect(v.publicTests.every((t) => t.passed)).toBe(true);
    expect(JSON.stringify(v)).not.toMatch(/add up to|not 8/);
  });

  it("makes a checker that loops forever an internal error, within its timeout", async () => {
    const started = performance.now();
    const v = await judge(language, twoSum("function check() { for (;;) {} }"), twoSumSolution[language]);
    expect(v).toMatchObject({ status: "internal_error", message: `The checker failed: it ran longer than ${CHECKER_TIMEOUT_MS} ms` });
    expect(v.publicTests).toEqual([{ index: 0, passed: false, error: v.message }]);
    // Judging stops at the first broken check; the Python judge boots once per thread first.
    expect(performance.now() - started).toBeLessThan(CHECKER_TIMEOUT_MS + (language === "python" ? 10_000 : 5000));
  });

  it("makes a checker that throws an internal error, saying what it threw only on public tests", async () => {
    const v = await judge(language, twoSum("function check() { throw new Error('checker bug'); }"), twoSumSolution[language]);
    expect(v).toMatchObject({ status: "internal_error", message: "The checker failed: it threw an error: Error: checker bug" });
    const onHidden = await judge(
      language,
      twoSum(`function check([xs, target]) { if (target === 8) throw new Error('secret ' + xs); return true; }`),
      twoSumSolution[language],
    );
    expect(onHidden).toMatchObject({ status: "internal_error", message: "The checker failed on a hidden test: it threw an error" });
    expect(onHidden.publicTests.every((t) => t.passed)).toBe(true);
    expect(JSON.stringify(onHidden)).not.toContain("secret");
  });

  it("makes a checker that allocates without bound an internal error, not the player's memory limit", async () => {
    const hog = "function check() { const kept = []; for (;;) kept.push(new Array(1e5).fill(Math.random())); }";
    const v = await judge(language, twoSum(hog), twoSumSolution[language]);
    expect(v).toMatchObject({ status: "internal_error", message: "The checker failed: it ran out of memory (64 MB)" });
  });

  it("makes a checker without check, or with a bad return value, an internal error", async () => {
    const missing = await judge(language, twoSum("function verify() { return true; }"), twoSumSolution[language]);
    expect(missing).toMatchObject({
      status: "internal_error",
      message: "The checker failed: it does not define function check(input, expected, actual)",
    });
    const bad = await judge(language, twoSum("function check() { return 'yes'; }"), twoSumSolution[language]);
    expect(bad).toMatchObject({
      status: "internal_error",
      message: expect.stringMatching(/^The checker failed: it returned something other/),
    });
  });

  it("runs the checker only on returned values, never charging its CPU time to the player", async () => {
    const slow = "function check() { const t = Date.now(); while (Date.now() - t < 150) {} return true; }";
    // The checker burns 3 x 150 ms: charged to the player, it would pass the 400 ms cap (which
    // leaves a slow machine's Python room for its own time).
    const v = await judge(language, twoSum(slow), twoSumSolution[language], { cpuMsTotal: 400 });
    expect(v, v.message).toMatchObject({ status: "accepted" });
    expect(v.cpuMs).toBeLessThan(400);
    const loops = await judge(language, twoSum("function check() { for (;;) {} }"), twoSumThrows[language]);
    expect(loops.status).toBe("runtime_error");
  });
});
