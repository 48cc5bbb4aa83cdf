// The baseline for `bench:realtime`: a bare `ws` server on its own port that relays each message
// to the other socket of its pair (`/ws?pair=K`), with the same /health process numbers as the
// real server, so both are measured the same way.
import { WebSocket, WebSocketServer } from "ws";
import { baselineHttpServer } from "./baseline-http.ts";

const pairs = new Map<string, Set<WebSocket>>();
const http = baselineHttpServer(() => wss.clients.size);
const wss = new WebSocketServer({ server: http, path: "/ws" });
wss.on("connection", (ws, req) => {
  const pair = new URL(req.url ?? "/", "http://x").searchParams.get("pair") ?? "none";
  let members = pairs.get(pair);
  if (!members) {
    members = new Set();
    pairs.set(pair, members);
  }
  members.add(ws);
  ws.on("message", (data, isBinary) => {
    for (const other of members) if (other !== ws && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
  });
  ws.on("close", () => {
    members.delete(ws);
    if (members.size === 0) pairs.delete(pair);
  });
});
http.listen(0, "127.0.0.1", () => {
  console.log(`bare ws server listening ${(http.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => process.exit(0));
