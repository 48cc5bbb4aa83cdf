// What the API layer reports for an instance's /metrics. The server implements it with prom-client
// (apps/server/src/metrics.ts); this package only calls it, so it carries no metrics library and
// tests that build services without one pay nothing.

export interface ApiMetrics {
  /**
   * A procedure call ended. `code` is "OK" or its TRPC error code; `seconds` runs from the first
   * middleware to the result (a subscription's: until its stream is set up, not its whole life).
   * Called on every call, the WebSocket's hot path included: implementations must not allocate.
   */
  procedureCalled(path: string, type: string, code: string, seconds: number): void;
  /** A queued player was paired with an opponent after waiting this long since joining, ms. */
  matched(waitedMs: number): void;
}

/** For services built without metrics (unit tests, scripts). */
export const NO_API_METRICS: ApiMetrics = {
  procedureCalled() {},
  matched() {},
};
