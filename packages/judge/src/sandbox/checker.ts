// Runs a problem's checker, the organiser's `function check(input, expected, actual)`, like any
// untrusted code: in an isolated-vm isolate of its own (never the submission's), with its own heap
// cap and a timeout per call, created at the first test that needs it and disposed with the judging.
import ivm from "isolated-vm";
import { CHECKER_TIMEOUT_MS } from "../contract.ts";
import type { CallDeadline } from "./call-deadline.ts";
import type { Judgement } from "./compare.ts";
import { disposeSoon } from "./dispose-soon.ts";
import type { SandboxTest } from "./request.ts";

const CHECKER_MEMORY_MB = 64;
const MAX_MESSAGE = 1000;

/**
 * Runs in every fresh context before the checker's code, as run-javascript.ts's prelude does for
 * a submission: it captures the intrinsics and the JSON texts of the test before the checker can
 * replace them, reads the result and turns anything thrown into a plain string inside the isolate
 * (so getters and Proxies run under the isolate's caps, never on the host), and hands back only a
 * string: "p" (pass), "f" + message (fail), "b" (a bad return value), "n" (no `check`), "e" +
 * what was thrown.
 */
const PRELUDE = `{
  const parse = JSON.parse;
  const String_ = String;
  const slice = Function.prototype.call.bind(String.prototype.slice);
  const input = globalThis.__codeduelInput;
  const expected = globalThis.__codeduelExpected;
  const actual = globalThis.__codeduelActual;
  const describe = (e) => {
    try {
      return "e" + slice(e instanceof Error ? String_(e.name) + ": " + String_(e.message) : String_(e), 0, ${MAX_MESSAGE});
    } catch {
      return "e(an exception that cannot be printed)";
    }
  };
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, configurable: false, enumerable: false });
  define("__codeduelDescribe", describe);
  define("__codeduelCheck", function () {
    if (globalThis.__codeduelLoadError !== undefined) return globalThis.__codeduelLoadError;
    const check = globalThis.__codeduelFn;
    if (typeof check !== "function") return "n";
    try {
      const result = check(parse(input), parse(expected), parse(actual));
      if (result === true) return "p";
      if (result === false) return "f";
      if (result === null || typeof result !== "object") return "b";
      const ok = result.ok;
      const message = result.message;
      if (typeof ok !== "boolean" || (message !== undefined && typeof message !== "string")) return "b";
      return ok ? "p" : "f" + slice(message ?? "", 0, ${MAX_MESSAGE});
    } catch (e) {
      return describe(e);
    }
  });
}
`;
const PRELUDE_LINES = PRELUDE.split("\n").length - 1;

function buildScript(code: string): string {
  return `${PRELUDE}try { ${code}
;globalThis.__codeduelFn = typeof check === "function" ? check : undefined;
} catch (e) { globalThis.__codeduelLoadError = __codeduelDescribe(e); }
__codeduelCheck();`;
}

function broken(reason: string, detail?: string): Judgement {
  return { kind: "broken", reason, ...(detail ? { detail } : {}) };
}

function judgementOf(raw: unknown): Judgement {
  if (typeof raw !== "string") return broken("it returned something other than true, false or { ok, message }");
  const kind = raw[0];
  const rest = raw.slice(1);
  if (kind === "p") return { kind: "pass" };
  if (kind === "f") return rest ? { kind: "fail", message: rest } : { kind: "fail" };
  if (kind === "n") return broken("it does not define function check(input, expected, actual)");
  if (kind === "e") return broken("it threw an error", rest);
  return broken("it returned something other than true, false or { ok, message }");
}

function hostFailure(isolate: ivm.Isolate, err: unknown): Judgement {
  const message = err instanceof Error ? err.message : String(err);
  if (isolate.isDisposed || /memory limit/i.test(message)) return broken(`it ran out of memory (${CHECKER_MEMORY_MB} MB)`);
  if (/timed out/i.test(message)) return broken(`it ran longer than ${CHECKER_TIMEOUT_MS} ms`);
  return broken("it failed", message.slice(0, MAX_MESSAGE));
}

export class Checker {
  readonly #code: string;
  readonly #deadline: CallDeadline | undefined;
  #isolate: ivm.Isolate | undefined;
  #script: ivm.Script | undefined;

  /** `deadline`: armed around each call, as for the submission's (call-deadline.ts). */
  constructor(code: string, deadline: CallDeadline | undefined) {
    this.#code = code;
    this.#deadline = deadline;
  }

  readonly compare = (test: SandboxTest, actual: unknown): Judgement => {
    // On an allocation V8 cannot make, park this thread (the judge process recycles itself) instead of aborting the process.
    this.#isolate ??= new ivm.Isolate({ memoryLimit: CHECKER_MEMORY_MB, onCatastrophicError: () => {} });
    const isolate = this.#isolate;
    try {
      // Compiling runs none of the checker's code; what does not compile is the author's mistake, not the test's.
      this.#script ??= isolate.compileScriptSync(buildScript(this.#code), {
        filename: "checker.js",
        // The checker's first line is line 1 in its messages.
        lineOffset: -PRELUDE_LINES,
      });
    } catch (err) {
      return broken(`it does not compile: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`.slice(0, MAX_MESSAGE));
    }
    // A fresh context per call: nothing one check leaves behind reaches the next.
    const context = isolate.createContextSync();
    try {
      const global = context.global;
      // JSON text in, parsed inside the isolate; `undefined` has no JSON text, and stands for null as a returned one does.
      global.setSync("__codeduelInput", JSON.stringify(test.input));
      global.setSync("__codeduelExpected", JSON.stringify(test.expected) ?? "null");
      global.setSync("__codeduelActual", JSON.stringify(actual) ?? "null");
      this.#deadline?.arm(CHECKER_TIMEOUT_MS, "checker");
      try {
        return judgementOf(this.#script.runSync(context, { timeout: CHECKER_TIMEOUT_MS, copy: true }));
      } finally {
        this.#deadline?.disarm();
      }
    } catch (err) {
      return hostFailure(isolate, err);
    } finally {
      if (!isolate.isDisposed) context.release();
    }
  };

  dispose(): void {
    if (this.#isolate) disposeSoon(this.#isolate);
  }
}
