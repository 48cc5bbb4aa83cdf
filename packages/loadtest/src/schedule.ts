// When each player starts (--connect): one shared timer releases players in batches, rather than
// one timer per player.
import type { ConnectMode } from "./args.ts";

/**
 * Gradual mode releases players on this tick, so a rate of 200/s is 2 every 10 ms. A 100 ms tick
 * (20 at once at that rate) made each release a burst that both the server and this process
 * served in one go, delaying the relays of players already typing: at 1,000 players and 200/s,
 * the relays slower than 50 ms while players arrived fell from 4,683 and 3,679 to 2,978 and 2,656
 * (bench:capacity, two alternating runs each; a one-off count).
 */
const GRADUAL_TICK_MS = 10;
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
