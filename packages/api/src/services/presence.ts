// Which players of a running battle are connected, across every server instance. Each instance
// counts its own open battle-event subscriptions and reports them to Redis as last-seen times; a
// sweep turns silence into `disconnected`, a return into `reconnected` and a grace period that ran
// out into `forfeit`. Nothing is kept in process memory that another instance would need.
import type { Redis } from "ioredis";
import type { RedisKeys } from "./keys.ts";
import { loadLua } from "./lua.ts";

const sweepScript = loadLua("presence-sweep");
const seeScript = loadLua("presence-see");
/** Players per heartbeat call. */
const SEE_BATCH = 1000;

export interface PresenceOptions {
  /** Silence after which a player counts as disconnected (heartbeats come three times within it). */
  awayAfterMs: number;
  /** How long a disconnected player has to come back before forfeiting. */
  graceMs: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = { awayAfterMs: 3000, graceMs: 30_000 };

export type PresenceChange = "disconnected" | "reconnected" | "forfeit";

export interface PresenceTransition {
  battleId: string;
  userId: string;
  change: PresenceChange;
}

export class Presence {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly options: PresenceOptions;
  /** battleId -> userId -> open subscriptions on this instance. */
  readonly #local = new Map<string, Map<string, number>>();

  constructor(redis: Redis, keys: RedisKeys, options: PresenceOptions = DEFAULT_PRESENCE) {
    this.#redis = redis;
    this.#keys = keys;
    this.options = options;
  }

  /** Players with at least one open subscription here (exposed so tests can check nothing leaks). */
  get localCount(): number {
    let n = 0;
    for (const users of this.#local.values()) n += users.size;
    return n;
  }

  /** Starts watching a new battle's players; both count as just seen, so each has time to subscribe. */
  async track(battleId: string, userIds: readonly string[]): Promise<void> {
    const now = Date.now();
    await this.#redis
      .multi()
      .zadd(this.#keys.presenceSeen(battleId), ...userIds.flatMap((id) => [now, id]))
      .sadd(this.#keys.presenceBattles, battleId)
      .exec();
  }

  /** Stops watching a battle that ended. */
  async untrack(battleId: string): Promise<void> {
    await this.#redis
      .multi()
      .srem(this.#keys.presenceBattles, battleId)
      .del(this.#keys.presenceSeen(battleId), this.#keys.presenceAway(battleId))
      .exec();
  }

  /**
   * A player opened a subscription to their battle here. Returns the function that closes it;
   * the player is seen at once, so a reconnect is noticed on the next sweep.
   */
  attach(battleId: string, userId: string): () => void {
    let users = this.#local.get(battleId);
    if (!users) {
      users = new Map();
      this.#local.set(battleId, users);
    }
    users.set(userId, (users.get(userId) ?? 0) + 1);
    void this.#see([[battleId, userId]]).catch(() => {
      // The next heartbeat reports it again.
    });
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      const count = (users.get(userId) ?? 1) - 1;
      if (count > 0) users.set(userId, count);
      else users.delete(userId);
      if (users.size === 0 && this.#local.get(battleId) === users) this.#local.delete(battleId);
    };
  }

  /** Reports every player subscribed here as seen now; called three times per `awayAfterMs`. */
  async heartbeat(): Promise<void> {
    const entries: [string, string][] = [];
    for (const [battleId, users] of this.#local) for (const userId of users.keys()) entries.push([battleId, userId]);
    if (entries.length > 0) await this.#see(entries);
  }

  /** Presence transitions since the last sweep (from any instance's sweep: each is returned once). */
  async sweep(): Promise<PresenceTransition[]> {
    const k = this.#keys;
    const flat = (await sweepScript.run(
      this.#redis,
      [k.presenceBattles],
      [Date.now(), this.options.awayAfterMs, this.options.graceMs, k.presenceSeen(""), k.presenceAway("")],
    )) as string[];
    const out: PresenceTransition[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
      out.push({ battleId: flat[i] as string, userId: flat[i + 1] as string, change: flat[i + 2] as PresenceChange });
    }
    return out;
  }

  async #see(entries: readonly [string, string][]): Promise<void> {
    const now = Date.now();
    const prefix = this.#keys.presenceSeen("");
    // In slices, so no one call holds Redis (or a JavaScript argument list) for thousands of players.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < entries.length; i += SEE_BATCH) {
      calls.push(seeScript.run(this.#redis, [], [now, prefix, ...entries.slice(i, i + SEE_BATCH).flat()]));
    }
    await Promise.all(calls);
  }
}
