// Loads a Lua script from ./lua and runs it by SHA, falling back to EVAL after a Redis restart.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

export interface LuaScript {
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

export function loadLua(name: string): LuaScript {
  const source = readFileSync(new URL(`../lua/${name}.lua`, import.meta.url), "utf8");
  const sha = createHash("sha1").update(source).digest("hex");
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
