// What a browser is told on every response: a Content-Security-Policy the app runs under, no
// framing, no sniffing, no referrer, HSTS only when served over TLS, CORS only for listed origins;
// the admin cookie's flags; the process's figures in /health only for admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  REDIS_URL,
  type RunningProcess,
  registerPlayer,
  startServer,
  type TestDatabase,
  testPrefix,
} from "./harness.ts";

let database: TestDatabase;
let plain: RunningProcess & { port: number };
let tls: RunningProcess & { port: number };

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: testPrefix(),
    ADMIN_USERNAMES: "boss",
    CORS_ORIGINS: "https://contest.example.org",
    HEALTH_DETAILS: "admins",
  };
  [plain, tls] = await Promise.all([startServer(env), startServer({ ...env, BEHIND_TLS: "true" })]);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), tls?.stop()]);
  await database?.drop();
});

const get = (server: { port: number }, path: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { headers });

describe("security headers", () => {
  it("every response carries the CSP and the other headers; HSTS only behind TLS", async () => {
    for (const path of ["/", "/trpc/leaderboard.top", "/health/live", "/battle/x"]) {
      const res = await get(plain, path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
    expect((await get(tls, "/")).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("CORS answers only a listed origin", async () => {
    const ok = await get(plain, "/trpc/leaderboard.top", { origin: "https://contest.example.org" });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://contest.example.org");
    const other = await get(plain, "/trpc/leaderboard.top", { origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("/health shows the process only to admins; the admin cookie is HttpOnly, Strict, and Secure behind TLS", async () => {
    const boss = await registerPlayer(plain.port, "boss");
    const player = await registerPlayer(plain.port, "someone");
    try {
      const health = async (token?: string) =>
        (await (await get(plain, "/health", token ? { authorization: `Bearer ${token}` } : {})).json()) as {
          status: string;
          process?: { pid: number };
        };
      expect(await health()).not.toHaveProperty("process");
      expect(await health(player.token)).not.toHaveProperty("process");
      expect((await health(boss.token)).process?.pid).toBeGreaterThan(0);
      for (const [server, secure] of [
        [plain, false],
        [tls, true],
      ] as const) {
        const res = await fetch(`http://127.0.0.1:${server.port}/admin/session`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token: boss.token }),
        });
        const cookie = res.headers.get("set-cookie") ?? "";
        expect(cookie).toContain("HttpOnly");
        expect(cookie).toContain("SameSite=Strict");
        expect(cookie.includes("Secure")).toBe(secure);
      }
    } finally {
      boss.close();
      player.close();
    }
  });
});
