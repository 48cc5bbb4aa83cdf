// The Redis side of both relay floors (redis-ws-server.ts, trpc-floor-server.ts), one module so the
// two do exactly the same Redis work: the messages one event-loop pass reads are published in one
// pipeline, one channel per pair, and a single subscriber connection hands each one to the pair's
// other members. Each message carries its author's tag, so its author is skipped.
import { Redis } from "ioredis";

export interface PairMember {
  tag: string;
  deliver(body: string): void;
}

export class RedisPairs {
  readonly #pub: Redis;
  readonly #sub: Redis;
  /** Channels of this process only, so runs never hear each other. */
  readonly #prefix = `bench-relay-${process.pid}:`;
  readonly #pairs = new Map<string, Set<PairMember>>();
  #pending: { channel: string; message: string }[] = [];
  #flushScheduled = false;

  constructor(redisUrl: string) {
    this.#pub = new Redis(redisUrl);
    this.#sub = new Redis(redisUrl);
    // ioredis reconnects by itself; a listener keeps its errors from going unlogged.
    for (const connection of [this.#pub, this.#sub]) connection.on("error", (err) => console.error("redis connection error", err));
    this.#sub.on("message", (channel: string, message: string) => {
      const members = this.#pairs.get(channel.slice(this.#prefix.length));
      if (!members) return;
      const newline = message.indexOf("\n");
      const author = message.slice(0, newline);
      const body = message.slice(newline + 1);
      for (const m of members) if (m.tag !== author) m.deliver(body);
    });
  }

  /** Adds a member to a pair; the returned function takes it out again. */
  join(pair: string, member: PairMember): () => void {
    let members = this.#pairs.get(pair);
    if (!members) {
      members = new Set();
      this.#pairs.set(pair, members);
      this.#sub.subscribe(this.#prefix + pair).catch((err: unknown) => console.error("subscribe failed", err));
    }
    members.add(member);
    const set = members;
    return () => {
      set.delete(member);
      if (set.size > 0 || this.#pairs.get(pair) !== set) return;
      this.#pairs.delete(pair);
      this.#sub.unsubscribe(this.#prefix + pair).catch((err: unknown) => console.error("unsubscribe failed", err));
    };
  }

  publish(pair: string, tag: string, body: string): void {
    this.#pending.push({ channel: this.#prefix + pair, message: `${tag}\n${body}` });
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  close(): void {
    this.#pub.disconnect();
    this.#sub.disconnect();
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    const pipeline = this.#pub.pipeline();
    for (const { channel, message } of batch) pipeline.publish(channel, message);
    pipeline.exec().catch((err: unknown) => console.error("publish failed", err));
  }
}
