// Live code mirroring: each player's latest editor content, kept in Redis (so a late subscriber or
// a client on another instance gets it at once) and fanned out over pub/sub. Ephemeral by design:
// it is not in the battle's event log and expires a day after the last update. Updates are the most
// frequent call a battle makes, so they take no database query, and those that arrive together go
// to Redis together: one Lua script call for the whole batch.
import type { Language } from "@codeduel/judge";
import type { Redis } from "ioredis";
import type { CodeUpdate, StoredCodeUpdate } from "./events.ts";
import type { RedisKeys } from "./keys.ts";
import { loadLua } from "./lua.ts";
import { RateLimitedError } from "./rate-limits.ts";

const updateScript = loadLua("code-update");

const CODE_TTL_SECONDS = 24 * 3600;
/** A batch this large goes at once (Redis runs a script without serving anyone else). */
const MAX_BATCH = 200;

interface PendingUpdate {
  battleId: string;
  userId: string;
  code: string;
  language: Language;
  settle(result: number | Error): void;
}

export class CodeMirror {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  /**
   * Updates read in the same pass of the event loop go to Redis together, flushed by setImmediate
   * once the pass has read every socket that had data: each round trip costs the server a socket
   * write and two reads, the largest cost in a CPU profile of bench:realtime's relay. Batches grow
   * with load, when the saving matters, and a lone update waits for nothing.
   */
  #pending: PendingUpdate[] = [];
  #flushScheduled: NodeJS.Immediate | undefined;

  /**
   * Server-side cap per player (clients send at most every 100 ms, 10 a second). It is one of the
   * rate limits, but counted inside the update's own script rather than by rate-limiter-flexible:
   * this is the hottest call of a battle, and the script's INCR costs no extra round trip.
   */
  readonly #perSecond: number;

  constructor(redis: Redis, keys: RedisKeys, perSecond = 20) {
    this.#redis = redis;
    this.#keys = keys;
    this.#perSecond = perSecond;
  }

  /**
   * Records and publishes a player's code. Returns undefined when the user is not playing this
   * battle right now (the caller finds out why); TOO_MANY_REQUESTS over the per-second cap.
   */
  async update(battleId: string, userId: string, code: string, language: Language): Promise<{ version: number } | undefined> {
    const result = await new Promise<number>((resolve, reject) => {
      this.#pending.push({
        battleId,
        userId,
        code,
        language,
        settle: (r) => (r instanceof Error ? reject(r) : resolve(r)),
      });
      if (this.#pending.length >= MAX_BATCH) this.#flush();
      else this.#flushScheduled ??= setImmediate(() => this.#flush());
    });
    if (result === -1) return undefined;
    if (result === -2) {
      throw new RateLimitedError(`At most ${this.#perSecond} code updates a second`, 1000);
    }
    return { version: result };
  }

  #flush(): void {
    clearImmediate(this.#flushScheduled);
    this.#flushScheduled = undefined;
    const batch = this.#pending;
    this.#pending = [];
    const k = this.#keys;
    const keys = [k.mmState];
    const args: (string | number)[] = [this.#perSecond, CODE_TTL_SECONDS, new Date().toISOString()];
    for (const u of batch) {
      keys.push(k.codeThrottle(u.userId), k.battleCode(u.battleId), k.codeChannel(u.battleId));
      args.push(u.userId, u.battleId, u.code, u.language);
    }
    updateScript.run(this.#redis, keys, args).then(
      (results) => {
        const list = results as number[];
        for (const [i, u] of batch.entries()) {
          const result = Number(list[i]);
          u.settle(Number.isInteger(result) ? result : new Error(`code-update script answered ${String(list[i])}`));
        }
      },
      (err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const u of batch) u.settle(error);
      },
    );
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
