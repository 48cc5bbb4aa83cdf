// Judges a JavaScript or TypeScript submission in a fresh isolated-vm isolate: nothing from the
// host is reachable, and nothing but strings ever crosses back out.
import ivm from "isolated-vm";
import type { Verdict } from "../contract.ts";
import { CallDeadline } from "./call-deadline.ts";
import type { Compare } from "./compare.ts";
import { disposeSoon } from "./dispose-soon.ts";
import { cpuMs, heapInUse } from "./isolate-usage.ts";
import { type SandboxRequest, type SandboxTest, shuffledHidden } from "./request.ts";
import { toJavaScript } from "./transpile.ts";
import { type TestOutcome, VerdictBuilder } from "./verdict-builder.ts";

const USER_FILENAME = "solution.js";
/** Prefix put on the player's first line; columns on line 1 are shifted back by its length. */
const WRAP_PREFIX = "try { ";
const MAX_MESSAGE = 2000;

/**
 * Runs in every fresh context before the player's code. It captures the intrinsics it needs (so
 * replacing JSON.stringify cannot forge a result), serialises results inside the isolate (so
 * getters, toJSON and Proxies run under the isolate's caps, never on the host), and turns any
 * thrown value into a plain string inside the isolate: isolated-vm would otherwise copy a thrown
 * object out after the timeout is disarmed, running its getters with no limit.
 * No "use strict" here: the player's code follows in the same script and keeps its own mode.
 */
const PRELUDE = `{
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const String_ = String;
  const slice = Function.prototype.call.bind(String.prototype.slice);
  const isError = (e) => e instanceof Error;
  const describe = (e) => {
    try {
      const name = isError(e) ? String_(e.name) : "Uncaught";
      const message = slice(isError(e) ? String_(e.message) : String_(e), 0, ${MAX_MESSAGE});
      const stack = isError(e) ? slice(String_(e.stack), 0, 8000) : "";
      return "e" + stringify({ name, message, stack });
    } catch {
      return "e" + stringify({ name: "Error", message: "(an exception that cannot be printed)", stack: "" });
    }
  };
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, configurable: false, enumerable: false });
  define("__codeduelDescribe", describe);
  define("__codeduelRun", function (inputJson, maxBytes) {
    if (globalThis.__codeduelLoadError !== undefined) return globalThis.__codeduelLoadError;
    const fn = globalThis.__codeduelFn;
    if (typeof fn !== "function") return "n";
    try {
      const text = stringify(fn(...parse(inputJson)));
      if (text === undefined) return "u";
      if (text.length > maxBytes) return "o";
      return "j" + text;
    } catch (e) {
      return describe(e);
    }
  });
}
`;
const PRELUDE_LINES = PRELUDE.split("\n").length - 1;

/**
 * One script per submission, run once per test in a fresh context, so a test costs one call into
 * the isolate: the prelude, the player's code in a try block (the harness hook at its end, where
 * block-scoped declarations are visible), and the call whose completion value is the result.
 */
function buildScript(code: string, functionName: string, outputBytes: number): string {
  return `${PRELUDE}${WRAP_PREFIX}${code}
;globalThis.__codeduelFn = typeof ${functionName} === "function" ? ${functionName} : undefined;
} catch (e) { globalThis.__codeduelLoadError = __codeduelDescribe(e); }
__codeduelRun(globalThis.__codeduelInput, ${outputBytes});`;
}

/** A JavaScript test's outcome: one the verdict records, or one that ends judging at once. */
type JsOutcome = TestOutcome | { kind: "fatal"; status: "time_limit" | "memory_limit"; message: string };

const MEMORY_FATAL = { status: "memory_limit", message: "Memory limit exceeded" } as const;
/** Share of the heap cap in use at which a timeout is blamed on memory. */
const MEMORY_CAP_SHARE = 0.9;

/** Allocation failures V8 reports as RangeErrors rather than by hitting the heap cap. */
const ALLOCATION_FAILURE = /Array buffer allocation failed|Invalid string length|WebAssembly\.Memory|Out of memory/i;

/** A thrown value described inside the isolate, reduced to the frames in the player's own file. */
function userError(described: string): TestOutcome {
  let e: { name?: unknown; message?: unknown; stack?: unknown };
  try {
    e = JSON.parse(described.slice(1)) as typeof e;
  } catch {
    e = {};
  }
  const head = `${String(e.name ?? "Error")}: ${String(e.message ?? "")}`.slice(0, MAX_MESSAGE);
  const frames = String(e.stack ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("at ") && (userPosition(l).line ?? 0) >= 1)
    .slice(0, 20);
  const where = userPosition(frames[0] ?? "");
  const status = ALLOCATION_FAILURE.test(head) ? "memory_limit" : "runtime_error";
  return { kind: "error", status, message: [head, ...frames].join("\n"), ...where };
}

function userPosition(text: string): { line?: number; column?: number } {
  const m = /solution\.js:(\d+):(\d+)/.exec(text);
  if (!m) return {};
  const line = Number(m[1]);
  const column = Number(m[2]);
  return { line, column: line === 1 ? Math.max(1, column - WRAP_PREFIX.length) : column };
}

function classifyHostError(isolate: ivm.Isolate, err: unknown): JsOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (isolate.isDisposed || /memory limit/i.test(message)) {
    return { kind: "fatal", ...MEMORY_FATAL };
  }
  if (/timed out/i.test(message)) {
    return { kind: "fatal", status: "time_limit", message: "Time limit exceeded" };
  }
  // Anything else escaped the in-isolate handler (the player broke out of the wrapper): report
  // its message only, never a host stack.
  return { kind: "error", status: "runtime_error", message: message.slice(0, MAX_MESSAGE) };
}

function runOneTest(
  isolate: ivm.Isolate,
  script: ivm.Script,
  req: SandboxRequest,
  test: SandboxTest,
  deadline: CallDeadline,
): { outcome: JsOutcome; heapBytes: number } {
  // A fresh context per test: nothing a test leaves on globals or prototypes reaches the next.
  const context = isolate.createContextSync();
  let outcome: JsOutcome;
  try {
    context.global.setSync("__codeduelInput", JSON.stringify(test.input));
    const timeout = req.limits.timeoutMsPerTest;
    // Synchronous, on this thread: an asynchronous run costs two thread hand-offs per test. The
    // one call that may never return (V8 thrashing in GC) is caught by whoever watches `deadline`.
    deadline.arm(timeout);
    let raw: unknown;
    try {
      raw = script.runSync(context, { timeout, copy: true });
    } finally {
      deadline.disarm();
    }
    outcome = parseResult(raw, req.limits.outputBytes);
  } catch (err) {
    outcome = classifyHostError(isolate, err);
  }
  const heapBytes = heapInUse(isolate);
  if (!isolate.isDisposed) context.release();
  return { outcome, heapBytes };
}

function parseResult(raw: unknown, outputBytes: number): TestOutcome {
  if (typeof raw !== "string") return { kind: "error", status: "runtime_error", message: "Unexpected result" };
  if (raw === "n") return { kind: "missing" };
  if (raw === "o") return { kind: "output_limit", message: `Return value larger than ${outputBytes} bytes` };
  if (raw === "u") return { kind: "ok", actual: null };
  if (raw.startsWith("e")) return userError(raw);
  return { kind: "ok", actual: JSON.parse(raw.slice(1)) };
}

export function judgeJavaScript(req: SandboxRequest, compare: Compare): Verdict {
  const tests = shuffledHidden(req.tests, req.publicCount);
  const wording = {
    missing: `ReferenceError: ${req.functionName} is not defined as a function`,
    brief: (message: string) => message.split("\n")[0] ?? "",
  };
  const verdict = new VerdictBuilder(tests, req.publicCount, wording, compare);

  const js = toJavaScript(req.language, req.code);
  if (!js.ok) return verdict.finish("compile_error", { message: js.message, line: js.line, column: js.column });

  const deadline = req.deadline ?? new CallDeadline();
  // When V8 cannot make an allocation at all (a Map's table doubling near the cap), isolated-vm
  // aborts the whole process unless this handler is set; with it, it parks this thread for good.
  // A parked thread is a stuck call (workers/judge/src/stuck-calls.ts): the job ends as
  // memory_limit and the judge process is recycled once its other jobs are done, instead of every
  // job in it dying with the process. The handler itself would run on this thread, so never does.
  const isolate = new ivm.Isolate({ memoryLimit: req.limits.memoryMb, onCatastrophicError: () => {} });
  try {
    let script: ivm.Script;
    try {
      // Compiling runs none of the player's code, and a nesting bomb is a RangeError at once.
      script = isolate.compileScriptSync(buildScript(js.code, req.functionName, req.limits.outputBytes), {
        filename: USER_FILENAME,
        // The player's first line is line 1 in every message and stack frame.
        lineOffset: -PRELUDE_LINES,
      });
    } catch (err) {
      const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, MAX_MESSAGE);
      return verdict.finish("compile_error", { message: message.replace(/\s*\[solution\.js:\d+:\d+\]$/, ""), ...userPosition(message) });
    }
    for (const [index, test] of tests.entries()) {
      const { outcome, heapBytes } = runOneTest(isolate, script, req, test, deadline);
      verdict.cpuMs = cpuMs(isolate, verdict.cpuMs);
      verdict.peakHeapBytes = Math.max(verdict.peakHeapBytes, heapBytes);
      if (outcome.kind === "fatal") {
        // Out of time while at the heap cap means V8 was thrashing in GC: the memory is the cause.
        const atMemoryCap = verdict.peakHeapBytes >= MEMORY_CAP_SHARE * req.limits.memoryMb * 1024 * 1024;
        const fatal = outcome.status === "time_limit" && atMemoryCap ? MEMORY_FATAL : outcome;
        return verdict.stopped(index, fatal.status, fatal.message);
      }
      const ended = verdict.record(index, test, outcome);
      if (ended) return ended;
      if (verdict.cpuMs > req.limits.cpuMsTotal) return verdict.outOfCpu(req.limits.cpuMsTotal);
    }
    return verdict.result();
  } finally {
    disposeSoon(isolate);
  }
}
