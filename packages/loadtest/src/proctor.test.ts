// The proctored contest's pieces that need no server: what participants send under a policy, who
// crosses the line, and the ledger that times reports to their events and counts them.
import { describe, expect, it } from "vitest";
import type { Client } from "./connection.ts";
import { type ProctorEventView, ProctorLedger } from "./contest-proctor-ledger.ts";
import {
  crossingLimit,
  detailFor,
  isCrosser,
  MAX_CROSSING,
  nextSignalMs,
  type ProctorPolicyView,
  pickSignal,
  sendableSignals,
} from "./contest-proctor-signals.ts";
import { ContestSubmitter } from "./contest-submit.ts";
import { Metrics } from "./metrics.ts";
import { createRng } from "./rng.ts";
import type { World } from "./world.ts";

const policy = (signals: ProctorPolicyView["signals"], more: Partial<ProctorPolicyView> = {}): ProctorPolicyView => ({
  signals,
  warnAt: 1,
  disqualifyAt: 3,
  graceMs: 2000,
  pasteMinChars: 200,
  requireFullscreen: false,
  ...more,
});

describe("what a participant reports", () => {
  it("sends only what the policy collects and counts as a violation, never a disconnect", () => {
    const p = policy({ tab_hidden: { weight: 1 }, paste: { weight: 2 }, fullscreen_exit: { weight: 1 }, disconnect: { weight: 1 } });
    expect(sendableSignals(p).map((s) => [s.signal, s.weight])).toEqual([
      ["tab_hidden", 1],
      ["paste", 2],
    ]);
    // Leaving fullscreen counts only where the contest asks for it.
    expect(sendableSignals({ ...p, requireFullscreen: true }).map((s) => s.signal)).toContain("fullscreen_exit");
    expect(sendableSignals(policy({ disconnect: { weight: 1 } }))).toEqual([]);
  });

  it("is mostly a tab or window left, and a crosser sends only signals that add to the score", () => {
    const choices = sendableSignals(policy({ tab_hidden: { weight: 1 }, window_blur: { weight: 0 }, copy: { weight: 1 } }));
    const rng = createRng(5);
    const drawn = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const s = pickSignal(choices, rng)?.signal ?? "none";
      drawn.set(s, (drawn.get(s) ?? 0) + 1);
    }
    // 50 : 35 : 5 of 90.
    expect(drawn.get("tab_hidden")).toBeGreaterThan(1000);
    expect(drawn.get("window_blur")).toBeGreaterThan(650);
    expect(drawn.get("copy")).toBeLessThan(200);
    for (let i = 0; i < 200; i++) expect(pickSignal(choices, rng, true)?.signal).not.toBe("window_blur");
    expect(pickSignal(sendableSignals(policy({ window_blur: { weight: 0 } })), rng, true)).toBeUndefined();
  });

  it("measures past the policy's thresholds", () => {
    const p = policy({ tab_hidden: { weight: 1 } });
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) {
      expect(detailFor("tab_hidden", p, rng).awayMs).toBeGreaterThanOrEqual(p.graceMs + 1000);
      expect(detailFor("paste", p, rng).chars).toBeGreaterThanOrEqual(p.pasteMinChars);
    }
    expect(detailFor("copy", p, rng)).toEqual({});
  });

  it("makes exactly the share of crossers, spread over the participants", () => {
    const crossers = (n: number, share: number) => Array.from({ length: n }, (_, i) => i).filter((i) => isCrosser(i, share));
    expect(crossers(1000, 0.05)).toHaveLength(50);
    expect(crossers(350, 0.05)).toHaveLength(17);
    expect(crossers(100, 0.05)).toEqual([19, 39, 59, 79, 99]);
    expect(crossers(100, 0)).toEqual([]);
    expect(crossers(10, 1)).toHaveLength(10);
  });

  it("bounds a crossing by the line and the lightest counting signal", () => {
    const choices = sendableSignals(policy({ tab_hidden: { weight: 2 }, window_blur: { weight: 0 }, copy: { weight: 1 } }));
    expect(crossingLimit(policy({}, { disqualifyAt: 3 }), choices)).toBe(4);
    expect(crossingLimit(policy({}, { disqualifyAt: 1000 }), choices)).toBe(MAX_CROSSING);
    expect(crossingLimit(policy({}), sendableSignals(policy({ window_blur: { weight: 0 } })))).toBe(0);
  });

  it("spaces ordinary signals at the rate asked, on average", () => {
    const rng = createRng(9);
    const waits = Array.from({ length: 4000 }, () => nextSignalMs(0.5, rng) ?? 0);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(mean).toBeGreaterThan(110_000);
    expect(mean).toBeLessThan(130_000);
    expect(nextSignalMs(0, rng)).toBeUndefined();
  });
});

const event = (clientId: string | null, outcome: string | null = "warning", kind = "violation", seq = 1): ProctorEventView => ({
  seq,
  kind,
  clientId,
  outcome,
});
const A = "0b6f1c2e-5d4a-4c3b-9a8e-7f6d5c4b3a29";
const B = "1c7f2d3e-6e5b-4d4c-8b9f-8a7e6d5c4b3a";

describe("ProctorLedger", () => {
  it("times each report from its write to the feed, and the disqualifying one to the participant's own event", () => {
    const m = new Metrics("standings");
    const ledger = new ProctorLedger(m);
    ledger.watchFeed();
    ledger.sent(A, 100);
    ledger.sent(B, 110);
    // The frame went out later than the call: that is where the time starts.
    ledger.written(`{"id":7,"method":"mutation","params":{"path":"contest.report","input":{"clientId":"${A}"}}}`, 104);
    ledger.onFeed(event(A), 124);
    ledger.onOwn(event(A), 130);
    ledger.answered(A, true, "warning", 140);
    ledger.answered(B, true, "disqualified", 200);
    expect(ledger.size).toBe(1); // B's events are still on the way
    ledger.onOwn(event(B, "disqualified", "violation", 2), 410);
    ledger.onFeed(event(B, "disqualified", "violation", 2), 150);
    expect(m.latency.feed.count).toBe(2);
    expect(m.latency.feed.percentile(50)).toBeCloseTo(20, 0);
    expect(m.latency.disqualify.count).toBe(1);
    expect(m.latency.disqualify.percentile(50)).toBeCloseTo(300, -1);
    // Answered 36 ms after A's write and 90 ms after B's call (its frame was not seen).
    expect(m.latency.report.count).toBe(2);
    expect(m.latency.report.summary().max).toBeCloseTo(90, -1);
    expect(m.proctor).toMatchObject({ sent: 2, recorded: 2, feedEvents: 2, feedSeen: 2, disqualifiedAnswered: 1, disqualifiedSeen: 1 });
    expect(m.proctor.disqualifiedOnFeed).toBe(1);
    // Both arrived at both ends: nothing left to wait for.
    expect(ledger.size).toBe(0);
  });

  it("counts a report once however often its event comes, and ignores events that are not this run's reports", () => {
    const m = new Metrics("standings");
    const ledger = new ProctorLedger(m);
    ledger.watchFeed();
    ledger.sent(A, 0);
    ledger.onFeed(event(A), 10);
    ledger.onFeed(event(A), 20); // a resumed feed delivering it again
    ledger.onFeed(event(null, null, "disqualified", 2), 30); // an admin's action
    ledger.onFeed(event(B, "warning", "violation", 3), 40); // the server's own disconnect record, or another run's
    expect(m.proctor.feedEvents).toBe(4);
    expect(m.proctor.feedSeen).toBe(1);
    expect(m.latency.feed.count).toBe(1);
    // Still waiting for the participant's own copy.
    expect(ledger.size).toBe(1);
  });

  it("waits for no event of a report that was not recorded or failed, nor for the feed when it is not watched", () => {
    const m = new Metrics("standings");
    const ledger = new ProctorLedger(m);
    ledger.sent(A, 0);
    ledger.sent(B, 0);
    ledger.answered(A, false, null, 1);
    ledger.failed(B);
    expect(ledger.size).toBe(0);
    expect(m.proctor).toMatchObject({ sent: 2, recorded: 0, notRecorded: 1, failed: 1 });
    ledger.sent(A, 0);
    ledger.onOwn(event(A), 5);
    expect(ledger.size).toBe(1); // not answered yet
    ledger.answered(A, true, "warning", 6);
    expect(ledger.feedWatched).toBe(false);
    expect(ledger.size).toBe(0);
  });

  it("tells the drain once every report's events have come", async () => {
    const ledger = new ProctorLedger(new Metrics("standings"));
    ledger.watchFeed();
    await ledger.drained(); // nothing sent: at once
    ledger.sent(A, 0);
    let drained = false;
    const done = ledger.drained().then(() => {
      drained = true;
    });
    ledger.onOwn(event(A), 5);
    ledger.answered(A, true, "warning", 7);
    await Promise.resolve();
    expect(drained).toBe(false); // the feed's copy is still on the way
    ledger.onFeed(event(A), 9);
    await done;
    expect(drained).toBe(true);
  });

  it("counts the samples after the arrival ramp apart, as the ramp's tail is not the steady state's", () => {
    const m = new Metrics("standings");
    const ledger = new ProctorLedger(m);
    ledger.sent(A, 0);
    ledger.onOwn(event(A, "disqualified"), 900);
    m.arrived();
    ledger.sent(B, 1000);
    ledger.onOwn(event(B, "disqualified"), 1020);
    expect(m.latency.disqualify.count).toBe(2);
    expect(m.latency.disqualify_steady.count).toBe(1);
    expect(m.latency.disqualify_steady.percentile(99)).toBeLessThan(25);
  });

  it("drops reports whose events never come, and counts them", () => {
    const m = new Metrics("standings");
    const ledger = new ProctorLedger(m);
    ledger.sent(A, 0);
    ledger.sent(B, 50_000);
    expect(ledger.prune(60_001, 60_000)).toBe(1);
    expect(ledger.size).toBe(1);
    expect(m.proctor.expired).toBe(1);
    // Too late: not counted as seen.
    ledger.onOwn(event(A, "disqualified"), 70_000);
    expect(m.proctor.disqualifiedSeen).toBe(0);
  });
});

describe("a disqualified participant's submission", () => {
  const refusedWith = async (err: unknown) => {
    const metrics = new Metrics("standings");
    const world = { metrics, now: () => 0 } as unknown as World;
    const client = { contest: { submit: { mutate: () => Promise.reject(err) } } } as unknown as Client;
    const ends: boolean[] = [];
    const submitter = new ContestSubmitter({
      world,
      contestId: A,
      client: () => client,
      frozen: () => false,
      done: (ended) => ends.push(ended),
    });
    submitter.submit({ label: "A", key: "correct", code: "function f() {}" });
    await submitter.whenIdle();
    return { metrics, ends };
  };

  it("is refused, expectedly: no error, and no more submissions", async () => {
    const { metrics, ends } = await refusedWith({
      data: { code: "FORBIDDEN" },
      message: "You are disqualified: Proctoring: the tab hidden took the score to 3 of 3",
    });
    expect(metrics.errorCount).toBe(0);
    expect([...metrics.refusals]).toEqual([["contest.submit disqualified", 1]]);
    expect(ends).toEqual([true]);
  });

  it("while another FORBIDDEN is still an error, and submitting goes on", async () => {
    const { metrics, ends } = await refusedWith({ data: { code: "FORBIDDEN" }, message: "Register for the contest first" });
    expect(metrics.errorCount).toBe(1);
    expect(ends).toEqual([false]);
  });
});
