// Hostile submissions and the verdict each must get, judged against the `sum-array` challenge
// (`function sumArray(nums)` returns the sum). Every one must also leave the judge serving the
// next job and leak no host data into its verdict.
import type { Language, VerdictStatus } from "@codeduel/judge";

export interface HostileCase {
  name: string;
  code: string;
  /** Several where the machine's speed decides which limit comes first. */
  expected: VerdictStatus | readonly VerdictStatus[];
  language?: Language;
}

const fn = (body: string) => `function sumArray(nums) {\n${body}\n}`;

export const hostileCases: HostileCase[] = [
  // Infinite loops, wherever they hide.
  { name: "plain while(true)", code: fn("while (true) {}"), expected: "time_limit" },
  { name: "loop at top level", code: `for (;;) {}\n${fn("return 0;")}`, expected: "time_limit" },
  { name: "loop in a getter of the result", code: fn("return { get x() { while (true) {} } };"), expected: "time_limit" },
  { name: "loop in toJSON", code: fn("return { toJSON() { for (;;) {} } };"), expected: "time_limit" },
  { name: "loop in a microtask", code: fn("Promise.resolve().then(() => { while (true) {} }); return 0;"), expected: "time_limit" },
  {
    name: "endless promise chain",
    code: fn("const spin = () => { Promise.resolve().then(spin); }; spin(); return nums.reduce((a, b) => a + b, 0);"),
    expected: "time_limit",
  },
  { name: "catastrophic regex backtracking", code: fn("return /^(a+)+$/.test('a'.repeat(40) + 'b') ? 1 : 0;"), expected: "time_limit" },
  {
    name: "Atomics.wait forever",
    code: fn("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 0;"),
    expected: "time_limit",
  },
  {
    name: "loop in a Proxy trap of the result",
    code: fn("return new Proxy({}, { ownKeys() { while (true) {} } });"),
    expected: "time_limit",
  },
  // A thrown plain object is printed with String(), so its `message` getter never runs.
  { name: "loop in a thrown object's message getter", code: fn("throw { get message() { while (true) {} } };"), expected: "runtime_error" },
  { name: "loop in a thrown object's toString", code: fn("throw { toString() { for (;;) {} } };"), expected: "time_limit" },
  { name: "loop inside eval", code: fn("eval('while (true) {}');"), expected: "time_limit" },
  { name: "loop inside new Function", code: fn("new Function('for (;;) {}')();"), expected: "time_limit" },

  // Memory bombs.
  { name: "array growth", code: fn("const a = []; while (true) a.push(new Array(1000).fill(1));"), expected: "memory_limit" },
  {
    name: "object map growth",
    code: fn("const m = new Map(); for (let i = 0; ; i++) m.set(i, new Array(1e4).fill(i));"),
    expected: "memory_limit",
  },
  // repeat() builds a rope of a few nodes; reading a character flattens it into real memory.
  {
    name: "string growth",
    code: fn("const a = []; for (let i = 0; ; i++) { const s = ('x' + i).repeat(1e6); s.charCodeAt(5); a.push(s); }"),
    expected: "memory_limit",
  },
  // Heap growth in the shapes a memo table takes: each ends as a verdict, whichever cap it meets
  // first (a fast machine reaches the heap cap within the 1 s timeout, a busy one does not), and
  // the judge goes on. V8 fails the Map's table doubling outright near the cap, and thrashes in
  // garbage collection on the holey arrays without ever reaching a termination check: the judge
  // answers both from outside (workers/judge/src/stuck-calls.ts) and recycles its process.
  ...(
    [
      ["Map of small objects", "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'x' + i });"],
      ["Set of numbers", "const s = new Set(); for (let i = 0; ; i++) s.add(i + 0.5);"],
      ["object as a memo dict", "const memo = {}; for (let i = 0; ; i++) memo[i + ',' + i * 7] = [i, i * 2];"],
      ["closures", "const a = []; for (let i = 0; ; i++) a.push(() => i);"],
      ["small arrays", "const a = []; for (let i = 0; ; i++) a.push([i]);"],
      ["linked list", "let h = null; for (let i = 0; ; i++) h = { i, next: h };"],
      ["holey arrays", "const a = []; while (true) a.push(new Array(1000));"],
    ] as const
  ).map(([name, body]) => ({ name, code: fn(body), expected: ["memory_limit", "time_limit"] as const })),
  { name: "string doubling", code: fn("let s = 'x'; while (true) s += s;"), expected: "memory_limit" },
  { name: "typed arrays", code: fn("const a = []; while (true) a.push(new Float64Array(1e6));"), expected: "memory_limit" },
  {
    name: "WebAssembly memory",
    code: fn("const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); while (true) m.grow(1024);"),
    expected: "memory_limit",
  },

  // Recursion.
  { name: "deep recursion", code: fn("return sumArray(nums) + 1;"), expected: "runtime_error" },
  {
    name: "mutual recursion",
    code: `const ping = (n) => pong(n) + 1;\nconst pong = (n) => ping(n) + 1;\n${fn("return ping(1);")}`,
    expected: "runtime_error",
  },

  // Escapes: nothing of the host is there to reach.
  {
    name: "constructor chain to the host",
    code: fn("return this.constructor.constructor('return typeof process + typeof require + typeof globalThis.ivm')();"),
    expected: "wrong_answer",
  },
  {
    name: "global object of Function",
    code: fn("return Object.keys(({}).constructor.constructor('return this')()).length;"),
    expected: "wrong_answer",
  },
  { name: "require", code: fn("return require('fs').readFileSync('/etc/passwd', 'utf8').length;"), expected: "runtime_error" },
  { name: "process.exit", code: fn("process.exit(0);"), expected: "runtime_error" },
  { name: "dynamic import", code: fn("import('node:fs'); return 0;"), expected: "runtime_error" },
  {
    name: "stack trace call sites",
    code: fn("Error.prepareStackTrace = (e, cs) => cs.map((c) => String(c.getFileName())).join(); return new Error().stack;"),
    expected: "wrong_answer",
  },
  {
    name: "redefining the harness",
    code: `Object.defineProperty(globalThis, "__codeduelRun", { value: () => "j6" });\n${fn("return 0;")}`,
    expected: "runtime_error",
  },
  { name: "forging JSON.stringify", code: fn("JSON.stringify = () => '6'; return -1;"), expected: "wrong_answer" },
  {
    name: "SharedArrayBuffer and timers are inert",
    code: fn("return [typeof setTimeout, typeof setInterval, typeof queueMicrotask, typeof fetch].join();"),
    expected: "wrong_answer",
  },

  // Results that are not plain data.
  { name: "Proxy result", code: fn("return new Proxy([1], {});"), expected: "wrong_answer" },
  { name: "cyclic result", code: fn("const a = []; a.push(a); return a;"), expected: "runtime_error" },
  { name: "function result", code: fn("return () => 6;"), expected: "wrong_answer" },
  { name: "symbol result", code: fn("return Symbol('6');"), expected: "wrong_answer" },
  { name: "BigInt result", code: fn("return 6n;"), expected: "runtime_error" },
  { name: "promise result", code: "async function sumArray(nums) { return nums.reduce((a, b) => a + b, 0); }", expected: "wrong_answer" },
  { name: "huge result", code: fn("return 'x'.repeat(1e6);"), expected: "output_limit" },
  { name: "huge error message", code: fn("throw new Error('x'.repeat(1e7));"), expected: "runtime_error" },

  // State that must not survive from one test to the next.
  {
    name: "Object.prototype left polluted for the next test",
    code: fn("if (Object.prototype.polluted) return -1; Object.prototype.polluted = true; return nums.reduce((a, b) => a + b, 0);"),
    expected: "accepted",
  },
  {
    name: "Array.prototype patched at top level",
    code: `const reduce = Array.prototype.reduce;\nArray.prototype.reduce = function (...a) { globalThis.n = (globalThis.n || 0) + 1; return reduce.apply(this, a) + globalThis.n - 1; };\n${fn("return nums.reduce((a, b) => a + b, 0);")}`,
    expected: "accepted",
  },

  // The compiler itself (compiling runs synchronously on the judge thread).
  {
    name: "parenthesis nesting bomb",
    code: `const x = ${"(".repeat(20_000)}1${")".repeat(20_000)};\n${fn("return 0;")}`,
    expected: "compile_error",
  },

  // TypeScript.
  {
    name: "TypeScript syntax error",
    language: "typescript",
    code: "function sumArray(nums: number[]): number {\n  return nums.reduce((a, b) => a + b, 0;\n}",
    expected: "compile_error",
  },
  {
    name: "TypeScript type error does not block",
    language: "typescript",
    code: "function sumArray(nums: number[]): string {\n  const total: number = nums.reduce((a, b) => a + b, 0);\n  return total as unknown as string;\n}",
    expected: "accepted",
  },
];
