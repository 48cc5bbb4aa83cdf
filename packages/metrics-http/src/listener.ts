// The /metrics listener of every codeduel process (API servers, judge workers): a bare HTTP server
// on a port of its own (never the public one), answering GET /metrics and nothing else. Nothing a
// client sends can end the process: an unparseable request gets 400, another path or method 404,
// a failed render 500.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";

export interface MetricsListener {
  /** Where it listens, e.g. http://127.0.0.1:9464 (the port chosen when asked for 0). */
  url: string;
  close(): Promise<void>;
}

export interface MetricsListenerOptions {
  port: number;
  host: string;
  contentType: string;
  render: () => Promise<string>;
  log: Logger;
}

export async function listenForScrapes(o: MetricsListenerOptions): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?", 1)[0];
    if ((req.method !== "GET" && req.method !== "HEAD") || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found\n");
      return;
    }
    o.render().then(
      (body) => {
        res.writeHead(200, { "content-type": o.contentType });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (err: unknown) => {
        o.log.error({ err }, "rendering metrics failed");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Rendering metrics failed\n");
      },
    );
  });
  // A scraper asks every few seconds; a client that holds a socket open without a request is cut off.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.on("clientError", (err, socket) => {
    o.log.debug({ err }, "bad request on the metrics listener");
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  // A port already taken fails the start, loudly, rather than leaving the process unwatched.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => o.log.error({ err }, "metrics listener failed"));
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
