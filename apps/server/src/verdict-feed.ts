// Verdicts from judge workers, for this instance to record. A judge job returns its verdict; BullMQ
// keeps it as the job's return value and, in the same Redis script, appends a `completed` entry to
// its judge queue's event stream. Every API instance reads the streams in one consumer group, so
// each entry goes to one instance. An entry is acknowledged once its verdict is recorded; one left
// unacknowledged (its instance died, or Postgres failed) is claimed again by any instance after
// `claimIdleMs`. A verdict whose entry was trimmed before anyone read it (every instance down for
// a long time) is recorded by the reconciler from the job itself (`requeueStuck` of each service, through `Judging.settleOrRequeue`).
//
// Why not a queue of its own (as before): that cost each submission three more Redis scripts
// (add, take, complete) and their socket writes in three processes; the stream is read in batches.
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type JudgeResult, judgeResultSchema } from "@codeduel/judge";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

const GROUP = "verdict-recorders";
/** Most entries taken per read; a batch is recorded concurrently and acknowledged in one command. */
const BATCH = 200;
/** How long one read waits for new entries, which bounds how long `close()` waits. */
const BLOCK_MS = 1000;
/**
 * Pause after a read that returned entries, before the next. Each job puts three or four entries
 * on the stream (added, active, completed...) moments apart; read one by one under load, they woke
 * this process, Redis and (through the verdicts' Postgres writes) Postgres several times per
 * submission. Waiting this long lets a busy stream's entries gather into one read, for at most
 * this much more verdict latency; an idle stream's first entry still returns the read at once.
 */
const GATHER_MS = 10;
/** An entry unacknowledged this long belongs to an instance that died or failed to record it. */
const CLAIM_IDLE_MS = 30_000;
/**
 * Acknowledgements of the stream's other events (a job added, taken, ...) wait for the next
 * verdict's, or for this many: every job event wakes the reader, and a command of its own for each
 * made this feed cost more than the verdicts. Unacknowledged, they are only claimed and dropped.
 */
const MAX_DEFERRED_ACKS = 1000;

type StreamEntry = [id: string, fields: string[]];

/** The judge's result in a `completed` entry; undefined for the stream's other events. */
export function completedResult(fields: readonly string[]): ReturnType<typeof judgeResultSchema.safeParse> | undefined {
  // Name, value, name, value...: a value that happens to equal a name is never taken for one.
  const field = (name: string) => {
    for (let i = 0; i < fields.length - 1; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  if (field("event") !== "completed") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(field("returnvalue") ?? "null");
  } catch {
    value = undefined;
  }
  return judgeResultSchema.safeParse(value);
}

export class VerdictFeed {
  readonly #redis: Redis;
  readonly #streams: readonly string[];
  readonly #record: (result: JudgeResult) => Promise<void>;
  readonly #log: Logger;
  readonly #consumer = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly #claimIdleMs: number;
  #running = false;
  /** Entries handled but not yet acknowledged (see MAX_DEFERRED_ACKS), by stream. */
  #unacked = new Map<string, string[]>();
  #unackedCount = 0;
  #loop: Promise<void> = Promise.resolve();

  /**
   * `redis` is this feed's own connection (its reads block); `streams` are the judge queues' event
   * stream keys, read together; `record` must be idempotent, since an entry may be delivered again.
   */
  constructor(
    redis: Redis,
    streams: readonly string[],
    record: (result: JudgeResult) => Promise<void>,
    log: Logger,
    options: { claimIdleMs?: number } = {},
  ) {
    this.#claimIdleMs = options.claimIdleMs ?? CLAIM_IDLE_MS;
    this.#redis = redis;
    this.#streams = streams;
    this.#record = record;
    this.#log = log.child({ component: "verdict-feed" });
  }

  async start(): Promise<void> {
    await this.#createGroup();
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops reading; the batch in hand is recorded and acknowledged first. */
  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    await this.#ack().catch(() => {});
  }

  /** From the stream's start: verdicts completed before any instance ever read it are not skipped. */
  async #createGroup(): Promise<void> {
    for (const stream of this.#streams) {
      try {
        await this.#redis.xgroup("CREATE", stream, GROUP, "0", "MKSTREAM");
      } catch (err) {
        if (!String(err).includes("BUSYGROUP")) throw err;
      }
    }
  }

  async #run(): Promise<void> {
    let claimedAt = 0;
    while (this.#running) {
      try {
        if (Date.now() - claimedAt >= this.#claimIdleMs / 3) {
          claimedAt = Date.now();
          await this.#claimStale();
        }
        const reply = (await this.#redis.xreadgroup(
          "GROUP",
          GROUP,
          this.#consumer,
          "COUNT",
          BATCH,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          ...this.#streams,
          ...this.#streams.map(() => ">"),
        )) as [string, StreamEntry[]][] | null;
        if (reply && reply.length > 0) {
          await Promise.all(reply.map(([stream, entries]) => this.#handle(stream, entries)));
          // A full batch means more are waiting: read them at once.
          if (reply.every(([, entries]) => entries.length < BATCH) && this.#running) await sleep(GATHER_MS);
        } else await this.#ack(); // idle: nothing waits any longer
      } catch (err) {
        if (!this.#running) break;
        // The stream was deleted (an obliterated queue): the group goes with it.
        if (String(err).includes("NOGROUP")) await this.#createGroup().catch(() => {});
        else this.#log.error({ err }, "reading verdicts failed; retrying");
        await sleep(500);
      }
    }
  }

  /** Entries of other consumers (or ours) left unacknowledged too long: recorded here instead. */
  async #claimStale(): Promise<void> {
    for (const stream of this.#streams) {
      let cursor = "0-0";
      do {
        const [next, entries] = (await this.#redis.xautoclaim(
          stream,
          GROUP,
          this.#consumer,
          this.#claimIdleMs,
          cursor,
          "COUNT",
          BATCH,
        )) as [string, (StreamEntry | null)[]];
        await this.#handle(
          stream,
          entries.filter((e): e is StreamEntry => e !== null),
        );
        cursor = next;
      } while (cursor !== "0-0" && this.#running);
    }
  }

  async #handle(stream: string, entries: StreamEntry[]): Promise<void> {
    let verdicts = 0;
    await Promise.all(
      entries.map(async ([id, fields]) => {
        const result = completedResult(fields);
        if (result && !result.success) {
          // Not the judge's contract: left to the reconciler, which gives the submission a final verdict.
          this.#log.error({ entry: id, issues: result.error.issues }, "malformed judge result");
        } else if (result) {
          verdicts++;
          try {
            await this.#record(result.data);
          } catch (err) {
            // Left unacknowledged: claimed again after `claimIdleMs`.
            this.#log.error({ err, submissionId: result.data.submissionId }, "recording verdict failed");
            return;
          }
        }
        this.#deferAck(stream, id);
      }),
    );
    if (verdicts > 0 || this.#unackedCount >= MAX_DEFERRED_ACKS) await this.#ack();
  }

  #deferAck(stream: string, id: string): void {
    const ids = this.#unacked.get(stream);
    if (ids) ids.push(id);
    else this.#unacked.set(stream, [id]);
    this.#unackedCount++;
  }

  async #ack(): Promise<void> {
    if (this.#unackedCount === 0) return;
    const unacked = this.#unacked;
    this.#unacked = new Map();
    this.#unackedCount = 0;
    await Promise.all([...unacked].map(([stream, ids]) => this.#redis.xack(stream, GROUP, ...ids)));
  }
}
