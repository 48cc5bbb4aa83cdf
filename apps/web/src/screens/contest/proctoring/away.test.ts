import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AwaySignal, AwayTracker } from "./away.ts";

let sent: [AwaySignal, number | undefined][];
const both = { tab_hidden: true, window_blur: true };
const tracker = (graceMs: number, collects = both) => new AwayTracker({ collects, graceMs, report: (s, ms) => void sent.push([s, ms]) });

beforeEach(() => {
  sent = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("time away from the contest page", () => {
  it("with no grace, reports the moment the window loses focus, once for one time away", () => {
    const t = tracker(0);
    t.blurred(true);
    expect(sent).toEqual([["window_blur", undefined]]);
    // Switching tabs fires blur and then visibilitychange: one act, one violation.
    t.hidden(true);
    t.hidden(false);
    t.blurred(false);
    expect(sent).toHaveLength(1);
    t.blurred(true);
    expect(sent).toEqual([
      ["window_blur", undefined],
      ["window_blur", undefined],
    ]);
  });

  it("sends nothing for a blip shorter than the grace", () => {
    const t = tracker(2000);
    t.blurred(true);
    vi.advanceTimersByTime(1999);
    t.blurred(false);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([]);
  });

  it("sends a time away that outlasts the grace when it passes, as the stronger signal", () => {
    const t = tracker(2000);
    t.blurred(true);
    vi.advanceTimersByTime(500);
    t.hidden(true);
    vi.advanceTimersByTime(1499);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([["tab_hidden", 2000]]);
  });

  it("forgets a time away at a reset (the page unloading): nothing is sent when the grace would pass", () => {
    const t = tracker(1000);
    t.hidden(true);
    t.reset();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([]);
    t.blurred(true);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([["window_blur", 1000]]);
  });

  it("ignores what the policy does not collect", () => {
    const t = tracker(0, { tab_hidden: true, window_blur: false });
    t.blurred(true);
    expect(sent).toEqual([]);
    t.hidden(true);
    expect(sent).toEqual([["tab_hidden", undefined]]);
  });
});
