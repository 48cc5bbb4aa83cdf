// `npm run bench:judge:python`: Python judging measured side by side in one run on one machine.
//  1. cold start: a fresh isolate judging one test, one submission at a time on a warm thread, with
//     the start-up caches (the default) and without them (JUDGE_PYTHON_STARTUP_CACHE=off, in a child
//     process so neither run sees the other's caches);
//  2. Python submissions/s through the piscina pool (a fresh isolate and interpreter per submission,
//     fresh module globals per test) against the usual baseline, a fresh `python3` process per submission on the same
//     inputs: a trivial function with 10 tests (factorial), then sum-array (as bench:judge);
//  3. where a cold start's time goes, stage by stage, beside the floor (copying the snapshot into a
//     fresh wasm memory), and the memory each judge thread holds.
// Prints a table; the last line is JSON.
import { spawnSync } from "node:child_process";
import { getChallenge, pythonName } from "@codeduel/challenges";
import { DEFAULT_LIMITS, runSubmission, warmPython } from "@codeduel/judge/sandbox";
import { interpreterIn, pythonBoot, runtimeContext } from "@codeduel/judge/sandbox/python";
import ivm from "isolated-vm";
import { libraryTarget } from "../src/problems.ts";
import { sandboxPool } from "../src/sandbox-pool.ts";
import type { ThreadTask } from "../src/thread.ts";
import { judgeInChildProcess, percentile, throughput } from "./measure.ts";

/** A trivial function with 10 small tests, the measure the targets name. */
const TRIVIAL = "factorial";
/** The JavaScript benchmark's challenge: one test sums 10,000 numbers in the interpreter. */
const SUMMING = "sum-array";
const threads = Number(process.env.JUDGE_THREADS ?? 4);
const poolJobs = Number(process.env.BENCH_POOL_JOBS ?? 400);
const childJobs = Number(process.env.BENCH_CHILD_JOBS ?? 120);
const coldStarts = Number(process.env.BENCH_COLD_STARTS ?? 200);
function challengeOf(id: string) {
  const c = getChallenge(id);
  if (!c) throw new Error(`missing challenge ${id}`);
  return c;
}
const coldChallenge = challengeOf(TRIVIAL);
const fmt = (n: number) => n.toFixed(1);

/** Wall times, ms, of judging one test in a fresh isolate, one after another, after a warm-up. */
async function coldStartTimes(): Promise<number[]> {
  await warmPython();
  const request = {
    code: coldChallenge.reference.python,
    language: "python" as const,
    functionName: pythonName(coldChallenge.functionName),
    tests: coldChallenge.publicTests.slice(0, 1),
    publicCount: 1,
    limits: DEFAULT_LIMITS,
  };
  const times: number[] = [];
  for (let i = 0; i < coldStarts + 10; i++) {
    const started = performance.now();
    const verdict = await runSubmission(request);
    if (verdict.status !== "accepted") throw new Error(`cold start verdict ${verdict.status}: ${verdict.message}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  return times;
}

/**
 * Where a cold start's time goes, ms per stage, over `coldStarts` fresh isolates: creating the
 * isolate and its context with the glue evaluated (from the code cache), restoring an interpreter
 * from the snapshot, compiling the player's code and running one test, disposing. The floor beside
 * it: only copying the snapshot into a fresh wasm memory in a fresh isolate, the least any design that
 * restores a snapshot must do, and only its non-zero pages (a fresh memory holds the zero ones).
 */
async function coldStartStages(): Promise<Record<string, { p50: number; p95: number }>> {
  const boot = await pythonBoot();
  const stages: Record<string, number[]> = { context: [], restore: [], setupAndTest: [], dispose: [], floorCopy: [], floorNonZeroCopy: [] };
  // The snapshot's non-zero 64 KB pages, packed: a fresh wasm memory holds the zero ones already.
  const whole = new Uint8Array(boot.snapshot.copy());
  const PAGE = 65536;
  const pages: number[] = [];
  for (let at = 0; at < whole.length; at += PAGE) if (whole.subarray(at, at + PAGE).some((b) => b !== 0)) pages.push(at / PAGE);
  const packed = new Uint8Array(pages.length * PAGE);
  for (const [i, page] of pages.entries()) packed.set(whole.subarray(page * PAGE, page * PAGE + PAGE), i * PAGE);
  const packedCopy = new ivm.ExternalCopy(packed.buffer);
  const request = JSON.stringify({ code: coldChallenge.reference.python, name: pythonName(coldChallenge.functionName), max: 65536 });
  const input = JSON.stringify(coldChallenge.publicTests[0]?.input ?? []);
  for (let i = 0; i < coldStarts; i++) {
    let t = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      stages[name]?.push(now - t);
      t = now;
    };
    const isolate = new ivm.Isolate({ memoryLimit: 256 });
    const context = await runtimeContext(isolate, boot);
    lap("context");
    const interpreter = interpreterIn(context, boot);
    interpreter.restore(128 * 1024 * 1024, 65536, 5000);
    lap("restore");
    const ready = interpreter.call("setup", request, 5000);
    const value = interpreter.call("test", input, 5000);
    if (ready.k !== "r" || value.k !== "r") throw new Error(`stage run failed: ${JSON.stringify([ready, value]).slice(0, 300)}`);
    lap("setupAndTest");
    isolate.dispose();
    lap("dispose");
    const bare = new ivm.Isolate({ memoryLimit: 256 });
    const bareContext = await bare.createContext();
    t = performance.now();
    await bareContext.evalClosure(
      "const bytes = new Uint8Array($0); const m = new WebAssembly.Memory({ initial: Math.ceil(bytes.length / 65536) }); new Uint8Array(m.buffer).set(bytes);",
      [boot.snapshot.copyInto({ release: false })],
    );
    lap("floorCopy");
    bare.dispose();
    const sparse = new ivm.Isolate({ memoryLimit: 256 });
    const sparseContext = await sparse.createContext();
    t = performance.now();
    await sparseContext.evalClosure(
      `const bytes = new Uint8Array($0); const pages = $1; const m = new WebAssembly.Memory({ initial: ${Math.ceil(whole.length / PAGE)} });
       const heap = new Uint8Array(m.buffer); pages.forEach((p, i) => heap.set(bytes.subarray(i * ${PAGE}, (i + 1) * ${PAGE}), p * ${PAGE}));`,
      [packedCopy.copyInto({ release: false }), new ivm.ExternalCopy(pages).copyInto()],
    );
    lap("floorNonZeroCopy");
    sparse.dispose();
  }
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95) }]));
}

if (process.argv.includes("--cold-start-only")) {
  console.log(JSON.stringify(await coldStartTimes()));
  process.exit(0);
}

console.error("bench: 1/3 cold start, with and without the start-up caches...");
const cached = await coldStartTimes();
const uncachedRun = spawnSync(process.execPath, ["--no-node-snapshot", new URL(import.meta.url).pathname, "--cold-start-only"], {
  env: { ...process.env, JUDGE_PYTHON_STARTUP_CACHE: "off" },
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const uncached = JSON.parse(uncachedRun.stdout.trim().split("\n").at(-1) ?? "[]") as number[];

// The interpreter itself, not a version manager's shell shim in front of it.
const python3 = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();
if (!python3) throw new Error("python3 is needed for the baseline");
const CHILD_SOURCE = `
import json, sys
req = json.load(sys.stdin)
passed = 0
for t in req["tests"]:
    g = {"__name__": "__main__"}
    try:
        exec(compile(req["code"], "solution.py", "exec"), g)
        if g[req["functionName"]](*t["input"]) == t["expected"]:
            passed += 1
    except Exception:
        pass
print(json.dumps({"passed": passed, "total": len(req["tests"])}))
`;

console.error("bench: where a cold start's time goes...");
const stages = await coldStartStages();

const rssBeforePool = process.memoryUsage().rss;
const pool = sandboxPool(threads);

interface Row {
  challenge: string;
  tests: number;
  poolPerSecond: number;
  poolWallMs: { p50: number; p95: number };
  childPerSecond: number;
}

/** The pool and the python3 baseline on one challenge's reference solution and all its tests. */
async function measure(id: string): Promise<Row> {
  const c = challengeOf(id);
  const all = [...c.publicTests, ...c.hiddenTests];
  const target = libraryTarget(id, "python");
  if (!target) throw new Error(`no challenge "${id}"`);
  const task: ThreadTask = { code: c.reference.python, language: "python", target, limits: DEFAULT_LIMITS };
  const wall: number[] = [];
  const runPool = async () => {
    const verdict = await pool.run(task);
    if (verdict.status !== "accepted") throw new Error(`pool verdict on ${id}: ${verdict.status} ${verdict.message}`);
    wall.push(verdict.wallMs);
  };
  await throughput(threads * 10, threads * 2, runPool); // warm-up: each thread loads isolated-vm and Pyodide once
  wall.length = 0;
  const poolPerSecond = await throughput(poolJobs, threads * 2, runPool);

  const payload = JSON.stringify({ code: c.reference.python, functionName: pythonName(c.functionName), tests: all });
  const runChild = () => judgeInChildProcess(python3, ["-c", CHILD_SOURCE], payload);
  const childPerSecond = await throughput(childJobs, threads, runChild);
  return {
    challenge: id,
    tests: all.length,
    poolPerSecond,
    poolWallMs: { p50: percentile(wall, 50), p95: percentile(wall, 95) },
    childPerSecond,
  };
}

console.error("bench: 2/3 pool and python3 baseline, a trivial function...");
const trivial = await measure(TRIVIAL);
console.error("bench: 3/3 pool and python3 baseline, sum-array (one test sums 10,000 numbers)...");
const summing = await measure(SUMMING);
// Each thread holds its copy of the snapshot, its code cache and the isolates it is judging in.
const memoryPerThreadMb = (process.memoryUsage().rss - rssBeforePool) / threads / (1024 * 1024);

const result = {
  threads,
  coldStartMs: { p50: percentile(cached, 50), p95: percentile(cached, 95), runs: cached.length },
  coldStartWithoutCachesMs: { p50: percentile(uncached, 50), p95: percentile(uncached, 95), runs: uncached.length },
  poolJobs,
  childJobs,
  rows: [trivial, summing],
  python3,
  stagesMs: stages,
  memoryPerThreadMb,
};
const row = (r: Row) =>
  `| ${r.challenge} (${r.tests} tests) | ${fmt(r.poolPerSecond)} (p50 ${fmt(r.poolWallMs.p50)} ms, p95 ${fmt(r.poolWallMs.p95)} ms each) | ${fmt(r.childPerSecond)} | ${(r.poolPerSecond / r.childPerSecond).toFixed(2)}x |`;
console.log(`
| cold start: one test in a fresh isolate, one at a time (${TRIVIAL}) | p50 | p95 |
|---|---|---|
| with the start-up caches (default) | ${fmt(result.coldStartMs.p50)} ms | ${fmt(result.coldStartMs.p95)} ms (target <= 40 ms) |
| without them (JUDGE_PYTHON_STARTUP_CACHE=off) | ${fmt(result.coldStartWithoutCachesMs.p50)} ms | ${fmt(result.coldStartWithoutCachesMs.p95)} ms |

| where a cold start goes (${TRIVIAL}) | p50 | p95 |
|---|---|---|
${Object.entries(stages)
  .map(([k, v]) => `| ${k} | ${fmt(v.p50)} ms | ${fmt(v.p95)} ms |`)
  .join("\n")}

Memory per judge thread after the runs: ${fmt(memoryPerThreadMb)} MB (RSS growth of the process over ${threads} threads).

| submissions/s, ${threads} threads | pool (fresh isolate and interpreter per submission) | fresh python3 per submission | pool / python3 (target >= 5x) |
|---|---|---|---|
${row(trivial)}
${row(summing)}
`);
console.log(JSON.stringify(result));
// Last, after the result is out: isolated-vm sometimes aborts the process while its threads are
// torn down (an assertion in its native code; docs/BENCHMARKS.md, judge section).
await pool.destroy();
