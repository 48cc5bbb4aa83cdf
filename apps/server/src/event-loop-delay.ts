// How late this process has been running its callbacks, for /health: the event loop's delay over
// the last complete window. Every WebSocket message and timer waits at least this long, so it is
// the first thing to look at when players' latency rises while the CPU is not saturated.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface EventLoopDelay {
  /** The window the figures cover; they are zeros until the first window has ended. */
  windowMs: number;
  p50: number;
  p99: number;
  max: number;
}

const WINDOW_MS = 5000;
const RESOLUTION_MS = 10;

export function watchEventLoopDelay(windowMs = WINDOW_MS): { last(): EventLoopDelay; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  // Node records the whole interval between its sampling timer's runs, the resolution included
  // (an idle process reads about 10.2 ms): what is late is the part beyond it.
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1e5 - RESOLUTION_MS * 10) / 10) : 0);
  let last: EventLoopDelay = { windowMs, p50: 0, p99: 0, max: 0 };
  const timer = setInterval(() => {
    last = { windowMs, p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
    histogram.reset();
  }, windowMs).unref();
  return {
    last: () => last,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
