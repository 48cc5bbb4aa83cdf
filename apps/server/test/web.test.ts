// Serving the built web app: files, index.html for client routes, never for API paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { registerWeb } from "../src/web.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function appFor(dist: string) {
  const app = Fastify();
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/trpc/*", async (_req, reply) => reply.code(404).send({ trpc: true }));
  registerWeb(app, dist);
  return app;
}

describe("registerWeb", () => {
  const dist = mkdtempSync(join(tmpdir(), "codeduel-web-"));
  dirs.push(dist);
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(dist, "assets", "index-abc.js"), "console.log(1)");
  writeFileSync(join(dist, "favicon.svg"), "<svg/>");
  const app = appFor(dist);

  it("serves index.html at / and for client-side routes", async () => {
    for (const url of ["/", "/battle/6f1c2d3e-0000-4000-8000-000000000000", "/profile", "/watch/x?y=1"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.body).toContain("<title>app</title>");
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves files with their type; hashed assets are immutable", async () => {
    const js = await app.inject({ url: "/assets/index-abc.js" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["cache-control"]).toContain("immutable");
    expect(js.body).toBe("console.log(1)");
    const svg = await app.inject({ url: "/favicon.svg" });
    expect(svg.headers["content-type"]).toBe("image/svg+xml");
    expect(svg.headers["cache-control"]).toBe("no-cache");
  });

  it("never answers API paths or missing files with the app", async () => {
    expect((await app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ url: "/trpc/auth.me" })).json()).toEqual({ trpc: true });
    for (const url of ["/health/nope", "/admin", "/admin/x", "/ws", "/trpc", "/assets/old-chunk.js", "/missing.png"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain("<title>app</title>");
    }
  });

  it("stays inside its folder", async () => {
    for (const url of ["/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/..%2F..%2Fpackage.json", "/%2e%2e/%2e%2e/etc/hostname"]) {
      const res = await app.inject({ url });
      expect(res.body, url).not.toMatch(/root:|"name"/);
    }
    expect((await app.inject({ url: "/%E0%A4%A" })).statusCode).toBe(400);
  });

  it("says how to build the app when it is not built", async () => {
    const empty = mkdtempSync(join(tmpdir(), "codeduel-web-"));
    dirs.push(empty);
    const res = await appFor(empty).inject({ url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("npm run build -w @codeduel/web");
  });
});
