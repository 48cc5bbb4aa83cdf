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
import { Redis } from "ioredis";
import { WebSocket, WebSocketServer } from "ws";
import { baselineHttpServer } from "./baseline-http.ts";

// bench:realtime passes the harness's address (TEST_REDIS_URL or the local default): one source.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.error("redis-ws-server: set REDIS_URL (bench:realtime passes it)");
  process.exit(2);
}
const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
/** Channels of this process only, so runs never hear each other. */
const channelPrefix = `bench-relay-${process.pid}:`;

interface Member {
  ws: WebSocket;
  /** Tags this socket's messages on the channel, so the relay skips their author. */
  tag: string;
}
const pairs = new Map<string, Set<Member>>();

let pending: { channel: string; message: string }[] = [];
let flushScheduled = false;
function flush(): void {
  flushScheduled = false;
  const batch = pending;
  pending = [];
  const pipeline = pub.pipeline();
  for (const { channel, message } of batch) pipeline.publish(channel, message);
  pipeline.exec().catch((err: unknown) => console.error("publish failed", err));
}

sub.on("message", (channel: string, message: string) => {
  const members = pairs.get(channel.slice(channelPrefix.length));
  if (!members) return;
  const newline = message.indexOf("\n");
  const author = message.slice(0, newline);
  const body = message.slice(newline + 1);
  for (const m of members) if (m.tag !== author && m.ws.readyState === WebSocket.OPEN) m.ws.send(body);
});

const http = baselineHttpServer(() => wss.clients.size);
const wss = new WebSocketServer({ server: http, path: "/ws" });
let sockets = 0;
wss.on("connection", (ws, req) => {
  const pair = new URL(req.url ?? "/", "http://x").searchParams.get("pair") ?? "none";
  const channel = channelPrefix + pair;
  const member: Member = { ws, tag: String(sockets++) };
  let members = pairs.get(pair);
  if (!members) {
    members = new Set();
    pairs.set(pair, members);
    sub.subscribe(channel).catch((err: unknown) => console.error("subscribe failed", err));
  }
  members.add(member);
  let answered = 0;
  ws.on("message", (data) => {
    answered++;
    // The shape and size of a tRPC mutation's answer.
    ws.send(`{"id":${answered},"jsonrpc":"2.0","result":{"type":"data","data":{"version":${answered}}}}`);
    pending.push({ channel, message: `${member.tag}\n${String(data)}` });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  ws.on("close", () => {
    members.delete(member);
    if (members.size > 0) return;
    pairs.delete(pair);
    sub.unsubscribe(channel).catch((err: unknown) => console.error("unsubscribe failed", err));
  });
});
http.listen(0, "127.0.0.1", () => {
  console.log(`redis relay server listening ${(http.address() as { port: number }).port}`);
});
process.on("SIGTERM", () => {
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
