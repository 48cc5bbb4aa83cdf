// `npm run bench:capacity`: how many players one server process holds on this machine, with the
// load tester (packages/loadtest) on the same machine. Active players (typing, submitting, finishing
// battles) in growing steps, each passing only with relay p99 <= 50 ms and zero errors (every relay
// counts; the table also shows the p99 of those after the last player connected); then idle
// players (signed in, subscribed to queue.events) in growing steps, each passing only if every one
// connected with zero errors. Prints each step and the largest that passed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, REDIS_URL, startJudgeWorker, startServer, testPrefix } from "../test/harness.ts";

const steps = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
const ACTIVE_STEPS = steps("BENCH_ACTIVE_STEPS", "250,500,1000,1500,2000");
const IDLE_STEPS = steps("BENCH_IDLE_STEPS", "2500,5000,10000");
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 30);
const RELAY_P99_MS = 50;
const IDLE_CONNECT_RATE = Number(process.env.BENCH_IDLE_CONNECT_RATE ?? 200);
/** BENCH_COUNT_WRITES=1: the server counts its socket writes and statements (count-writes.ts). */
const COUNT_WRITES = process.env.BENCH_COUNT_WRITES === "1";
const loadtest = new URL("../../../packages/loadtest/src/main.ts", import.meta.url).pathname;

interface StepReport {
  passed: boolean;
  connections: { attempted: number; succeeded: number; failed: number };
  operations: Record<string, { count: number; p50: number; p95: number; p99: number }>;
  errors: { total: number; byType: Record<string, number> };
  battles: { completed: number };
  servers: { cpuPercent: { avg: number; max: number }; rssBytes: { max: number }; eventLoopDelayMs: { p99: { max: number | null } } }[];
  loadGenerator: { cpuPercent: number; rssMaxBytes: number; eventLoopDelayMs: { p99: number } };
  thresholds: { name?: string; passed: boolean; actual?: number; limit?: number }[];
}

/**
 * The table's server and load-tester columns, the same for active and idle steps. The server's
 * CPU per 1,000 players (in cores, from its average over the step) reads as issue 25's figure.
 */
function loadColumns(r: StepReport, players: number): string {
  const s = r.servers[0];
  const perThousand = s ? ((s.cpuPercent.avg / 100) * 1000) / players : Number.NaN;
  return [
    `${s?.cpuPercent.avg ?? "n/a"}% / ${s?.cpuPercent.max ?? "n/a"}%`,
    Number.isFinite(perThousand) ? perThousand.toFixed(2) : "n/a",
    `${s?.eventLoopDelayMs.p99.max ?? "n/a"} ms`,
    `${Math.round((s?.rssBytes.max ?? 0) / 1e6)} MB`,
    `${r.loadGenerator.cpuPercent}% / ${r.loadGenerator.eventLoopDelayMs.p99} ms`,
  ].join(" | ");
}

function runLoadtest(args: string[]): Promise<StepReport> {
  const dir = mkdtempSync(join(tmpdir(), "codeduel-capacity-"));
  const out = join(dir, "report.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadtest, ...args, "--output", "json", "--out", out, "--quiet"], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", () => {
      try {
        resolve(JSON.parse(readFileSync(out, "utf8")) as StepReport);
      } catch (err) {
        reject(err);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const database = await createTestDatabase();
const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), LOG_LEVEL: "warn" };
const countsDir = mkdtempSync(join(tmpdir(), "codeduel-capacity-counts-"));
const countsFile = join(countsDir, "counts.json");
const counting: Record<string, string> = COUNT_WRITES
  ? {
      NODE_OPTIONS: `--import ${new URL("./count-writes.ts", import.meta.url).pathname}`,
      BENCH_COUNT_WRITES_OUT: countsFile,
      BENCH_POSTGRES_PORT: new URL(database.url).port || "5432",
      BENCH_REDIS_PORT: new URL(REDIS_URL).port || "6379",
    }
  : {};
const [server, worker] = await Promise.all([
  startServer({ ...env, LOG_LEVEL: "info", ...counting }),
  startJudgeWorker({ ...env, LOG_LEVEL: "info" }),
]);
const url = `http://127.0.0.1:${server.port}`;
const rows: string[] = [];
const summary = { largestActive: 0, largestIdle: 0 };
try {
  for (const players of ACTIVE_STEPS) {
    console.error(`bench: ${players} active players for ${STEP_SECONDS} s...`);
    const r = await runLoadtest([
      "--url",
      url,
      "--players",
      String(players),
      "--duration",
      `${STEP_SECONDS}s`,
      "--connect",
      "gradual",
      "--connect-rate",
      "200",
      "--pattern",
      "human",
      // Judge speed is bench:judge's subject; here every submission is quick to judge.
      "--mix",
      "correct=60,wrong=40",
      "--seed",
      "1",
      "--max-error-rate",
      "0",
      "--max-p99-ms",
      `relay=${RELAY_P99_MS}`,
    ]);
    const relay = r.operations.relay;
    const steady = r.operations.relay_steady;
    rows.push(
      `| ${players} active | ${r.connections.succeeded}/${r.connections.attempted} | ${relay?.p50 ?? "n/a"} / ${relay?.p99 ?? "n/a"} ms | ${steady?.count ? `${steady.p99} ms` : "n/a"} | ${r.errors.total} | ${r.battles.completed} | ${loadColumns(r, players)} | ${r.passed ? "pass" : "fail"} |`,
    );
    console.error(rows.at(-1), JSON.stringify({ operations: r.operations, errors: r.errors.byType, thresholds: r.thresholds }));
    if (!r.passed) break;
    summary.largestActive = players;
  }
  for (const players of IDLE_STEPS) {
    // Arriving at IDLE_CONNECT_RATE per second, then all held together for STEP_SECONDS.
    const seconds = Math.ceil(players / IDLE_CONNECT_RATE) + STEP_SECONDS;
    console.error(`bench: ${players} idle players (${IDLE_CONNECT_RATE}/s, then held), ${seconds} s...`);
    const r = await runLoadtest([
      "--url",
      url,
      "--players",
      String(players),
      "--duration",
      `${seconds}s`,
      "--connect",
      "gradual",
      "--connect-rate",
      String(IDLE_CONNECT_RATE),
      "--pattern",
      "idle",
      "--seed",
      "1",
      "--max-error-rate",
      "0",
    ]);
    const passed = r.passed && r.connections.succeeded === players;
    rows.push(
      `| ${players} idle | ${r.connections.succeeded}/${r.connections.attempted} | | | ${r.errors.total} | | ${loadColumns(r, players)} | ${passed ? "pass" : "fail"} |`,
    );
    console.error(rows.at(-1), JSON.stringify({ connections: r.connections, operations: r.operations, errors: r.errors.byType }));
    if (!passed) break;
    summary.largestIdle = players;
  }
} finally {
  await Promise.all([server.stop(), worker.stop()]);
  await database.drop();
}
const counts = COUNT_WRITES ? countsTable() : "";
rmSync(countsDir, { recursive: true, force: true });
console.log(JSON.stringify(summary));
console.log(`
| step | connected | relay p50 / p99 | relay p99 once all had arrived | errors | battles | server CPU avg / max (of one core) | server CPU per 1,000 players (cores) | server event-loop delay p99 (worst 5-s window) | server RSS max | load tester CPU / event-loop delay p99 | result |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Largest passing: ${summary.largestActive} active players (relay p99 <= ${RELAY_P99_MS} ms, zero errors), ${summary.largestIdle} idle players.${counts}`);

/** The server's socket writes and statements over its whole life (start-up included), as tables. */
function countsTable(): string {
  const c = JSON.parse(readFileSync(countsFile, "utf8")) as {
    seconds: number;
    writes: Record<string, { writes: number; bytes: number }>;
    statements: Record<string, number>;
  };
  const perSecond = (n: number) => Math.round(n / c.seconds);
  const writes = Object.entries(c.writes).map(
    ([where, w]) => `| ${where} | ${w.writes} | ${perSecond(w.writes)} | ${Math.round(w.bytes / w.writes)} B |`,
  );
  const statements = Object.entries(c.statements)
    .slice(0, 15)
    .map(([text, n]) => `| ${n} | \`${text.replaceAll("|", "\\|")}\` |`);
  return `

Server socket writes over its ${Math.round(c.seconds)} s (BENCH_COUNT_WRITES=1):

| to | writes | per second | average size |
|---|---|---|---|
${writes.join("\n")}

Statements it sent to Postgres, most frequent first (the first 100 characters of each):

| count | statement |
|---|---|
${statements.join("\n")}`;
}
