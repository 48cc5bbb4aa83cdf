// Serves the player's web app (apps/web/dist, built by Vite) on the API's port: files as they are,
// and index.html for any other GET path that is not the API's, so deep links (/battle/<id>) work.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";

export const DEFAULT_WEB_DIST = new URL("../../web/dist/", import.meta.url).pathname;

/**
 * Paths the app never answers with index.html: a typo there is a 404, not a page. /metrics is
 * served on METRICS_PORT only; a scraper pointed at the public port gets a 404, not the app.
 */
const RESERVED = /^\/(trpc|ws|health|admin|metrics)(\/|$)/;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

const NOT_BUILT = `<!doctype html>
<meta charset="utf-8"><title>codeduel</title>
<body style="font-family:system-ui;background:#0d1117;color:#e6edf3;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>codeduel: the web app is not built</h1>
<p>The API is up (<a style="color:#79c0ff" href="/health">/health</a>, tRPC at <code>/trpc</code>, WebSocket at <code>/ws</code>),
but <code>apps/web/dist</code> does not exist yet. Build it with</p>
<pre style="background:#151b26;padding:1rem">npm run build -w @codeduel/web</pre>
<p>(<code>npm start</code> does this by itself), then reload.</p>
</body>`;

export function registerWeb(app: FastifyInstance, dist: string = DEFAULT_WEB_DIST): void {
  const root = normalize(dist.endsWith(sep) ? dist : `${dist}${sep}`);

  const sendIndex = async (reply: FastifyReply) => {
    let html: Buffer;
    try {
      // Read per request (it is small): a rebuild while the server runs is picked up at once.
      html = await readFile(join(root, "index.html"));
    } catch {
      return reply.code(503).type("text/html; charset=utf-8").header("cache-control", "no-store").send(NOT_BUILT);
    }
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(html);
  };

  app.get("/", (_req, reply) => sendIndex(reply));

  app.get("/*", async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return reply.code(400).send({ error: "Bad Request", statusCode: 400 });
    }
    if (RESERVED.test(path)) return reply.code(404).send({ error: "Not Found", message: `Route GET:${path} not found`, statusCode: 404 });
    const file = normalize(join(root, path));
    if (file.startsWith(root) && !path.endsWith("/")) {
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) {
        // Vite puts a content hash in every asset's name: those never change.
        const immutable = path.startsWith("/assets/");
        return reply
          .type(TYPES[extname(file).toLowerCase()] ?? "application/octet-stream")
          .header("content-length", info.size)
          .header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache")
          .send(createReadStream(file));
      }
    }
    // A missing asset is a 404 (a stale tab asking for an old chunk must not get HTML as JavaScript).
    if (path.startsWith("/assets/") || extname(path) !== "") return reply.code(404).send({ error: "Not Found", statusCode: 404 });
    return sendIndex(reply);
  });
}
