// The small pieces around the players: relay matching, start schedules, seeded choices, errors.
import { describe, expect, it } from "vitest";
import { errorKind, isBattleOver } from "./errors.ts";
import { Metrics } from "./metrics.ts";
import { RelayTracker } from "./relay.ts";
import { createRng } from "./rng.ts";
import { startedBy } from "./schedule.ts";
import { ServerSampler } from "./server-sampler.ts";

describe("Metrics", () => {
  it("counts a relay as steady only once every player has connected", () => {
    const m = new Metrics();
    m.record("relay", 80);
    m.record("relay", 90);
    m.arrived();
    m.record("relay", 5);
    expect(m.latency.relay.count).toBe(3);
    expect(m.latency.relay_steady.count).toBe(1);
    expect(m.latency.relay_steady.percentile(99)).toBeLessThan(6);
  });
});

describe("RelayTracker", () => {
  it("measures an update whichever end is seen first", () => {
    const seen: number[] = [];
    const relay = new RelayTracker((ms) => seen.push(ms));
    relay.sent("b", "u", 1, 100);
    relay.received("b", "u", 1, 130);
    relay.received("b", "u", 2, 250); // the opponent's copy overtook the mutation's reply
    relay.sent("b", "u", 2, 200);
    expect(seen).toEqual([30, 50]);
    expect(relay.size).toBe(0);
  });

  it("drops ends that never meet", () => {
    const relay = new RelayTracker(() => {});
    relay.sent("b", "u", 1, 0);
    relay.received("b", "v", 9, 5_000);
    expect(relay.prune(31_000, 30_000)).toBe(1);
    expect(relay.size).toBe(1);
    expect(relay.prune(36_000, 30_000)).toBe(1);
    expect(relay.size).toBe(0);
  });
});

describe("startedBy", () => {
  it("releases players per mode", () => {
    expect(startedBy("immediate", 1000, 50, 0)).toBe(1000);
    expect(startedBy("gradual", 1000, 50, 0)).toBe(1);
    expect(startedBy("gradual", 1000, 50, 1000)).toBe(51);
    expect(startedBy("gradual", 1000, 50, 60_000)).toBe(1000);
    expect(startedBy("burst", 1000, 50, 0)).toBe(100);
    expect(startedBy("burst", 1000, 50, 999)).toBe(100);
    expect(startedBy("burst", 1000, 50, 1000)).toBe(200);
    expect(startedBy("burst", 1000, 50, 20_000)).toBe(1000);
  });
});

describe("createRng", () => {
  it("repeats per seed and stream, and follows the weights", () => {
    const a = createRng(42, 3);
    const b = createRng(42, 3);
    const c = createRng(42, 4);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    const rng = createRng(1);
    const counts = { correct: 0, wrong: 0, loop: 0, bomb: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted({ correct: 0.7, wrong: 0.2, loop: 0.1, bomb: 0 })]++;
    expect(counts.bomb).toBe(0);
    expect(counts.correct / 10_000).toBeCloseTo(0.7, 1);
    expect(counts.loop / 10_000).toBeCloseTo(0.1, 1);
  });
});

describe("errorKind", () => {
  it("labels tRPC, socket and timeout errors", () => {
    const trpc = Object.assign(new Error("You are already in a battle"), { data: { code: "CONFLICT" } });
    expect(errorKind(trpc)).toBe("CONFLICT You are already in a battle");
    expect(errorKind(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED");
    expect(errorKind(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe("TIMEOUT");
    expect(errorKind(new Error("WebSocket closed"))).toBe("WS_CLOSED");
    expect(errorKind(new Error("odd failure 42 for 1b4e28ba-2fa1-11d2-883f-0016d3cca427"))).toBe("ERROR odd failure N for <id>");
    expect(isBattleOver(Object.assign(new Error("This battle is over"), { data: { code: "CONFLICT" } }))).toBe(true);
    expect(isBattleOver(Object.assign(new Error("This battle is not running"), { data: { code: "CONFLICT" } }))).toBe(true);
    expect(isBattleOver(trpc)).toBe(false);
  });
});

describe("ServerSampler", () => {
  it("turns /health CPU times into percent of one core, and keeps max and last memory", async () => {
    const bodies = [
      { connectedPlayers: 4, process: { pid: 1, uptimeMs: 10_000, cpuUserMs: 1000, cpuSystemMs: 0, rssBytes: 100, heapUsedBytes: 10 } },
      {
        connectedPlayers: 9,
        process: {
          pid: 1,
          uptimeMs: 11_000,
          cpuUserMs: 1400,
          cpuSystemMs: 100,
          rssBytes: 300,
          heapUsedBytes: 30,
          eventLoopDelayMs: { windowMs: 5000, p50: 10.1, p99: 35.2, max: 80.5 },
        },
      },
      { connectedPlayers: 7, process: { pid: 1, uptimeMs: 13_000, cpuUserMs: 1600, cpuSystemMs: 100, rssBytes: 200, heapUsedBytes: 20 } },
      "down",
      // Another process behind the URL: no CPU rate across the restart.
      { connectedPlayers: 0, process: { pid: 2, uptimeMs: 500, cpuUserMs: 400, cpuSystemMs: 0, rssBytes: 50, heapUsedBytes: 5 } },
    ];
    let i = 0;
    const fakeFetch = (async () => {
      const body = bodies[i++];
      if (body === "down") throw new Error("fetch failed");
      return new Response(JSON.stringify(body));
    }) as unknown as typeof fetch;
    const sampler = new ServerSampler([{ base: "http://s", ws: "ws://s/ws" }], { fetch: fakeFetch });
    for (let n = 0; n < bodies.length; n++) await sampler.sampleOnce();
    const [s] = sampler.stats();
    expect(s).toMatchObject({
      url: "http://s",
      samples: 4,
      failedSamples: 1,
      lastError: "fetch failed",
      restarts: 1,
      // 500 ms of CPU over 1 s, then 200 ms over 2 s; 700 over 3 s in all.
      cpuPercent: { avg: 23.3, max: 50, last: 10 },
      rssBytes: { max: 300, last: 50 },
      heapUsedBytes: { max: 30, last: 5 },
      // Reported by the second sample only: an older server without the field leaves it alone.
      eventLoopDelayMs: { p99: { max: 35.2, last: 35.2 }, max: { max: 80.5, last: 80.5 } },
      connectedPlayers: { max: 9, last: 0 },
    });
  });
});
