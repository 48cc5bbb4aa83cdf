// The run's proctoring reports in flight, by the clientId each report carries, shared by every
// participant and the admin feed: the time a report was written to its socket, kept until the
// report is answered and its event has reached both the participant's own proctoring subscription
// and the admin feed (or a timeout). That gives the latencies: `report` (the send to the answer),
// `feed` (the send to its event on the admin feed) and `disqualify` (the send of the report that
// disqualified to that event on the participant's own subscription). Bounded: an entry leaves on
// its answer and arrivals, or after a timeout. At the end of the run the drain waits for the entries
// left (`drained`), so a report answered at the last moment is not called lost while its event is
// still on the way.
import type { Metrics } from "./metrics.ts";

/** The fields of a proctoring event (ProctorEvent) this reads; structural, like StandingsView. */
export interface ProctorEventView {
  seq: number;
  kind: string;
  clientId: string | null;
  outcome: string | null;
}

interface Pending {
  /** When the report was sent: the mutation's call, then the write of its frame to the socket. */
  at: number;
  written: boolean;
  answered: boolean;
  /** Its event reached the admin feed / the participant's own subscription. */
  feed: boolean;
  own: boolean;
}

/** How a report's clientId appears in the JSON @trpc/client writes to the socket. */
const CLIENT_ID = /"clientId":"([0-9a-f-]{36})"/g;

export class ProctorLedger {
  readonly #metrics: Metrics;
  readonly #pending = new Map<string, Pending>();
  #feedWatched = false;
  #whenEmpty: (() => void)[] = [];

  constructor(metrics: Metrics) {
    this.#metrics = metrics;
  }

  /** The admin feed is watched: a report's entry waits for its event there too. */
  watchFeed(): void {
    this.#feedWatched = true;
  }

  get feedWatched(): boolean {
    return this.#feedWatched;
  }

  /** Entries still waiting for an arrival. */
  get size(): number {
    return this.#pending.size;
  }

  /** Resolves once no report waits for its events (bound it with the drain's deadline). */
  drained(): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenEmpty.push(resolve));
  }

  /** A report is about to be sent (contest.report called). */
  sent(clientId: string, at: number): void {
    this.#metrics.proctor.sent++;
    this.#pending.set(clientId, { at, written: false, answered: false, feed: false, own: false });
  }

  /**
   * A frame naming contest.report was written to a socket: its reports are timed from here, as
   * relays are, since @trpc/client holds a call for a 0 ms timer that a busy process runs late.
   */
  written(frame: string, at: number): void {
    for (const [, id] of frame.matchAll(CLIENT_ID)) {
      const p = id === undefined ? undefined : this.#pending.get(id);
      if (p && !p.written) {
        p.at = at;
        p.written = true;
      }
    }
  }

  /** The report's answer, at `at`. Not recorded (not a violation under the policy): no event will come. */
  answered(clientId: string, recorded: boolean, outcome: string | null, at: number): void {
    const m = this.#metrics.proctor;
    if (outcome === "disqualified") m.disqualifiedAnswered++;
    const p = this.#pending.get(clientId);
    if (p && !p.answered) {
      p.answered = true;
      this.#metrics.record("report", Math.max(0, at - p.at));
    }
    if (recorded) m.recorded++;
    else m.notRecorded++;
    if (!recorded) this.#delete(clientId);
    else if (p) this.#settle(clientId, p);
  }

  /** The report failed or went unanswered: whether it was recorded is unknown, so it is not awaited. */
  failed(clientId: string): void {
    this.#metrics.proctor.failed++;
    this.#delete(clientId);
  }

  /** An event on the admin feed. Each report counts once however often its event is delivered. */
  onFeed(e: ProctorEventView, at: number): void {
    const m = this.#metrics.proctor;
    m.feedEvents++;
    const p = this.#ours(e);
    if (!p || p.feed || !e.clientId) return;
    p.feed = true;
    m.feedSeen++;
    this.#metrics.record("feed", Math.max(0, at - p.at));
    if (e.outcome === "disqualified") m.disqualifiedOnFeed++;
    this.#settle(e.clientId, p);
  }

  /** An event on a participant's own proctoring subscription. */
  onOwn(e: ProctorEventView, at: number): void {
    const p = this.#ours(e);
    if (!p || p.own || !e.clientId) return;
    p.own = true;
    if (e.outcome === "disqualified") {
      this.#metrics.proctor.disqualifiedSeen++;
      this.#metrics.record("disqualify", Math.max(0, at - p.at));
    }
    this.#settle(e.clientId, p);
  }

  /** Drops entries older than `maxAgeMs` (their events never came); returns how many. */
  prune(now: number, maxAgeMs: number): number {
    let dropped = 0;
    for (const [id, p] of this.#pending) {
      if (now - p.at <= maxAgeMs) continue;
      this.#delete(id);
      dropped++;
    }
    this.#metrics.proctor.expired += dropped;
    return dropped;
  }

  /** A violation reported by this run (the server's own `disconnect` records, and admins' actions, are not). */
  #ours(e: ProctorEventView): Pending | undefined {
    if (e.kind !== "violation" || !e.clientId) return undefined;
    return this.#pending.get(e.clientId);
  }

  #settle(clientId: string, p: Pending): void {
    if (p.answered && p.own && (p.feed || !this.#feedWatched)) this.#delete(clientId);
  }

  #delete(clientId: string): void {
    if (!this.#pending.delete(clientId) || this.#pending.size > 0) return;
    for (const resolve of this.#whenEmpty) resolve();
    this.#whenEmpty = [];
  }
}
