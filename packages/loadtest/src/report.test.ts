import { describe, expect, it } from "vitest";
import { type Options, parseCli } from "./args.ts";
import { Metrics } from "./metrics.ts";
import { buildReport, formatReport } from "./report.ts";

function optionsWith(mix: string): Options {
  const parsed = parseCli(["--mix", mix, "--seed", "7"]);
  if (parsed.kind !== "run") throw new Error("expected a run");
  return parsed.options;
}

function reportOf(options: Options, metrics: Metrics) {
  return buildReport({
    options,
    metrics,
    servers: [],
    startedAt: new Date(0),
    elapsedMs: 1000,
    interrupted: false,
    unanswered: 0,
    loadGenerator: { cpuPercent: 1, rssMaxBytes: 1, eventLoopDelayMs: { p50: 10.1, p99: 12.5, max: 40.2 } },
  });
}

describe("report", () => {
  it("breaks submissions down by mix entry and verdicts by language", () => {
    const options = optionsWith("correct=50,python:correct=30,python:loop=20");
    const m = new Metrics();
    for (const key of ["correct", "python:correct", "python:correct", "python:loop"] as const) m.submitted(key);
    m.verdict("accepted", "javascript");
    m.verdict("accepted", "python");
    m.verdict("wrong_answer", "python");
    m.verdict("time_limit", "python");
    // A verdict whose battle.submit reply never came: counted, but under no language.
    m.verdict("accepted", undefined);
    const r = reportOf(options, m);
    expect(r.config.mix).toEqual({ correct: 50, "python:correct": 30, "python:loop": 20 });
    expect(r.submissions).toMatchObject({ total: 4, byKind: { correct: 1, "python:correct": 2, "python:loop": 1 } });
    expect(r.verdicts).toEqual({ accepted: 3, time_limit: 1, wrong_answer: 1 });
    expect(r.verdictsByLanguage).toEqual({ javascript: { accepted: 1 }, python: { accepted: 1, time_limit: 1, wrong_answer: 1 } });

    const text = formatReport(r, "console");
    expect(text).toContain("mix correct=50,python:correct=30,python:loop=20");
    expect(text).toContain("submissions   4 (correct 1, python:correct 2, python:loop 1)");
    expect(text).toContain("  javascript  1 (accepted 1)\n  python      3 (accepted 1, time_limit 1, wrong_answer 1)\n");
    const csv = formatReport(r, "csv");
    expect(csv).toContain("summary,submissions_python:correct,,,,,,2\n");
    expect(csv).toContain("summary,verdict_python_time_limit,,,,,,1\n");
    expect(JSON.parse(formatReport(r, "json")).verdictsByLanguage.python.wrong_answer).toBe(1);
  });

  it("keeps a JavaScript-only report as it was: bare kinds, no per-language lines", () => {
    const m = new Metrics();
    m.submitted("wrong");
    m.verdict("wrong_answer", "javascript");
    const r = reportOf(optionsWith("correct=70,wrong=30"), m);
    expect(r.submissions.byKind).toEqual({ correct: 0, wrong: 1 });
    const text = formatReport(r, "console");
    expect(text).toContain("verdicts      1 (wrong_answer 1)\ncode updates");
  });

  it("reports the load tester's own event-loop delay, which every latency it measured includes", () => {
    const r = reportOf(optionsWith("correct=100"), new Metrics());
    expect(formatReport(r, "console")).toContain("  event-loop delay p50 10.1 / p99 12.5 / max 40.2 ms (included in the latencies above)");
    expect(formatReport(r, "csv")).toContain("summary,load_generator_event_loop_delay_p99_ms,,,,,,12.5\n");
    expect(JSON.parse(formatReport(r, "json")).loadGenerator.eventLoopDelayMs).toEqual({ p50: 10.1, p99: 12.5, max: 40.2 });
  });

  it("reports a proctored contest's counts and its two operations, and a contest without --proctor as before", () => {
    const contestRun = (...extra: string[]) => {
      const parsed = parseCli(["--scenario", "contest", "--contest", "0b6f1c2e-5d4a-4c3b-9a8e-7f6d5c4b3a29", "--seed", "3", ...extra]);
      if (parsed.kind !== "run") throw new Error("expected a run");
      return parsed.options;
    };
    const info = { title: "Exam", accounts: "guest" as const, problems: ["A"] };
    const m = new Metrics("standings");
    Object.assign(m.proctor, { crossers: 2, sent: 12, recorded: 11, notRecorded: 1, feedEvents: 14, feedSeen: 10, disqualifiedSeen: 2 });
    m.record("feed", 12);
    m.record("disqualify", 40);
    const options = contestRun("--proctor", "--max-p99-ms", "feed=10");
    const r = buildReport({
      ...{ options, metrics: m, servers: [], startedAt: new Date(0), elapsedMs: 1000, interrupted: false, unanswered: 0 },
      loadGenerator: { cpuPercent: 1, rssMaxBytes: 1, eventLoopDelayMs: { p50: 1, p99: 1, max: 1 } },
      contest: info,
      proctoring: { disqualifyAt: 3, signals: ["tab_hidden", "window_blur"], feedWatched: true },
    });
    expect(Object.keys(r.operations)).toEqual([
      ...["connect", "signin", "register", "verdict", "standings"],
      ...["report", "disqualify", "disqualify_steady", "feed", "feed_steady"],
    ]);
    expect(r.contest?.proctoring).toEqual({
      ratePerMinute: 0.5,
      crossersShare: 0.05,
      crossers: 2,
      signals: ["tab_hidden", "window_blur"],
      disqualifyAt: 3,
      reports: { sent: 12, recorded: 11, notRecorded: 1, failed: 0 },
      feed: { watched: true, events: 14, seen: 10, lost: 1 },
      disqualifications: { answered: 0, seen: 2, onFeed: 0 },
      expired: 0,
    });
    expect(r.thresholds.find((t) => t.name.startsWith("p99 feed"))).toMatchObject({ passed: false });
    const text = formatReport(r, "console");
    expect(text).toContain("  reports     sent 12, recorded 11, not recorded 1, failed 0");
    expect(text).toContain("admin feed: events 14, this run's reports 10, lost 1");
    expect(text).toMatch(/\ndisqualify +1 +/);
    const csv = formatReport(r, "csv");
    expect(csv).toContain("summary,proctor_feed_lost,,,,,,1\n");
    expect(csv).toContain("operation,feed,1,");
    expect(JSON.parse(formatReport(r, "json")).contest.proctoring.reports.recorded).toBe(11);

    // Not watched: nothing is called lost.
    const unwatched = buildReport({
      ...{ options, metrics: m, servers: [], startedAt: new Date(0), elapsedMs: 1000, interrupted: false, unanswered: 0 },
      loadGenerator: { cpuPercent: 1, rssMaxBytes: 1, eventLoopDelayMs: { p50: 1, p99: 1, max: 1 } },
      contest: info,
      proctoring: { disqualifyAt: 3, signals: ["tab_hidden"], feedWatched: false },
    });
    expect(unwatched.contest?.proctoring?.feed.lost).toBeNull();
    expect(formatReport(unwatched, "console")).toContain("admin feed not watched (no LOADTEST_ADMIN_TOKEN)");

    const plain = buildReport({
      ...{ options: contestRun(), metrics: new Metrics("standings"), servers: [], startedAt: new Date(0), elapsedMs: 1000 },
      ...{ interrupted: false, unanswered: 0, contest: info },
      loadGenerator: { cpuPercent: 1, rssMaxBytes: 1, eventLoopDelayMs: { p50: 1, p99: 1, max: 1 } },
    });
    expect(Object.keys(plain.operations)).toEqual(["connect", "signin", "register", "verdict", "standings"]);
    expect(plain.contest).not.toHaveProperty("proctoring");
    expect(formatReport(plain, "csv")).not.toContain("proctor_");
  });
});
