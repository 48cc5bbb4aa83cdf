// What a sandbox is asked to judge, whatever the language: the submission, its tests and limits,
// and the order the tests run in.
import { randomInt } from "node:crypto";
import type { Comparison, Language } from "../contract.ts";
import type { CallDeadline } from "./call-deadline.ts";
import type { SandboxLimits } from "./limits.ts";

export interface SandboxTest {
  input: unknown[];
  expected: unknown;
}

export interface SandboxRequest {
  code: string;
  language: Language;
  functionName: string;
  /** Public tests first, then hidden ones. */
  tests: readonly SandboxTest[];
  publicCount: number;
  limits: SandboxLimits;
  /** How returned values are compared with the expected ones (default: exact). */
  comparison?: Comparison;
  /**
   * Armed around every call into a JavaScript isolate, for a thread that watches this one (the
   * judge process's main thread). Without one nobody notices a call that never returns: fine for
   * trusted code (benchmarks, unit tests), never for players' submissions.
   */
  deadline?: CallDeadline;
}

/** Hidden tests run in a fresh random order each time, so timing or side channels cannot map results to tests. */
export function shuffledHidden(tests: readonly SandboxTest[], publicCount: number): SandboxTest[] {
  const hidden = tests.slice(publicCount);
  for (let i = hidden.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [hidden[i], hidden[j]] = [hidden[j] as SandboxTest, hidden[i] as SandboxTest];
  }
  return [...tests.slice(0, publicCount), ...hidden];
}
