// The second baseline for `bench:realtime`: the least network work any relay that meets the issue's
// other requirements must do, with nothing else. Like bare-ws-server.ts it relays each message to the
// other socket of its pair (`/ws?pair=K`), but, as the real server must:
//  - it answers every message on the sender's socket (a tRPC mutation always gets an answer, and a
//    player must learn whether the update was taken);
//  - it relays through Redis pub/sub, because players of one battle may sit on different instances:
//    the messages one event-loop pass reads are published in one pipeline, one channel per pair,
//    and a single subscriber connection hands each one to the pair's other socket.
// No authentication, throttle, version, stored copy or typed protocol: the real server's cost above
// this one is what those, tRPC and the application add.
import { WebSocket, WebSocketServer } from "ws";
import { baselineHttpServer } from "./baseline-http.ts";
import { RedisPairs } from "./redis-pairs.ts";

// bench:realtime passes the harness's address (TEST_REDIS_URL or the local default): one source.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error("redis-ws-server: set REDIS_URL (bench:realtime passes it)");
  process.exit(2);
}
const pairs = new RedisPairs(redisUrl);

const http = baselineHttpServer(() => wss.clients.size);
const wss = new WebSocketServer({ server: http, path: "/ws" });
wss.on("error", (err) => console.error("websocket server error", err));
let sockets = 0;
wss.on("connection", (ws, req) => {
  const pair = new URL(req.url ?? "/", "http://x").searchParams.get("pair") ?? "none";
  const tag = String(sockets++);
  const leave = pairs.join(pair, {
    tag,
    deliver: (body) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(body);
    },
  });
  // A socket's error (a reset, a frame too big) closes that socket alone, never the process.
  ws.on("error", (err) => console.error("socket error", err.message));
  let answered = 0;
  ws.on("message", (data) => {
    answered++;
    // The shape and size of a tRPC mutation's answer.
    ws.send(`{"id":${answered},"jsonrpc":"2.0","result":{"type":"data","data":{"version":${answered}}}}`);
    pairs.publish(pair, tag, String(data));
  });
  ws.on("close", leave);
});
http.listen(0, "127.0.0.1", () => {
  console.log(`redis relay server listening ${(http.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => {
  pairs.close();
  process.exit(0);
});
