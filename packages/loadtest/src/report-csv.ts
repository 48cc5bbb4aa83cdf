// The report as CSV: one row per measured operation, then summary rows (one figure each) and a row
// per threshold, for spreadsheets and scripts.
import { csvField, snake } from "./format.ts";
import { OPERATIONS } from "./options.ts";
import type { Report } from "./report-types.ts";

export function formatCsv(r: Report): string {
  const rows: (string | number)[][] = [["section", "name", "count", "p50_ms", "p95_ms", "p99_ms", "max_ms", "value"]];
  for (const op of OPERATIONS) {
    const s = r.operations[op];
    if (!s) continue;
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
  if (r.contest) {
    const c = r.contest;
    summary("contest_id", c.id);
    summary("contest_registered", c.registered);
    summary("contest_problems_read", c.problemsRead);
    summary("contest_standings_boards", c.standings.boards);
    summary("contest_standings_changes", c.standings.changes);
    summary("contest_standings_verdict_changes", c.standings.verdictChanges);
    summary("contest_standings_gaps", c.standings.gaps);
    summary("contest_verdicts_polled", c.verdictsPolled);
    const p = c.proctoring;
    if (p) {
      summary("proctor_rate_per_minute", p.ratePerMinute);
      summary("proctor_crossers", p.crossers);
      summary("proctor_reports_sent", p.reports.sent);
      summary("proctor_reports_recorded", p.reports.recorded);
      summary("proctor_reports_not_recorded", p.reports.notRecorded);
      summary("proctor_reports_failed", p.reports.failed);
      summary("proctor_feed_watched", p.feed.watched ? "true" : "false");
      summary("proctor_feed_events", p.feed.events);
      summary("proctor_feed_seen", p.feed.seen);
      summary("proctor_feed_lost", p.feed.lost ?? "");
      summary("proctor_disqualified_answered", p.disqualifications.answered);
      summary("proctor_disqualified_seen", p.disqualifications.seen);
      summary("proctor_disqualified_on_feed", p.disqualifications.onFeed);
      summary("proctor_expired", p.expired);
    }
  }
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
