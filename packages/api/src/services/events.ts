// Battle and player events: the types clients receive, and the Redis pub/sub fan-out that carries
// them across server instances. Battle events are also rows in Postgres, so a client can resume.
import type { PublicChallenge } from "@codeduel/challenges";
import type { Language, Verdict } from "@codeduel/judge";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { ContestBoardName, ContestEvent } from "./contest/events.ts";
import type { RedisKeys } from "./keys.ts";
import type { ProctorEvent } from "./proctoring/events.ts";

export interface PlayerInfo {
  id: string;
  username: string;
  rating: number;
}

/** `abandoned`: the loser's connection stayed gone past the reconnect grace period. */
export type EndReason = "solved" | "forfeit" | "abandoned" | "timeout";

export type BattleEventData =
  | { type: "battle_started"; players: PlayerInfo[]; challengeId: string; deadlineAt: string }
  | { type: "submission_queued"; submissionId: string; userId: string; language: string }
  | ({ type: "verdict"; submissionId: string; userId: string } & Verdict)
  /** A player's last connection dropped; they forfeit at `forfeitAt` unless they come back. */
  | { type: "opponent_disconnected"; userId: string; forfeitAt: string }
  | { type: "opponent_reconnected"; userId: string }
  | {
      type: "battle_finished";
      /** null for a draw. */
      winnerId: string | null;
      reason: EndReason;
      ratingChanges: Record<string, { before: number; after: number; delta: number }>;
    };

export interface BattleEvent {
  battleId: string;
  /** Gapless per battle, starting at 1: the resume position for `lastEventId`. */
  seq: number;
  at: string;
  data: BattleEventData;
}

export type PlayerEvent =
  | { type: "matched"; battleId: string; challenge: PublicChallenge; opponent: PlayerInfo; you: PlayerInfo }
  | { type: "waiting"; waitedMs: number; ratingWindow: number; queueSize: number }
  | { type: "rematch_requested"; battleId: string; by: PlayerInfo };

/** A player's editor content, mirrored to the opponent and spectators. Not part of the event log. */
export interface CodeUpdate {
  battleId: string;
  userId: string;
  code: string;
  /** The editor's mode, so a mirror highlights the code as the player sees it. */
  language: Language;
  /** Per-player counter, so a client can drop an update older than one it already has. */
  version: number;
  at: string;
}

/** A code update as stored in Redis or published: older servers wrote none with a language. */
export type StoredCodeUpdate = Omit<CodeUpdate, "language"> & { language?: Language };

/** Receives each message already parsed: one JSON.parse per message, however many listen. */
type Listener = (message: unknown) => void;

/**
 * One subscriber connection per process, multiplexed over any number of local listeners,
 * so a thousand players watching battles cost one Redis connection, not a thousand.
 */
export class EventBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #keys: RedisKeys;
  readonly #log: Logger;
  readonly #listeners = new Map<string, Set<Listener>>();
  /** Resolves once Redis confirmed the channel subscription, shared by every listener on it. */
  readonly #subscribed = new Map<string, Promise<void>>();

  constructor(pub: Redis, sub: Redis, keys: RedisKeys, log: Logger) {
    this.#pub = pub;
    this.#sub = sub;
    this.#keys = keys;
    this.#log = log;
    this.#sub.on("message", (channel: string, message: string) => {
      const listeners = this.#listeners.get(channel);
      if (!listeners || listeners.size === 0) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch (err) {
        this.#log.error({ err, channel }, "unparseable message on a channel");
        return;
      }
      for (const listener of listeners) listener(parsed);
    });
  }

  /** Number of channels with local listeners (exposed so tests can check nothing leaks). */
  get channelCount(): number {
    return this.#listeners.size;
  }

  async publishBattle(events: readonly BattleEvent[]): Promise<void> {
    for (const e of events) await this.#pub.publish(this.#keys.battleChannel(e.battleId), JSON.stringify(e));
  }

  async publishContest(events: readonly ContestEvent[]): Promise<void> {
    for (const e of events) await this.#pub.publish(this.#keys.contestChannel(e.contestId, e.board), JSON.stringify(e));
  }

  contest(contestId: string, board: ContestBoardName, signal: AbortSignal | undefined): AsyncIterableQueue<ContestEvent> {
    return this.#listen<ContestEvent>(this.#keys.contestChannel(contestId, board), signal);
  }

  /** To the contest's admins' feed and to the participant the event is about. */
  async publishProctor(events: readonly ProctorEvent[]): Promise<void> {
    for (const e of events) {
      const message = JSON.stringify(e);
      await Promise.all([
        this.#pub.publish(this.#keys.proctorChannel(e.contestId), message),
        this.#pub.publish(this.#keys.proctorUserChannel(e.contestId, e.userId), message),
      ]);
    }
  }

  /** A contest's proctoring events: all of them, or one participant's. */
  proctor(contestId: string, userId: string | undefined, signal: AbortSignal | undefined): AsyncIterableQueue<ProctorEvent> {
    const channel = userId ? this.#keys.proctorUserChannel(contestId, userId) : this.#keys.proctorChannel(contestId);
    return this.#listen<ProctorEvent>(channel, signal);
  }

  async publishPlayer(userId: string, event: PlayerEvent): Promise<void> {
    await this.#pub.publish(this.#keys.userChannel(userId), JSON.stringify(event));
  }

  /** Code updates of the battle, except those typed by `viewerId` (a player has their own already). */
  code(battleId: string, viewerId: string, signal: AbortSignal | undefined): AsyncIterableQueue<StoredCodeUpdate> {
    return this.#listen<StoredCodeUpdate>(this.#keys.codeChannel(battleId), signal, (u) => u.userId !== viewerId);
  }

  battle(battleId: string, signal: AbortSignal | undefined): AsyncIterableQueue<BattleEvent> {
    return this.#listen<BattleEvent>(this.#keys.battleChannel(battleId), signal);
  }

  player(userId: string, signal: AbortSignal | undefined): AsyncIterableQueue<PlayerEvent> {
    return this.#listen<PlayerEvent>(this.#keys.userChannel(userId), signal);
  }

  /** `accept` drops messages before they wake the subscriber: cheaper than skipping them there. */
  #listen<T>(channel: string, signal: AbortSignal | undefined, accept?: (message: T) => boolean): AsyncIterableQueue<T> {
    const queue = new AsyncIterableQueue<T>(signal, () => this.#remove(channel, listener));
    // Listeners share the parsed object: subscribers only read it (tRPC serialises it per socket).
    const listener: Listener = accept
      ? (message) => {
          if (accept(message as T)) queue.push(message as T);
        }
      : (message) => queue.push(message as T);
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
      this.#subscribed.set(
        channel,
        this.#sub.subscribe(channel).then(() => undefined),
      );
    }
    set.add(listener);
    queue.ready = this.#subscribed.get(channel) ?? Promise.resolve();
    return queue;
  }

  #remove(channel: string, listener: Listener): void {
    const set = this.#listeners.get(channel);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) {
      this.#listeners.delete(channel);
      this.#subscribed.delete(channel);
      this.#sub.unsubscribe(channel).catch((err: unknown) => this.#log.warn({ err, channel }, "unsubscribe failed"));
    }
  }
}

/** Largest backlog a slow subscriber may build before it is cut off (it resumes from lastEventId). */
const MAX_BUFFERED = 1000;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * A push-to-pull buffer that ends when its signal aborts and cleans up exactly once. It is its own
 * iterator, not an async generator: a relayed message is handed to a waiting reader in one promise,
 * where a generator's queue and awaits cost several per message (bench:realtime's relay profile).
 * One reader at a time, as `for await` reads.
 */
export class AsyncIterableQueue<T> implements AsyncIterableIterator<T> {
  ready: Promise<void> = Promise.resolve();
  readonly #items: T[] = [];
  #waiter: { resolve(result: IteratorResult<T>): void; reject(error: Error): void } | undefined;
  #done = false;
  #error: Error | undefined;
  readonly #cleanup: () => void;

  constructor(signal: AbortSignal | undefined, cleanup: () => void) {
    this.#cleanup = cleanup;
    signal?.addEventListener("abort", () => this.close(), { once: true });
    if (signal?.aborted) this.close();
  }

  push(item: T): void {
    if (this.#done) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return;
    }
    if (this.#items.length >= MAX_BUFFERED) {
      this.#error = new Error("subscriber too slow");
      this.close();
      return;
    }
    this.#items.push(item);
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#cleanup();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    // A reader waits only on an empty buffer, so it can be told the end at once.
    if (waiter) this.#finish(waiter);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift() as T, done: false });
    return new Promise((resolve, reject) => {
      if (this.#done) this.#finish({ resolve, reject });
      else this.#waiter = { resolve, reject };
    });
  }

  /** Ends the queue when its reader stops early (`break`, or a generator's `return`). */
  return(): Promise<IteratorResult<T>> {
    this.close();
    this.#items.length = 0;
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** The end of a drained queue: its error once (a cut-off subscriber), then done. */
  #finish(waiter: { resolve(result: IteratorResult<T>): void; reject(error: Error): void }): void {
    const error = this.#error;
    this.#error = undefined;
    if (error) waiter.reject(error);
    else waiter.resolve(DONE);
  }
}
