// Live code mirroring: each player's latest editor content, kept in Redis (so a late subscriber or
// a client on another instance gets it at once) and fanned out over pub/sub. Ephemeral by design:
// it is not in the battle's event log and expires a day after the last update.
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import type { CodeUpdate, EventBus } from "./events.ts";
import type { RedisKeys } from "./keys.ts";

/** Server-side floor between two updates from one player; clients send at most every 100 ms. */
export const CODE_UPDATE_MIN_INTERVAL_MS = 50;
const CODE_TTL_SECONDS = 24 * 3600;

export class CodeMirror {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #bus: EventBus;

  constructor(redis: Redis, keys: RedisKeys, bus: EventBus) {
    this.#redis = redis;
    this.#keys = keys;
    this.#bus = bus;
  }

  async update(battleId: string, userId: string, code: string): Promise<CodeUpdate> {
    const allowed = await this.#redis.set(this.#keys.codeThrottle(userId), "1", "PX", CODE_UPDATE_MIN_INTERVAL_MS, "NX");
    if (allowed !== "OK") {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most one code update per ${CODE_UPDATE_MIN_INTERVAL_MS} ms` });
    }
    const key = this.#keys.battleCode(battleId);
    const version = await this.#redis.hincrby(key, `${userId}:version`, 1);
    const update: CodeUpdate = { battleId, userId, code, version, at: new Date().toISOString() };
    await this.#redis.multi().hset(key, userId, JSON.stringify(update)).expire(key, CODE_TTL_SECONDS).exec();
    await this.#bus.publishCode(update);
    return update;
  }

  /** The latest code of each player who has typed anything. */
  async snapshot(battleId: string): Promise<CodeUpdate[]> {
    const all = await this.#redis.hgetall(this.#keys.battleCode(battleId));
    return Object.entries(all)
      .filter(([field]) => !field.endsWith(":version"))
      .map(([, value]) => JSON.parse(value) as CodeUpdate);
  }
}
