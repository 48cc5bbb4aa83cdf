// The run's result as one plain object: what report.ts builds and report-console.ts and
// report-csv.ts render. Types only, in a module of their own so the renderings need not import the
// builder (and the builder them).
import type { Language } from "@codeduel/judge";
import type { Summary } from "./histogram.ts";
import type { Operation, Scenario } from "./options.ts";
import type { ServerStats } from "./server-sampler.ts";
import type { ThresholdResult } from "./thresholds.ts";

export interface Report {
  tool: "codeduel-loadtest";
  config: {
    scenario: Scenario;
    urls: string[];
    players: number;
    durationMs: number;
    connect: string;
    connectRate: number;
    pattern: string;
    /** Percent of submissions per --mix entry (`correct`, `python:wrong`, ...), as given. */
    mix: Record<string, number>;
    seed: number;
    drainMs: number;
  };
  startedAt: string;
  /** From the first player's start to the end of the drain. */
  elapsedMs: number;
  /** Ended by SIGINT/SIGTERM before the duration. */
  interrupted: boolean;
  connections: {
    attempted: number;
    succeeded: number;
    failed: number;
    /** Attempts still under way when the run ended (a server slow to sign players in). */
    unfinished: number;
    reconnected: number;
    dropped: number;
    peakOpen: number;
  };
  /** Latencies in ms, of the operations the scenario measures (SCENARIO_OPERATIONS). */
  operations: Partial<Record<Operation, Summary>>;
  calls: number;
  errors: { total: number; rate: number; byType: Record<string, number> };
  /** Refusals that are not errors (a call racing the end of its battle). */
  refusals: Record<string, number>;
  battles: { completed: number; byReason: Record<string, number>; forfeitedAtEnd: number };
  submissions: {
    total: number;
    /** Per --mix entry: every entry of the mix, 0 if never drawn. */
    byKind: Record<string, number>;
    /** Their battle ended (the opponent won) before their verdict came. */
    overtaken: number;
    /** Still without a verdict when the drain ended (also counted as errors). */
    unanswered: number;
  };
  verdicts: Record<string, number>;
  /** The same verdicts per language of their submission, for every language in the mix. */
  verdictsByLanguage: Partial<Record<Language, Record<string, number>>>;
  codeUpdates: { sent: number; received: number };
  /** The contest scenario's figures; absent from battle runs. */
  contest?: ContestReport;
  servers: ServerStats[];
  /** This process: if it ran hot, the latencies above include its own queueing. */
  loadGenerator: LoadGeneratorStats;
  thresholds: ThresholdResult[];
  passed: boolean;
}

/** What the contest scenario counted, beside its operations (register, verdict, standings). */
export interface ContestReport {
  id: string;
  title: string;
  /** How the participants signed in. */
  accounts: "guest" | "register";
  /** The contest's problem labels. */
  problems: string[];
  /** Mean time between one participant's submissions (--submit-interval); null: the pattern's delays. */
  submitIntervalMs: number | null;
  /** Participants registered (contest.register succeeded), and those that read the problems. */
  registered: number;
  problemsRead: number;
  /**
   * Standings messages received over every participant's subscription: whole boards, changes, the
   * changes that settled a cell (each one `standings` sample), and seq gaps (also errors).
   */
  standings: { boards: number; changes: number; verdictChanges: number; gaps: number };
  /** Verdicts found by polling contest.mySubmissions (after a freeze, or a settling change late). */
  verdictsPolled: number;
  /** With --proctor: the participants' proctoring (its latencies are the `disqualify` and `feed` operations). */
  proctoring?: ProctoringReport;
}

/** What a proctored run (--proctor) counted. */
export interface ProctoringReport {
  /** --proctor-rate: signals per participant per minute, on average. */
  ratePerMinute: number;
  /** --proctor-crossers: the share asked to cross the line, and how many set out to. */
  crossersShare: number;
  crossers: number;
  /** The signals sent (those the policy collects and counts), and its disqualification line. */
  signals: string[];
  disqualifyAt: number;
  /** contest.report calls, and their answers: recorded (a violation), not recorded, failed or unanswered. */
  reports: { sent: number; recorded: number; notRecorded: number; failed: number };
  /**
   * The admin feed: watched (LOADTEST_ADMIN_TOKEN given), the events it delivered, this run's
   * reports seen there (distinct clientIds), and `lost`: recorded answers minus those seen (null
   * when not watched).
   */
  feed: { watched: boolean; events: number; seen: number; lost: number | null };
  /** Disqualifications: answers that said so, seen on the participants' own subscriptions, on the feed. */
  disqualifications: { answered: number; seen: number; onFeed: number };
  /** Reports whose events had not all arrived a minute after they were sent. */
  expired: number;
}

/** What main knew of a proctored run's policy and feed. */
export interface ProctorRunInfo {
  disqualifyAt: number;
  signals: string[];
  feedWatched: boolean;
}

/** What main learnt about the contest before the run (contest-preflight.ts). */
export interface ContestRunInfo {
  title: string;
  accounts: "guest" | "register";
  problems: string[];
}

/**
 * The load tester's own load. Its event-loop delay is time every latency it measured may include:
 * a receive callback that runs late makes the server look slow.
 */
export interface LoadGeneratorStats {
  cpuPercent: number;
  rssMaxBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}
