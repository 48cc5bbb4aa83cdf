// Test harness: a private Postgres database and Redis prefix per run, real server and judge
// worker processes, and typed tRPC clients over HTTP and WebSocket.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppRouter } from "@codeduel/api";
import { JUDGE_QUEUES, type JudgeJob } from "@codeduel/judge";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, type TRPCClient, wsLink } from "@trpc/client";
import type { JobState, Queue } from "bullmq";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { WebSocket } from "ws";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `codeduel_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function testPrefix(): string {
  return `cdtest-${randomBytes(6).toString("hex")}`;
}

const repoRoot = new URL("../../../", import.meta.url).pathname;

export interface RunningProcess {
  proc: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a TypeScript entry under this Node and waits for a log line that says it is ready. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  nodeArgs: string[] = [],
): Promise<RunningProcess> {
  const proc = spawn(process.execPath, [...nodeArgs, "--no-node-snapshot", `${repoRoot}${entry}`], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // TEST_LOG_DIR keeps each process's output in a file, for reading after a failed run.
  const logFile = process.env.TEST_LOG_DIR ? `${process.env.TEST_LOG_DIR}/${entry.replaceAll("/", "_")}-${proc.pid}.log` : undefined;
  const collect = (d: Buffer) => {
    out += d.toString();
    if (logFile) appendFileSync(logFile, d);
  };
  proc.stdout?.on("data", collect);
  proc.stderr?.on("data", collect);
  const deadline = Date.now() + 60_000;
  while (!readyPattern.test(out)) {
    if (proc.exitCode !== null) throw new Error(`${entry} exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`${entry} did not become ready:\n${out}`);
    }
    await sleep(50);
  }
  return {
    proc,
    output: () => out,
    async stop(signal = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill(signal);
      await Promise.race([exited, sleep(15_000).then(() => proc.kill("SIGKILL"))]);
    },
  };
}

export async function startServer(env: Record<string, string>): Promise<RunningProcess & { port: number }> {
  // HEALTH_DETAILS: the benches and the load tester read the process's figures from /health.
  // METRICS_PORT 0: a free port each, as tests and benches run several servers at once.
  const p = await startProcess(
    "apps/server/src/main.ts",
    { PORT: "0", HOST: "127.0.0.1", HEALTH_DETAILS: "public", METRICS_PORT: "0", ...env },
    /codeduel server listening/,
    // TEST_SERVER_NODE_ARGS: flags for the server's node only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    // to profile it in a bench (NODE_OPTIONS refuses --cpu-prof, and would reach every process).
    process.env.TEST_SERVER_NODE_ARGS?.split(" ").filter(Boolean),
  );
  const match = /"address":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(p.output());
  if (!match?.[1]) throw new Error(`no port in server output:\n${p.output()}`);
  return { ...p, port: Number(match[1]) };
}

export function startJudgeWorker(env: Record<string, string>): Promise<RunningProcess> {
  return startProcess("workers/judge/src/main.ts", { METRICS_PORT: "0", ...env }, /judge worker ready/);
}

export interface Player {
  client: TRPCClient<AppRouter>;
  token: string;
  userId: string;
  close(): void;
}

/**
 * A typed client: subscriptions over WebSocket, the rest over HTTP, unless `allOverWebSocket` (as
 * the SPA and the load tester do). `retryDelayMs` overrides wsLink's backoff (up to 30 s) for
 * reconnect tests.
 */
export function clientFor(
  port: number,
  token?: string,
  options: { retryDelayMs?: number; allOverWebSocket?: boolean } = {},
): { client: TRPCClient<AppRouter>; close(): void } {
  const { retryDelayMs, allOverWebSocket = false } = options;
  const wsClient = createWSClient({
    url: `ws://127.0.0.1:${port}/ws`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => (token ? { token } : {}),
    lazy: { enabled: true, closeMs: 0 },
    ...(retryDelayMs !== undefined ? { retryDelayMs: () => retryDelayMs } : {}),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => allOverWebSocket || op.type === "subscription",
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: `http://127.0.0.1:${port}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
  return { client, close: () => void wsClient.close() };
}

export async function registerPlayer(port: number, username: string): Promise<Player> {
  const anon = clientFor(port);
  const { token, user } = await anon.client.auth.register.mutate({ username, password: "correct horse battery" });
  anon.close();
  const { client, close } = clientFor(port, token);
  return { client, token, userId: user.id, close };
}

/** Collects a subscription's events and lets a test wait for one that matches. */
export class EventLog<T> {
  readonly events: T[] = [];
  #waiters: { pred: (e: T) => boolean; resolve: (e: T) => void }[] = [];

  push(e: T): void {
    this.events.push(e);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.pred(e)) return true;
      w.resolve(e);
      return false;
    });
  }

  waitFor(pred: (e: T) => boolean, timeoutMs = 30_000, what = "event"): Promise<T> {
    const found = this.events.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.events).slice(0, 2000)}`)),
        timeoutMs,
      );
      this.#waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }
}

/** Two fresh players queued together until they share a battle. */
export async function startBattle(port: number, names: [string, string]): Promise<{ a: Player; b: Player; battleId: string }> {
  const [a, b] = await Promise.all(names.map((n) => registerPlayer(port, n)));
  if (!a || !b) throw new Error("registration failed");
  await a.client.queue.join.mutate();
  await b.client.queue.join.mutate();
  for (let i = 0; i < 200; i++) {
    const s = await a.client.queue.status.query();
    if (s.kind === "battle") return { a, b, battleId: s.battleId };
    await sleep(50);
  }
  throw new Error(`${names.join(" and ")} were never matched`);
}

/** SIGKILLs a process and its direct children (a judge supervisor and its judge process). */
export function killTree(pid: number): void {
  const children = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);
  for (const child of children) process.kill(Number(child), "SIGKILL");
  process.kill(pid, "SIGKILL");
}

/**
 * One server process on a private database for a whole test file. Tests read `port` once the
 * file's beforeAll ran, and push client closers to `closers` for teardown.
 */
export function useServer(env: Record<string, string> = {}) {
  const ctx = { port: 0, databaseUrl: "", closers: [] as (() => void)[] };
  let database: TestDatabase | undefined;
  let server: RunningProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const started = await startServer({ DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), ...env });
    server = started;
    ctx.port = started.port;
    ctx.databaseUrl = database.url;
  });
  afterAll(async () => {
    for (const close of ctx.closers) close();
    await server?.stop();
    await database?.drop();
  });
  return ctx;
}

/** Makes a registered user an admin, as an operator does in the database (there is no procedure for it). */
export async function grantAdmin(databaseUrl: string, userId: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`update users set role = 'admin' where id = ${userId}`;
  } finally {
    await sql.end();
  }
}

/**
 * Puts a `sum-array` job straight on a judge queue, as the API would: a battle's, or on the
 * contests' queue a contest's submission. Resolves with its id.
 */
export async function addJudgeJob(queue: Queue<JudgeJob>, code: string, submissionId: string = randomUUID()): Promise<string> {
  const owner = queue.name === JUDGE_QUEUES.contest ? { kind: "contest" as const, contestId: randomUUID() } : { battleId: randomUUID() };
  const job: JudgeJob = {
    submissionId,
    ...owner,
    userId: randomUUID(),
    challengeId: "sum-array",
    language: "javascript",
    code,
    enqueuedAt: Date.now(),
  };
  await queue.add("judge", job, { jobId: submissionId });
  return submissionId;
}

/** Polls `check` until it holds; throws after `ms`, naming what it waited for. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A BullMQ job's state now ("unknown" once it is gone or before it exists). */
export async function jobState(queue: Queue, jobId: string): Promise<JobState | "unknown"> {
  return (await (await queue.getJob(jobId))?.getState()) ?? "unknown";
}

/** Waits up to `ms` for a job to reach `state`; the caller asserts the state it ends in. */
export async function untilJobState(queue: Queue, jobId: string, state: JobState, ms: number): Promise<JobState | "unknown"> {
  const end = Date.now() + ms;
  let now = await jobState(queue, jobId);
  while (now !== state && Date.now() < end) {
    await sleep(25);
    now = await jobState(queue, jobId);
  }
  return now;
}
