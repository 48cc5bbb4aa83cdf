// --solutions FILE: correct and wrong code for an organiser's contest problems, which the load
// tester cannot know (library challenges bring their own). Read and checked before the run, so a
// bad file is one clear line and exit code 2.
//
//   { "A": { "correct": { "javascript": "function f(a) { ... }", "python": "def f(a): ..." },
//            "wrong":   { "javascript": "function f(a) { return 0; }" } },
//     "B": { ... } }
//
// TypeScript submissions use the `typescript` entry, or else the `javascript` one (the judge
// strips types, so JavaScript is valid TypeScript).
import { readFileSync } from "node:fs";
import { LANGUAGES, type Language } from "@codeduel/judge";
import { UsageError } from "./args-values.ts";
import type { Solutions } from "./options.ts";

const KINDS = ["correct", "wrong"] as const;

export function readSolutions(path: string): Solutions {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(`--solutions: cannot read "${path}" (${code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--solutions: "${path}" is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return checkSolutions(value);
}

/** The parsed file's shape: label -> { correct?, wrong? } -> language -> non-empty code. */
export function checkSolutions(value: unknown): Solutions {
  const expected = 'expected {"A": {"correct": {"javascript": "..."}, "wrong": {...}}, ...}';
  if (!isObject(value)) throw new UsageError(`--solutions: ${expected}`);
  const labels = Object.keys(value);
  if (labels.length === 0) throw new UsageError("--solutions: no problem in the file");
  const solutions: Solutions = {};
  for (const label of labels) {
    if (!/^[A-Z]$/.test(label)) throw new UsageError(`--solutions: "${label}" is not a problem label (one capital letter: A, B, ...)`);
    const byKind = value[label];
    if (!isObject(byKind)) throw new UsageError(`--solutions: ${label}: ${expected}`);
    for (const kind of Object.keys(byKind)) {
      if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--solutions: ${label}: "${kind}" is not correct or wrong`);
      const byLanguage = byKind[kind];
      if (!isObject(byLanguage)) throw new UsageError(`--solutions: ${label}.${kind}: expected {"javascript": "...", "python": "..."}`);
      for (const [language, code] of Object.entries(byLanguage)) {
        if (!(LANGUAGES as readonly string[]).includes(language)) {
          throw new UsageError(`--solutions: ${label}.${kind}: unknown language "${language}" (languages: ${LANGUAGES.join(", ")})`);
        }
        if (typeof code !== "string" || code.trim() === "")
          throw new UsageError(`--solutions: ${label}.${kind}.${language}: not a non-empty string of code`);
      }
    }
    solutions[label] = byKind as Solutions[string];
  }
  return solutions;
}

/** The file's code for one problem, kind and language (TypeScript falls back to JavaScript). */
export function solutionCode(
  solutions: Solutions | undefined,
  label: string,
  kind: "correct" | "wrong",
  language: Language,
): string | undefined {
  const byLanguage = solutions?.[label]?.[kind];
  return byLanguage?.[language] ?? (language === "typescript" ? byLanguage?.javascript : undefined);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
