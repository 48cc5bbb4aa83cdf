// The report as a readable table: what ran, the counts, each measured operation's percentiles,
// the servers' and the load tester's own load, and the thresholds.
import { formatNumber, list, mb, ms, num, pad, pct, seconds, total } from "./format.ts";
import { OPERATIONS } from "./options.ts";
import type { ContestReport, ProctoringReport, Report } from "./report-types.ts";

export function formatConsole(r: Report): string {
  const lines: string[] = [];
  const c = r.config;
  const mix = Object.entries(c.mix)
    .map(([k, share]) => `${k}=${share}`)
    .join(",");
  lines.push(
    `codeduel load test: ${c.players} ${r.contest ? "contest participants" : "players"}, ${seconds(r.elapsedMs)} (duration ${seconds(c.durationMs)}${r.interrupted ? ", interrupted" : ""})`,
    `  pattern ${c.pattern}, connect ${c.connect}${c.connect === "gradual" ? ` (${c.connectRate}/s)` : ""}, mix ${mix}, seed ${c.seed}`,
    `  targets ${c.urls.join(", ")}`,
    "",
  );
  const conn = r.connections;
  lines.push(
    `connections   attempted ${conn.attempted}, succeeded ${conn.succeeded}, failed ${conn.failed}${conn.unfinished ? `, unfinished at the end ${conn.unfinished}` : ""}, reconnected ${conn.reconnected}, dropped ${conn.dropped}, peak open sockets ${conn.peakOpen}`,
  );
  if (r.contest) {
    lines.push(
      ...contestLines(r.contest),
      `submissions   ${r.submissions.total}${list(r.submissions.byKind)}; unanswered ${r.submissions.unanswered}`,
    );
  } else {
    lines.push(
      `battles       completed ${r.battles.completed}${list(r.battles.byReason)}, forfeited at the end ${r.battles.forfeitedAtEnd}`,
    );
    lines.push(
      `submissions   ${r.submissions.total}${list(r.submissions.byKind)}; overtaken by the battle's end ${r.submissions.overtaken}, unanswered ${r.submissions.unanswered}`,
    );
  }
  lines.push(`verdicts      ${total(r.verdicts)}${list(r.verdicts)}`);
  // Per language only when there is more than JavaScript to tell apart.
  const byLanguage = Object.entries(r.verdictsByLanguage);
  if (byLanguage.some(([language]) => language !== "javascript")) {
    for (const [language, verdicts] of byLanguage) lines.push(`  ${language.padEnd(12)}${total(verdicts ?? {})}${list(verdicts ?? {})}`);
  }
  if (!r.contest) lines.push(`code updates  sent ${r.codeUpdates.sent}, received by opponents ${r.codeUpdates.received}`);
  lines.push(`errors        ${r.errors.total} of ${r.calls} calls (${(r.errors.rate * 100).toFixed(2)}%)`);
  for (const [type, n] of Object.entries(r.errors.byType)) lines.push(`  ${pad(String(n), 7)}  ${type}`);
  for (const [type, n] of Object.entries(r.refusals)) lines.push(`  ${pad(String(n), 7)}  ${type} (refused, not an error)`);
  // Wide enough for the longest name measured (disqualify_steady), as narrow as before without it.
  const width = Math.max(13, ...Object.keys(r.operations).map((op) => op.length + 2));
  lines.push("", `${"operation".padEnd(width)}${["count", "p50", "p95", "p99", "max"].map((h) => pad(h, 10)).join("")}   (ms)`);
  for (const op of OPERATIONS) {
    const s = r.operations[op];
    if (!s) continue;
    lines.push(
      `${op.padEnd(width)}${pad(String(s.count), 10)}${[s.p50, s.p95, s.p99, s.max].map((v) => pad(s.count ? v.toFixed(1) : "-", 10)).join("")}`,
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

function contestLines(c: ContestReport): string[] {
  const s = c.standings;
  const pace = c.submitIntervalMs === null ? "the pattern's delays" : `one per ${seconds(c.submitIntervalMs)} each`;
  return [
    `contest       ${c.id} "${c.title}", problems ${c.problems.join(", ")}; ${c.accounts === "guest" ? "guests" : "accounts"}, submitting at ${pace}`,
    `participants  registered ${c.registered}, read the problems ${c.problemsRead}`,
    `standings     boards ${s.boards}, changes ${s.changes} (verdicts ${s.verdictChanges}), seq gaps ${s.gaps}; verdicts found by polling ${c.verdictsPolled}`,
    ...(c.proctoring ? proctoringLines(c.proctoring) : []),
  ];
}

function proctoringLines(p: ProctoringReport): string[] {
  const r = p.reports;
  const d = p.disqualifications;
  const feed = p.feed.watched
    ? `admin feed: events ${p.feed.events}, this run's reports ${p.feed.seen}, lost ${p.feed.lost}`
    : "admin feed not watched (no LOADTEST_ADMIN_TOKEN): feed latency and lost reports not measured";
  return [
    `proctoring    ${p.ratePerMinute} signals/min each (${p.signals.join(", ")}), crossers ${p.crossers} (${formatNumber(p.crossersShare * 100)}%), disqualified at ${p.disqualifyAt}`,
    `  reports     sent ${r.sent}, recorded ${r.recorded}, not recorded ${r.notRecorded}, failed ${r.failed}; events overdue after 60 s ${p.expired}`,
    `  ${feed}`,
    `  disqualified  answered ${d.answered}, seen by the participant ${d.seen}, on the feed ${d.onFeed}`,
  ];
}
