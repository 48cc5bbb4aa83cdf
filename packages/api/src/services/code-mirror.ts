// Live code mirroring: each player's latest editor content, kept in Redis (so a late subscriber or
// a client on another instance gets it at once) and fanned out over pub/sub. Ephemeral by design:
// it is not in the battle's event log and expires a day after the last update. An update is one
// Lua script (no database query), because it is the most frequent call a battle makes.
import type { Language } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import type { CodeUpdate, StoredCodeUpdate } from "./events.ts";
import type { RedisKeys } from "./keys.ts";
import { loadLua } from "./lua.ts";

const updateScript = loadLua("code-update");

/** Server-side cap per player; clients send at most every 100 ms (10 a second). */
export const CODE_UPDATES_PER_SECOND = 20;
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
   * battle right now (the caller finds out why); TOO_MANY_REQUESTS over the per-second cap.
   */
  async update(battleId: string, userId: string, code: string, language: Language): Promise<{ version: number } | undefined> {
    const k = this.#keys;
    const result = Number(
      await updateScript.run(
        this.#redis,
        [k.mmState, k.codeThrottle(userId), k.battleCode(battleId), k.codeChannel(battleId)],
        [userId, battleId, code, CODE_UPDATES_PER_SECOND, CODE_TTL_SECONDS, new Date().toISOString(), language],
      ),
    );
    if (result === -1) return undefined;
    if (result === -2) {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `At most ${CODE_UPDATES_PER_SECOND} code updates a second` });
    }
    return { version: result };
  }

  /** The latest code of each player who has typed anything. */
  async snapshot(battleId: string): Promise<CodeUpdate[]> {
    const all = await this.#redis.hgetall(this.#keys.battleCode(battleId));
    return Object.entries(all)
      .filter(([field]) => !field.endsWith(":version"))
      .map(([, value]) => withLanguage(JSON.parse(value) as StoredCodeUpdate));
  }
}

/**
 * Code stored or published before updates carried a language (kept for a day, or sent by an
 * instance not yet upgraded) was typed when JavaScript was the only mode: it reads as JavaScript.
 */
export function withLanguage(update: StoredCodeUpdate): CodeUpdate {
  return update.language ? (update as CodeUpdate) : { ...update, language: "javascript" };
}
