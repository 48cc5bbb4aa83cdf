// Judges a Python submission: MicroPython (WebAssembly) in a fresh isolated-vm isolate per
// submission, with one fresh MicroPython instance for the submission's tests (a new one after any
// test that broke it) and fresh module globals per test. The per-test timeout and the CPU cap are
// JavaScript's; the comparison happens here, on the host, and expected values never enter the
// isolate.
import ivm from "isolated-vm";
import type { Verdict } from "../../contract.ts";
import { cpuMs, heapInUse, type SandboxRequest, type SandboxTest, shuffledHidden } from "../run-submission.ts";
import { type TestOutcome, VerdictBuilder } from "../verdict-builder.ts";
import { bootContext } from "./boot.ts";
import { INITIAL_HEAP_BYTES, setupProgram, utf8 } from "./runtime.ts";

const MAX_MESSAGE = 2000;
/** Printed output shown per public test, in characters. */
const SHOWN_OUTPUT_CHARS = 1000;
const MIB = 1024 * 1024;
/** Time allowed for starting a MicroPython instance (our code only; no player code runs). */
const START_TIMEOUT_MS = 2000;

/** A Python test's outcome: one the verdict records, or a compile error or limit that ends judging. */
type Outcome =
  | TestOutcome
  /** The harness is loaded and the player's code compiled: tests can run. */
  | { kind: "ready" }
  | { kind: "compile_error"; message: string; line?: number | undefined; column?: number | undefined }
  | { kind: "fatal"; status: "time_limit" | "memory_limit"; message: string };

interface RunOutput {
  outcome: Outcome;
  printed: string;
}

/** What a test produced: anything but the set-up's "ready". */
interface TestRun {
  outcome: Exclude<Outcome, { kind: "ready" }>;
  printed: string;
}

/**
 * JSON from the interpreter with integers kept exact: an integer literal that a double cannot hold
 * exactly becomes its decimal string, so it never equals a number it merely rounds to.
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    const source = context?.source;
    if (typeof value === "number" && source !== undefined && /^-?\d+$/.test(source) && !Number.isSafeInteger(value)) {
      return BigInt(source) === BigInt(value) ? value : source;
    }
    return value;
  } as (key: string, value: unknown) => unknown);
}

/** Frames of the player's own file, with the exception line last, like a Python traceback. */
function pythonTraceback(type: string, message: string, tb: string): { message: string; line?: number } {
  const frames = tb
    .split("\n")
    .filter((l) => l.trim().startsWith('File "solution.py"'))
    .slice(-20);
  const head = message ? `${type}: ${message}` : type;
  const last = frames.at(-1);
  const m = last ? /line (\d+)/.exec(last) : null;
  const text = frames.length > 0 ? ["Traceback (most recent call last):", ...frames, head].join("\n") : head;
  return { message: text.slice(0, 4000), ...(m ? { line: Number(m[1]) } : {}) };
}

function described(json: string): [string, string, string] {
  try {
    const v = JSON.parse(json) as unknown;
    if (Array.isArray(v)) return [String(v[0] ?? "Exception"), String(v[1] ?? ""), String(v[2] ?? "")];
  } catch {}
  return ["Exception", "(an exception that cannot be printed)", ""];
}

function parseHarness(result: string, code: string, outputBytes: number): Outcome {
  const kind = result[0];
  const rest = result.slice(1);
  if (kind === "v") {
    try {
      return { kind: "ok", actual: parseExactJson(rest) };
    } catch {
      return { kind: "error", status: "runtime_error", message: "ValueError: the return value is not JSON-compatible (nan or inf?)" };
    }
  }
  if (kind === "n") return { kind: "missing" };
  if (kind === "r") return { kind: "ready" };
  if (kind === "m") return { kind: "error", status: "memory_limit", message: "MemoryError: memory limit exceeded" };
  if (kind === "o") return { kind: "output_limit", message: `Return value larger than ${outputBytes} bytes` };
  const [type, message, tb] = described(rest);
  if (kind === "c") {
    // MicroPython reports the line of a syntax error, not the column: point at the line's first token.
    const where = pythonTraceback(type, message, tb);
    const text = where.line !== undefined ? code.split("\n")[where.line - 1] : undefined;
    const column = text !== undefined ? text.length - text.trimStart().length + 1 : undefined;
    return { kind: "compile_error", message: `${type}: ${message}`.slice(0, MAX_MESSAGE), line: where.line, column };
  }
  // MicroPython raises RuntimeError for recursion depth; CPython calls it RecursionError.
  const recursion = type === "RuntimeError" && /maximum recursion depth/.test(message);
  const where = pythonTraceback(recursion ? "RecursionError" : type, message, tb);
  return { kind: "error", status: type === "MemoryError" ? "memory_limit" : "runtime_error", ...where };
}

interface RuntimeReply {
  k: string;
  result?: string;
  message?: string;
  out?: string;
  outBytes?: number;
}

/** The runtime's reply: `fromHarness` is false when the run ended the interpreter. */
function parseReply(raw: unknown, code: string, outputBytes: number): RunOutput & { fromHarness: boolean } {
  let reply: RuntimeReply;
  try {
    reply = JSON.parse(String(raw)) as RuntimeReply;
  } catch {
    return { outcome: { kind: "error", status: "internal_error", message: "Unexpected result" }, printed: "", fromHarness: false };
  }
  const printed = String(reply.out ?? "");
  const outcome = ((): Outcome => {
    switch (reply.k) {
      case "r":
        return parseHarness(String(reply.result), code, outputBytes);
      case "m":
        return { kind: "error", status: "memory_limit", message: "MemoryError: memory limit exceeded" };
      case "h":
        return { kind: "error", status: "runtime_error", message: "ImportError: host modules are not available to submissions" };
      case "o":
        return { kind: "output_limit", message: `Printed output larger than ${outputBytes} bytes` };
      case "x":
        // A JavaScript error escaped the interpreter: the C stack overflowed, or it trapped.
        return /call stack/i.test(String(reply.message))
          ? { kind: "error", status: "runtime_error", message: "RecursionError: maximum recursion depth exceeded" }
          : { kind: "error", status: "runtime_error", message: "RuntimeError: the interpreter stopped abnormally" };
      default:
        return { kind: "error", status: "internal_error", message: String(reply.message ?? "Python judge failed").slice(0, MAX_MESSAGE) };
    }
  })();
  return { outcome, printed, fromHarness: reply.k === "r" };
}

function hostFailure(isolate: ivm.Isolate, err: unknown): TestRun["outcome"] {
  const message = err instanceof Error ? err.message : String(err);
  if (isolate.isDisposed || /memory limit/i.test(message))
    return { kind: "fatal", status: "memory_limit", message: "Memory limit exceeded" };
  if (/timed out/i.test(message)) return { kind: "fatal", status: "time_limit", message: "Time limit exceeded" };
  return { kind: "error", status: "runtime_error", message: message.slice(0, MAX_MESSAGE) };
}

interface Runner {
  isolate: ivm.Isolate;
  context: ivm.Context;
  start: ivm.Script;
  /** `__codeduelRun` in the isolate: runs a program given as UTF-8 bytes. */
  run: ivm.Reference<(bytes: Uint8Array) => string>;
  /** `__codeduelTest` in the isolate: runs one test on its input, JSON as UTF-8 bytes. */
  test: ivm.Reference<(bytes: Uint8Array) => string>;
  /** Whether an interpreter with the harness and the player's compiled code is ready. */
  live: boolean;
}

/** Calls `__codeduelRun` or `__codeduelTest` in the current interpreter under the test's timeout. */
function call(runner: Runner, req: SandboxRequest, entry: "run" | "test", text: string): RunOutput {
  const timeout = req.limits.timeoutMsPerTest;
  try {
    const raw = runner[entry].applySync(undefined, [utf8(text)], { timeout, arguments: { copy: true }, result: { copy: true } });
    const { outcome, printed, fromHarness } = parseReply(raw, req.code, req.limits.outputBytes);
    // Anything but a reply from the harness ended that interpreter (the runtime dropped it).
    if (!fromHarness) runner.live = false;
    return { outcome, printed };
  } catch (err) {
    runner.live = false;
    return { outcome: hostFailure(runner.isolate, err), printed: "" };
  }
}

/**
 * Starts a fresh interpreter and loads the harness with the player's code compiled in it: the
 * outcome is a compile error or a failure to start, or undefined when it is ready for tests.
 */
function startInterpreter(runner: Runner, req: SandboxRequest): TestRun | undefined {
  try {
    // Its start-up completes in the microtasks that run before this call returns.
    runner.start.runSync(runner.context, { timeout: START_TIMEOUT_MS });
  } catch (err) {
    return { outcome: hostFailure(runner.isolate, err), printed: "" };
  }
  runner.live = true;
  const { outcome, printed } = call(runner, req, "run", setupProgram(req.code, req.functionName, req.limits.outputBytes));
  if (outcome.kind === "ready") return undefined;
  runner.live = false;
  return { outcome, printed };
}

function runOneTest(runner: Runner, req: SandboxRequest, test: SandboxTest): TestRun {
  if (!runner.live) {
    const failed = startInterpreter(runner, req);
    if (failed) return failed;
  }
  const { outcome, printed } = call(runner, req, "test", JSON.stringify(test.input));
  if (outcome.kind !== "ready") return { outcome, printed };
  return { outcome: { kind: "error", status: "internal_error", message: "The harness answered a test as set-up" }, printed };
}

/** Per-isolate set-up: MicroPython's runtime, with the wasm module compiled once for all tests. */
async function prepare(isolate: ivm.Isolate, req: SandboxRequest): Promise<Runner> {
  const context = await bootContext(isolate);
  const maxMemory = Math.max(32, req.limits.memoryMb) * MIB;
  const start = isolate.compileScriptSync(`__codeduelStart(${INITIAL_HEAP_BYTES}, ${maxMemory}, ${req.limits.outputBytes})`);
  const entry = (name: string) => context.global.getSync(name, { reference: true }) as ivm.Reference<(bytes: Uint8Array) => string>;
  return { isolate, context, start, run: entry("__codeduelRun"), test: entry("__codeduelTest"), live: false };
}

/**
 * Every call into a Python submission's isolate but the first (creating its context, boot.ts) is
 * synchronous, on this thread: that halves the cost of a test (no hop to isolated-vm's thread and
 * back), and it is safe here where it is not for JavaScript. A Python program allocates only in the
 * wasm memory, whose growth our runtime refuses past the cap (MicroPython then raises MemoryError),
 * and everything it can make the runtime hold on the V8 heap is capped (printed output, the result,
 * exception text). So it cannot drive the isolate into V8's heap limit, the one case where
 * isolated-vm may never settle a call and a host-side watchdog is needed. isolated-vm's timeout
 * interrupts a synchronous call as it does an asynchronous one, and the judge process's own
 * wall-clock deadline per job still backs both.
 */
export async function judgePython(req: SandboxRequest): Promise<Verdict> {
  const tests = shuffledHidden(req.tests, req.publicCount);
  const verdict = new VerdictBuilder(tests, req.publicCount, {
    missing: `NameError: ${req.functionName} is not defined as a function`,
    // A traceback ends with the exception itself.
    brief: (message) => message.split("\n").at(-1) ?? "",
  });

  // On an allocation V8 cannot make, park this thread (the judge process recycles itself) instead of aborting the process.
  const isolate = new ivm.Isolate({ memoryLimit: req.limits.memoryMb, onCatastrophicError: () => {} });
  let runner: Runner | undefined;
  try {
    try {
      runner = await prepare(isolate, req);
    } catch (err) {
      return verdict.finish("internal_error", { message: `Python judge failed to start: ${String(err).slice(0, 500)}` });
    }
    for (const [index, test] of tests.entries()) {
      const { outcome, printed } = runOneTest(runner, req, test);
      verdict.cpuMs = cpuMs(isolate, verdict.cpuMs);
      verdict.peakHeapBytes = Math.max(verdict.peakHeapBytes, heapInUse(isolate));
      const output = verdict.isPublic(index) && printed ? printed.slice(0, SHOWN_OUTPUT_CHARS) : undefined;
      if (outcome.kind === "fatal") return verdict.stopped(index, outcome.status, outcome.message, output);
      // MicroPython reaches MemoryError by collecting over and over: one is enough.
      if (outcome.kind === "error" && outcome.status === "memory_limit") {
        const message = verdict.isPublic(index) ? outcome.message : "Memory limit exceeded on a hidden test";
        return verdict.stopped(index, "memory_limit", message, output);
      }
      if (outcome.kind === "compile_error") {
        const { message, line, column } = outcome;
        return verdict.finish("compile_error", {
          message,
          ...(line !== undefined ? { line } : {}),
          ...(column !== undefined ? { column } : {}),
        });
      }
      verdict.record(index, test, outcome, output);
      if (verdict.cpuMs > req.limits.cpuMsTotal) return verdict.outOfCpu(req.limits.cpuMsTotal);
    }
    return verdict.result();
  } finally {
    // Handles into the isolate are released with it, not left to the garbage collector.
    if (!isolate.isDisposed) {
      runner?.run.release();
      runner?.test.release();
      runner?.start.release();
      runner?.context.release();
      isolate.dispose();
    }
  }
}
