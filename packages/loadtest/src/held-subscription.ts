// The handlers of a subscription a player holds for its whole session (queue.events,
// contest.standings): its start settles the socket's first call; an error before that fails the
// call, and one after it (the server ended the subscription) is counted and subscribed again a
// second later, as an app would.
import type { FirstCall } from "./connection.ts";
import type { Metrics } from "./metrics.ts";
import type { PlayerTimers } from "./timers.ts";

export interface HeldSubscription<T> {
  /** The socket's first call, when this subscription is it. */
  first: FirstCall | undefined;
  /** The procedure, as errors are counted under it. */
  path: string;
  metrics: Metrics;
  timers: PlayerTimers;
  stopping(): boolean;
  onData(data: T): void;
  resubscribe(): void;
}

export function heldSubscription<T>(o: HeldSubscription<T>) {
  let pending = o.first;
  return {
    onStarted: () => {
      pending?.started();
      pending = undefined;
    },
    onData: (data: T) => o.onData(data),
    onError: (err: unknown) => {
      if (pending) {
        pending.failed(err);
        pending = undefined;
        return;
      }
      if (o.stopping()) return;
      o.metrics.error(o.path, err);
      o.timers.after(1000, o.resubscribe);
    },
  };
}
