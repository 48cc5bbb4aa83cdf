// Live code mirroring: each player's latest editor content, kept in Redis (so a late subscriber or
// a client on another instance gets it at once) and fanned out over pub/sub. Ephemeral by design:
// it is not in the battle's event log and expires a day after the last update. An update is one
// Lua script (no database query), because it is the most frequent call a battle makes.
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import type { CodeUpdate } from "./events.ts";
import type { RedisKeys } from "./keys.ts";
import { loadLua } from "./lua.ts";

const updateScript = loadLua("code-update");

/** Server-side floor between two updates from one player; clients send at most every 100 ms. */
export const CODE_UPDATE_MIN_INTERVAL_MS = 50;
const CODE_TTL_SECONDS = 24 * 3600;

export class CodeMirror {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /**
   * Records and publishes a player's code. Returns undefined when the user is not playing this
   * battle right now (the caller finds out why); TOO_MANY_REQUESTS under the interval floor.
   */
  async update(battleId: string, userId: string, code: string): Promise<{ version: number } | undefined> {
    const k = this.#keys;
    const result = Number(
      await updateScript.run(
        this.#redis,
        [k.mmState, k.codeThrottle(userId), k.battleCode(battleId), k.codeChannel(battleId)],
        [userId, battleId, code, CODE_UPDATE_MIN_INTERVAL_MS, CODE_TTL_SECONDS, new Date().toISOString()],
      ),
    );
    if (result === -1) return undefined;
    if (result === -2) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most one code update per ${CODE_UPDATE_MIN_INTERVAL_MS} ms` });
    }
    return { version: result };
  }

  /** The latest code of each player who has typed anything. */
  async snapshot(battleId: string): Promise<CodeUpdate[]> {
    const all = await this.#redis.hgetall(this.#keys.battleCode(battleId));
    return Object.entries(all)
      .filter(([field]) => !field.endsWith(":version"))
      .map(([, value]) => JSON.parse(value) as CodeUpdate);
  }
}
