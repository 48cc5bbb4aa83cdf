// The run's result as one plain object (its types in report-types.ts), and its three renderings: a
// readable table (console, report-console.ts), one JSON object (json) and one row per operation
// plus summary rows (csv, report-csv.ts).
import { round } from "./format.ts";
import type { Summary } from "./histogram.ts";
import type { Metrics } from "./metrics.ts";
import { type MixKey, measuredOperations, mixEntry, type Operation, type Options, type ProctorOptions } from "./options.ts";
import { formatConsole } from "./report-console.ts";
import { formatCsv } from "./report-csv.ts";
import type { ContestReport, ContestRunInfo, LoadGeneratorStats, ProctoringReport, ProctorRunInfo, Report } from "./report-types.ts";
import type { ServerStats } from "./server-sampler.ts";
import { evaluateThresholds } from "./thresholds.ts";

export type { ContestReport, ContestRunInfo, LoadGeneratorStats, ProctorRunInfo, Report } from "./report-types.ts";

export function buildReport(args: {
  options: Options;
  metrics: Metrics;
  servers: ServerStats[];
  startedAt: Date;
  elapsedMs: number;
  interrupted: boolean;
  unanswered: number;
  loadGenerator: LoadGeneratorStats;
  contest?: ContestRunInfo;
  proctoring?: ProctorRunInfo;
}): Report {
  const { options, metrics: m } = args;
  const measured = measuredOperations(options.scenario, options.contest?.proctor !== undefined);
  const operations = Object.fromEntries(measured.map((op) => [op, roundSummary(m.latency[op].summary())])) as Partial<
    Record<Operation, Summary>
  >;
  const errorRate = m.calls === 0 ? 0 : m.errorCount / m.calls;
  const thresholds = evaluateThresholds(options.thresholds, { operations, errorRate, connectionsSucceeded: m.connections.succeeded });
  const mixKeys = Object.keys(options.mix) as MixKey[];
  const byKind = Object.fromEntries(mixKeys.map((k) => [k, m.submissions.get(k) ?? 0]));
  const languages = [...new Set(mixKeys.map((k) => mixEntry(k).language))];
  return {
    tool: "codeduel-loadtest",
    config: {
      scenario: options.scenario,
      urls: options.targets.map((t) => t.base),
      players: options.players,
      durationMs: options.durationMs,
      connect: options.connect,
      connectRate: options.connectRate,
      pattern: options.pattern,
      mix: Object.fromEntries(mixKeys.map((k) => [k, round((options.mix[k] ?? 0) * 100, 2)])),
      seed: options.seed,
      drainMs: options.drainMs,
    },
    startedAt: args.startedAt.toISOString(),
    elapsedMs: Math.round(args.elapsedMs),
    interrupted: args.interrupted,
    connections: {
      attempted: m.connections.attempted,
      succeeded: m.connections.succeeded,
      failed: m.connections.failed,
      unfinished: m.connections.attempted - m.connections.succeeded - m.connections.failed,
      reconnected: m.connections.reconnected,
      dropped: m.connections.dropped,
      peakOpen: m.peakOpenSockets,
    },
    operations,
    calls: m.calls,
    errors: { total: m.errorCount, rate: round(errorRate, 6), byType: sortedRecord(m.errors) },
    refusals: sortedRecord(m.refusals),
    battles: { completed: m.battlesCompleted, byReason: sortedRecord(m.battlesByReason), forfeitedAtEnd: m.battlesForfeitedAtEnd },
    submissions: {
      total: [...m.submissions.values()].reduce((sum, n) => sum + n, 0),
      byKind,
      overtaken: m.submissionsOvertaken,
      unanswered: args.unanswered,
    },
    verdicts: sortedRecord(m.verdicts),
    verdictsByLanguage: Object.fromEntries(languages.map((l) => [l, sortedRecord(m.verdictsByLanguage.get(l) ?? new Map())])),
    codeUpdates: { sent: m.codeUpdatesSent, received: m.codeUpdatesReceived },
    ...(options.contest && args.contest ? { contest: contestReport(options.contest, args.contest, m, args.proctoring) } : {}),
    servers: args.servers,
    loadGenerator: args.loadGenerator,
    thresholds,
    passed: thresholds.every((t) => t.passed),
  };
}

function contestReport(
  options: NonNullable<Options["contest"]>,
  info: ContestRunInfo,
  m: Metrics,
  proctoring: ProctorRunInfo | undefined,
): ContestReport {
  const c = m.contest;
  return {
    id: options.id,
    title: info.title,
    accounts: info.accounts,
    problems: info.problems,
    submitIntervalMs: options.submitIntervalMs ?? null,
    registered: c.registered,
    problemsRead: c.problemsRead,
    standings: { boards: c.boards, changes: c.changes, verdictChanges: c.verdictChanges, gaps: c.gaps },
    verdictsPolled: c.verdictsPolled,
    ...(options.proctor && proctoring ? { proctoring: proctoringReport(options.proctor, proctoring, m) } : {}),
  };
}

function proctoringReport(options: ProctorOptions, info: ProctorRunInfo, m: Metrics): ProctoringReport {
  const p = m.proctor;
  return {
    ratePerMinute: options.ratePerMinute,
    crossersShare: options.crossers,
    crossers: p.crossers,
    signals: info.signals,
    disqualifyAt: info.disqualifyAt,
    reports: { sent: p.sent, recorded: p.recorded, notRecorded: p.notRecorded, failed: p.failed },
    feed: { watched: info.feedWatched, events: p.feedEvents, seen: p.feedSeen, lost: info.feedWatched ? p.recorded - p.feedSeen : null },
    disqualifications: { answered: p.disqualifiedAnswered, seen: p.disqualifiedSeen, onFeed: p.disqualifiedOnFeed },
    expired: p.expired,
  };
}

export function formatReport(report: Report, output: Options["output"]): string {
  if (output === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (output === "csv") return formatCsv(report);
  return formatConsole(report);
}

function roundSummary(s: Summary): Summary {
  return {
    count: s.count,
    min: round(s.min, 2),
    mean: round(s.mean, 2),
    p50: round(s.p50, 2),
    p95: round(s.p95, 2),
    p99: round(s.p99, 2),
    max: round(s.max, 2),
  };
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
