// Verdicts from the real isolated-vm sandbox. (Memory bombs are tested through a judge worker
// process in apps/server/test: a runaway isolate is contained by recycling its process.)
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./limits.ts";
import { runSubmission } from "./run-submission.ts";

const tests = [
  { input: [1, 2], expected: 3 },
  { input: [-4, 4], expected: 0 },
  { input: [10, 20], expected: 30 },
];
const judge = (code: string, limits = DEFAULT_LIMITS) =>
  runSubmission({
    code,
    language: "javascript",
    functionName: "add",
    tests,
    publicCount: 2,
    limits: { ...limits, timeoutMsPerTest: 300 },
  });

describe("JavaScript sandbox", () => {
  it("accepts a correct solution and reports CPU time", async () => {
    const v = await judge("function add(a, b) { return a + b; }");
    expect(v).toMatchObject({ status: "accepted", hidden: { passed: 1, total: 1 } });
    expect(v.publicTests).toEqual([
      { index: 0, passed: true },
      { index: 1, passed: true },
    ]);
    expect(v.cpuMs).toBeGreaterThan(0);
  });

  it("shows the first failing public test on a wrong answer", async () => {
    const v = await judge("const add = (a, b) => a * b;");
    expect(v.status).toBe("wrong_answer");
    expect(v.failedTest).toEqual({ index: 0, input: [1, 2], expected: 3, actual: 2 });
  });

  it("reports syntax errors with line and column", async () => {
    const v = await judge("function add(a, b) {\n  return a +;\n}");
    expect(v).toMatchObject({ status: "compile_error", line: 2 });
    expect(v.message).toMatch(/SyntaxError/);
  });

  it("reports runtime errors with the user's line, without host frames", async () => {
    const v = await judge("function add(a, b) {\n  return a.b.c;\n}");
    expect(v).toMatchObject({ status: "runtime_error", line: 2 });
    expect(v.message).not.toMatch(/node:|isolated-vm|\/work\//);
  });

  it("stops an infinite loop with time_limit", async () => {
    expect((await judge("function add() { while (true) {} }")).status).toBe("time_limit");
  });

  it("reports the first error, not the CPU cap, when an erroring submission runs out of CPU", async () => {
    // Each test burns about 150 ms of CPU and then throws; the 200 ms cap runs out on the second.
    const slowThrow = "function add() { const t = Date.now(); while (Date.now() - t < 150) {} throw new Error('boom'); }";
    const v = await judge(slowThrow, { ...DEFAULT_LIMITS, cpuMsTotal: 200 });
    expect(v.status).toBe("runtime_error");
    expect(v.message).toContain("boom");
    expect(v.cpuMs).toBeGreaterThan(200);
  });

  it("turns unbounded recursion into a runtime error", async () => {
    expect((await judge("function add(a) { return add(a) + 1; }")).status).toBe("runtime_error");
  });

  it("gives user code no host objects", async () => {
    const v = await judge(
      "function add(a, b) { return [typeof require, typeof process, typeof setTimeout, typeof globalThis.ivm].join(); }",
    );
    expect(v.failedTest?.actual).toBe("undefined,undefined,undefined,undefined");
  });

  it("does not let one test's global state reach the next", async () => {
    const v = await judge("function add(a, b) { globalThis.calls = (globalThis.calls || 0) + 1; return a + b + globalThis.calls - 1; }");
    expect(v.status).toBe("accepted");
  });

  it("cannot forge its result by replacing JSON.stringify", async () => {
    const v = await judge("function add(a, b) { JSON.stringify = () => '3'; return 0; }");
    expect(v.status).toBe("wrong_answer");
  });

  it("caps the size of the returned value", async () => {
    const v = await judge("function add() { return 'x'.repeat(100000); }");
    expect(v.status).toBe("output_limit");
  });

  it("says so when the function is missing", async () => {
    const v = await judge("function sum(a, b) { return a + b; }");
    expect(v.status).toBe("runtime_error");
    expect(v.message).toMatch(/add is not defined/);
  });
});
