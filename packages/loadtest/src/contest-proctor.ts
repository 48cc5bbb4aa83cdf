// A proctored contest participant's proctoring, as its browser does it: the contest.proctoring
// subscription held for the session (its `state`, then the participant's own events, resumed with
// the last seq), signals reported at random times (--proctor-rate a minute on average), and, for a
// crosser, counting signals a second or so apart at a random time of the run until an answer says
// the line is reached. Each report carries a fresh clientId, under which the ledger
// (contest-proctor-ledger.ts) times it to its event's arrivals. Once disqualified, the page has
// nothing more to proctor: no more signals (and the participant submits no more).
import { randomUUID } from "node:crypto";
import type { Client, Unsubscribable } from "./connection.ts";
import type { ProctorEventView } from "./contest-proctor-ledger.ts";
import { crossingLimit, detailFor, nextSignalMs, pickSignal, type SignalChoice } from "./contest-proctor-signals.ts";
import { heldSubscription } from "./held-subscription.ts";
import type { Rng } from "./rng.ts";
import type { PlayerTimers } from "./timers.ts";
import type { ProctorWorld, World } from "./world.ts";

/** A crosser's reports come this far apart (ms): a few seconds in all for a line of 3. */
const CROSSING_GAP_MIN_MS = 300;
const CROSSING_GAP_MAX_MS = 1500;
/** A crosser starts at least this long before the duration is up, so its disqualification is seen. */
const CROSS_BEFORE_END_MS = 10_000;

/** A contest.proctoring message: `state` (with `disqualified`), or `event` (a ProctorEvent). */
interface ProctorMessageView extends Partial<ProctorEventView> {
  type: string;
  disqualified?: unknown;
}

interface Answer {
  recorded: boolean;
  score: number | null;
  outcome: string | null;
}

export interface ProctorSessionDeps {
  world: World;
  proctor: ProctorWorld;
  contestId: string;
  rng: Rng;
  /** The participant's timers: stopping it cancels the signals to come. */
  timers: PlayerTimers;
  /** This participant crosses the disqualification line during the run. */
  crosser: boolean;
  client(): Client | undefined;
  stopping(): boolean;
}

export class ProctorSession {
  readonly #d: ProctorSessionDeps;
  #subscription: Unsubscribable | undefined;
  /** The seq of the last own event: where a resubscription resumes. */
  #lastSeq: number | undefined;
  #disqualified = false;
  #inflight = 0;
  #idle: (() => void) | undefined;

  constructor(deps: ProctorSessionDeps) {
    this.#d = deps;
  }

  /** Disqualified, as the server last said (its state, an event, or a report's answer). */
  get disqualified(): boolean {
    return this.#disqualified;
  }

  /** Once registered, with the contest running: follow the own record, and start reporting. */
  start(): void {
    const { world, proctor, rng, timers, crosser } = this.#d;
    this.#subscribe();
    this.#scheduleSignal();
    if (crosser) {
      world.metrics.proctor.crossers++;
      const room = Math.max(0, proctor.endsAt - CROSS_BEFORE_END_MS - world.now());
      timers.after(rng.between(0, room), () => void this.#cross());
    }
  }

  /** A report waits for its answer. */
  get reporting(): boolean {
    return this.#inflight > 0;
  }

  /** Resolves once no report waits for its answer (the drain waits for them). */
  whenIdle(): Promise<void> {
    if (this.#inflight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  /** contest.proctoring, held for the session; tracked, so wsLink resumes it after a reconnect. */
  #subscribe(): void {
    const { world, contestId } = this.#d;
    const client = this.#d.client();
    if (!client) return;
    world.metrics.call();
    const input = this.#lastSeq === undefined ? { contestId } : { contestId, lastEventId: String(this.#lastSeq) };
    this.#subscription = client.contest.proctoring.subscribe(
      input,
      heldSubscription<{ data: unknown }>({
        first: undefined,
        path: "contest.proctoring",
        metrics: world.metrics,
        timers: this.#d.timers,
        stopping: this.#d.stopping,
        onData: (tracked) => this.#onMessage(tracked.data as ProctorMessageView, world.now()),
        resubscribe: () => this.#subscribe(),
      }),
    );
  }

  #onMessage(m: ProctorMessageView, at: number): void {
    if (m.type === "state") {
      if (m.disqualified) this.#disqualified = true;
      return;
    }
    if (m.type !== "event" || typeof m.seq !== "number" || typeof m.kind !== "string") return;
    if (this.#lastSeq === undefined || m.seq > this.#lastSeq) this.#lastSeq = m.seq;
    this.#d.proctor.ledger.onOwn({ seq: m.seq, kind: m.kind, clientId: m.clientId ?? null, outcome: m.outcome ?? null }, at);
    // An admin's reinstatement is not looked for: a load test's participants are not reinstated.
    if (m.outcome === "disqualified" || m.kind === "disqualified") this.#disqualified = true;
  }

  /** The next ordinary signal, at a random time. */
  #scheduleSignal(): void {
    const { proctor, rng, timers } = this.#d;
    const delay = nextSignalMs(this.#d.world.options.contest?.proctor?.ratePerMinute ?? 0, rng);
    if (delay === undefined) return;
    timers.after(delay, () => {
      if (this.#disqualified) return;
      const choice = pickSignal(proctor.signals, rng);
      if (choice) void this.#report(choice);
      this.#scheduleSignal();
    });
  }

  /** Counting signals one after another until an answer puts the score at the line. */
  async #cross(): Promise<void> {
    const { proctor, rng, timers } = this.#d;
    const limit = crossingLimit(proctor.policy, proctor.signals);
    for (let i = 0; i < limit && !this.#disqualified && !this.#d.stopping(); i++) {
      const choice = pickSignal(proctor.signals, rng, true);
      if (!choice) return;
      await this.#report(choice);
      if (this.#disqualified) return;
      await timers.sleep(rng.between(CROSSING_GAP_MIN_MS, CROSSING_GAP_MAX_MS));
    }
  }

  #report(choice: SignalChoice): Promise<Answer | undefined> {
    const client = this.#d.client();
    if (!client) return Promise.resolve(undefined);
    const { world, proctor, rng, contestId } = this.#d;
    const clientId = randomUUID();
    proctor.ledger.sent(clientId, world.now());
    world.metrics.call();
    this.#inflight++;
    const detail = detailFor(choice.signal, proctor.policy, rng);
    return client.contest.report
      .mutate({ contestId, signal: choice.signal, clientId, clientAt: new Date().toISOString(), detail })
      .then(
        (answer): Answer => {
          proctor.ledger.answered(clientId, answer.recorded, answer.outcome, world.now());
          // At or past the line without being the one that crossed it: disqualified already.
          if (answer.outcome === "disqualified" || (answer.score ?? 0) >= proctor.policy.disqualifyAt) this.#disqualified = true;
          return answer;
        },
        (err: unknown) => {
          proctor.ledger.failed(clientId);
          if (!this.#d.stopping()) world.metrics.error("contest.report", err);
          return undefined;
        },
      )
      .finally(() => {
        if (--this.#inflight > 0) return;
        this.#idle?.();
        this.#idle = undefined;
      });
  }
}
