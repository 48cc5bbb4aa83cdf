// A problem's checker in its own isolate: what it decides, and how it fails.
import { afterEach, describe, expect, it } from "vitest";
import { CHECKER_TIMEOUT_MS } from "../contract.ts";
import { CallDeadline } from "./call-deadline.ts";
import { Checker } from "./checker.ts";

const test = { input: [[3, 1, 2]], expected: 6 };
const open: Checker[] = [];
const checker = (code: string, deadline?: CallDeadline) => {
  const c = new Checker(code, deadline);
  open.push(c);
  return c;
};
afterEach(() => {
  for (const c of open.splice(0)) c.dispose();
});

describe("Checker", () => {
  it("passes the test, parsed from JSON, to check and reads true or false", () => {
    const sums = checker(
      "function check(input, expected, actual) { return input[0].reduce((a, b) => a + b) === expected && actual === expected; }",
    );
    expect(sums.compare(test, 6)).toEqual({ kind: "pass" });
    expect(sums.compare(test, 7)).toEqual({ kind: "fail" });
  });

  it("reads { ok, message }, and a block-scoped check", () => {
    const c = checker(
      "const check = (input, expected, actual) => actual === expected ? { ok: true, message: 'fine' } : { ok: false, message: 'got ' + actual };",
    );
    expect(c.compare(test, 6)).toEqual({ kind: "pass" });
    expect(c.compare(test, 5)).toEqual({ kind: "fail", message: "got 5" });
    expect(checker("function check() { return { ok: false }; }").compare(test, 5)).toEqual({ kind: "fail" });
  });

  it("gives each call a fresh context", () => {
    const c = checker("function check() { globalThis.n = (globalThis.n || 0) + 1; return globalThis.n === 1; }");
    expect(c.compare(test, 6).kind).toBe("pass");
    expect(c.compare(test, 6).kind).toBe("pass");
  });

  it("gives the checker no host objects", () => {
    const c = checker("function check() { return { ok: false, message: [typeof require, typeof process, typeof setTimeout].join() }; }");
    expect(c.compare(test, 6)).toEqual({ kind: "fail", message: "undefined,undefined,undefined" });
  });

  it("is broken when check throws, with what it threw as detail", () => {
    expect(checker("function check() { throw new TypeError('no way'); }").compare(test, 6)).toEqual({
      kind: "broken",
      reason: "it threw an error",
      detail: "TypeError: no way",
    });
    expect(checker("throw 'at load'; function check() { return true; }").compare(test, 6)).toMatchObject({
      kind: "broken",
      detail: "at load",
    });
  });

  it("is broken when it returns anything else", () => {
    for (const value of ["1", "'yes'", "null", "undefined", "{ ok: 1 }", "{ ok: true, message: 5 }", "[true]"]) {
      expect(checker(`function check() { return ${value}; }`).compare(test, 6), value).toEqual({
        kind: "broken",
        reason: "it returned something other than true, false or { ok, message }",
      });
    }
  });

  it("is broken when it defines no check, or does not compile", () => {
    expect(checker("function verify() { return true; }").compare(test, 6)).toEqual({
      kind: "broken",
      reason: "it does not define function check(input, expected, actual)",
    });
    const syntax = checker("function check( {").compare(test, 6);
    expect(syntax).toMatchObject({ kind: "broken" });
    expect(syntax.kind === "broken" && syntax.reason).toMatch(/^it does not compile: SyntaxError/);
  });

  it("stops a checker that loops forever at its timeout, with the call deadline armed meanwhile", () => {
    const deadline = new CallDeadline();
    const c = checker("function check() { for (;;) {} }", deadline);
    const started = performance.now();
    expect(c.compare(test, 6)).toEqual({ kind: "broken", reason: `it ran longer than ${CHECKER_TIMEOUT_MS} ms` });
    expect(performance.now() - started).toBeLessThan(CHECKER_TIMEOUT_MS + 5000); // it stops by itself: a generous bound, not a speed check
    expect(deadline.overrunMs(Date.now() + 10 * CHECKER_TIMEOUT_MS)).toBe(0);
    // Armed as the checker's: a checker stuck at its heap cap is answered as the judge's failure, not the player's memory_limit.
    expect(deadline.caller()).toBe("checker");
    deadline.arm(1000);
    expect(deadline.caller()).toBe("submission");
  });

  it("stops a checker that allocates without bound at its own memory cap", () => {
    const c = checker("function check() { const kept = []; for (;;) kept.push(new Array(1e5).fill(Math.random())); }");
    expect(c.compare(test, 6)).toEqual({ kind: "broken", reason: "it ran out of memory (64 MB)" });
  });

  it("may be disposed without ever having run", () => {
    expect(() => checker("function check() { return true; }").dispose()).not.toThrow();
  });
});
