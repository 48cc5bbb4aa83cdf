// When each player starts (--connect): one shared timer releases players in batches, rather than
// one timer per player.
import type { ConnectMode } from "./args.ts";

/** Gradual mode releases players on this tick, so a rate of 50/s is 5 every 100 ms. */
const GRADUAL_TICK_MS = 100;
/** Burst mode: this share of the players every second. */
const BURST_SHARE = 0.1;
const BURST_EVERY_MS = 1000;

/** How many players should have started `elapsedMs` into the run. */
export function startedBy(mode: ConnectMode, players: number, ratePerSecond: number, elapsedMs: number): number {
  switch (mode) {
    case "immediate":
      return players;
    case "gradual":
      return Math.min(players, Math.floor((elapsedMs / 1000) * ratePerSecond) + 1);
    case "burst":
      return Math.min(players, Math.ceil(players * BURST_SHARE) * (Math.floor(elapsedMs / BURST_EVERY_MS) + 1));
  }
}

/**
 * Calls `start(i)` for players 0..players-1 on the mode's schedule; returns a function that stops
 * releasing more. Players not started when it is called are never started.
 */
export function scheduleStarts(
  mode: ConnectMode,
  players: number,
  ratePerSecond: number,
  start: (index: number) => void,
  now: () => number = Date.now,
): () => void {
  const t0 = now();
  let next = 0;
  const release = () => {
    const due = startedBy(mode, players, ratePerSecond, now() - t0);
    while (next < due) start(next++);
    if (next >= players) clearInterval(timer);
  };
  const timer = setInterval(release, mode === "burst" ? BURST_EVERY_MS : GRADUAL_TICK_MS);
  release();
  return () => clearInterval(timer);
}
