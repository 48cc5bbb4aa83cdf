// One run of the load tester (packages/loadtest) as a child process, read back from its JSON report;
// killed if it outlives its duration by far, so a bench always ends. The report's fields the
// benches read are typed here; the rest is there too (see packages/loadtest/src/report.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const loadtest = new URL("../../../packages/loadtest/src/main.ts", import.meta.url).pathname;

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadtestReport {
  passed: boolean;
  elapsedMs: number;
  connections: { attempted: number; succeeded: number; failed: number };
  operations: Partial<Record<"connect" | "signin" | "register" | "match" | "relay" | "verdict" | "standings" | "finish", Latency>>;
  errors: { total: number; rate: number; byType: Record<string, number> };
  battles: { completed: number };
  submissions: { total: number; unanswered: number };
  verdicts: Record<string, number>;
  contest?: {
    registered: number;
    problemsRead: number;
    standings: { boards: number; changes: number; verdictChanges: number; gaps: number };
    verdictsPolled: number;
  };
  servers: { cpuPercent: { avg: number | null; max: number | null }; eventLoopDelayMs: { p99: { max: number | null } } }[];
  loadGenerator: { cpuPercent: number; eventLoopDelayMs: { p99: number } };
  thresholds: { name: string; passed: boolean }[];
}

/**
 * Runs the load tester with `args` (plus JSON output to a temporary file and --quiet) and resolves
 * with its report. `seconds` is the run's duration and drain: past it and a minute more, it is killed.
 */
export function runLoadtest(args: string[], seconds: number): Promise<LoadtestReport> {
  const dir = mkdtempSync(join(tmpdir(), "codeduel-bench-loadtest-"));
  const out = join(dir, "report.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadtest, ...args, "--output", "json", "--out", out, "--quiet"], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 60) * 1000);
    // A load tester that cannot start fails this run, not the bench process.
    child.on("error", (err) => {
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`could not start the load tester: ${err.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      try {
        resolve(JSON.parse(readFileSync(out, "utf8")) as LoadtestReport);
      } catch (err) {
        reject(new Error(`the load tester ended (${signal ?? `exit code ${code}`}) without a report: ${err}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** The server's and the load tester's own load, as table cells. */
export function loadCells(r: LoadtestReport): string {
  const s = r.servers[0];
  return [
    `${s?.cpuPercent.avg ?? "n/a"}% / ${s?.cpuPercent.max ?? "n/a"}%`,
    `${r.loadGenerator.cpuPercent}% / ${r.loadGenerator.eventLoopDelayMs.p99} ms`,
  ].join(" | ");
}
