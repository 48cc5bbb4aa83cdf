// Hostile Python submissions and the verdict each must get, judged against the `sum-array`
// challenge (`def sum_array(nums)` returns the sum) through a real judge worker process. Every one
// must also leave the judge serving the next job and leak no host data or hidden input.
import type { VerdictStatus } from "@codeduel/judge";

export interface HostilePythonCase {
  name: string;
  code: string;
  expected: VerdictStatus;
}

const fn = (body: string) =>
  `def sum_array(nums):\n${body
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n`;

export const hostilePythonCases: HostilePythonCase[] = [
  // Loops, wherever they hide.
  { name: "while True: pass", code: fn("while True:\n    pass"), expected: "time_limit" },
  { name: "loop at module level", code: `while True:\n    pass\n${fn("return 0")}`, expected: "time_limit" },
  {
    name: "loop swallowing every exception",
    code: fn("while True:\n    try:\n        pass\n    except BaseException:\n        pass"),
    expected: "time_limit",
  },
  {
    name: "generator that never ends, summed",
    code: fn("def g():\n    while True:\n        yield 1\nreturn sum(g())"),
    expected: "time_limit",
  },
  // Memory bombs.
  { name: "list growth", code: fn("x = []\nwhile True:\n    x.append([0] * 100000)"), expected: "memory_limit" },
  { name: "string doubling", code: fn("s = 'x'\nwhile True:\n    s = s + s"), expected: "memory_limit" },
  { name: "one huge bytearray", code: fn("return len(bytearray(1 << 30))"), expected: "memory_limit" },
  // Small items allocate slowly enough that the clock runs out first.
  { name: "generator bomb materialised", code: fn("return len(list(i for i in range(10 ** 9)))"), expected: "time_limit" },
  { name: "huge int 10**10**8", code: fn("return 10 ** 10 ** 8"), expected: "time_limit" },
  // Recursion.
  { name: "unbounded recursion", code: fn("return sum_array(nums) + 1"), expected: "runtime_error" },
  {
    name: "sys.setrecursionlimit then recurse",
    code: fn("import sys\nsys.setrecursionlimit(10 ** 6)\nreturn sum_array(nums)"),
    expected: "runtime_error",
  },
  { name: "deeply nested return value", code: fn("x = []\nfor _ in range(100000):\n    x = [x]\nreturn x"), expected: "runtime_error" },
  // The host.
  { name: "import js and reach globalThis", code: fn("import js\nreturn js.globalThis.process.pid"), expected: "runtime_error" },
  {
    name: "re-import js past sys.modules",
    code: fn("import sys\ndel sys.modules['js']\nimport js\nreturn js.Function('return 1')()"),
    expected: "runtime_error",
  },
  {
    name: "jsffi proxies",
    code: fn("import sys\nsys.modules.pop('jsffi')\nimport jsffi\nreturn jsffi.create_proxy(sum).constructor"),
    expected: "runtime_error",
  },
  { name: "import os and list files", code: fn("import os\nreturn os.listdir('/')"), expected: "runtime_error" },
  { name: "open /etc/passwd", code: fn("return open('/etc/passwd').read()"), expected: "runtime_error" },
  { name: "write a file", code: fn("f = open('x.txt', 'w')\nf.write('x')\nreturn 0"), expected: "runtime_error" },
  // Output.
  { name: "print flood", code: fn("while True:\n    print('x' * 1000)"), expected: "output_limit" },
  {
    name: "print flood swallowing OSError",
    code: fn("while True:\n    try:\n        print('x' * 1000)\n    except BaseException:\n        pass"),
    expected: "output_limit",
  },
  { name: "huge return value", code: fn("return 'x' * 1000000"), expected: "output_limit" },
  // Exceptions that fight back.
  {
    name: "exception with a huge __str__",
    code: `class E(Exception):\n    def __str__(self):\n        return 'x' * (1 << 30)\n${fn("raise E()")}`,
    expected: "runtime_error",
  },
  {
    name: "exception with a looping __str__",
    code: `class E(Exception):\n    def __str__(self):\n        while True:\n            pass\n${fn("raise E()")}`,
    expected: "time_limit",
  },
  { name: "SystemExit", code: fn("raise SystemExit(0)"), expected: "runtime_error" },
  { name: "KeyboardInterrupt", code: fn("raise KeyboardInterrupt()"), expected: "runtime_error" },
  // State that must not survive from one test to the next (the tests share the submission's interpreter).
  {
    name: "state left in module globals, sys.modules, sys.path and __main__ for the next test",
    code: `import sys\nimport __main__\nseen = []\n${fn(
      "seen.append(1)\nif len(seen) > 1 or 'carried' in sys.modules or 'carried' in sys.path or hasattr(__main__, 'carried'):\n    return -1\nsys.modules['carried'] = 1\nsys.path.append('carried')\n__main__.carried = 1\nreturn sum(nums)",
    )}`,
    expected: "accepted",
  },
  // Hidden input must not leak through errors or output.
  { name: "raise with the input", code: fn("raise ValueError(repr(nums))"), expected: "runtime_error" },
  { name: "print the input, then fail", code: fn("print(nums)\nreturn -1"), expected: "wrong_answer" },
  { name: "syntax error", code: "def sum_array(nums)\n    return 0\n", expected: "compile_error" },
];
