// The bookkeeping every language's judge shares: which public tests passed, how many hidden ones,
// the first failing public test, the first error, and the verdict that follows from them.
import type { Verdict, VerdictStatus } from "../contract.ts";
import type { Compare, Judgement } from "./compare.ts";
import type { SandboxTest } from "./request.ts";

/** What one test produced, in terms every language maps its own results to. */
export type TestOutcome =
  | { kind: "ok"; actual: unknown }
  /** The submission defines no function of the expected name. */
  | { kind: "missing" }
  /** The returned value (or printed output) is larger than the output cap. */
  | { kind: "output_limit"; message: string }
  | {
      kind: "error";
      status: "runtime_error" | "memory_limit" | "internal_error";
      message: string;
      line?: number | undefined;
      column?: number | undefined;
    };

interface Failure {
  status: VerdictStatus;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Errors on hidden tests are reported without their text, which could echo hidden input. */
const HIDDEN_ERROR: Record<Extract<TestOutcome, { kind: "error" }>["status"], string> = {
  runtime_error: "Runtime error on a hidden test",
  memory_limit: "Memory limit exceeded on a hidden test",
  internal_error: "The judge failed on a hidden test",
};

export interface LanguageWording {
  /** The error when the function is missing, worded as the language would (ReferenceError, NameError). */
  missing: string;
  /** The line of an error message shown beside a public test (a JS message's first, a traceback's last). */
  brief(message: string): string;
}

/** What the player hears of a broken comparison: not their fault, and nothing of a hidden test. */
function comparisonFailure(judged: Extract<Judgement, { kind: "broken" }>, isPublic: boolean): string {
  const detail = isPublic && judged.detail ? `: ${judged.detail}` : "";
  return `The checker failed${isPublic ? "" : " on a hidden test"}: ${judged.reason}${detail}`;
}

export class VerdictBuilder {
  readonly #started = performance.now();
  readonly #publicCount: number;
  readonly #hiddenTotal: number;
  readonly #wording: LanguageWording;
  readonly #compare: Compare;
  readonly #publicTests: Verdict["publicTests"] = [];
  #hiddenPassed = 0;
  #failedTest: Verdict["failedTest"];
  /** The checker's words on the first failing public test. */
  #failedMessage: string | undefined;
  #firstError: Failure | undefined;
  cpuMs = 0;
  peakHeapBytes = 0;

  constructor(tests: readonly SandboxTest[], publicCount: number, wording: LanguageWording, compare: Compare) {
    this.#publicCount = publicCount;
    this.#hiddenTotal = tests.length - publicCount;
    this.#wording = wording;
    this.#compare = compare;
  }

  isPublic(index: number): boolean {
    return index < this.#publicCount;
  }

  /**
   * Records a test that ran to an outcome; `output` is what it printed, shown on public tests.
   * Returns the verdict when judging ends here: the comparison failed, so no result can be trusted.
   */
  record(index: number, test: SandboxTest, outcome: TestOutcome, output?: string): Verdict | undefined {
    const isPublic = this.isPublic(index);
    let passed = false;
    let error: string | undefined;
    if (outcome.kind === "ok") {
      const judged = this.#compare(test, outcome.actual);
      if (judged.kind === "broken") return this.stopped(index, "internal_error", comparisonFailure(judged, isPublic), output);
      passed = judged.kind === "pass";
      if (judged.kind === "fail" && isPublic) {
        error = judged.message;
        if (!this.#failedTest) {
          this.#failedTest = { index, input: test.input, expected: test.expected, actual: outcome.actual };
          this.#failedMessage = judged.message;
        }
      }
    } else if (outcome.kind === "missing") {
      this.#firstError ??= { status: "runtime_error", message: this.#wording.missing };
      error = "function not defined";
    } else if (outcome.kind === "output_limit") {
      this.#firstError ??= { status: "output_limit", message: outcome.message };
      error = "output limit exceeded";
    } else {
      this.#firstError ??= isPublic
        ? { status: outcome.status, message: outcome.message, line: outcome.line, column: outcome.column }
        : { status: outcome.status, message: HIDDEN_ERROR[outcome.status] };
      error = isPublic ? this.#wording.brief(outcome.message) : undefined;
    }
    if (isPublic) this.#publicTests.push({ index, passed, ...(error ? { error } : {}), ...(output ? { output } : {}) });
    else if (passed) this.#hiddenPassed++;
  }

  /** A test that ends judging at once (out of time or memory): shown on its row if public. */
  stopped(index: number, status: VerdictStatus, message: string, output?: string): Verdict {
    if (this.isPublic(index)) {
      this.#publicTests.push({ index, passed: false, error: this.#wording.brief(message), ...(output ? { output } : {}) });
    }
    return this.finish(status, { message });
  }

  /**
   * The total CPU cap ran out after the test just recorded. An error seen before it (a memory
   * bomb that failed every test slowly) is what the player needs to hear, so it wins.
   */
  outOfCpu(capMs: number): Verdict {
    return this.#firstError ? this.result() : this.finish("time_limit", { message: `CPU time limit of ${capMs} ms exceeded` });
  }

  /** The verdict once every test ran: the first error, else accepted or wrong_answer. */
  result(): Verdict {
    if (this.#firstError) {
      const { status, message, line, column } = this.#firstError;
      return this.finish(status, { message, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
    }
    const allPassed = this.#publicTests.every((t) => t.passed) && this.#hiddenPassed === this.#hiddenTotal;
    return this.finish(allPassed ? "accepted" : "wrong_answer", this.#failedMessage ? { message: this.#failedMessage } : {});
  }

  finish(status: VerdictStatus, extra: Partial<Verdict> = {}): Verdict {
    return {
      status,
      publicTests: this.#publicTests,
      hidden: { passed: this.#hiddenPassed, total: this.#hiddenTotal },
      ...(this.#failedTest ? { failedTest: this.#failedTest } : {}),
      cpuMs: Math.round(this.cpuMs * 100) / 100,
      wallMs: Math.round((performance.now() - this.#started) * 100) / 100,
      peakHeapBytes: this.peakHeapBytes,
      ...extra,
    };
  }
}
