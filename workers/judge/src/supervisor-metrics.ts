// The judge worker's /metrics, served by its supervisor: the supervisor's own figures (process
// restarts by reason, standby takeovers, processes by role) merged with every judge process's
// (metrics.ts), which each process sends over the fork IPC channel when asked at scrape time.
//
// Merging is prom-client's AggregatorRegistry.aggregate (counters and histograms summed, event-loop
// lag averaged). Two rules keep the merged counters monotonic, as rate() needs: a process that does
// not answer in time is not waited for, its last answer stands in; and a process that ended leaves
// its last counters and histograms behind (`retired`), or every restart would read as a reset.
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from "prom-client";
import type { MetricsAnswer, MetricsRequest } from "./metrics.ts";

/** How long a scrape waits for a judge process's answer (its main thread may be busy briefly). */
export const CHILD_ANSWER_TIMEOUT_MS = 1000;
const ROLES = ["active", "standby", "solo"] as const;
/** Why a judge process was replaced: see `exited`. */
export const RESTART_REASONS = ["recycle", "rss_kill", "abort", "crash"] as const;

/** A metric family as `getMetricsAsJSON()` gives it (prom-client does not export the type). */
interface MetricJson {
  name: string;
  type: string;
  aggregator?: string;
  values: unknown[];
}

/** The IPC end of a judge process, as `ChildProcess` offers it. */
export interface ChildChannel {
  readonly connected: boolean;
  send(message: MetricsRequest, callback: (error: Error | null) => void): boolean;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

export interface ScrapedChild {
  channel: ChildChannel;
  role: string;
  /** It said it is listening; one still booting is not asked (its last answer, if any, stands). */
  ready: boolean;
}

export class SupervisorMetrics {
  readonly registry = new Registry();
  readonly #restarts: Counter<"role" | "reason">;
  readonly #takeovers: Counter;
  readonly #unanswered: Counter;
  readonly #processes: Gauge<"role">;
  readonly #timeoutMs: number;
  /** Each live process's last answer. */
  readonly #last = new Map<ChildChannel, MetricJson[]>();
  /** Counters and histograms of processes that ended, summed into one set of families. */
  #retired: MetricJson[] = [];
  readonly #rssKilled = new WeakSet<ChildChannel>();
  /** Processes already retired: an answer that arrives after the exit must not bring one back. */
  readonly #ended = new WeakSet<ChildChannel>();
  #nextId = 0;

  constructor(options: { timeoutMs?: number; defaultMetrics?: boolean } = {}) {
    this.#timeoutMs = options.timeoutMs ?? CHILD_ANSWER_TIMEOUT_MS;
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.#restarts = new Counter({
      name: "codeduel_judge_process_restarts_total",
      help: "Judge processes that ended and were replaced, by role and reason: recycle (a wedged sandbox), rss_kill (over its RSS ceiling), abort (SIGABRT), crash (any other death).",
      labelNames: ["role", "reason"],
      registers,
    });
    for (const role of ["active", "standby"]) for (const reason of RESTART_REASONS) this.#restarts.inc({ role, reason }, 0);
    this.#takeovers = new Counter({
      name: "codeduel_judge_standby_takeovers_total",
      help: "Times the warm standby took the queues from an active judge process that stopped taking jobs.",
      registers,
    });
    this.#unanswered = new Counter({
      name: "codeduel_judge_metrics_unanswered_total",
      help: "Scrapes in which a judge process did not answer in time (its last figures were used).",
      registers,
    });
    this.#processes = new Gauge({
      name: "codeduel_judge_processes",
      help: "Judge processes alive under this supervisor, by role.",
      labelNames: ["role"],
      registers,
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  standbyTookOver(): void {
    this.#takeovers.inc();
  }

  /** The supervisor is killing this process for its RSS: its exit is counted as `rss_kill`. */
  killedOverRss(channel: ChildChannel): void {
    this.#rssKilled.add(channel);
  }

  /**
   * A judge process ended. Counted as a restart unless it was a solo process (each ends after its
   * suspects by design) or it ended because the worker is stopping.
   */
  exited(channel: ChildChannel, role: string, how: { asked?: string; signal: string | null; stopping: boolean }): void {
    this.#retire(channel);
    if (role === "solo" || how.stopping || how.asked === "drained") return;
    const reason = this.#rssKilled.has(channel)
      ? "rss_kill"
      : how.asked === "recycle"
        ? "recycle"
        : how.signal === "SIGABRT"
          ? "abort"
          : "crash";
    this.#restarts.inc({ role, reason });
  }

  /** The whole worker's metrics: its own and every judge process's, merged. */
  async render(children: readonly ScrapedChild[]): Promise<string> {
    this.#processes.reset();
    for (const role of ROLES) this.#processes.set({ role }, children.filter((c) => c.role === role).length);
    const answers = await Promise.all(children.map((c) => (c.ready ? this.#ask(c.channel) : Promise.resolve(undefined))));
    const snapshots: MetricJson[][] = [];
    children.forEach((child, i) => {
      if (this.#ended.has(child.channel)) return;
      const answer = answers[i];
      if (answer) this.#last.set(child.channel, answer);
      else if (child.ready) this.#unanswered.inc();
      const last = this.#last.get(child.channel);
      if (last) snapshots.push(last);
    });
    const own = (await this.registry.getMetricsAsJSON()) as unknown as MetricJson[];
    return AggregatorRegistry.aggregate([own, ...snapshots, this.#retired]).metrics();
  }

  /** One process's metrics, or undefined if it did not answer within the timeout. */
  #ask(channel: ChildChannel): Promise<MetricJson[] | undefined> {
    if (!channel.connected) return Promise.resolve(undefined);
    const id = ++this.#nextId;
    return new Promise((resolve) => {
      const done = (metrics: MetricJson[] | undefined) => {
        clearTimeout(timer);
        channel.off("message", onMessage);
        resolve(metrics);
      };
      const onMessage = (message: unknown) => {
        const m = message as Partial<MetricsAnswer> | null;
        if (m?.type !== "metrics" || m.id !== id) return;
        done(Array.isArray(m.metrics) && m.metrics.every(isMetricJson) ? m.metrics.map(withoutNulls) : undefined);
      };
      const timer = setTimeout(() => done(undefined), this.#timeoutMs);
      channel.on("message", onMessage);
      try {
        channel.send({ type: "metrics-request", id }, (err) => {
          if (err) done(undefined);
        });
      } catch {
        done(undefined);
      }
    });
  }

  /** Keeps what an ended process had counted: its summed counters and histograms, nothing else. */
  #retire(channel: ChildChannel): void {
    this.#ended.add(channel);
    const last = this.#last.get(channel);
    this.#last.delete(channel);
    if (!last) return;
    const monotonic = last.filter((m) => (m.type === "counter" || m.type === "histogram") && (m.aggregator ?? "sum") === "sum");
    // Summed into one set at once, so the retired figures stay as small as one process's.
    const merged = AggregatorRegistry.aggregate([this.#retired, monotonic]).getMetricsAsArray() as unknown as Metric[];
    this.#retired = merged.map((m) => {
      const { name, help, type, aggregator, values } = m as unknown as MetricJson & { help: string };
      return { name, help, type, aggregator, values };
    });
  }
}

/**
 * JSON turns a NaN (an event-loop figure with no samples yet) into null, which prom-client would
 * print as +Inf: such a sample is left out, so averages are taken over the processes that have one.
 */
function withoutNulls(m: MetricJson): MetricJson {
  return { ...m, values: m.values.filter((v) => typeof (v as { value?: unknown } | null)?.value === "number") };
}

function isMetricJson(m: unknown): m is MetricJson {
  const x = m as Partial<MetricJson> | null;
  return typeof x?.name === "string" && typeof x.type === "string" && Array.isArray(x.values);
}
