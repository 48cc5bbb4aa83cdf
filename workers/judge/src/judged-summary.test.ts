import { verdictWithoutRun } from "@codeduel/judge";
import { describe, expect, it } from "vitest";
import { JudgedSummary } from "./judged-summary.ts";

const verdict = (status: "accepted" | "time_limit", cpuMs: number) => ({ ...verdictWithoutRun(status, ""), cpuMs });

describe("JudgedSummary", () => {
  it("counts each period's verdicts by status, then starts over", () => {
    const summary = new JudgedSummary();
    expect(summary.take()).toBeUndefined();
    summary.add(verdict("accepted", 4), 20);
    summary.add(verdict("accepted", 6), 35);
    summary.add(verdict("time_limit", 2000), 1500);
    expect(summary.take()).toEqual({ judged: 3, statuses: { accepted: 2, time_limit: 1 }, cpuMsMean: 670, queuedMsMax: 1500 });
    expect(summary.take()).toBeUndefined();
    summary.add(verdict("accepted", 5), 10);
    expect(summary.take()).toEqual({ judged: 1, statuses: { accepted: 1 }, cpuMsMean: 5, queuedMsMax: 10 });
  });
});
