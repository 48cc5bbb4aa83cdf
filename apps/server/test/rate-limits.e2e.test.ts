// Rate limits hold across instances: two servers on one Redis and Postgres share every count, so a
// client cannot double its allowance by alternating between them behind a load balancer. And a
// client's address comes from X-Forwarded-For only when the peer is a trusted proxy.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, REDIS_URL, type RunningProcess, startServer, type TestDatabase, testPrefix } from "./harness.ts";

let database: TestDatabase;
const servers: (RunningProcess & { port: number })[] = [];
const limits = {
  RATE_LIMITS: "on",
  RATE_LIMIT_GUESTS_PER_ADDRESS: "4",
  RATE_LIMIT_SIGNIN_FREE_FAILURES: "2",
  RATE_LIMIT_SIGNIN_LOCKOUT_FAILURES: "5",
};

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: testPrefix(), ...limits };
  servers.push(await startServer(env), await startServer(env), await startServer({ ...env, TRUSTED_PROXIES: "127.0.0.1" }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
});

interface Answer {
  status: number;
  code?: string;
  retryAfterMs?: number;
}

async function call(server: number, path: string, input?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${servers[server]?.port}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await res.json()) as { error?: { data?: { code?: string; retryAfterMs?: number } } };
  if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  return { status: res.status, code: body.error?.data?.code, retryAfterMs: body.error?.data?.retryAfterMs };
}

const login = (server: number, password: string) => call(server, "auth.login", { username: "target", password });

describe("rate limits across two instances", () => {
  it("guest accounts from one address are counted across both, and X-Forwarded-For from an untrusted peer changes nothing", async () => {
    const made = [await call(0, "auth.guest"), await call(1, "auth.guest"), await call(0, "auth.guest"), await call(1, "auth.guest")];
    expect(made.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const server of [0, 1]) {
      const refused = await call(server, "auth.guest", undefined, { "x-forwarded-for": "198.51.100.7" });
      expect(refused).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
      expect(refused.retryAfterMs).toBeGreaterThan(60_000);
    }
  });

  it("behind a trusted proxy, each forwarded client address has its own allowance", async () => {
    const from = (ip: string) => call(2, "auth.guest", undefined, { "x-forwarded-for": ip });
    for (let i = 0; i < 4; i++) expect((await from("203.0.113.1")).status).toBe(200);
    expect(await from("203.0.113.1")).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect((await from("203.0.113.2")).status).toBe(200);
  });

  it("failed sign-ins, split over both instances, bring a growing delay and then a lockout for that account and address", async () => {
    expect((await call(0, "auth.register", { username: "target", password: "correct horse battery" })).status).toBe(200);
    // Two free failures, one on each instance.
    expect((await login(0, "wrong password 1")).status).toBe(401);
    expect((await login(1, "wrong password 2")).status).toBe(401);
    // The third is answered, then the pair must wait (1 s), on either instance, even with the right password.
    expect((await login(0, "wrong password 3")).status).toBe(401);
    const waiting = await login(1, "correct horse battery");
    expect(waiting).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect(waiting.retryAfterMs).toBeLessThanOrEqual(1000);
    await sleep((waiting.retryAfterMs ?? 1000) + 50);
    // The fourth failure doubles the wait.
    expect((await login(1, "wrong password 4")).status).toBe(401);
    const longer = await login(0, "wrong password 5");
    expect(longer).toMatchObject({ status: 429 });
    expect(longer.retryAfterMs).toBeGreaterThan(1000);
    await sleep((longer.retryAfterMs ?? 2000) + 50);
    // The fifth failure locks the pair out for an hour.
    expect((await login(0, "wrong password 5")).status).toBe(401);
    const locked = await login(1, "correct horse battery");
    expect(locked).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS" });
    expect(locked.retryAfterMs).toBeGreaterThan(30 * 60_000);
    // The same account from another address (through the trusted proxy) is not locked.
    expect(
      (await call(2, "auth.login", { username: "target", password: "correct horse battery" }, { "x-forwarded-for": "203.0.113.9" })).status,
    ).toBe(200);
  });
});
