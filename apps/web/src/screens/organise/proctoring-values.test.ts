import { describe, expect, it } from "vitest";
import { newProctoringValues, proctoringInput, proctoringValuesOf } from "./proctoring-values.ts";

describe("a contest form's proctoring", () => {
  it("is off by default: no policy", () => {
    expect(proctoringInput(newProctoringValues())).toEqual({ policy: null });
  });

  it("turned on, gives the policy with the signals ticked and their weights", () => {
    const v = newProctoringValues();
    v.on = true;
    v.signals.paste = { on: true, weight: "2" };
    v.signals.window_blur.on = false;
    v.warnAt = "2";
    v.disqualifyAt = "4";
    v.graceMs = "1500";
    expect(proctoringInput(v)).toEqual({
      policy: {
        signals: { tab_hidden: { weight: 1 }, paste: { weight: 2 } },
        warnAt: 2,
        disqualifyAt: 4,
        graceMs: 1500,
        pasteMinChars: 200,
        disconnectAfterSeconds: 30,
        requireFullscreen: false,
      },
    });
  });

  it("names the field at fault", () => {
    const v = { ...newProctoringValues(), on: true };
    expect(proctoringInput({ ...v, warnAt: "5", disqualifyAt: "3" })).toEqual({
      error: "Proctoring: warn at or before the disqualification score",
    });
    expect(proctoringInput({ ...v, graceMs: "1.5" })).toEqual({ error: "Proctoring, grace: a whole number from 0 to 60000" });
    const none = Object.fromEntries(Object.entries(v.signals).map(([k, s]) => [k, { ...s, on: false }])) as typeof v.signals;
    expect(proctoringInput({ ...v, signals: none })).toHaveProperty("error", expect.stringMatching(/at least one signal/));
  });

  it("reads a saved policy back as it was saved", () => {
    const v = { ...newProctoringValues(), on: true, requireFullscreen: true };
    v.signals.fullscreen_exit = { on: true, weight: "3" };
    const saved = proctoringInput(v);
    if (!("policy" in saved)) throw new Error(saved.error);
    expect(proctoringValuesOf(saved.policy)).toEqual(v);
    expect(proctoringValuesOf(null).on).toBe(false);
  });
});
