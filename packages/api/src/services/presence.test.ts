// Presence against a real Redis, under a private key prefix: heartbeats keep players present,
// silence makes them `disconnected`, a return `reconnected`, and a heartbeat for more players than
// one Redis call carries reaches all of them.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisKeys } from "./keys.ts";
import { Presence } from "./presence.ts";

const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `cdtest-presence-${randomBytes(6).toString("hex")}`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

let n = 0;
const fresh = (awayAfterMs: number) => {
  const keys = redisKeys(`${prefix}-${n++}`);
  return { keys, presence: new Presence(redis, keys, { awayAfterMs, graceMs: 60_000 }) };
};

describe("Presence", () => {
  it("reports a player who stops heartbeating as disconnected, then reconnected, each once", async () => {
    const { presence } = fresh(300);
    await presence.track("b1", ["ann", "ben"]);
    const detachAnn = presence.attach("b1", "ann");
    presence.attach("b1", "ben");
    detachAnn();
    await sleep(400);
    await presence.heartbeat();
    expect(await presence.sweep()).toEqual([{ battleId: "b1", userId: "ann", change: "disconnected" }]);
    expect(await presence.sweep()).toEqual([]);
    presence.attach("b1", "ann");
    await presence.heartbeat();
    expect(await presence.sweep()).toEqual([{ battleId: "b1", userId: "ann", change: "reconnected" }]);
  });

  it("one heartbeat marks every held player seen, across several Redis calls", async () => {
    const { presence, keys } = fresh(60_000);
    const battles = Array.from({ length: 1300 }, (_, i) => `battle${i}`);
    for (const b of battles) await presence.track(b, [`${b}-a`, `${b}-b`]);
    for (const b of battles) {
      presence.attach(b, `${b}-a`);
      presence.attach(b, `${b}-b`);
    }
    const before = Date.now();
    await sleep(20);
    await presence.heartbeat();
    const last = battles.at(-1) as string;
    for (const b of [battles[0] as string, battles[700] as string, last]) {
      const seen = await Promise.all([`${b}-a`, `${b}-b`].map((user) => redis.zscore(keys.presenceSeen(b), user)));
      for (const at of seen) expect(Number(at)).toBeGreaterThan(before);
    }
    expect(presence.localCount).toBe(2600);
  });

  it("a late heartbeat does not bring back a battle that ended", async () => {
    const { presence, keys } = fresh(60_000);
    await presence.track("done", ["ann", "ben"]);
    presence.attach("done", "ann");
    await presence.untrack("done");
    await presence.heartbeat();
    expect(await redis.exists(keys.presenceSeen("done"))).toBe(0);
  });
});
