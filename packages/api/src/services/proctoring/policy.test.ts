import { describe, expect, it } from "vitest";
import { isViolation, outcomeOf, proctorPolicySchema, weightOf } from "./policy.ts";

const policy = proctorPolicySchema.parse({
  signals: { tab_hidden: { weight: 1 }, paste: { weight: 3 }, fullscreen_exit: { weight: 1 }, disconnect: { weight: 2 } },
  warnAt: 1,
  disqualifyAt: 3,
  pasteMinChars: 200,
  disconnectAfterSeconds: 30,
});

describe("the proctoring policy", () => {
  it("collects only the signals it lists", () => {
    expect(weightOf(policy, "tab_hidden")).toBe(1);
    expect(weightOf(policy, "copy")).toBeUndefined();
    expect(isViolation(policy, "copy", {})).toBe(false);
  });

  it("counts a paste from its threshold on, and a disconnection from its length on", () => {
    expect(isViolation(policy, "paste", { chars: 199 })).toBe(false);
    expect(isViolation(policy, "paste", { chars: 200 })).toBe(true);
    expect(isViolation(policy, "paste", {})).toBe(false);
    expect(isViolation(policy, "disconnect", { awayMs: 29_999 })).toBe(false);
    expect(isViolation(policy, "disconnect", { awayMs: 30_000 })).toBe(true);
  });

  it("counts leaving fullscreen only where the contest requires fullscreen", () => {
    expect(isViolation(policy, "fullscreen_exit", {})).toBe(false);
    expect(isViolation({ ...policy, requireFullscreen: true }, "fullscreen_exit", {})).toBe(true);
  });

  it("warns at the first tab switch and disqualifies at the third, once", () => {
    // tab_hidden weighs 1: scores 1, 2, 3, 4.
    expect(outcomeOf(policy, 1, false)).toBe("warning");
    expect(outcomeOf(policy, 2, false)).toBe("warning");
    expect(outcomeOf(policy, 3, true)).toBe("disqualified");
    // Past the line again (a violation after the disqualification): nothing more happens.
    expect(outcomeOf(policy, 4, false)).toBe("none");
  });

  it("disqualifies at once on a large paste", () => {
    // paste weighs 3 = disqualifyAt.
    expect(outcomeOf(policy, 0 + 3, true)).toBe("disqualified");
  });

  it("records without a warning below the warning line", () => {
    const lenient = proctorPolicySchema.parse({ signals: { window_blur: { weight: 1 } }, warnAt: 2, disqualifyAt: 5 });
    expect(outcomeOf(lenient, 1, false)).toBe("none");
    expect(outcomeOf(lenient, 2, false)).toBe("warning");
  });

  it("refuses a policy that collects nothing or disqualifies before it warns", () => {
    expect(proctorPolicySchema.safeParse({ signals: {} }).success).toBe(false);
    expect(proctorPolicySchema.safeParse({ signals: { copy: { weight: 1 } }, warnAt: 4, disqualifyAt: 3 }).success).toBe(false);
  });
});
