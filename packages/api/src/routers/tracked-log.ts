// Follows an event log with gapless sequence numbers as a tracked subscription: the events after the
// client's last id from the database, then the live ones from Redis, filling from the database any
// gap that publishes from two instances arriving out of order leave. The caller starts listening
// before creating it, so nothing published in between is lost.
//
// An iterator of its own, not an async generator that the procedure `yield*`s: a live event reaches
// the socket in one promise step here, where the two nested generators took several per watcher,
// and a standings change goes to every watcher of a contest (bench:contest's profile).
import { type TrackedEnvelope, tracked } from "@trpc/server";

export interface TrackedLog<E extends { seq: number }, M> {
  /** Live events, already subscribed; ends when the subscription's signal aborts. */
  live: AsyncIterator<E>;
  /** The last sequence number the client has. */
  after: number;
  /** Events after a sequence number, oldest first, at most `pageSize`. */
  read(after: number): Promise<E[]>;
  pageSize: number;
  /** What the client receives for an event. */
  message(event: E): M;
  /** Sent before anything else: a snapshot the log continues from. */
  first?: TrackedEnvelope<M>;
  /** Runs once when the subscription ends, however it ends. */
  onEnd?: () => unknown;
}

type Step<M> = IteratorResult<TrackedEnvelope<M>>;

export class FollowedLog<E extends { seq: number }, M> implements AsyncIterableIterator<TrackedEnvelope<M>> {
  readonly #log: TrackedLog<E, M>;
  #last: number;
  /** Read from the database (or the live event that a gap held back), not yet sent. */
  readonly #pending: TrackedEnvelope<M>[] = [];
  /** Reading the database for the events before this seq; undefined once it caught up. */
  #catchUpBefore: number | undefined = Number.POSITIVE_INFINITY;
  /** The live event whose gap is being filled: sent once the events before it are. */
  #heldBack: E | undefined;
  #ended = false;

  constructor(log: TrackedLog<E, M>) {
    this.#log = log;
    this.#last = log.after;
    if (log.first) this.#pending.push(log.first);
  }

  next(): Promise<Step<M>> {
    const pending = this.#pending.shift();
    if (pending) return Promise.resolve({ value: pending, done: false });
    if (this.#catchUpBefore !== undefined) return this.#readPage(this.#catchUpBefore).then(() => this.next());
    return this.#log.live.next().then(this.#onLive);
  }

  return(): Promise<Step<M>> {
    this.#end();
    this.#pending.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  readonly #onLive = (result: IteratorResult<E>): Step<M> | Promise<Step<M>> => {
    if (result.done) {
      this.#end();
      return { value: undefined, done: true };
    }
    const event = result.value;
    if (event.seq <= this.#last) return this.next();
    if (event.seq > this.#last + 1) {
      // Published out of order (or a publish was lost): the missing ones are in the database.
      this.#catchUpBefore = event.seq;
      this.#heldBack = event;
      return this.next();
    }
    this.#last = event.seq;
    return { value: tracked(String(event.seq), this.#log.message(event)), done: false };
  };

  /** One page of the events after the last sent and before `before`. */
  async #readPage(before: number): Promise<void> {
    const page = await this.#log.read(this.#last);
    let done = page.length < this.#log.pageSize; // a short page is the whole log as of this read
    for (const e of page) {
      if (e.seq >= before) {
        done = true;
        break;
      }
      this.#last = e.seq;
      this.#pending.push(tracked(String(e.seq), this.#log.message(e)));
    }
    if (!done) return;
    this.#catchUpBefore = undefined;
    const held = this.#heldBack;
    this.#heldBack = undefined;
    if (held && held.seq > this.#last) {
      this.#last = held.seq;
      this.#pending.push(tracked(String(held.seq), this.#log.message(held)));
    }
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#log.live.return?.();
    this.#log.onEnd?.();
  }
}
