// One running subscription on a connection: its abort signal, and a wait for the procedure's next
// value that a stop settles at once.

/** Settles the stop of a subscription that waits for its procedure's next value. */
export const STOPPED = Symbol("stopped");

export class Subscription {
  readonly controller = new AbortController();
  #wake: ((value: typeof STOPPED) => void) | undefined;

  /** The procedure's next value, or STOPPED as soon as the subscription is stopped. */
  next(iterator: AsyncIterator<unknown>): Promise<IteratorResult<unknown> | typeof STOPPED> {
    if (this.controller.signal.aborted) return Promise.resolve(STOPPED);
    return new Promise((resolve, reject) => {
      this.#wake = resolve;
      iterator.next().then(resolve, reject);
    });
  }

  stop(): void {
    if (!this.controller.signal.aborted) this.controller.abort();
    this.#wake?.(STOPPED);
    this.#wake = undefined;
  }
}
