// The matchmaking queue in Redis. Every state change is one Lua script, so simultaneous joins on
// any number of server instances can never pair a player twice or lose one.
import type { Redis } from "ioredis";
import type { RedisKeys } from "./keys.ts";
import { loadLua } from "./lua.ts";

const scripts = {
  join: loadLua("join"),
  leave: loadLua("leave"),
  pair: loadLua("pair"),
  confirm: loadLua("confirm"),
  release: loadLua("release"),
  rematch: loadLua("rematch"),
};

/** How long a rematch request waits for the opponent. */
const REMATCH_TTL_SECONDS = 300;

export interface MatchmakingOptions {
  /** Rating gap allowed for players who just joined. */
  baseWindow: number;
  /** How much the allowed gap grows per second of waiting. */
  widenPerSecond: number;
  maxWindow: number;
}

export const DEFAULT_MATCHMAKING: MatchmakingOptions = { baseWindow: 100, widenPerSecond: 25, maxWindow: 800 };

export interface Pair {
  pairId: string;
  a: string;
  b: string;
  /** How long each player had waited since joining, ms: set on pairs fresh from `pair()` only. */
  waitedMs?: [number, number];
}

export type PlayerQueueState =
  | { kind: "idle" }
  | { kind: "queued"; waitedMs: number; ratingWindow: number }
  | { kind: "pending"; pairId: string }
  | { kind: "battle"; battleId: string };

export class Matchmaker {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly options: MatchmakingOptions;

  constructor(redis: Redis, keys: RedisKeys, options: MatchmakingOptions = DEFAULT_MATCHMAKING) {
    this.#redis = redis;
    this.#keys = keys;
    this.options = options;
  }

  windowFor(waitedMs: number): number {
    const { baseWindow, widenPerSecond, maxWindow } = this.options;
    return Math.min(maxWindow, baseWindow + (widenPerSecond * waitedMs) / 1000);
  }

  /** Returns "ok", or the state that prevents joining ("queued", "pending:…", "battle:…"). */
  async join(userId: string, rating: number): Promise<string> {
    const k = this.#keys;
    return String(await scripts.join.run(this.#redis, [k.mmQueue, k.mmJoined, k.mmState], [userId, rating, Date.now()]));
  }

  /** Returns "ok" when the player left the queue, otherwise their current state. */
  async leave(userId: string): Promise<string> {
    const k = this.#keys;
    return String(await scripts.leave.run(this.#redis, [k.mmQueue, k.mmJoined, k.mmState], [userId]));
  }

  async state(userId: string): Promise<PlayerQueueState> {
    const [state, joined] = await Promise.all([
      this.#redis.hget(this.#keys.mmState, userId),
      this.#redis.hget(this.#keys.mmJoined, userId),
    ]);
    return parseState(state, joined, (waited) => this.windowFor(waited));
  }

  async pair(maxPairs = 1000): Promise<Pair[]> {
    const k = this.#keys;
    const { baseWindow, widenPerSecond, maxWindow } = this.options;
    const raw = (await scripts.pair.run(
      this.#redis,
      [k.mmQueue, k.mmJoined, k.mmState, k.mmPending, k.mmPairSeq],
      [Date.now(), baseWindow, widenPerSecond, maxWindow, maxPairs],
    )) as string[];
    return raw.map((r) => {
      const [, , , waitA, waitB] = r.split("|");
      return { ...parsePair(r), waitedMs: [Number(waitA), Number(waitB)] };
    });
  }

  async confirm(pair: Pair, battleId: string): Promise<void> {
    await scripts.confirm.run(this.#redis, [this.#keys.mmState, this.#keys.mmPending], [pair.pairId, pair.a, pair.b, battleId]);
  }

  async release(battleId: string, userIds: readonly string[]): Promise<void> {
    await scripts.release.run(this.#redis, [this.#keys.mmState], [battleId, ...userIds]);
  }

  /**
   * Records a rematch request. "paired" when both players asked and both were free: they are now a
   * pending pair with this pairId, to be turned into a battle like any matched pair.
   */
  async requestRematch(battleId: string, userId: string, otherUserId: string): Promise<"waiting" | "busy" | "paired"> {
    const k = this.#keys;
    const pairId = `rematch-${battleId}`;
    const result = await scripts.rematch.run(
      this.#redis,
      [k.rematch(battleId), k.mmState, k.mmPending],
      [userId, otherUserId, pairId, Date.now(), REMATCH_TTL_SECONDS],
    );
    return result as "waiting" | "busy" | "paired";
  }

  /** Pairs whose battle was never confirmed (the server that paired them died); any instance may finish them. */
  async stalePending(olderThanMs: number): Promise<Pair[]> {
    const all = await this.#redis.hgetall(this.#keys.mmPending);
    const cutoff = Date.now() - olderThanMs;
    return Object.entries(all)
      .filter(([, v]) => Number(v.split("|")[2]) < cutoff)
      .map(([pairId, v]) => parsePair(`${pairId}|${v}`));
  }

  async queueSize(): Promise<number> {
    return this.#redis.zcard(this.#keys.mmQueue);
  }
}

function parsePair(raw: string): Pair {
  const [pairId, a, b] = raw.split("|");
  if (!pairId || !a || !b) throw new Error(`Malformed pair ${raw}`);
  return { pairId, a, b };
}

function parseState(state: string | null, joined: string | null, windowFor: (waitedMs: number) => number): PlayerQueueState {
  if (!state) return { kind: "idle" };
  if (state === "queued") {
    const waitedMs = Math.max(0, Date.now() - Number(joined ?? Date.now()));
    return { kind: "queued", waitedMs, ratingWindow: windowFor(waitedMs) };
  }
  if (state.startsWith("pending:")) return { kind: "pending", pairId: state.slice(8) };
  if (state.startsWith("battle:")) return { kind: "battle", battleId: state.slice(7) };
  return { kind: "idle" };
}
