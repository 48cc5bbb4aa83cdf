// The supervisor's merge of its judge processes' metrics, with stand-in processes on a fake IPC
// channel: a process that does not answer in time is not waited for (its last answer stands), an
// ended process's counters outlive it, and restarts are counted by reason.
import { EventEmitter } from "node:events";
import { Counter, Gauge, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { MetricsRequest } from "./metrics.ts";
import { type ChildChannel, SupervisorMetrics } from "./supervisor-metrics.ts";

/** A judge process as the supervisor sees it: it answers with its registry unless told to be silent. */
class FakeChild extends EventEmitter implements ChildChannel {
  connected = true;
  silent = false;
  readonly registry = new Registry();
  readonly verdicts = new Counter({
    name: "codeduel_judge_verdicts_total",
    help: "verdicts",
    labelNames: ["status"],
    registers: [this.registry],
  });

  send(message: MetricsRequest, callback: (error: Error | null) => void): boolean {
    callback(null);
    if (!this.silent) {
      // Through JSON, as fork's IPC channel (serialization "json") carries it.
      void this.registry
        .getMetricsAsJSON()
        .then((metrics) => this.emit("message", JSON.parse(JSON.stringify({ type: "metrics", id: message.id, metrics }))));
    }
    return true;
  }
}

const value = (text: string, series: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
const ACCEPTED = 'codeduel_judge_verdicts_total{status="accepted"}';

describe("SupervisorMetrics", () => {
  it("sums the processes' counters with its own figures", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 200, defaultMetrics: false });
    const [a, b] = [new FakeChild(), new FakeChild()];
    a.verdicts.inc({ status: "accepted" }, 3);
    b.verdicts.inc({ status: "accepted" }, 4);
    const text = await metrics.render([
      { channel: a, role: "active", ready: true },
      { channel: b, role: "standby", ready: true },
    ]);
    expect(value(text, ACCEPTED)).toBe(7);
    expect(value(text, 'codeduel_judge_processes{role="active"}')).toBe(1);
    expect(value(text, 'codeduel_judge_processes{role="solo"}')).toBe(0);
    expect(value(text, "codeduel_judge_metrics_unanswered_total")).toBe(0);
  });

  it("does not wait past its timeout for a silent process, and uses its last answer", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 150, defaultMetrics: false });
    const [a, b] = [new FakeChild(), new FakeChild()];
    a.verdicts.inc({ status: "accepted" }, 2);
    b.verdicts.inc({ status: "accepted" }, 5);
    const children = [
      { channel: a, role: "active", ready: true },
      { channel: b, role: "standby", ready: true },
    ];
    expect(value(await metrics.render(children), ACCEPTED)).toBe(7);
    b.silent = true;
    b.verdicts.inc({ status: "accepted" }, 100);
    const started = performance.now();
    const text = await metrics.render(children);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(value(text, ACCEPTED)).toBe(7);
    expect(value(text, "codeduel_judge_metrics_unanswered_total")).toBe(1);
    // A process that never answered, and one still booting (not asked), add nothing.
    const mute = new FakeChild();
    mute.silent = true;
    mute.verdicts.inc({ status: "accepted" }, 1000);
    const booting = new FakeChild();
    booting.verdicts.inc({ status: "accepted" }, 1000);
    const more = await metrics.render([
      ...children,
      { channel: mute, role: "solo", ready: true },
      { channel: booting, role: "standby", ready: false },
    ]);
    expect(value(more, ACCEPTED)).toBe(7);
    expect(value(more, "codeduel_judge_metrics_unanswered_total")).toBe(3);
  });

  it("keeps an ended process's counts, so the merged counters never go backwards", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 200, defaultMetrics: false });
    const first = new FakeChild();
    first.verdicts.inc({ status: "accepted" }, 5);
    expect(value(await metrics.render([{ channel: first, role: "active", ready: true }]), ACCEPTED)).toBe(5);
    metrics.exited(first, "active", { signal: "SIGKILL", stopping: false });
    const second = new FakeChild();
    expect(value(await metrics.render([{ channel: second, role: "active", ready: true }]), ACCEPTED)).toBe(5);
    second.verdicts.inc({ status: "accepted" }, 2);
    const text = await metrics.render([{ channel: second, role: "active", ready: true }]);
    expect(value(text, ACCEPTED)).toBe(7);
    metrics.exited(second, "active", { asked: "recycle", signal: "SIGKILL", stopping: false });
    expect(value(await metrics.render([]), ACCEPTED)).toBe(7);
  });

  it("does not count a process that ended while its answer was on the way", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 200, defaultMetrics: false });
    const child = new FakeChild();
    child.verdicts.inc({ status: "accepted" }, 4);
    const children = [{ channel: child, role: "active", ready: true }];
    expect(value(await metrics.render(children), ACCEPTED)).toBe(4);
    const rendering = metrics.render(children);
    metrics.exited(child, "active", { signal: "SIGKILL", stopping: false });
    expect(value(await rendering, ACCEPTED)).toBe(4);
    expect(value(await metrics.render([]), ACCEPTED)).toBe(4);
  });

  it("leaves out a NaN a process sent (null after JSON) instead of printing it as +Inf", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 200, defaultMetrics: false });
    const [a, b] = [new FakeChild(), new FakeChild()];
    const lag = (c: FakeChild) =>
      new Gauge({ name: "nodejs_eventloop_lag_mean_seconds", help: "lag", aggregator: "average", registers: [c.registry] });
    lag(a).set(Number.NaN);
    lag(b).set(0.004);
    const text = await metrics.render([
      { channel: a, role: "active", ready: true },
      { channel: b, role: "standby", ready: true },
    ]);
    expect(value(text, "nodejs_eventloop_lag_mean_seconds")).toBe(0.004);
  });

  it("counts restarts by reason, and not a solo process's end or a stop", async () => {
    const metrics = new SupervisorMetrics({ timeoutMs: 200, defaultMetrics: false });
    const bloated = new FakeChild();
    metrics.killedOverRss(bloated);
    metrics.exited(bloated, "active", { signal: "SIGKILL", stopping: false });
    metrics.exited(new FakeChild(), "active", { asked: "recycle", signal: "SIGKILL", stopping: false });
    metrics.exited(new FakeChild(), "standby", { signal: "SIGABRT", stopping: false });
    metrics.exited(new FakeChild(), "active", { signal: null, stopping: false });
    metrics.exited(new FakeChild(), "solo", { signal: "SIGKILL", stopping: false });
    metrics.exited(new FakeChild(), "active", { asked: "drained", signal: "SIGKILL", stopping: true });
    metrics.standbyTookOver();
    const text = await metrics.render([]);
    const restarts = (role: string, reason: string) =>
      value(text, `codeduel_judge_process_restarts_total{role="${role}",reason="${reason}"}`);
    expect(restarts("active", "rss_kill")).toBe(1);
    expect(restarts("active", "recycle")).toBe(1);
    expect(restarts("standby", "abort")).toBe(1);
    expect(restarts("active", "crash")).toBe(1);
    expect(restarts("standby", "crash")).toBe(0);
    expect(text).not.toContain('role="solo",reason=');
    expect(value(text, "codeduel_judge_standby_takeovers_total")).toBe(1);
  });
});
