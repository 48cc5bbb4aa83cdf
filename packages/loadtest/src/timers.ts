// A player's one-off delays: requeueing, resubscribing, retries and connection backoff. They are
// kept in one place so that stopping the player cancels all of them, and a sleep under way ends at
// once instead of holding up the end of the run. (The typing and submitting rhythm keeps its own
// timers on the battle, battle.ts.)

export class PlayerTimers {
  readonly #isStopping: () => boolean;
  /** Each pending delay, with what ends it early when it is a sleep. */
  readonly #pending = new Map<NodeJS.Timeout, (() => void) | undefined>();

  constructor(isStopping: () => boolean) {
    this.#isStopping = isStopping;
  }

  /** Calls `fn` after `ms`; does nothing once the player is stopping. */
  after(ms: number, fn: () => void): void {
    if (this.#isStopping()) return;
    const t = setTimeout(() => {
      this.#pending.delete(t);
      fn();
    }, ms);
    this.#pending.set(t, undefined);
  }

  /** A delay that ends early (resolves at once) when the player stops or closes. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(
        () => {
          this.#pending.delete(t);
          resolve();
        },
        Math.max(0, ms),
      );
      this.#pending.set(t, resolve);
    });
  }

  /** Clears every pending delay and ends every sleep. */
  cancel(): void {
    for (const [t, wake] of this.#pending) {
      clearTimeout(t);
      wake?.();
    }
    this.#pending.clear();
  }
}
