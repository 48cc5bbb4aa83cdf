// bench:judge:memory — how each shape of heap exhaustion ends, one judge thread per shape, each in
// a process of its own (so an abort shows as one): a verdict from inside the isolate, a call that
// never returns (the judge answers it from outside, workers/judge/src/stuck-calls.ts, and recycles
// its process), or the process aborted (SIGABRT) with every job in it. JUDGE_MEMORY_MB (128).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { CallDeadline } from "@codeduel/judge/call-deadline";
import { threadStat } from "../src/stuck-calls.ts";

const SHAPES: Record<string, string> = {
  "Map of small objects": "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'x' + i });",
  "Map of big arrays": "const m = new Map(); for (let i = 0; ; i++) m.set(i, new Array(1e4).fill(i));",
  "Set of numbers": "const s = new Set(); for (let i = 0; ; i++) s.add(i + 0.5);",
  "object as a memo dict": "const memo = {}; for (let i = 0; ; i++) memo[i + ',' + i * 7] = [i, i * 2];",
  "object properties": "const o = {}; for (let i = 0; ; i++) o['k' + i] = i;",
  closures: "const a = []; for (let i = 0; ; i++) a.push(() => i);",
  "small arrays": "const a = []; for (let i = 0; ; i++) a.push([i]);",
  "filled arrays": "const a = []; while (true) a.push(new Array(1000).fill(1));",
  "holey arrays": "const a = []; while (true) a.push(new Array(1000));",
  "one growing array": "const a = []; for (let i = 0; ; i++) a.push(i + 0.5);",
  "linked list": "let h = null; for (let i = 0; ; i++) h = { i, next: h };",
  strings: "const a = []; for (let i = 0; ; i++) { const s = ('x' + i).repeat(1e6); s.charCodeAt(5); a.push(s); }",
  "string doubling": "let s = 'x'; while (true) s += s;",
  "typed arrays": "const a = []; while (true) a.push(new Float64Array(1e6));",
  "WebAssembly memory": "const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); while (true) m.grow(1024);",
};
const MEMORY_MB = Number(process.env.JUDGE_MEMORY_MB ?? 128);
/** How long past its 1 s timeout a call may run before it counts as never returning. */
const NEVER_RETURNS_MS = 4000;

if (!isMainThread) {
  const { runSubmission } = await import("@codeduel/judge/sandbox");
  const { shape, buffer } = workerData as { shape: string; buffer: SharedArrayBuffer };
  const verdict = await runSubmission({
    code: `function sumArray(nums) { ${SHAPES[shape]} }`,
    language: "javascript",
    functionName: "sumArray",
    tests: [{ input: [[1, 2]], expected: 3 }],
    publicCount: 1,
    limits: { memoryMb: MEMORY_MB, timeoutMsPerTest: 1000, cpuMsTotal: 2000, outputBytes: 65536 },
    deadline: new CallDeadline(buffer),
  });
  parentPort?.postMessage(verdict.status);
} else if (process.argv[2]) {
  // One shape, in this process: prints how it ended, then exits at once (a thread stuck in a
  // call cannot be torn down; the judge SIGKILLs such a process).
  const deadline = new CallDeadline();
  const started = Date.now();
  const worker = new Worker(new URL(import.meta.url), { workerData: { shape: process.argv[2], buffer: deadline.buffer } });
  const report = (outcome: string) => {
    process.stdout.write(`${JSON.stringify({ outcome, ms: Date.now() - started })}\n`, () => process.kill(process.pid, "SIGKILL"));
  };
  worker.on("message", (status: string) => report(`verdict: ${status}`));
  worker.on("error", (err) => report(`thread error: ${err.message}`));
  setInterval(() => {
    if (deadline.overrunMs() <= NEVER_RETURNS_MS) return;
    // Asleep: isolated-vm parked the thread on an allocation V8 refused; on a CPU: GC thrash.
    const how = threadStat(deadline.threadId())?.state === "S" ? "parked" : "thrashing";
    report(`never returns (${how}): answered from outside`);
  }, 50);
} else {
  console.log(`bench:judge:memory: each shape alone, ${MEMORY_MB} MB heap cap, 1 s per test\n`);
  console.log("| shape | how it ends | ms |\n|---|---|---|");
  const self = fileURLToPath(import.meta.url);
  for (const shape of Object.keys(SHAPES)) {
    const run = spawnSync(process.execPath, [...process.execArgv, self, shape], { encoding: "utf8", timeout: 30_000 });
    const line = run.stdout.split("\n").find((l) => l.startsWith("{"));
    const ended = line ? (JSON.parse(line) as { outcome: string; ms: number }) : undefined;
    const outcome = run.signal === "SIGABRT" ? "**the process aborted**" : (ended?.outcome ?? `no outcome (${run.signal ?? run.status})`);
    console.log(`| ${shape} | ${outcome} | ${ended?.ms ?? "-"} |`);
  }
}
