// Judge throughput without queues or databases: the piscina pool alone, and the usual baseline of
// a fresh child process per submission, on the same submissions. Prints one JSON line.
import { getChallenge } from "@codeduel/challenges";
import { DEFAULT_LIMITS } from "@codeduel/judge/sandbox";
import { libraryTarget } from "../src/problems.ts";
import { sandboxPool } from "../src/sandbox-pool.ts";
import type { ThreadTask } from "../src/thread.ts";
import { judgeInChildProcess, throughput } from "./measure.ts";

/** Default: a trivial function with 10 small tests, the workload the judge's targets name. */
const CHALLENGE = process.env.BENCH_CHALLENGE ?? "factorial";
const threads = Number(process.env.JUDGE_THREADS ?? 4);
const poolJobs = Number(process.env.BENCH_POOL_JOBS ?? 1000);
const childJobs = Number(process.env.BENCH_CHILD_JOBS ?? 120);
const challenge = getChallenge(CHALLENGE);
if (!challenge) throw new Error(`BENCH_CHALLENGE: no challenge "${CHALLENGE}"`);
const code = challenge.reference.javascript;

const target = libraryTarget(CHALLENGE, "javascript");
if (!target) throw new Error(`BENCH_CHALLENGE: no challenge "${CHALLENGE}"`);
const task: ThreadTask = { code, language: "javascript", target, limits: DEFAULT_LIMITS };

const pool = sandboxPool(threads);
const runPool = async () => {
  const verdict = await pool.run(task);
  if (verdict.status !== "accepted") throw new Error(`pool verdict ${verdict.status}`);
};
await throughput(threads * 20, threads * 2, runPool); // warm-up: threads load isolated-vm once
const cpuBefore = process.cpuUsage();
const poolPerSecond = await throughput(poolJobs, threads * 2, runPool);
// Every thread of this process: the sandbox threads, isolated-vm's and V8's helpers, piscina.
const { user, system } = process.cpuUsage(cpuBefore);
const poolCpuMsPerSubmission = (user + system) / 1000 / poolJobs;

// The baseline: node + vm in a fresh process per submission, each test in a fresh vm context.
const CHILD_SOURCE = `
const vm = require("node:vm");
let input = "";
process.stdin.on("data", (d) => (input += d)).on("end", () => {
  const { code, functionName, tests } = JSON.parse(input);
  let passed = 0;
  for (const t of tests) {
    const context = vm.createContext({});
    try {
      vm.runInContext(code, context, { timeout: 1000 });
      context.__args = JSON.stringify(t.input);
      const out = vm.runInContext(\`JSON.stringify(\${functionName}(...JSON.parse(__args)))\`, context, { timeout: 1000 });
      if (out === JSON.stringify(t.expected)) passed++;
    } catch {}
  }
  process.stdout.write(JSON.stringify({ passed, total: tests.length }));
});`;
const payload = JSON.stringify({ code, functionName: challenge.functionName, tests: [...challenge.publicTests, ...challenge.hiddenTests] });
const runChild = () => judgeInChildProcess(process.execPath, ["-e", CHILD_SOURCE], payload);
// BENCH_CHILD_JOBS=0: the pool alone (bench:judge measures the pool again after its end-to-end phase).
const childPerSecond = childJobs > 0 ? await throughput(childJobs, threads, runChild) : null;

console.log(
  JSON.stringify({
    threads,
    challenge: CHALLENGE,
    tests: challenge.publicTests.length + challenge.hiddenTests.length,
    poolJobs,
    poolPerSecond,
    poolCpuMsPerSubmission,
    childJobs,
    childPerSecond,
  }),
);
// Last, after the result is out: isolated-vm sometimes aborts the process while its threads are
// torn down (an assertion in its native code, about one teardown in thirty here).
await pool.destroy();
