// Python conformance: everyday solutions (collections, itertools, match, big ints, f-strings, ...)
// must give CPython's answers. First checks that each recorded answer is what CPython (python3 on
// PATH) really returns, then judges every case on the judge's own Python runtime.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./limits.ts";
import { conformanceCases } from "./python/conformance-cases.ts";
import { runSubmission } from "./run-submission.ts";

/**
 * Runs every case in a fresh module dict, as the judge does, and prints the JSON results with
 * integers beyond 2**53 - 1 as decimal strings (the way the cases record them).
 */
const CPYTHON_CHECK = `
import json, sys

LIMIT = 2**53 - 1


def exact(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return str(v) if abs(v) > LIMIT else v
    if isinstance(v, (list, tuple)):
        return [exact(x) for x in v]
    if isinstance(v, dict):
        return {k: exact(x) for k, x in v.items()}
    return v


results = []
for case in json.load(sys.stdin):
    g = {"__name__": "__main__"}
    try:
        exec(compile(case["code"], "solution.py", "exec"), g)
        value = g["solve"](*case["input"])
        results.append({"value": json.loads(json.dumps(exact(value), allow_nan=False))})
    except Exception as e:
        results.append({"error": f"{type(e).__name__}: {e}"})
sys.stdout.write(json.dumps({"version": sys.version.split()[0], "results": results}))
`;

describe("Python conformance cases", () => {
  it("the recorded answers are CPython's", () => {
    const run = spawnSync("python3", ["-I", "-c", CPYTHON_CHECK], {
      input: JSON.stringify(conformanceCases),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    });
    if (run.error) {
      throw new Error(`python3 must be on PATH to check the recorded answers against CPython: ${run.error.message}`);
    }
    expect(run.status, run.stderr).toBe(0);
    const { version, results } = JSON.parse(run.stdout) as { version: string; results: unknown[] };
    expect(results).toHaveLength(conformanceCases.length);
    conformanceCases.forEach((c, i) => {
      expect.soft(results[i], `${c.name} (CPython ${version})`).toEqual({ value: c.expected });
    });
  });
});

describe("Python conformance on the judge's runtime", () => {
  // A plain loop, not it.each: the names hold "%", which it.each would read as a format.
  for (const c of conformanceCases) {
    it(c.name, async () => {
      const verdict = await runSubmission({
        code: c.code,
        language: "python",
        functionName: "solve",
        tests: [{ input: c.input, expected: c.expected }],
        publicCount: 1,
        limits: { ...DEFAULT_LIMITS, timeoutMsPerTest: 5000, cpuMsTotal: 10000 },
      });
      // On failure the diff shows the whole verdict: its message, or the failed test's actual value.
      expect(verdict, c.name).toMatchObject({ status: "accepted" });
    }, 20_000);
  }
});
