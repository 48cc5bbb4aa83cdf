// Structure of the challenge library. Solutions are judged in the sandbox test, not here.
import { describe, expect, it } from "vitest";
import { pythonName } from "./index.ts";
import { library } from "./library/index.ts";
import type { TestCase } from "./types.ts";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const declares = (source: string, name: string): boolean => new RegExp(`\\bfunction\\s+${name.replaceAll("$", "\\$")}\\s*\\(`).test(source);
/** A top-level `def name(`: the Python counterpart of `declares`. */
const definesPython = (source: string, name: string): boolean =>
  new RegExp(`^def\\s+${name.replaceAll("$", "\\$")}\\s*\\(`, "m").test(source);

/** Rejects undefined, NaN, Infinity, -0, BigInt, functions, class instances and the like. */
const jsonRoundTrips = (value: unknown): boolean => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return false;
  }
  if (text === undefined) return false;
  try {
    expect(JSON.parse(text)).toStrictEqual(value);
    return true;
  } catch {
    return false;
  }
};

describe("challenge library", () => {
  it("is not empty and covers every tier 1-4", () => {
    expect(library.length).toBeGreaterThan(0);
    const tiers = new Set(library.map((c) => c.tier));
    expect([...tiers].sort()).toEqual([1, 2, 3, 4]);
  });

  it("is listed in tier order", () => {
    const tiers = library.map((c) => c.tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
  });

  it("has unique kebab-case ids", () => {
    const ids = library.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id, id).toMatch(KEBAB);
  });

  it("has unique function names", () => {
    const names = library.map((c) => c.functionName);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const c of library) {
    describe(c.id, () => {
      it("has a title, a statement and a valid function name", () => {
        expect(c.title.trim().length).toBeGreaterThan(0);
        expect(c.statement.trim().length).toBeGreaterThan(0);
        expect(c.functionName).toMatch(IDENTIFIER);
      });

      it("declares the function in the signature, reference and wrong sources", () => {
        expect(declares(c.signature.javascript, c.functionName)).toBe(true);
        expect(declares(c.reference.javascript, c.functionName)).toBe(true);
        expect(declares(c.wrong.javascript, c.functionName)).toBe(true);
        expect(c.wrong.javascript).not.toBe(c.reference.javascript);
      });

      it("defines the Python function in the signature, reference and wrong sources", () => {
        const name = pythonName(c.functionName);
        expect(definesPython(c.signature.python, name), `signature defines ${name}`).toBe(true);
        expect(definesPython(c.reference.python, name), `reference defines ${name}`).toBe(true);
        expect(definesPython(c.wrong.python, name), `wrong defines ${name}`).toBe(true);
        expect(c.wrong.python).not.toBe(c.reference.python);
      });

      it("has at least 3 public and 5 hidden tests", () => {
        expect(c.publicTests.length).toBeGreaterThanOrEqual(3);
        expect(c.hiddenTests.length).toBeGreaterThanOrEqual(5);
      });

      it("has JSON-compatible tests", () => {
        const all: TestCase[] = [...c.publicTests, ...c.hiddenTests];
        for (const [i, t] of all.entries()) {
          expect(Array.isArray(t.input), `test ${i} input is an argument array`).toBe(true);
          expect(jsonRoundTrips(t.input), `test ${i} input round-trips through JSON`).toBe(true);
          expect(jsonRoundTrips(t.expected), `test ${i} expected round-trips through JSON`).toBe(true);
        }
      });

      it("has valid limit overrides, if any", () => {
        const { timeoutMsPerTest, memoryMb } = c.limits ?? {};
        if (timeoutMsPerTest !== undefined) expect(timeoutMsPerTest).toBeGreaterThan(0);
        if (memoryMb !== undefined) expect(memoryMb).toBeGreaterThan(0);
      });
    });
  }
});
