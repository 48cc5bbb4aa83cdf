// Judges one JavaScript submission in a fresh isolated-vm isolate: nothing from the host is reachable.
import ivm from "isolated-vm";
import type { Verdict, VerdictStatus } from "../contract.ts";
import { jsonEqual } from "./compare.ts";
import type { SandboxLimits } from "./limits.ts";

export interface SandboxTest {
  input: unknown[];
  expected: unknown;
}

export interface SandboxRequest {
  code: string;
  functionName: string;
  /** Public tests first, then hidden ones. */
  tests: readonly SandboxTest[];
  publicCount: number;
  limits: SandboxLimits;
}

const USER_FILENAME = "solution.js";

// Runs in every fresh context before user code, capturing JSON intrinsics so user code that
// replaces JSON.stringify cannot forge its own result, and serialising inside the isolate so
// getters, toJSON and Proxies run under the isolate's caps, never on the host.
const PRELUDE = `
"use strict";
{
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  Object.defineProperty(globalThis, "__codeduelRun", {
    value: function (fn, inputJson, maxBytes) {
      if (typeof fn !== "function") return "n";
      const text = stringify(fn(...parse(inputJson)));
      if (text === undefined) return "u";
      if (text.length > maxBytes) return "o";
      return "j" + text;
    },
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
`;

/** Grace beyond isolated-vm's own timeout before the host stops waiting for a call. */
const WATCHDOG_GRACE_MS = 250;
const WATCHDOG_POLL_MS = 25;

/**
 * isolated-vm can dispose an isolate for exceeding its memory limit and never settle the
 * pending call, and its own timeout may not fire while V8 thrashes in GC. Race every call
 * against a host-side watchdog so the judge always answers; `wedged` tells the caller that a
 * runaway isolate thread may still be burning memory, so the process should be recycled.
 */
function guard<T>(isolate: ivm.Isolate, call: Promise<T>, timeoutMs: number, state: { wedged: boolean }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = performance.now() + timeoutMs + WATCHDOG_GRACE_MS;
    let disposedAt: number | undefined;
    const timer = setInterval(() => {
      const now = performance.now();
      if (isolate.isDisposed) disposedAt ??= now;
      if (disposedAt !== undefined && now - disposedAt > WATCHDOG_GRACE_MS) {
        clearInterval(timer);
        state.wedged = true;
        reject(new Error("Isolate was disposed during execution due to memory limit"));
      } else if (now > deadline) {
        clearInterval(timer);
        state.wedged = true;
        reject(new Error("Script execution timed out."));
      }
    }, WATCHDOG_POLL_MS);
    call.then(
      (v) => {
        clearInterval(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearInterval(timer);
        reject(e);
      },
    );
  });
}

type TestOutcome =
  | { kind: "ok"; actual: unknown }
  | { kind: "missing" }
  | { kind: "output_limit" }
  | { kind: "error"; message: string; line?: number; column?: number }
  | { kind: "fatal"; status: "time_limit" | "memory_limit"; message: string };

interface Failure {
  status: VerdictStatus;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Keeps only the stack frames that point into the player's own file. */
function userStack(err: unknown): { message: string; line?: number; column?: number } {
  const e = err as { name?: unknown; message?: unknown; stack?: unknown };
  const head = `${typeof e?.name === "string" ? e.name : "Error"}: ${typeof e?.message === "string" ? e.message : String(err)}`;
  const stack = typeof e?.stack === "string" ? e.stack : "";
  const frames = stack
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("at ") && l.includes(USER_FILENAME));
  // Syntax errors carry their position in the message ("[solution.js:2:12]"), runtime errors in a frame.
  const where = /solution\.js:(\d+):(\d+)/.exec(frames[0] ?? head);
  const message = [head, ...frames].join("\n").slice(0, 2000);
  return where ? { message, line: Number(where[1]), column: Number(where[2]) } : { message };
}

function classifyIsolateError(isolate: ivm.Isolate, err: unknown): TestOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (isolate.isDisposed || /memory limit/i.test(message)) {
    return { kind: "fatal", status: "memory_limit", message: "Memory limit exceeded" };
  }
  if (/timed out/i.test(message)) {
    return { kind: "fatal", status: "time_limit", message: "Time limit exceeded" };
  }
  if (err instanceof RangeError && /call stack/i.test(message)) {
    return { kind: "error", message: "RangeError: Maximum call stack size exceeded" };
  }
  return { kind: "error", ...userStack(err) };
}

async function runOneTest(
  isolate: ivm.Isolate,
  prelude: ivm.Script,
  user: ivm.Script,
  req: SandboxRequest,
  test: SandboxTest,
  state: { wedged: boolean },
): Promise<TestOutcome> {
  // A fresh context per test: nothing a test leaves on globals or prototypes reaches the next.
  const context = await isolate.createContext();
  try {
    const timeout = req.limits.timeoutMsPerTest;
    await guard(isolate, prelude.run(context, { timeout }), timeout, state);
    await guard(isolate, user.run(context, { timeout }), timeout, state);
    const raw: unknown = await guard(
      isolate,
      context.evalClosure(
        `return __codeduelRun(typeof ${req.functionName} === "function" ? ${req.functionName} : undefined, $0, $1);`,
        [JSON.stringify(test.input), req.limits.outputBytes],
        { timeout, result: { copy: true } },
      ),
      timeout,
      state,
    );
    if (typeof raw !== "string") return { kind: "error", message: "Unexpected result" };
    if (raw === "n") return { kind: "missing" };
    if (raw === "o") return { kind: "output_limit" };
    if (raw === "u") return { kind: "ok", actual: null };
    return { kind: "ok", actual: JSON.parse(raw.slice(1)) };
  } catch (err) {
    return classifyIsolateError(isolate, err);
  } finally {
    if (!isolate.isDisposed) context.release();
  }
}

function cpuMs(isolate: ivm.Isolate, fallback: number): number {
  try {
    return Number(isolate.cpuTime) / 1e6;
  } catch {
    return fallback;
  }
}

export interface SandboxResult {
  verdict: Verdict;
  /** The isolate may still be running on a native thread: recycle the process after reporting. */
  wedged: boolean;
}

export async function runJavaScript(req: SandboxRequest): Promise<SandboxResult> {
  const state = { wedged: false };
  const verdict = await judge(req, state);
  return { verdict, wedged: state.wedged };
}

async function judge(req: SandboxRequest, state: { wedged: boolean }): Promise<Verdict> {
  const started = performance.now();
  const isolate = new ivm.Isolate({ memoryLimit: req.limits.memoryMb });
  let peakHeapBytes = 0;
  let lastCpuMs = 0;
  const publicTests: Verdict["publicTests"] = [];
  let hiddenPassed = 0;
  let failedTest: Verdict["failedTest"];
  let firstError: Failure | undefined;
  const finish = (status: VerdictStatus, extra: Partial<Verdict> = {}): Verdict => ({
    status,
    publicTests,
    hidden: { passed: hiddenPassed, total: req.tests.length - req.publicCount },
    ...(failedTest ? { failedTest } : {}),
    cpuMs: Math.round(lastCpuMs * 100) / 100,
    wallMs: Math.round((performance.now() - started) * 100) / 100,
    peakHeapBytes,
    ...extra,
  });
  try {
    const prelude = await isolate.compileScript(PRELUDE, { filename: "prelude.js" });
    let user: ivm.Script;
    try {
      user = await isolate.compileScript(req.code, { filename: USER_FILENAME });
    } catch (err) {
      const info = userStack(err);
      return finish("compile_error", info);
    }
    for (const [index, test] of req.tests.entries()) {
      const isPublic = index < req.publicCount;
      const outcome = await runOneTest(isolate, prelude, user, req, test, state);
      lastCpuMs = cpuMs(isolate, lastCpuMs);
      if (!isolate.isDisposed) {
        peakHeapBytes = Math.max(peakHeapBytes, isolate.getHeapStatisticsSync().used_heap_size);
      }
      if (outcome.kind === "fatal") {
        if (isPublic) publicTests.push({ index, passed: false, error: outcome.message });
        return finish(outcome.status, { message: outcome.message });
      }
      if (lastCpuMs > req.limits.cpuMsTotal) {
        return finish("time_limit", { message: `CPU time limit of ${req.limits.cpuMsTotal} ms exceeded` });
      }
      let passed = false;
      let error: string | undefined;
      if (outcome.kind === "ok") {
        passed = jsonEqual(outcome.actual, test.expected);
        if (!passed && isPublic && !failedTest) {
          failedTest = { index, input: test.input, expected: test.expected, actual: outcome.actual };
        }
      } else if (outcome.kind === "missing") {
        firstError ??= {
          status: "runtime_error",
          message: `ReferenceError: ${req.functionName} is not defined as a function`,
        };
        error = "function not defined";
      } else if (outcome.kind === "output_limit") {
        firstError ??= { status: "output_limit", message: `Return value larger than ${req.limits.outputBytes} bytes` };
        error = "output limit exceeded";
      } else {
        // Runtime errors from hidden tests are reported without their message, which could echo hidden input.
        firstError ??= isPublic
          ? { status: "runtime_error", message: outcome.message, line: outcome.line, column: outcome.column }
          : { status: "runtime_error", message: "Runtime error on a hidden test" };
        error = outcome.message.split("\n")[0];
      }
      if (isPublic) publicTests.push({ index, passed, ...(error ? { error } : {}) });
      else if (passed) hiddenPassed++;
    }
    if (firstError) {
      return finish(firstError.status, {
        message: firstError.message,
        ...(firstError.line !== undefined ? { line: firstError.line, column: firstError.column } : {}),
      });
    }
    const allPassed = publicTests.every((t) => t.passed) && hiddenPassed === req.tests.length - req.publicCount;
    return finish(allPassed ? "accepted" : "wrong_answer");
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}
