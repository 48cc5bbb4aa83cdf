// Loaded into the server by `BENCH_COUNT_WRITES=1 npm run bench:capacity` (node --import): counts
// the server's socket writes by where they go (Postgres, Redis, players) and the Postgres
// statements it runs, by text, and writes them to BENCH_COUNT_WRITES_OUT when the process exits.
// Socket writes are the server's largest cost under load (a CPU profile at 1,000 players), and each
// statement costs at least one: this says which to cut. It only observes; nothing is changed.
import { writeFileSync } from "node:fs";
import net from "node:net";

const POSTGRES_PORT = Number(process.env.BENCH_POSTGRES_PORT ?? 5432);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? 6379);

interface Count {
  writes: number;
  bytes: number;
}

const startedAt = performance.now();
const writes = new Map<string, Count>();
const statements = new Map<string, number>();
/** Prepared statement name -> its text, from the Parse messages that named it. */
const prepared = new Map<string, string>();

function destination(socket: net.Socket): string {
  if (socket.remotePort === POSTGRES_PORT) return "postgres";
  if (socket.remotePort === REDIS_PORT) return "redis";
  return "players";
}

function cString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  return [buf.toString("utf8", offset, end), end + 1];
}

function countStatement(text: string): void {
  const key = text.replace(/\s+/g, " ").trim().slice(0, 100);
  statements.set(key, (statements.get(key) ?? 0) + 1);
}

/** Reads the frontend messages of one write: Parse names a statement, Bind runs one, Query runs text. */
function readPostgresMessages(buf: Buffer): void {
  for (let i = 0; i + 5 <= buf.length; ) {
    const type = String.fromCharCode(buf[i] as number);
    const length = buf.readInt32BE(i + 1);
    const body = buf.subarray(i + 5, i + 1 + length);
    if (type === "P") {
      const [name, next] = cString(body, 0);
      const [text] = cString(body, next);
      if (name) prepared.set(name, text);
      else countStatement(text);
    } else if (type === "B") {
      const [, next] = cString(body, 0);
      const [name] = cString(body, next);
      if (name) countStatement(prepared.get(name) ?? name);
    } else if (type === "Q") {
      countStatement(cString(body, 0)[0]);
    }
    i += 1 + length;
  }
}

type WriteGeneric = (this: net.Socket, writev: boolean, data: unknown, encoding: string, cb: () => void) => unknown;
const proto = net.Socket.prototype as unknown as { _writeGeneric: WriteGeneric };
const writeGeneric = proto._writeGeneric;
proto._writeGeneric = function (writev, data, encoding, cb) {
  const where = destination(this);
  const chunks = writev ? (data as { chunk: unknown }[]).map((d) => d.chunk) : [data];
  let bytes = 0;
  for (const chunk of chunks) {
    // ws writes a text frame's payload as the string it was given, ioredis its commands too.
    if (typeof chunk === "string") bytes += Buffer.byteLength(chunk);
    if (!Buffer.isBuffer(chunk)) continue;
    bytes += chunk.length;
    if (where === "postgres") readPostgresMessages(chunk);
  }
  const count = writes.get(where) ?? { writes: 0, bytes: 0 };
  count.writes++;
  count.bytes += bytes;
  writes.set(where, count);
  return writeGeneric.call(this, writev, data, encoding, cb);
};

process.on("exit", () => {
  const out = process.env.BENCH_COUNT_WRITES_OUT;
  if (!out) return;
  const seconds = (performance.now() - startedAt) / 1000;
  writeFileSync(
    out,
    JSON.stringify({
      seconds,
      writes: Object.fromEntries(writes),
      statements: Object.fromEntries([...statements].sort((a, b) => b[1] - a[1])),
    }),
  );
});
