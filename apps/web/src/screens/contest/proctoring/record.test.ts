import type { ProctorEvent } from "@codeduel/api";
import { describe, expect, it } from "vitest";
import { applyProctor, EMPTY_RECORD, latestWarning, withEvent } from "./record.ts";
import type { ProctorPolicy } from "./words.ts";

const policy: ProctorPolicy = {
  signals: { window_blur: { weight: 1 } },
  warnAt: 1,
  disqualifyAt: 3,
  graceMs: 0,
  pasteMinChars: 200,
  disconnectAfterSeconds: 30,
  requireFullscreen: false,
};

function event(seq: number, over: Partial<ProctorEvent> = {}): ProctorEvent {
  return {
    contestId: "c",
    seq,
    userId: "u",
    name: "ann",
    kind: "violation",
    at: new Date(1_000_000 + seq).toISOString(),
    signal: "window_blur",
    clientAt: null,
    clientId: null,
    detail: {},
    weight: 1,
    score: seq,
    outcome: "warning",
    by: null,
    reason: null,
    ...over,
  };
}

describe("a participant's proctoring record", () => {
  it("takes the standing from the state, then folds each entry once, in order", () => {
    let r = applyProctor(EMPTY_RECORD, { type: "state", policy, disqualified: null });
    r = applyProctor(r, { type: "event", ...event(2) });
    r = applyProctor(r, { type: "event", ...event(1) });
    const again = applyProctor(r, { type: "event", ...event(2) });
    expect(again).toBe(r);
    expect(r.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(r.policy).toEqual(policy);
  });

  it("is disqualified by the policy or an admin, and reinstated", () => {
    let r = applyProctor(EMPTY_RECORD, { type: "state", policy, disqualified: null });
    r = applyProctor(r, { type: "event", ...event(1, { score: 3, outcome: "disqualified", reason: "the score reached 3" }) });
    expect(r.disqualified?.reason).toBe("the score reached 3");
    r = applyProctor(r, { type: "event", ...event(2, { kind: "reinstated", signal: null, outcome: null, by: "org", reason: "ok" }) });
    expect(r.disqualified).toBeNull();
    r = applyProctor(r, { type: "event", ...event(3, { kind: "disqualified", signal: null, outcome: null, by: "org", reason: "copied" }) });
    expect(r.disqualified?.reason).toBe("copied");
    // A resumed subscription's state says where they stand now.
    r = applyProctor(r, { type: "state", policy, disqualified: null });
    expect(r.disqualified).toBeNull();
  });

  it("numbers warnings afresh after a reinstatement", () => {
    const log = [
      event(1),
      event(2),
      event(3, { kind: "reinstated", signal: null, outcome: null }),
      event(4, { outcome: "none" }),
      event(5),
    ];
    expect(latestWarning(log.slice(0, 2))).toMatchObject({ n: 2, event: { seq: 2 } });
    expect(latestWarning(log.slice(0, 4))).toBeNull();
    expect(latestWarning(log)).toMatchObject({ n: 1, event: { seq: 5 } });
  });

  it("keeps a feed in sequence order when an older entry arrives late", () => {
    const list = [event(1), event(3)].reduce(withEvent, [] as ProctorEvent[]);
    expect(withEvent(list, event(2)).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
