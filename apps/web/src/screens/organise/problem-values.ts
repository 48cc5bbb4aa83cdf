// A problem form's values (text as typed) and the API's problem input: read both ways, with a
// message naming the field at fault instead of a request the server would refuse.
import type { Api } from "../../api.ts";
import { asLanguage, type Language } from "../../languages.ts";

export type ProblemInput = Parameters<Api["problem"]["create"]["mutate"]>[0];
export type ProblemVersion = Awaited<ReturnType<Api["problem"]["versions"]["query"]>>[number];
export type ComparisonKind = "exact" | "tolerance" | "unordered" | "checker";

export interface ProblemValues {
  title: string;
  statement: string;
  functionName: string;
  signatureJs: string;
  signaturePy: string;
  /** JSON arrays of { input, expected }, as typed. */
  publicTests: string;
  hiddenTests: string;
  timeoutMs: string;
  memoryMb: string;
  comparison: ComparisonKind;
  abs: string;
  rel: string;
  checker: string;
  refLanguage: Language;
  refCode: string;
}

export const EMPTY_PROBLEM: ProblemValues = {
  title: "",
  statement: "",
  functionName: "solve",
  signatureJs: "function solve(a, b) {\n}",
  signaturePy: "def solve(a, b):\n    pass",
  publicTests: '[\n  { "input": [1, 2], "expected": 3 }\n]',
  hiddenTests: "[]",
  timeoutMs: "",
  memoryMb: "",
  comparison: "exact",
  abs: "1e-9",
  rel: "1e-9",
  checker: "function check(input, expected, actual) {\n  return JSON.stringify(expected) === JSON.stringify(actual);\n}",
  refLanguage: "javascript",
  refCode: "function solve(a, b) {\n  return a + b;\n}",
};

export function testsText(tests: unknown): string {
  return JSON.stringify(tests ?? [], null, 2);
}

export function valuesOf(v: ProblemVersion): ProblemValues {
  const signature = v.signature as { javascript?: string; python?: string };
  const limits = (v.limits ?? {}) as { timeoutMsPerTest?: number; memoryMb?: number };
  const comparison = (v.comparison ?? { kind: "exact" }) as { kind: ComparisonKind; abs?: number; rel?: number; code?: string };
  const reference = v.reference as { language?: string; code?: string };
  return {
    title: v.title,
    statement: v.statement,
    functionName: v.functionName,
    signatureJs: signature.javascript ?? "",
    signaturePy: signature.python ?? "",
    publicTests: testsText(v.publicTests),
    hiddenTests: testsText(v.hiddenTests),
    timeoutMs: limits.timeoutMsPerTest?.toString() ?? "",
    memoryMb: limits.memoryMb?.toString() ?? "",
    comparison: comparison.kind,
    abs: comparison.abs?.toString() ?? EMPTY_PROBLEM.abs,
    rel: comparison.rel?.toString() ?? EMPTY_PROBLEM.rel,
    checker: comparison.code ?? EMPTY_PROBLEM.checker,
    refLanguage: asLanguage(reference.language),
    refCode: reference.code ?? "",
  };
}

class FieldError extends Error {}

function tests(text: string, field: string): ProblemInput["publicTests"] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FieldError(`${field}: not valid JSON`);
  }
  if (!Array.isArray(parsed)) throw new FieldError(`${field}: a JSON array of { "input": [...], "expected": ... }`);
  return parsed.map((t: unknown, i) => {
    const test = t as { input?: unknown; expected?: unknown } | null;
    if (!test || typeof test !== "object" || !Array.isArray(test.input) || !("expected" in test)) {
      throw new FieldError(`${field}, entry ${i + 1}: needs "input" (an array of arguments) and "expected"`);
    }
    return { input: test.input, expected: test.expected };
  });
}

function optionalInt(text: string, field: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new FieldError(`${field}: a whole number`);
  return n;
}

function number(text: string, field: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) throw new FieldError(`${field}: a number, 0 or more`);
  return n;
}

function comparisonOf(v: ProblemValues): ProblemInput["comparison"] {
  if (v.comparison === "tolerance")
    return { kind: "tolerance", abs: number(v.abs, "Absolute tolerance"), rel: number(v.rel, "Relative tolerance") };
  if (v.comparison === "checker") return { kind: "checker", code: v.checker };
  return { kind: v.comparison };
}

/** The API's input, or the first field at fault. The server checks it all again. */
export function problemInput(v: ProblemValues): { input: ProblemInput } | { error: string } {
  try {
    const timeoutMsPerTest = optionalInt(v.timeoutMs, "Time limit per test");
    const memoryMb = optionalInt(v.memoryMb, "Memory limit");
    return {
      input: {
        title: v.title,
        statement: v.statement,
        functionName: v.functionName.trim(),
        signature: { javascript: v.signatureJs, python: v.signaturePy },
        publicTests: tests(v.publicTests, "Public tests"),
        hiddenTests: tests(v.hiddenTests, "Hidden tests"),
        limits: { ...(timeoutMsPerTest !== undefined ? { timeoutMsPerTest } : {}), ...(memoryMb !== undefined ? { memoryMb } : {}) },
        comparison: comparisonOf(v),
        reference: { language: v.refLanguage, code: v.refCode },
      },
    };
  } catch (err) {
    if (err instanceof FieldError) return { error: err.message };
    throw err;
  }
}
