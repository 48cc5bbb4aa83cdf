// What a proctored contest's participants report, decided from the contest's policy alone (pure, so
// it is unit-tested): only signals the policy collects and counts as violations, in a browser's
// proportions (mostly a tab or window left), with the detail the policy reads; which participants
// cross the disqualification line; and when each participant's next signal comes.
import type { Rng } from "./rng.ts";

/**
 * The fields of a contest's proctoring policy (contest.get's `proctoring`) this reads. Structural,
 * as contest-board.ts's view of the standings: fields the server adds are ignored.
 */
export interface ProctorPolicyView {
  signals: Partial<Record<string, { weight: number }>>;
  warnAt: number;
  disqualifyAt: number;
  graceMs: number;
  pasteMinChars: number;
  requireFullscreen: boolean;
}

/**
 * How often a browser sees each signal, relative to the others. `disconnect` is missing on purpose:
 * the server measures it from the proctoring subscription, and a browser never reports it.
 */
const FREQUENCY = { tab_hidden: 50, window_blur: 35, copy: 5, paste: 5, second_tab: 3, fullscreen_exit: 2 } as const;
export type SentSignal = keyof typeof FREQUENCY;

export interface SignalChoice {
  signal: SentSignal;
  /** What one occurrence adds to the score under the policy. */
  weight: number;
  /** How often it is drawn, relative to the other choices. */
  frequency: number;
}

/**
 * The signals worth sending under `policy`: collected, and a violation once sent (a fullscreen exit
 * counts only where the contest requires fullscreen). Sending anything else would be refused or
 * kept out of the record, which is not what a proctored participant's browser does.
 */
export function sendableSignals(policy: ProctorPolicyView): SignalChoice[] {
  const out: SignalChoice[] = [];
  for (const [signal, frequency] of Object.entries(FREQUENCY) as [SentSignal, number][]) {
    const weight = policy.signals[signal]?.weight;
    if (weight === undefined) continue;
    if (signal === "fullscreen_exit" && !policy.requireFullscreen) continue;
    out.push({ signal, weight, frequency });
  }
  return out;
}

/** A signal drawn by frequency; `counting`: only those that add to the score (a crosser's). */
export function pickSignal(choices: readonly SignalChoice[], rng: Rng, counting = false): SignalChoice | undefined {
  const pool = counting ? choices.filter((c) => c.weight > 0) : choices;
  if (pool.length === 0) return undefined;
  const weights: Partial<Record<SentSignal, number>> = {};
  for (const c of pool) weights[c.signal] = c.frequency;
  const signal = rng.weighted(weights);
  return pool.find((c) => c.signal === signal);
}

/** What the browser measured: how long it was away (past the policy's grace), or a paste's length. */
export function detailFor(signal: SentSignal, policy: ProctorPolicyView, rng: Rng): { chars?: number; awayMs?: number } {
  if (signal === "tab_hidden" || signal === "window_blur") return { awayMs: policy.graceMs + Math.floor(rng.between(1000, 30_000)) };
  if (signal === "paste") return { chars: policy.pasteMinChars + Math.floor(rng.between(0, 2000)) };
  return {};
}

/**
 * Whether participant `index` crosses the line: exactly floor(n * share) of the first n do, spread
 * evenly, so a run's count of crossers follows from its size rather than from chance.
 */
export function isCrosser(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}

/**
 * The most reports a crosser sends to reach the line from a score of 0 with its lightest counting
 * signal, plus one for a report refused on the way; at most MAX_CROSSING, as the server limits
 * reports per minute.
 */
export const MAX_CROSSING = 50;
export function crossingLimit(policy: ProctorPolicyView, choices: readonly SignalChoice[]): number {
  const lightest = Math.min(...choices.filter((c) => c.weight > 0).map((c) => c.weight));
  if (!Number.isFinite(lightest)) return 0;
  return Math.min(MAX_CROSSING, Math.ceil(policy.disqualifyAt / lightest) + 1);
}

/** The wait for a participant's next signal: exponential, so `perMinute` on average, at random times. */
export function nextSignalMs(perMinute: number, rng: Rng): number | undefined {
  if (perMinute <= 0) return undefined;
  return (-Math.log(1 - rng.next()) * 60_000) / perMinute;
}
