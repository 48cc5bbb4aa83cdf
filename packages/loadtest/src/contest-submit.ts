// A contest participant's submissions, one in flight at a time: contest.submit, then its verdict.
// The verdict is known when the participant's own cell for that problem settles (one fewer
// pending) on its own standings stream; one contest.mySubmissions read then gives the status. A
// board that shows the freeze never settles it, and a change may be slow to come: then
// contest.mySubmissions is polled every POLL_MS, from the start or after FALLBACK_MS.
import type { Language } from "@codeduel/judge";
import type { Client } from "./connection.ts";
import type { Pick } from "./contest-code.ts";
import { type MixKey, mixEntry } from "./options.ts";
import type { World } from "./world.ts";

/** Waiting this long for the own cell to settle before polling contest.mySubmissions instead. */
const FALLBACK_MS = 10_000;
/** The modest rate of a poll: once every 2 s per participant waiting. */
const POLL_MS = 2000;

interface InFlight {
  label: string;
  key: MixKey;
  language: Language;
  sentAt: number;
  /** From the reply to contest.submit. */
  id: string | undefined;
  /** When the own cell settled on the standings stream (before or after the reply). */
  settledAt: number | undefined;
  timer: NodeJS.Timeout | undefined;
  reading: boolean;
}

export interface SubmitterDeps {
  world: World;
  contestId: string;
  client(): Client | undefined;
  /** The board shows the freeze: the own cell will not settle until the results are revealed. */
  frozen(): boolean;
  /** A submission is over (judged, or refused); `ended`: the contest is over or the participant disqualified, submit no more. */
  done(ended: boolean): void;
}

export class ContestSubmitter {
  readonly #d: SubmitterDeps;
  #inflight: InFlight | undefined;
  #idle: (() => void) | undefined;

  constructor(deps: SubmitterDeps) {
    this.#d = deps;
  }

  get awaiting(): boolean {
    return this.#inflight !== undefined;
  }

  submit(pick: Pick): void {
    const client = this.#d.client();
    if (this.#inflight || !client) return;
    const { metrics, now } = this.#d.world;
    const { language } = mixEntry(pick.key);
    const s: InFlight = {
      label: pick.label,
      key: pick.key,
      language,
      sentAt: now(),
      id: undefined,
      settledAt: undefined,
      timer: undefined,
      reading: false,
    };
    this.#inflight = s;
    metrics.contest.inflight++;
    metrics.submitted(pick.key);
    metrics.call();
    client.contest.submit.mutate({ contestId: this.#d.contestId, label: pick.label, language, code: pick.code }).then(
      ({ submissionId }) => {
        s.id = submissionId;
        if (s.settledAt !== undefined) this.#read(s);
        else this.#poll(s, this.#d.frozen() ? POLL_MS : FALLBACK_MS);
      },
      (err: unknown) => {
        this.#settle(s);
        // Either refusal is final for this participant, and expected: not an error.
        const ended = isContestOver(err);
        const disqualified = !ended && isDisqualified(err);
        if (ended) metrics.refusal("contest.submit", "contest over");
        else if (disqualified) metrics.refusal("contest.submit", "disqualified");
        else metrics.error("contest.submit", err);
        this.#d.done(ended || disqualified);
      },
    );
  }

  /** The participant's own cell for `label` settled on its standings stream. */
  ownCellSettled(label: string): void {
    const s = this.#inflight;
    if (!s || s.label !== label || s.settledAt !== undefined) return;
    s.settledAt = this.#d.world.now();
    if (s.id !== undefined) this.#read(s);
  }

  /** Resolves once no submission is in flight (the drain at the end of the run waits for it). */
  whenIdle(): Promise<void> {
    if (!this.#inflight) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  /** Stops polling (the socket is closing). */
  cancel(): void {
    clearTimeout(this.#inflight?.timer);
  }

  #poll(s: InFlight, afterMs: number): void {
    clearTimeout(s.timer);
    s.timer = setTimeout(() => this.#read(s), afterMs);
  }

  /** One contest.mySubmissions read: the verdict, or (still queued) another read later. */
  #read(s: InFlight): void {
    const client = this.#d.client();
    if (this.#inflight !== s || s.reading || !client) return;
    clearTimeout(s.timer);
    s.reading = true;
    const { metrics, now } = this.#d.world;
    metrics.call();
    client.contest.mySubmissions.query({ contestId: this.#d.contestId }).then(
      (mine) => {
        s.reading = false;
        const status = mine.find((m) => m.id === s.id)?.status;
        if (status !== undefined && status !== "queued") {
          const polled = s.settledAt === undefined;
          if (polled) metrics.contest.verdictsPolled++;
          metrics.verdict(status, s.language);
          metrics.record("verdict", (s.settledAt ?? now()) - s.sentAt);
          this.#settle(s);
          this.#d.done(false);
          return;
        }
        // The cell that settled was an earlier submission's, seen late: wait for this one's.
        s.settledAt = undefined;
        this.#poll(s, POLL_MS);
      },
      (err: unknown) => {
        s.reading = false;
        metrics.error("contest.mySubmissions", err);
        this.#poll(s, POLL_MS);
      },
    );
  }

  #settle(s: InFlight): void {
    if (this.#inflight !== s) return;
    clearTimeout(s.timer);
    this.#inflight = undefined;
    this.#d.world.metrics.contest.inflight--;
    this.#idle?.();
    this.#idle = undefined;
  }
}

/** The refusal a submission gets once the contest has ended. */
function isContestOver(err: unknown): boolean {
  const e = err as { message?: unknown; data?: { code?: unknown } | null } | null;
  return e?.data?.code === "CONFLICT" && typeof e.message === "string" && /contest is over/i.test(e.message);
}

/** The refusal a disqualified participant's submission gets (proctoring, or an organiser). */
function isDisqualified(err: unknown): boolean {
  const e = err as { message?: unknown; data?: { code?: unknown } | null } | null;
  return e?.data?.code === "FORBIDDEN" && typeof e.message === "string" && /you are disqualified/i.test(e.message);
}
