// The Redis matchmaker against a real Redis, under a private key prefix.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisKeys } from "./keys.ts";
import { Matchmaker } from "./matchmaker.ts";

const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `cdtest-mm-${randomBytes(6).toString("hex")}`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

let n = 0;
const fresh = () => new Matchmaker(redis, redisKeys(`${prefix}-${n++}`), { baseWindow: 100, widenPerSecond: 1000, maxWindow: 800 });

describe("Matchmaker", () => {
  beforeAll(async () => {
    await redis.ping();
  });

  it("pairs the closest ratings first", async () => {
    const mm = fresh();
    for (const [id, rating] of [
      ["a", 1000],
      ["b", 1500],
      ["c", 1040],
      ["d", 1520],
    ] as const) {
      expect(await mm.join(id, rating)).toBe("ok");
    }
    const pairs = await mm.pair();
    expect(pairs.map((p) => [p.a, p.b].sort().join())).toEqual(["a,c", "b,d"]);
    expect(await mm.queueSize()).toBe(0);
    expect(await mm.state("a")).toMatchObject({ kind: "pending" });
  });

  it("widens the allowed gap the longer players wait", async () => {
    const mm = fresh();
    await mm.join("low", 1000);
    await mm.join("high", 1400);
    expect(await mm.pair()).toEqual([]);
    // widenPerSecond is 1000 here, so 300 ms of waiting opens the window past 400.
    await new Promise((r) => setTimeout(r, 350));
    expect(await mm.pair()).toHaveLength(1);
  });

  it("refuses a second join and a join while in a battle", async () => {
    const mm = fresh();
    expect(await mm.join("x", 1200)).toBe("ok");
    expect(await mm.join("x", 1200)).toBe("queued");
    await mm.join("y", 1200);
    const [pair] = await mm.pair();
    if (!pair) throw new Error("no pair");
    await mm.confirm(pair, "battle-1");
    expect(await mm.join("x", 1200)).toBe("battle:battle-1");
    await mm.release("battle-1", ["x", "y"]);
    expect(await mm.state("x")).toEqual({ kind: "idle" });
  });

  it("reports how long each paired player waited, for the time-to-match metric", async () => {
    const mm = fresh();
    await mm.join("early", 1000);
    await new Promise((r) => setTimeout(r, 200));
    await mm.join("late", 1010);
    const [pair] = await mm.pair();
    if (!pair?.waitedMs) throw new Error("no pair, or no waits");
    const waited = new Map([
      [pair.a, pair.waitedMs[0]],
      [pair.b, pair.waitedMs[1]],
    ]);
    expect(waited.get("early")).toBeGreaterThanOrEqual(200);
    expect(waited.get("late")).toBeGreaterThanOrEqual(0);
    expect(waited.get("late")).toBeLessThan(waited.get("early") ?? 0);
  });
});
