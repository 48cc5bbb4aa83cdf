// The HTTP side of bench:realtime's baseline servers: `/health` with the same process numbers as
// the real server's, so every server in the comparison is measured the same way.
import { createServer, type Server } from "node:http";

export function baselineHttpServer(connectedPlayers: () => number): Server {
  return createServer((_req, res) => {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        connectedPlayers: connectedPlayers(),
        process: { cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      }),
    );
  });
}
