// What the WebSocket adapter counts for the instance's /metrics (apps/server/src/metrics.ts reads
// them at each scrape). Plain numbers bumped in place: the relay sends thousands of messages a
// second, and counting one must cost an increment, never an allocation or a label lookup.

export class WsCounters {
  /** Sockets accepted (the open ones are the server's `size`). */
  connectionsOpened = 0;
  /** Subscriptions a socket started, and those that have ended since (the difference is open). */
  subscriptionsStarted = 0;
  subscriptionsEnded = 0;
  /** Frames received from clients (a batch is one frame). */
  framesReceived = 0;
  /** Subscription data messages sent to clients: the relay of events, code and standings. */
  messagesRelayed = 0;
}
