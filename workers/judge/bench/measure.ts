// Helpers shared by the judge benchmarks.
import { spawn } from "node:child_process";

/** Runs `total` tasks with at most `concurrency` in flight; returns tasks per second. */
export async function throughput(total: number, concurrency: number, task: () => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await task();
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/**
 * Judges one submission the usual way: a fresh process (`command args`) reads the payload on stdin
 * and prints `{ passed, total }`; resolves only if every test passed.
 */
export function judgeInChildProcess(command: string, args: string[], payload: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("close", (status) => {
      const r = status === 0 ? (JSON.parse(out) as { passed: number; total: number }) : undefined;
      if (r && r.passed === r.total) resolve();
      else reject(new Error(`${command} verdict: ${out}`));
    });
    child.stdin.end(payload);
  });
}
