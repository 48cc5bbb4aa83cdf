// Everything a run counts and times, shared by all players. Bounded whatever the run's length:
// latencies go to fixed-size histograms, errors to a capped map of labels.
import type { Language } from "@codeduel/judge";
import { errorKind } from "./errors.ts";
import { Histogram } from "./histogram.ts";
import { type MixKey, OPERATIONS, type Operation } from "./options.ts";

/** Distinct error labels kept; later new ones are counted under "other". */
const MAX_ERROR_LABELS = 100;
/** The operations also counted apart once every player has connected, and where. */
const STEADY: Partial<Record<Operation, Operation>> = { relay: "relay_steady", disqualify: "disqualify_steady", feed: "feed_steady" };

export class Metrics {
  readonly latency = Object.fromEntries(OPERATIONS.map((op) => [op, new Histogram()])) as Record<Operation, Histogram>;
  /**
   * The progress line's operation (`relay` in battles, `standings` in contests), and its latencies
   * since the last progress line, for the line's p95.
   */
  readonly windowOperation: Operation;
  readonly window = new Histogram();
  /** Set once every player has connected: from then on relays also count as `relay_steady` (STEADY). */
  #arrived = false;

  readonly connections = { attempted: 0, succeeded: 0, failed: 0, reconnected: 0, dropped: 0 };
  /** Players whose own socket is open now. */
  playersConnected = 0;
  /** Open WebSockets now (one per connected player), and the most at any time. */
  openSockets = 0;
  peakOpenSockets = 0;
  /** Players now queued / in a battle (gauges for the progress line). */
  queued = 0;
  inBattle = 0;

  /** Calls made: every mutation sent, subscription started and socket opened (or tried). */
  calls = 0;
  errorCount = 0;
  readonly errors = new Map<string, number>();
  /** Refusals that are not failures: a submission or code update racing the end of its battle. */
  readonly refusals = new Map<string, number>();

  battlesCompleted = 0;
  readonly battlesByReason = new Map<string, number>();
  /** Battles a player forfeited because the run ended while they were playing. */
  battlesForfeitedAtEnd = 0;
  /** Submissions sent, per --mix entry. */
  readonly submissions = new Map<MixKey, number>();
  readonly verdicts = new Map<string, number>();
  /** The same verdicts, per language of their submission. */
  readonly verdictsByLanguage = new Map<Language, Map<string, number>>();
  /** Submissions whose battle ended (the opponent won) before their verdict came. */
  submissionsOvertaken = 0;
  codeUpdatesSent = 0;
  /** Opponents' code updates that reached a player's battle.code subscription. */
  codeUpdatesReceived = 0;
  /** The contest scenario's counts (contest-*.ts). */
  readonly contest = {
    /** Participants whose contest.register succeeded. */
    registered: 0,
    /** Participants whose contest.problems answered. */
    problemsRead: 0,
    /** Submissions waiting for their verdict now (a gauge for the progress line). */
    inflight: 0,
    /** Standings messages received: whole boards, and changes. */
    boards: 0,
    changes: 0,
    /** Changes that settled a cell (a verdict shown): each is one `standings` sample. */
    verdictChanges: 0,
    /** Changes whose seq skipped one or more (each also counted as an error). */
    gaps: 0,
    /** Verdicts found by polling contest.mySubmissions rather than from the participant's own cell. */
    verdictsPolled: 0,
  };
  /** The contest scenario's proctoring counts (--proctor; contest-proctor*.ts, contest-feed.ts). */
  readonly proctor = {
    /** Participants who set out to cross the disqualification line. */
    crossers: 0,
    /** contest.report calls made, and their answers: recorded (a violation), not recorded, failed. */
    sent: 0,
    recorded: 0,
    notRecorded: 0,
    failed: 0,
    /** Events the admin feed delivered, and this run's reports among them (each once). */
    feedEvents: 0,
    feedSeen: 0,
    /** Disqualifications: in answers, on the participants' own subscriptions, on the admin feed. */
    disqualifiedAnswered: 0,
    disqualifiedSeen: 0,
    disqualifiedOnFeed: 0,
    /** Reports whose events had not all arrived a minute after they were sent. */
    expired: 0,
  };

  constructor(windowOperation: Operation = "relay") {
    this.windowOperation = windowOperation;
  }

  record(op: Operation, ms: number): void {
    this.latency[op].record(ms);
    if (op === this.windowOperation) this.window.record(ms);
    const steady = STEADY[op];
    if (steady && this.#arrived) this.latency[steady].record(ms);
  }

  /** Every player has connected once (a contest's: registered and read the problems): the arrival ramp is over. */
  arrived(): void {
    this.#arrived = true;
  }

  call(): void {
    this.calls++;
  }

  /** Counts an error under `operation label`, e.g. "queue.join CONFLICT". */
  error(operation: string, err: unknown, label = errorKind(err)): void {
    this.errorCount++;
    bump(this.errors, `${operation} ${label}`);
  }

  refusal(operation: string, what: string): void {
    bump(this.refusals, `${operation} ${what}`);
  }

  socketOpened(): void {
    this.openSockets++;
    if (this.openSockets > this.peakOpenSockets) this.peakOpenSockets = this.openSockets;
  }

  socketClosed(): void {
    this.openSockets = Math.max(0, this.openSockets - 1);
  }

  battleFinished(reason: string): void {
    this.battlesCompleted++;
    bump(this.battlesByReason, reason);
  }

  submitted(key: MixKey): void {
    this.submissions.set(key, (this.submissions.get(key) ?? 0) + 1);
  }

  /** `language` is unknown only for a verdict of a submission whose battle.submit reply never came. */
  verdict(status: string, language: Language | undefined): void {
    bump(this.verdicts, status);
    if (language === undefined) return;
    const byStatus = this.verdictsByLanguage.get(language) ?? new Map<string, number>();
    this.verdictsByLanguage.set(language, byStatus);
    bump(byStatus, status);
  }
}

function bump(map: Map<string, number>, key: string): void {
  const k = map.has(key) || map.size < MAX_ERROR_LABELS ? key : "other";
  map.set(k, (map.get(k) ?? 0) + 1);
}
