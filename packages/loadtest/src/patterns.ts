// Typing and submitting rhythms (--pattern). Each returns delays drawn from the player's own seeded
// stream. The server refuses more than 20 code updates a second and clients promise 100 ms, so
// no rhythm ever types faster than every 100 ms.
import type { Pattern } from "./args.ts";
import type { Rng } from "./rng.ts";

/** The fastest a client may send battle.updateCode (the server's floor is half of it). */
export const MIN_TYPING_INTERVAL_MS = 100;

export interface Rhythm {
  /** Delay before the next battle.updateCode. */
  typingDelayMs(rng: Rng): number;
  /** Characters added to the editor by one update. */
  charsPerUpdate(rng: Rng): number;
  /** From `matched` to the first submission. */
  firstSubmitMs(rng: Rng): number;
  /** From a rejected verdict to the next submission. */
  resubmitMs(rng: Rng): number;
  /** From battle_finished to queue.join again. */
  requeueMs(rng: Rng): number;
}

const atLeastTyping = (ms: number) => Math.max(MIN_TYPING_INTERVAL_MS, ms);

const rhythms: Record<Exclude<Pattern, "idle">, Rhythm> = {
  // Fixed cadence: the easiest to reason about when comparing runs.
  steady: {
    typingDelayMs: () => 200,
    charsPerUpdate: () => 8,
    firstSubmitMs: () => 3000,
    resubmitMs: () => 2000,
    requeueMs: () => 1000,
  },
  // Uniformly spread delays: a crowd whose requests never line up.
  random: {
    typingDelayMs: (rng) => atLeastTyping(rng.between(100, 800)),
    charsPerUpdate: (rng) => Math.floor(rng.between(1, 20)),
    firstSubmitMs: (rng) => rng.between(1000, 6000),
    resubmitMs: (rng) => rng.between(500, 4000),
    requeueMs: (rng) => rng.between(500, 3000),
  },
  // Flurries at the 100 ms limit with pauses between, and submissions in quick succession.
  burst: {
    typingDelayMs: (rng) => (rng.chance(0.05) ? rng.between(2000, 5000) : MIN_TYPING_INTERVAL_MS),
    charsPerUpdate: (rng) => Math.floor(rng.between(5, 30)),
    firstSubmitMs: (rng) => rng.between(1000, 3000),
    resubmitMs: (rng) => rng.between(200, 1000),
    requeueMs: (rng) => rng.between(200, 1000),
  },
  // Keystroke gaps around 300 ms (log-normal), thinking pauses, and long reads before submitting.
  human: {
    typingDelayMs: (rng) => (rng.chance(0.05) ? rng.between(2000, 10_000) : atLeastTyping(300 * Math.exp(0.5 * gaussian(rng)))),
    charsPerUpdate: (rng) => Math.floor(rng.between(1, 6)),
    firstSubmitMs: (rng) => rng.between(10_000, 40_000),
    resubmitMs: (rng) => rng.between(5000, 20_000),
    requeueMs: (rng) => rng.between(3000, 10_000),
  },
};

/** The rhythm of a pattern; `idle` players never join the queue, so they have none. */
export function rhythmOf(pattern: Pattern): Rhythm | undefined {
  return pattern === "idle" ? undefined : rhythms[pattern];
}

/** Standard normal deviate (Box-Muller). */
function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
