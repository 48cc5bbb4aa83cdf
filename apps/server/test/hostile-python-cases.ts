// Hostile Python submissions and the verdict each must get, judged against the `sum-array`
// challenge (`def sum_array(nums)` returns the sum) through a real judge worker process. Every one
// must also leave the judge serving the next job and leak no host data or hidden input.
import type { VerdictStatus } from "@codeduel/judge";

export interface HostilePythonCase {
  name: string;
  code: string;
  /** The verdict, or the verdicts any of which is right (where the machine's speed decides which cap comes first). */
  expected: VerdictStatus | readonly VerdictStatus[];
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
  { name: "generator bomb materialised", code: fn("return len(list(i for i in range(10 ** 9)))"), expected: "memory_limit" },
  // Computing it takes longer than the clock allows.
  { name: "huge int 10**10**8", code: fn("return 10 ** 10 ** 8"), expected: "time_limit" },
  // Recursion.
  { name: "unbounded recursion", code: fn("return sum_array(nums) + 1"), expected: "runtime_error" },
  {
    name: "sys.setrecursionlimit then recurse",
    code: fn("import sys\nsys.setrecursionlimit(10 ** 6)\nreturn sum_array(nums)"),
    // A million frames need more memory than the cap allows.
    expected: ["runtime_error", "memory_limit"],
  },
  { name: "deeply nested return value", code: fn("x = []\nfor _ in range(100000):\n    x = [x]\nreturn x"), expected: "runtime_error" },
  // The host: nothing of it is reachable, by import or past the import guard.
  { name: "import js and reach globalThis", code: fn("import js\nreturn js.globalThis.process.pid"), expected: "runtime_error" },
  {
    name: "import js past the import guard",
    code: fn("import sys\nsys.meta_path.pop(0)\nimport js\nreturn js.Function('return 1')()"),
    expected: "runtime_error",
  },
  {
    name: "pyodide.ffi and pyodide_js past the import guard",
    code: fn(
      "import sys\nsys.meta_path.pop(0)\nimport pyodide.ffi\nreturn pyodide.ffi.to_js([1]).constructor.constructor('return globalThis')()",
    ),
    expected: "runtime_error",
  },
  {
    name: "_pyodide_core past the import guard",
    code: fn("import sys\nsys.meta_path.pop(0)\nimport _pyodide_core\nreturn str(_pyodide_core.to_js([1]))"),
    expected: "runtime_error",
  },
  { name: "os.system", code: fn("import os\nreturn os.system('cat /etc/passwd')"), expected: "runtime_error" },
  {
    name: "subprocess past the import guard",
    code: fn("import sys\nsys.meta_path.pop(0)\nimport subprocess\nreturn subprocess.run(['ls']).returncode"),
    expected: "runtime_error",
  },
  {
    name: "a socket past the import guard",
    code: fn("import sys\nsys.meta_path.pop(0)\nimport socket\ns = socket.socket()\ns.connect(('127.0.0.1', 6379))\nreturn 0"),
    expected: "runtime_error",
  },
  {
    name: "ctypes past the import guard",
    code: fn("import sys\nsys.meta_path.pop(0)\nimport ctypes\nreturn ctypes.CDLL(None).getpid()"),
    expected: "runtime_error",
  },
  {
    name: "the file system is the interpreter's own, not the host's",
    code: fn("import os\nreturn sum(nums) if set(os.listdir('/')) <= {'tmp', 'home', 'dev', 'proc', 'lib'} else -1"),
    expected: "accepted",
  },
  { name: "open /etc/passwd", code: fn("return open('/etc/passwd').read()"), expected: "runtime_error" },
  {
    name: "write a file in the throwaway file system",
    code: fn("with open('x.txt', 'w') as f:\n    f.write('x')\nreturn sum(nums)"),
    expected: "accepted",
  },
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
    expected: ["runtime_error", "memory_limit"],
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
    name: "state left in module globals, sys.modules, sys.path, builtins and __main__ for the next test",
    code: `import sys\nimport builtins\nimport __main__\nseen = []\n${fn(
      "seen.append(1)\nif len(seen) > 1 or 'carried' in sys.modules or 'carried' in sys.path or hasattr(__main__, 'carried') or hasattr(builtins, 'carried'):\n    return -1\nsys.modules['carried'] = 1\nsys.path.append('carried')\n__main__.carried = 1\nbuiltins.carried = 1\nreturn sum(nums)",
    )}`,
    expected: "accepted",
  },
  {
    name: "a builtin replaced for the next test",
    code: `import builtins\n${fn("if getattr(builtins, 'marker', None):\n    return -1\nbuiltins.marker = True\nbuiltins.sum = lambda xs: -1\nreturn __builtins__['sum'](nums) if isinstance(__builtins__, dict) else sum(nums)")}`,
    expected: "wrong_answer",
  },
  // Hidden input must not leak through errors or output.
  { name: "raise with the input", code: fn("raise ValueError(repr(nums))"), expected: "runtime_error" },
  { name: "print the input, then fail", code: fn("print(nums)\nreturn -1"), expected: "wrong_answer" },
  { name: "syntax error", code: "def sum_array(nums)\n    return 0\n", expected: "compile_error" },
];
