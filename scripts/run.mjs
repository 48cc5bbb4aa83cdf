#!/usr/bin/env node
// Entry point of `npm start` and `npm test` on a fresh machine: runs under whatever Node the
// machine has (20 is enough), installs dependencies (which bring Node 24 from the npm registry as
// the `node` package), makes sure Redis (and, for tests, Postgres) is up, then runs the real work
// under Node 24. Plain JavaScript with no dependencies, on purpose.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const node24 = join(root, "node_modules", "node", "bin", "node");
const binDir = join(root, "node_modules", ".bin");

function fail(message) {
  console.error(`\ncodeduel: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  return r.status === 0;
}

function ensureDependencies() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  const fresh = existsSync(marker) && existsSync(node24) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  console.log("codeduel: installing dependencies (this also fetches Node 24 from the npm registry)...");
  // `npm install` rather than `npm ci`: it installs the locked versions all the same, and npm 11
  // writes lockfiles without other platforms' optional binaries (biome, turbo), which `npm ci` rejects.
  if (!run("npm", ["install", "--no-audit", "--no-fund"])) fail("`npm install` failed; see the output above.");
  if (!existsSync(node24))
    fail("Node 24 did not install (node_modules/node/bin/node is missing). Check that the npm registry is reachable.");
}

function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await canConnect(host, port, 200)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const isLocal = (host) => ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);
const hasCommand = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function aptInstall(pkg) {
  if (!isRoot() || !hasCommand("apt-get")) return false;
  console.log(`codeduel: installing ${pkg} from Debian's packages...`);
  return (
    run("apt-get", ["update", "-qq"]) &&
    run("apt-get", ["install", "-y", "-qq", pkg], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
  );
}

async function ensureRedis(urlText) {
  const url = new URL(urlText);
  const host = url.hostname || "127.0.0.1";
  const port = Number(url.port || 6379);
  if (await canConnect(host, port)) return;
  if (!isLocal(host)) fail(`Redis at ${urlText} is not reachable. Start it or point REDIS_URL at a running Redis.`);
  if (!hasCommand("redis-server") && !aptInstall("redis-server")) {
    fail(
      `Redis is not running at ${urlText} and redis-server is not installed.\n` +
        "Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.\n" +
        "BullMQ needs a real Redis; nothing stands in for it.",
    );
  }
  console.log(`codeduel: starting redis-server on port ${port}...`);
  run("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"]);
  if (!(await waitFor(host, port, 10))) fail(`redis-server did not come up on port ${port}.`);
}

async function ensurePostgres(urlText) {
  const url = new URL(urlText);
  const host = url.hostname || "127.0.0.1";
  const port = Number(url.port || 5432);
  if (await canConnect(host, port)) return;
  if (!isLocal(host)) fail(`Postgres at ${host}:${port} is not reachable; the tests need a real Postgres.`);
  if (!hasCommand("pg_ctlcluster") && !aptInstall("postgresql")) {
    fail(
      "The tests need Postgres on 127.0.0.1:5432 (trust auth) or TEST_DATABASE_ADMIN_URL. Install postgresql or point the variable at one.",
    );
  }
  const versions = existsSync("/etc/postgresql")
    ? spawnSync("ls", ["/etc/postgresql"], { encoding: "utf8" }).stdout.trim().split("\n")
    : [];
  const version = versions.filter(Boolean).sort().at(-1);
  if (version) {
    console.log(`codeduel: starting Postgres ${version}...`);
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
  }
  if (!(await waitFor(host, port, 20))) fail(`Postgres did not come up on ${host}:${port}.`);
}

/** Newest modification time of a file or of any file under a folder (0 when missing). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true })) newest = Math.max(newest, statSync(join(path, String(entry))).mtimeMs);
  return newest;
}

/** The server serves the web app from apps/web/dist: (re)build it when missing or older than its source. */
function ensureWebBuild() {
  const web = join(root, "apps", "web");
  const built = newestMtime(join(web, "dist", "index.html"));
  const source = Math.max(...["src", "index.html", "vite.config.ts", "package.json"].map((p) => newestMtime(join(web, p))));
  if (built > 0 && built >= source) return;
  console.log("codeduel: building the web app (apps/web)...");
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  if (!run(node24, [vite, "build", "--logLevel", "warn"], { cwd: web, env: childEnv({ NODE_ENV: "production" }) }))
    fail("Building the web app failed; see the output above.");
}

/** The browser tests drive Debian's Chromium (never a downloaded browser build). */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path) || aptInstall("chromium")) return;
  console.warn(
    `codeduel: no Chromium at ${path}, so the browser tests will fail. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

/** Environment for child processes: Node 24 first on PATH, as npm scripts do. */
function childEnv(extra = {}) {
  return { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}`, ...extra };
}

function startAll() {
  const env = childEnv();
  const procs = [
    spawn(node24, ["--no-node-snapshot", "apps/server/src/main.ts"], { cwd: root, env, stdio: "inherit" }),
    spawn(node24, ["--no-node-snapshot", "workers/judge/src/main.ts"], { cwd: root, env, stdio: "inherit" }),
  ];
  let exiting = false;
  const stopAll = (signal) => {
    exiting = true;
    for (const p of procs) if (p.exitCode === null) p.kill(signal);
  };
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stopAll("SIGTERM"));
  let remaining = procs.length;
  for (const p of procs) {
    // A process that cannot even start (a missing binary) emits `error`, not `exit`.
    p.on("error", (err) => {
      console.error(`codeduel: could not start a process: ${err.message}`);
      stopAll("SIGTERM");
      process.exit(1);
    });
    p.on("exit", (code) => {
      remaining--;
      // One part of the system died on its own: take the rest down too, rather than half-run.
      if (!exiting) {
        console.error(`codeduel: a process exited (code ${code}); stopping the others.`);
        stopAll("SIGTERM");
        process.exitCode = code || 1;
      }
      if (remaining === 0) process.exit(process.exitCode ?? 0);
    });
  }
}

/** Static checks run with the tests, so `npm test` alone says whether a change is good. */
function runStaticChecks() {
  const env = childEnv();
  const checks = [
    ["typecheck", join(binDir, "turbo"), ["run", "typecheck", "--output-logs=errors-only"]],
    ["lint", join(binDir, "biome"), ["check", "."]],
  ];
  return checks.filter(([name, cmd, args]) => {
    console.log(`codeduel: ${name}...`);
    return spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" }).status !== 0;
  }).length;
}

function runTests(extraArgs) {
  const staticFailures = extraArgs.length === 0 ? runStaticChecks() : 0;
  const resultsFile = join(root, ".vitest-results.json");
  rmSync(resultsFile, { force: true });
  const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
  const r = spawnSync(
    node24,
    ["--no-node-snapshot", vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...extraArgs],
    { cwd: root, env: childEnv(), stdio: "inherit" },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, "utf8"));
    passed = results.numPassedTests ?? 0;
    // A file that failed to load has no failing test of its own; count it as one failure.
    const brokenFiles = (results.testResults ?? []).filter(
      (file) => file.status === "failed" && !(file.assertionResults ?? []).some((a) => a.status === "failed"),
    ).length;
    failed = (results.numFailedTests ?? 0) + brokenFiles;
  } else {
    failed = 1;
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  failed += staticFailures;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/**
 * The load tester under Node 24, with its exit code (0 pass, 1 threshold failed, 2 bad arguments).
 * Asynchronous, so a signal to this process is passed on: the load tester drains, prints its
 * report and exits, and only then does this one exit, with its code. (On Ctrl-C it may hear the
 * signal twice, from the terminal and from here; it treats copies within a second as one.)
 */
function runLoadtest(args) {
  const child = spawn(node24, [join(root, "packages", "loadtest", "src", "main.ts"), ...args], {
    // npm runs scripts from the repository root; relative paths (--out) mean the caller's directory.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env: childEnv(),
    stdio: "inherit",
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("error", (err) => fail(`could not start the load tester: ${err.message}`));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command, ...rest] = process.argv.slice(2);
ensureDependencies();
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
if (command === "start") {
  await ensureRedis(redisUrl);
  ensureWebBuild();
  startAll();
} else if (command === "test") {
  await ensureRedis(process.env.TEST_REDIS_URL ?? redisUrl);
  await ensurePostgres(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  ensureChromium();
  runTests(rest);
} else if (command === "bench" && rest[0]) {
  // Benchmarks use the same real services as the tests.
  await ensureRedis(process.env.TEST_REDIS_URL ?? redisUrl);
  await ensurePostgres(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  // A bench is load from one address: its servers run with the rate limits and socket caps off.
  const r = spawnSync(node24, ["--no-node-snapshot", ...rest], { cwd: root, env: childEnv({ RATE_LIMITS: "off" }), stdio: "inherit" });
  process.exit(r.status ?? 1);
} else if (command === "loadtest") {
  // A client of a running server: no Redis or Postgres here, only the target URL(s) in its args.
  runLoadtest(rest);
} else {
  fail("usage: node scripts/run.mjs start | test [vitest args] | bench <file.ts> | loadtest [args]");
}
