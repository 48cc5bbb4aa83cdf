// A proctored contest's policy and what it makes of each violation: pure, so the same rules are
// unit-tested here, applied by the server and shown to participants by the web app. The atomic
// part (two violations of one participant at two instances) is the Redis script's
// (../../lua/proctor-score.lua); this module says what a score means.
import { z } from "zod";

/**
 * What a browser can report. `tab_hidden`: the page was hidden (another tab, minimised).
 * `window_blur`: the window lost focus (another window in front). `fullscreen_exit`: left
 * fullscreen while the contest requires it. `paste`: a paste into the editor longer than
 * `pasteMinChars`. `copy`: a copy out of the statement. `second_tab`: the contest open in another
 * tab of the same browser. `disconnect`: the connection was gone longer than
 * `disconnectAfterSeconds` (detected by the server when the participant comes back).
 */
export const PROCTOR_SIGNALS = ["tab_hidden", "window_blur", "fullscreen_exit", "paste", "copy", "second_tab", "disconnect"] as const;
export type ProctorSignal = (typeof PROCTOR_SIGNALS)[number];
export const proctorSignalSchema = z.enum(PROCTOR_SIGNALS);

const weight = z.number().int().min(0).max(100);

export const proctorPolicySchema = z
  .object({
    /** The signals collected, each with what one occurrence adds to the score. Unlisted: never collected. */
    signals: z.partialRecord(proctorSignalSchema, z.object({ weight })),
    /** Warn from this score on... */
    warnAt: z.number().int().min(1).max(1000).default(1),
    /** ...and disqualify at this score. */
    disqualifyAt: z.number().int().min(1).max(1000).default(3),
    /** A tab or window away for less than this is a blip, not a violation (applied in the browser). */
    graceMs: z.number().int().min(0).max(60_000).default(0),
    /** A paste shorter than this is not a violation. */
    pasteMinChars: z.number().int().min(1).max(100_000).default(200),
    /** A connection gone for less than this is not a violation. */
    disconnectAfterSeconds: z.number().int().min(1).max(3600).default(30),
    /** The contest page asks for fullscreen, and `fullscreen_exit` counts leaving it. */
    requireFullscreen: z.boolean().default(false),
  })
  .refine((p) => p.warnAt <= p.disqualifyAt, { message: "warn at or before the disqualification", path: ["warnAt"] })
  .refine((p) => Object.keys(p.signals).length > 0, { message: "a proctored contest collects at least one signal", path: ["signals"] });
export type ProctorPolicy = z.infer<typeof proctorPolicySchema>;

/** What the policy made of one violation. */
export type ProctorOutcome = "none" | "warning" | "disqualified";

/** What one occurrence of `signal` adds, or undefined when the policy does not collect it. */
export function weightOf(policy: ProctorPolicy, signal: ProctorSignal): number | undefined {
  return policy.signals[signal]?.weight;
}

/**
 * Whether a reported signal is a violation under the policy: collected at all, and past its
 * threshold where it has one (a paste's length, a disconnection's length).
 */
export function isViolation(policy: ProctorPolicy, signal: ProctorSignal, detail: SignalDetail): boolean {
  if (weightOf(policy, signal) === undefined) return false;
  if (signal === "paste") return (detail.chars ?? 0) >= policy.pasteMinChars;
  if (signal === "disconnect") return (detail.awayMs ?? 0) >= policy.disconnectAfterSeconds * 1000;
  if (signal === "fullscreen_exit") return policy.requireFullscreen;
  return true;
}

/** What a browser measured about a signal; only what the policy uses. */
export const signalDetailSchema = z.object({
  /** A paste's length. */
  chars: z.number().int().min(0).max(10_000_000).optional(),
  /** How long the page, window or connection was away, when known. */
  awayMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type SignalDetail = z.infer<typeof signalDetailSchema>;

/**
 * The outcome of a violation that took the score to `score`. `firstToDisqualify`: this violation
 * is the one the Redis script let disqualify (exactly one per disqualification, across instances);
 * a score at or past the line without it means the participant is disqualified already.
 */
export function outcomeOf(policy: ProctorPolicy, score: number, firstToDisqualify: boolean): ProctorOutcome {
  if (score >= policy.disqualifyAt) return firstToDisqualify ? "disqualified" : "none";
  return score >= policy.warnAt ? "warning" : "none";
}

/** A policy's own reason for a disqualification, shown to the participant and in exports. */
export function disqualificationReason(policy: ProctorPolicy, score: number, signal: ProctorSignal): string {
  return `Proctoring: the ${signal.replace("_", " ")} took the score to ${score} of ${policy.disqualifyAt}`;
}
