// Judges a Python submission: CPython (Pyodide) in a fresh isolated-vm isolate per submission, with
// one interpreter restored from the snapshot (snapshot.ts) for the submission's tests (a fresh one
// after any test that broke it) and fresh module globals per test. The per-test timeout and the CPU
// cap are isolated-vm's; the comparison happens on the host (or in a checker's isolate of its own),
// and expected values never enter the submission's isolate.
import ivm from "isolated-vm";
import type { Verdict } from "../../contract.ts";
import type { Compare } from "../compare.ts";
import { disposeSoon } from "../dispose-soon.ts";
import { cpuMs } from "../isolate-usage.ts";
import { type SandboxRequest, type SandboxTest, shuffledHidden } from "../request.ts";
import { type TestOutcome, VerdictBuilder } from "../verdict-builder.ts";
import type { Reply } from "./interpreter.ts";
import { useThreadStack } from "./native-stack.ts";
import { type Interpreter, interpreterIn, type PythonBoot, pythonBoot, runtimeContext } from "./snapshot.ts";

const MAX_MESSAGE = 2000;
/** Printed output shown per public test, in characters. */
const SHOWN_OUTPUT_CHARS = 1000;
const MIB = 1024 * 1024;
/** Time allowed for restoring an interpreter (our code only; no player code runs). */
const START_TIMEOUT_MS = 2000;
/** The isolate's own heap holds only our runtime (the player's objects live in the wasm memory). */
const ISOLATE_MEMORY_MB = 256;
/** Least wasm memory left to the player's program above the interpreter's own, whatever the cap. */
const MIN_HEADROOM_BYTES = 16 * MIB;

/** A Python test's outcome: one the verdict records, or a compile error or limit that ends judging. */
type Outcome =
  | TestOutcome
  /** The player's code compiled: tests can run. */
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

const decoder = new TextDecoder();
useThreadStack();

/**
 * JSON from the interpreter with integers kept exact: an integer literal that a double cannot hold
 * exactly becomes its decimal string, so it never equals a number it merely rounds to.
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    const source = context?.source;
    if (typeof value === "number" && source !== undefined && /^-?\d+$/.test(source) && !Number.isSafeInteger(value)) {
      // Past 1.8e308 a double is Infinity, which no integer equals.
      if (!Number.isFinite(value)) return source;
      return BigInt(source) === BigInt(value) ? value : source;
    }
    return value;
  } as (key: string, value: unknown) => unknown);
}

/** Frames of the player's own file, with the exception line last, like a Python traceback. */
function pythonTraceback(type: string, message: string, tb: string): { message: string; line?: number } {
  const lines = tb.split("\n");
  const frames: string[] = [];
  for (const [i, l] of lines.entries()) {
    if (!l.trim().startsWith('File "solution.py"')) continue;
    const source = lines[i + 1];
    frames.push(source && !source.trim().startsWith("File ") && source.startsWith("    ") ? `${l}\n${source}` : l);
  }
  const shown = frames.slice(-20);
  const head = message ? `${type}: ${message}` : type;
  const m = shown.length > 0 ? /line (\d+)/.exec(shown.at(-1) ?? "") : null;
  const text = shown.length > 0 ? ["Traceback (most recent call last):", ...shown, head].join("\n") : head;
  return { message: text.slice(0, 4000), ...(m ? { line: Number(m[1]) } : {}) };
}

function described(json: string): unknown[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (Array.isArray(v)) return v;
  } catch {}
  return ["Exception", "(an exception that cannot be printed)", ""];
}

function parseHarness(result: string, outputBytes: number): Outcome {
  const kind = result[0];
  const rest = result.slice(1);
  if (kind === "v") {
    try {
      return { kind: "ok", actual: parseExactJson(rest) };
    } catch {
      return { kind: "error", status: "runtime_error", message: "ValueError: the return value is not JSON-compatible" };
    }
  }
  if (kind === "n") return { kind: "missing" };
  if (kind === "r") return { kind: "ready" };
  if (kind === "m") return { kind: "error", status: "memory_limit", message: "MemoryError: memory limit exceeded" };
  if (kind === "o") return { kind: "output_limit", message: `Return value larger than ${outputBytes} bytes` };
  if (kind === "c") {
    const [type, message, line, column] = described(rest);
    return {
      kind: "compile_error",
      message: `${String(type)}: ${String(message)}`.slice(0, MAX_MESSAGE),
      line: typeof line === "number" ? line : undefined,
      column: typeof column === "number" ? column : undefined,
    };
  }
  const [type, message, tb] = described(rest).map(String) as [string, string, string];
  const where = pythonTraceback(type, message, tb);
  return { kind: "error", status: type === "MemoryError" ? "memory_limit" : "runtime_error", ...where };
}

/** The runtime's reply: `fromHarness` is false when the run ended the interpreter. */
function parseReply(reply: Reply, outputBytes: number): RunOutput & { fromHarness: boolean } {
  const printed = reply.out ? decoder.decode(reply.out) : "";
  const outcome = ((): Outcome => {
    switch (reply.k) {
      case "r":
        return parseHarness(decoder.decode(reply.result ?? new Uint8Array()), outputBytes);
      case "m":
        return { kind: "error", status: "memory_limit", message: "MemoryError: memory limit exceeded" };
      case "h":
        return {
          kind: "error",
          status: "runtime_error",
          message: "PermissionError: submissions cannot reach JavaScript, native code, processes or the network",
        };
      case "o":
        return { kind: "output_limit", message: `Printed output larger than ${outputBytes} bytes` };
      case "x":
        // A JavaScript error escaped the interpreter: the stack overflowed, or it trapped.
        return /call stack/i.test(String(reply.message))
          ? { kind: "error", status: "runtime_error", message: "RecursionError: maximum recursion depth exceeded" }
          : { kind: "error", status: "runtime_error", message: "RuntimeError: the interpreter stopped abnormally" };
      default:
        return { kind: "error", status: "internal_error", message: String(reply.message ?? "Python judge failed").slice(0, MAX_MESSAGE) };
    }
  })();
  // An error in a run whose memory was refused growth comes from the cap, whatever CPython called it
  // (a string concatenated in place past the cap raises a TypeError with blank type names).
  if (outcome.kind === "error" && outcome.status === "runtime_error" && reply.memoryRefused) {
    return {
      outcome: { kind: "error", status: "memory_limit", message: "MemoryError: memory limit exceeded" },
      printed,
      fromHarness: reply.k === "r",
    };
  }
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
  boot: PythonBoot;
  interpreter: Interpreter;
  /** Whether an interpreter with the player's code compiled is ready for tests. */
  live: boolean;
  /** The interpreter's wasm memory at its last reply: the player's objects live there. */
  memoryBytes: number;
}

/** Calls the harness's `setup` or `test` in the current interpreter under the test's timeout. */
function call(runner: Runner, req: SandboxRequest, entry: "setup" | "test", text: string): RunOutput {
  try {
    const reply = runner.interpreter.call(entry, text, req.limits.timeoutMsPerTest);
    const { outcome, printed, fromHarness } = parseReply(reply, req.limits.outputBytes);
    if (typeof reply.memoryBytes === "number") runner.memoryBytes = Math.max(runner.memoryBytes, reply.memoryBytes);
    // Anything but a reply from the harness ended that interpreter (the runtime dropped it).
    if (!fromHarness) runner.live = false;
    return { outcome, printed };
  } catch (err) {
    runner.live = false;
    return { outcome: hostFailure(runner.isolate, err), printed: "" };
  }
}

/**
 * Restores a fresh interpreter and compiles the player's code in it: the outcome is a compile error
 * or a failure to start, or undefined when it is ready for tests.
 */
function startInterpreter(runner: Runner, req: SandboxRequest): TestRun | undefined {
  const { boot } = runner;
  const maxMemory = Math.max(req.limits.memoryMb * MIB, boot.snapshotBytes + MIN_HEADROOM_BYTES);
  try {
    runner.interpreter.restore(maxMemory, req.limits.outputBytes, START_TIMEOUT_MS);
  } catch (err) {
    return { outcome: hostFailure(runner.isolate, err), printed: "" };
  }
  runner.live = true;
  const request = JSON.stringify({ code: req.code, name: req.functionName, max: req.limits.outputBytes });
  const { outcome, printed } = call(runner, req, "setup", request);
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

/**
 * Every call into a Python submission's isolate but the first (creating its context) is
 * synchronous, on this thread: that halves the cost of a test (no hop to isolated-vm's thread and
 * back), and it is safe here where it is not for JavaScript. A Python program allocates only in the
 * wasm memory, whose growth the runtime refuses past the cap (CPython then raises MemoryError), and
 * the runtime cuts every route from Python to JavaScript objects, so the player cannot drive the
 * isolate into V8's heap limit, the one case where isolated-vm may never settle a call and a
 * host-side watchdog is needed. isolated-vm's timeout interrupts a synchronous call as it does an
 * asynchronous one, and the judge process's own wall-clock deadline per job still backs both.
 */
export async function judgePython(req: SandboxRequest, compare: Compare): Promise<Verdict> {
  const tests = shuffledHidden(req.tests, req.publicCount);
  const wording = {
    missing: `NameError: name '${req.functionName}' is not defined as a function`,
    // A traceback ends with the exception itself.
    brief: (message: string) => message.split("\n").at(-1) ?? "",
  };
  const verdict = new VerdictBuilder(tests, req.publicCount, wording, compare);

  let boot: PythonBoot;
  try {
    boot = await pythonBoot();
  } catch (err) {
    return verdict.finish("internal_error", { message: `Python judge failed to start: ${String(err).slice(0, 500)}` });
  }
  // On an allocation V8 cannot make, park this thread (the judge process recycles itself) instead of aborting the process.
  const isolate = new ivm.Isolate({ memoryLimit: ISOLATE_MEMORY_MB, onCatastrophicError: () => {} });
  let runner: Runner | undefined;
  try {
    try {
      const context = await runtimeContext(isolate, boot);
      runner = { isolate, context, boot, interpreter: interpreterIn(context, boot), live: false, memoryBytes: 0 };
    } catch (err) {
      return verdict.finish("internal_error", { message: `Python judge failed to start: ${String(err).slice(0, 500)}` });
    }
    for (const [index, test] of tests.entries()) {
      const { outcome, printed } = runOneTest(runner, req, test);
      verdict.cpuMs = cpuMs(isolate, verdict.cpuMs);
      verdict.peakHeapBytes = Math.max(verdict.peakHeapBytes, runner.memoryBytes);
      const output = verdict.isPublic(index) && printed ? printed.slice(0, SHOWN_OUTPUT_CHARS) : undefined;
      if (outcome.kind === "fatal") return verdict.stopped(index, outcome.status, outcome.message, output);
      // CPython reaches MemoryError at the cap; one is enough.
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
      const ended = verdict.record(index, test, outcome, output);
      if (ended) return ended;
      if (verdict.cpuMs > req.limits.cpuMsTotal) return verdict.outOfCpu(req.limits.cpuMsTotal);
    }
    return verdict.result();
  } finally {
    disposeSoon(isolate, () => {
      runner?.interpreter.release();
      runner?.context.release();
    });
  }
}
