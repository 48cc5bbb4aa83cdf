// Python verdicts from CPython (Pyodide, WebAssembly) in the real isolated-vm sandbox.
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./limits.ts";
import { parseExactJson } from "./python/run-python.ts";
import type { SandboxTest } from "./request.ts";
import { runSubmission } from "./run-submission.ts";

const tests = [
  { input: [1, 2], expected: 3 },
  { input: [-4, 4], expected: 0 },
  { input: [10, 20], expected: 30 },
];
const judge = (code: string, limits: Partial<typeof DEFAULT_LIMITS> = {}, testCases: readonly SandboxTest[] = tests) =>
  runSubmission({
    code,
    language: "python",
    functionName: "add",
    tests: testCases,
    publicCount: 2,
    limits: { ...DEFAULT_LIMITS, timeoutMsPerTest: 300, ...limits },
  });

describe("Python sandbox", () => {
  it("accepts a correct solution", async () => {
    const v = await judge("def add(a, b):\n    return a + b\n");
    expect(v).toMatchObject({ status: "accepted", hidden: { passed: 1, total: 1 } });
    expect(v.publicTests).toEqual([
      { index: 0, passed: true },
      { index: 1, passed: true },
    ]);
    expect(v.cpuMs).toBeGreaterThan(0);
  });

  it("shows the first failing public test on a wrong answer", async () => {
    const v = await judge("def add(a, b):\n    return a * b\n");
    expect(v.status).toBe("wrong_answer");
    expect(v.failedTest).toEqual({ index: 0, input: [1, 2], expected: 3, actual: 2 });
  });

  it("crosses values as JSON: tuples as lists, None, bools, exact big ints", async () => {
    const v = await judge("def add(a, b):\n    return (a, None, True, 2**70 + 1, {'k': [b]})\n");
    expect(v.failedTest?.actual).toEqual([1, null, true, "1180591620717411303425", { k: [2] }]);
    const exact = await judge("def add(a, b):\n    return 2**53 + 1\n", {}, [{ input: [0, 0], expected: 2 ** 53 }]);
    expect(exact.status).toBe("wrong_answer");
  });

  it("captures print output on public tests", async () => {
    const v = await judge("def add(a, b):\n    print('a is', a)\n    return a + b\n");
    expect(v.status).toBe("accepted");
    expect(v.publicTests[0]).toEqual({ index: 0, passed: true, output: "a is 1\n" });
  });

  it("caps printed output", async () => {
    const v = await judge(
      "def add(a, b):\n    while True:\n        try:\n            print('x' * 1000)\n        except Exception:\n            pass\n",
    );
    expect(v.status).toBe("output_limit");
    expect((v.publicTests[0]?.output ?? "").length).toBeLessThanOrEqual(1000);
  });

  it("reports syntax errors as compile_error with CPython's line and column", async () => {
    const v = await judge("def add(a, b):\n    x = (1,\n    return a +\n");
    expect(v).toMatchObject({ status: "compile_error", message: "SyntaxError: '(' was never closed", line: 2, column: 9 });
  });

  it("reports runtime errors with a traceback on the player's lines", async () => {
    const v = await judge("def helper(x):\n    return {}[x]\n\ndef add(a, b):\n    return helper(a)\n");
    expect(v).toMatchObject({ status: "runtime_error", line: 2 });
    expect(v.message).toContain('File "solution.py", line 5, in add');
    expect(v.message).toContain('File "solution.py", line 2, in helper');
    expect(v.message).toMatch(/KeyError: 1$/);
    expect(v.message).not.toMatch(/<stdin>|__codeduel|node:|\/work\//);
  });

  it("stops an infinite loop with time_limit", async () => {
    expect((await judge("def add(a, b):\n    while True:\n        pass\n")).status).toBe("time_limit");
  });

  it("recurses 2,000 deep, through C too, and turns deeper recursion into RecursionError", async () => {
    const deep = await judge(
      "def depth(n):\n    return 0 if n == 0 else depth(n - 1) + 1\n\ndef add(a, b):\n    return depth(2000) - 2000 + a + b\n",
    );
    expect(deep, deep.message).toMatchObject({ status: "accepted" });
    const memo = await judge(
      "import functools\n@functools.lru_cache(None)\ndef depth(n):\n    return 0 if n == 0 else depth(n - 1) + 1\n\ndef add(a, b):\n    return depth(1500) - 1500 + a + b\n",
    );
    expect(memo, memo.message).toMatchObject({ status: "accepted" });
    const v = await judge("def add(a, b):\n    return add(a, b) + 1\n");
    expect(v.status).toBe("runtime_error");
    expect(v.message).toMatch(/RecursionError/);
  });

  it("turns MemoryError at the wasm memory cap into memory_limit", async () => {
    const v = await judge("def add(a, b):\n    return bytearray(200 * 1024 * 1024)\n", { memoryMb: 64 });
    expect(v.status).toBe("memory_limit");
    const grow = await judge("def add(a, b):\n    x = []\n    while True:\n        x.append(bytearray(1 << 20))\n", {
      memoryMb: 64,
      timeoutMsPerTest: 2000,
    });
    expect(grow.status).toBe("memory_limit");
    expect(grow.peakHeapBytes).toBeLessThanOrEqual(80 * 1024 * 1024);
  });

  it("reaches nothing of the host: no js, pyodide, processes, sockets or native code, even past the import guard", async () => {
    // Importing pyodide's own modules from the standard-library zip takes a while: a generous clock.
    const probe = async (body: string) =>
      (await judge(`def add(a, b):\n${body}\n`, { timeoutMsPerTest: 5000, cpuMsTotal: 20000 })).message ?? "";
    const pastGuard = "    import sys\n    sys.meta_path.pop(0)\n";
    expect(await probe("    import js\n    return js.globalThis")).toMatch(/ModuleNotFoundError: No module named 'js'/);
    expect(await probe("    import pyodide_js\n    return 1")).toMatch(/ModuleNotFoundError/);
    expect(await probe(`${pastGuard}    import js\n    return 1`)).toMatch(/ModuleNotFoundError/);
    const denied = /PermissionError: submissions cannot reach JavaScript/;
    expect(await probe(`${pastGuard}    import _pyodide_core\n    return str(_pyodide_core.to_js([1]))`)).toMatch(denied);
    expect(await probe(`${pastGuard}    import pyodide.code\n    return pyodide.code.run_js('1')`)).toMatch(denied);
    expect(await probe(`${pastGuard}    import socket\n    socket.socket().connect(('127.0.0.1', 80))`)).toMatch(denied);
    expect(await probe(`${pastGuard}    import ctypes\n    return ctypes.CDLL(None).getpid()`)).toMatch(denied);
    expect(await probe("    import os\n    return os.system('ls')")).toMatch(/AttributeError/);
    expect(await probe("    return open('/etc/passwd').read()")).toMatch(/FileNotFoundError/);
  });

  it("does not let one test's state reach the next", async () => {
    // The tests share the submission's interpreter; each runs the module again in fresh globals
    // and gets builtins, sys.modules, sys.path and __main__ back as they were.
    const v = await judge(
      [
        "import sys",
        "import builtins",
        "import __main__",
        "calls = []",
        "def add(a, b, memo={}):",
        "    calls.append(1)",
        "    memo[len(memo)] = a",
        "    sys.modules.setdefault('seen', []).append(1)",
        "    sys.path.append('x')",
        "    __main__.carried = getattr(__main__, 'carried', 0) + 1",
        "    builtins.carried = getattr(builtins, 'carried', 0) + 1",
        "    left = len(calls) + len(memo) + len(sys.modules['seen']) + sys.path.count('x') + __main__.carried + builtins.carried",
        "    return a + b + left - 6",
      ].join("\n"),
    );
    expect(v.status).toBe("accepted");
  });

  it("starts a fresh interpreter after a test that broke one, and judges the rest", async () => {
    // A denied host call unwinds the interpreter on the first test only; the next tests still run.
    const v = await judge(
      "def add(a, b):\n    if a == 1:\n        import sys\n        sys.meta_path.pop(0)\n        import _pyodide_core\n        _pyodide_core.to_js([1])\n    return a + b\n",
    );
    expect(v.status).toBe("runtime_error");
    expect(v.publicTests).toEqual([
      { index: 0, passed: false, error: "PermissionError: submissions cannot reach JavaScript, native code, processes or the network" },
      { index: 1, passed: true },
    ]);
    expect(v.hidden).toEqual({ passed: 1, total: 1 });
  });

  it("hides error text on hidden tests", async () => {
    const v = await judge("def add(a, b):\n    if a == 10:\n        raise ValueError('secret %d' % b)\n    return a + b\n");
    expect(v.status).toBe("runtime_error");
    expect(v.message).toBe("Runtime error on a hidden test");
  });

  it("keeps integers exact past 2**53", async () => {
    expect(parseExactJson("[1, 9007199254740993, 18446744073709551616]")).toEqual([1, "9007199254740993", 18446744073709552000]);
    const huge = `1${"0".repeat(400)}`;
    expect(parseExactJson(`[${huge}, -${huge}]`)).toEqual([huge, `-${huge}`]);
    const v = await judge("def add(a, b):\n    return 10 ** 400\n", {}, [
      { input: [1, 2], expected: huge },
      { input: [3, 4], expected: huge },
    ]);
    expect(v, JSON.stringify(v).slice(0, 300)).toMatchObject({ status: "accepted" });
  });
});
