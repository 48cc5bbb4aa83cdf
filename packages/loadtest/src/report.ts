// The run's result as one plain object, and its three renderings: a readable table (console), one
// JSON object (json) and one row per operation plus summary rows (csv). Also the progress line.
import type { Language } from "@codeduel/judge";
import { type MixKey, mixEntry, OPERATIONS, type Operation, type Options } from "./args.ts";
import type { Summary } from "./histogram.ts";
import type { Metrics } from "./metrics.ts";
import type { ServerStats } from "./server-sampler.ts";
import { evaluateThresholds, type ThresholdResult } from "./thresholds.ts";

export interface Report {
  tool: "codeduel-loadtest";
  config: {
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
  /** Latencies in ms. */
  operations: Record<Operation, Summary>;
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
  servers: ServerStats[];
  /** This process: if it ran hot, the latencies above include its own queueing. */
  loadGenerator: LoadGeneratorStats;
  thresholds: ThresholdResult[];
  passed: boolean;
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

export function buildReport(args: {
  options: Options;
  metrics: Metrics;
  servers: ServerStats[];
  startedAt: Date;
  elapsedMs: number;
  interrupted: boolean;
  unanswered: number;
  loadGenerator: LoadGeneratorStats;
}): Report {
  const { options, metrics: m } = args;
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op, roundSummary(m.latency[op].summary())])) as Record<Operation, Summary>;
  const errorRate = m.calls === 0 ? 0 : m.errorCount / m.calls;
  const thresholds = evaluateThresholds(options.thresholds, { operations, errorRate, connectionsSucceeded: m.connections.succeeded });
  const mixKeys = Object.keys(options.mix) as MixKey[];
  const byKind = Object.fromEntries(mixKeys.map((k) => [k, m.submissions.get(k) ?? 0]));
  const languages = [...new Set(mixKeys.map((k) => mixEntry(k).language))];
  return {
    tool: "codeduel-loadtest",
    config: {
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
    servers: args.servers,
    loadGenerator: args.loadGenerator,
    thresholds,
    passed: thresholds.every((t) => t.passed),
  };
}

export function formatReport(report: Report, output: Options["output"]): string {
  if (output === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (output === "csv") return formatCsv(report);
  return formatConsole(report);
}

function formatConsole(r: Report): string {
  const lines: string[] = [];
  const c = r.config;
  const mix = Object.entries(c.mix)
    .map(([k, share]) => `${k}=${share}`)
    .join(",");
  lines.push(
    `codeduel load test: ${c.players} players, ${seconds(r.elapsedMs)} (duration ${seconds(c.durationMs)}${r.interrupted ? ", interrupted" : ""})`,
    `  pattern ${c.pattern}, connect ${c.connect}${c.connect === "gradual" ? ` (${c.connectRate}/s)` : ""}, mix ${mix}, seed ${c.seed}`,
    `  targets ${c.urls.join(", ")}`,
    "",
  );
  const conn = r.connections;
  lines.push(
    `connections   attempted ${conn.attempted}, succeeded ${conn.succeeded}, failed ${conn.failed}${conn.unfinished ? `, unfinished at the end ${conn.unfinished}` : ""}, reconnected ${conn.reconnected}, dropped ${conn.dropped}, peak open sockets ${conn.peakOpen}`,
  );
  lines.push(`battles       completed ${r.battles.completed}${list(r.battles.byReason)}, forfeited at the end ${r.battles.forfeitedAtEnd}`);
  lines.push(
    `submissions   ${r.submissions.total}${list(r.submissions.byKind)}; overtaken by the battle's end ${r.submissions.overtaken}, unanswered ${r.submissions.unanswered}`,
  );
  lines.push(`verdicts      ${total(r.verdicts)}${list(r.verdicts)}`);
  // Per language only when there is more than JavaScript to tell apart.
  const byLanguage = Object.entries(r.verdictsByLanguage);
  if (byLanguage.some(([language]) => language !== "javascript")) {
    for (const [language, verdicts] of byLanguage) lines.push(`  ${language.padEnd(12)}${total(verdicts ?? {})}${list(verdicts ?? {})}`);
  }
  lines.push(`code updates  sent ${r.codeUpdates.sent}, received by opponents ${r.codeUpdates.received}`);
  lines.push(`errors        ${r.errors.total} of ${r.calls} calls (${(r.errors.rate * 100).toFixed(2)}%)`);
  for (const [type, n] of Object.entries(r.errors.byType)) lines.push(`  ${pad(String(n), 7)}  ${type}`);
  for (const [type, n] of Object.entries(r.refusals)) lines.push(`  ${pad(String(n), 7)}  ${type} (refused, not an error)`);
  lines.push("", `${"operation".padEnd(13)}${["count", "p50", "p95", "p99", "max"].map((h) => pad(h, 10)).join("")}   (ms)`);
  for (const op of OPERATIONS) {
    const s = r.operations[op];
    lines.push(
      `${op.padEnd(13)}${pad(String(s.count), 10)}${[s.p50, s.p95, s.p99, s.max].map((v) => pad(s.count ? v.toFixed(1) : "-", 10)).join("")}`,
    );
  }
  for (const s of r.servers) {
    lines.push("", `server ${s.url}  (${s.samples} samples${s.failedSamples ? `, ${s.failedSamples} failed: ${s.lastError}` : ""})`);
    if (s.samples === 0) continue;
    const cpu = s.cpuPercent;
    lines.push(
      `  cpu      avg ${pct(cpu.avg)}, max ${pct(cpu.max)}, last ${pct(cpu.last)} (of one core)${s.restarts ? `; restarted ${s.restarts}x` : ""}`,
      `  rss      max ${mb(s.rssBytes.max)}, last ${mb(s.rssBytes.last)}`,
      `  heap     max ${mb(s.heapUsedBytes.max)}, last ${mb(s.heapUsedBytes.last)}`,
      `  loop     event-loop delay p99 ${ms(s.eventLoopDelayMs.p99.max)} in the worst 5-s window, max ${ms(s.eventLoopDelayMs.max.max)}`,
      `  players  max ${num(s.connectedPlayers.max)}; active battles max ${num(s.activeBattles.max)}; queue max ${num(s.queueSize.max)}; judge queue max ${num(s.judgeQueueDepth.max)}`,
    );
  }
  const self = r.loadGenerator;
  const delay = self.eventLoopDelayMs;
  lines.push(
    "",
    `load generator  cpu ${pct(self.cpuPercent)} (of one core), rss max ${mb(self.rssMaxBytes)}`,
    `  event-loop delay p50 ${formatNumber(delay.p50)} / p99 ${formatNumber(delay.p99)} / max ${formatNumber(delay.max)} ms (included in the latencies above)`,
  );
  lines.push("", "thresholds");
  for (const t of r.thresholds)
    lines.push(`  ${t.passed ? "PASS" : "FAIL"}  ${t.name}${t.actual === null ? "" : ` (actual ${formatNumber(t.actual)})`}`);
  const failed = r.thresholds.filter((t) => !t.passed).length;
  lines.push(`result: ${r.passed ? "PASS" : `FAIL (${failed} threshold${failed === 1 ? "" : "s"} failed)`}`, "");
  return lines.join("\n");
}

function formatCsv(r: Report): string {
  const rows: (string | number)[][] = [["section", "name", "count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "value"]];
  for (const op of OPERATIONS) {
    const s = r.operations[op];
    rows.push(["operation", op, s.count, s.p50, s.p95, s.p99, s.max, ""]);
  }
  const summary = (name: string, value: string | number) => rows.push(["summary", name, "", "", "", "", "", value]);
  summary("players", r.config.players);
  summary("elapsed_ms", r.elapsedMs);
  summary("seed", r.config.seed);
  for (const [k, v] of Object.entries(r.connections)) summary(`connections_${snake(k)}`, v);
  summary("calls", r.calls);
  summary("errors", r.errors.total);
  summary("error_rate", r.errors.rate);
  for (const [k, v] of Object.entries(r.errors.byType)) summary(`error:${k}`, v);
  summary("battles_completed", r.battles.completed);
  for (const [k, v] of Object.entries(r.battles.byReason)) summary(`battles_${k}`, v);
  summary("battles_forfeited_at_end", r.battles.forfeitedAtEnd);
  for (const [k, v] of Object.entries(r.submissions.byKind)) summary(`submissions_${k}`, v);
  summary("submissions_overtaken", r.submissions.overtaken);
  summary("submissions_unanswered", r.submissions.unanswered);
  for (const [k, v] of Object.entries(r.verdicts)) summary(`verdict_${k}`, v);
  for (const [language, verdicts] of Object.entries(r.verdictsByLanguage)) {
    for (const [k, v] of Object.entries(verdicts ?? {})) summary(`verdict_${language}_${k}`, v);
  }
  summary("code_updates_sent", r.codeUpdates.sent);
  summary("code_updates_received", r.codeUpdates.received);
  for (const s of r.servers) {
    summary(`server_samples ${s.url}`, s.samples);
    summary(`server_cpu_avg_percent ${s.url}`, s.cpuPercent.avg ?? "");
    summary(`server_cpu_max_percent ${s.url}`, s.cpuPercent.max ?? "");
    summary(`server_rss_max_bytes ${s.url}`, s.rssBytes.max ?? "");
    summary(`server_rss_last_bytes ${s.url}`, s.rssBytes.last ?? "");
    summary(`server_heap_used_max_bytes ${s.url}`, s.heapUsedBytes.max ?? "");
    summary(`server_heap_used_last_bytes ${s.url}`, s.heapUsedBytes.last ?? "");
    summary(`server_event_loop_delay_p99_max_ms ${s.url}`, s.eventLoopDelayMs.p99.max ?? "");
    summary(`server_event_loop_delay_max_ms ${s.url}`, s.eventLoopDelayMs.max.max ?? "");
  }
  summary("load_generator_cpu_percent", r.loadGenerator.cpuPercent);
  summary("load_generator_rss_max_bytes", r.loadGenerator.rssMaxBytes);
  summary("load_generator_event_loop_delay_p50_ms", r.loadGenerator.eventLoopDelayMs.p50);
  summary("load_generator_event_loop_delay_p99_ms", r.loadGenerator.eventLoopDelayMs.p99);
  summary("load_generator_event_loop_delay_max_ms", r.loadGenerator.eventLoopDelayMs.max);
  for (const t of r.thresholds) rows.push(["threshold", t.name, "", "", "", "", "", t.passed ? "pass" : "fail"]);
  summary("passed", r.passed ? "true" : "false");
  return `${rows.map((row) => row.map(csvField).join(",")).join("\n")}\n`;
}

/** The line printed every 2 s on stderr while the run goes. */
export function progressLine(elapsedMs: number, m: Metrics, players: number, relayP95: number | null): string {
  return [
    `[${seconds(elapsedMs).padStart(6)}]`,
    `connected ${m.playersConnected}/${players}`,
    `queued ${m.queued}`,
    `in battle ${m.inBattle}`,
    `battles done ${m.battlesCompleted}`,
    `errors ${m.errorCount}`,
    `relay p95 ${relayP95 === null ? "-" : `${relayP95.toFixed(1)} ms`}`,
  ].join("  ");
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

function total(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function list(record: Record<string, number>): string {
  const parts = Object.entries(record).filter(([, n]) => n > 0);
  return parts.length ? ` (${parts.map(([k, n]) => `${k} ${n}`).join(", ")})` : "";
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const pad = (s: string, width: number) => s.padStart(width);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const pct = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)}%`);
const mb = (n: number | null) => (n === null ? "-" : `${(n / 1024 / 1024).toFixed(1)} MB`);
const num = (n: number | null) => (n === null ? "-" : String(n));
const ms = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)} ms`);
const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 4 : 1));
