// Follows an event log with gapless sequence numbers as a tracked subscription: the events after the
// client's last id from the database, then the live ones from Redis, filling from the database any
// gap that publishes from two instances arriving out of order leave. The caller starts listening
// before calling this, so nothing published in between is lost.
import { tracked } from "@trpc/server";

export interface TrackedLog<E extends { seq: number }, M> {
  /** Live events, already subscribed. */
  live: AsyncIterable<E>;
  /** The last sequence number the client has. */
  after: number;
  /** Events after a sequence number, oldest first, at most `pageSize`. */
  read(after: number): Promise<E[]>;
  pageSize: number;
  /** What the client receives for an event. */
  message(event: E): M;
}

export async function* followLog<E extends { seq: number }, M>(log: TrackedLog<E, M>) {
  let last = log.after;
  async function* catchUp(before: number) {
    while (true) {
      const page = await log.read(last);
      for (const e of page) {
        if (e.seq >= before) return;
        last = e.seq;
        yield tracked(String(e.seq), log.message(e));
      }
      // A short page is the whole log as of this read: anything newer comes live.
      if (page.length < log.pageSize) return;
    }
  }
  yield* catchUp(Number.POSITIVE_INFINITY);
  for await (const event of log.live) {
    if (event.seq <= last) continue;
    if (event.seq > last + 1) yield* catchUp(event.seq);
    last = event.seq;
    yield tracked(String(event.seq), log.message(event));
  }
}
