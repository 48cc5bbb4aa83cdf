// An API instance's Prometheus metrics (served by @codeduel/metrics-http on METRICS_PORT): tRPC calls,
// WebSocket traffic, matchmaking, the fleet's battles, contests and judge queues, and prom-client's
// default process metrics (CPU, memory, event-loop lag, GC). The dashboard and alerts that read
// them are deploy/grafana/codeduel.json and deploy/prometheus/alerts.yaml.
//
// Two kinds of figures. What happens on the hot paths (every procedure call, every relayed message)
// is counted in plain numbers by the code that sees it and turned into samples only when scraped:
// prom-client's own `inc`/`observe` build a label key string per call. What is a state of the whole
// fleet (queue sizes, active battles) is read at scrape time, cached a few seconds so several
// scrapers or a short scrape interval cost the database and Redis one read per window.
import type { ApiMetrics, Services } from "@codeduel/api";
import { schema } from "@codeduel/db";
import { and, count, eq, gt, lte } from "drizzle-orm";
import { collectDefaultMetrics, Histogram, type Metric, Registry } from "prom-client";
import type { WsCounters } from "./trpc-ws/counters.ts";

/** Call durations, s: 250 ms, the objective in deploy/prometheus/alerts.yaml, is a bound. */
export const PROCEDURE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** Waits in the matchmaking queue, s: pairing runs every second; the rating window is widest after 28 s. */
const MATCH_BUCKETS = [0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600];
/** Fleet-wide figures are read at most this often, however often the instance is scraped. */
const FLEET_TTL_MS = 5000;
/** A fleet read slower than this is left out of the scrape (a hung database must not hang it). */
const FLEET_TIMEOUT_MS = 3000;
export const JUDGE_QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** What the server has built by the time it serves: read at each scrape. */
export interface MetricSources {
  services: Services;
  /** The WebSocket adapter: open connections and its counters. */
  ws: { readonly size: number; readonly counters: WsCounters };
  /** Sockets refused or closed by the server, by reason (websocket.ts; a fixed set of reasons). */
  rejected: ReadonlyMap<string, number>;
}

interface FleetFigures {
  queueSize: number;
  activeBattles: number;
  activeContests: number;
  judgeQueues: { queue: string; counts: Record<string, number> }[];
}

/** One procedure's figures: a call bumps numbers in place and allocates nothing. */
class ProcedureCell {
  /** Calls by outcome: "OK" or the TRPC error code (a fixed set). */
  readonly outcomes = new Map<string, number>();
  /** Calls per duration bucket (not cumulative); the last one is past the largest bound. */
  readonly buckets = new Float64Array(PROCEDURE_BUCKETS.length + 1);
  count = 0;
  sum = 0;
  readonly type: string;
  constructor(type: string) {
    this.type = type;
  }
}

export class ServerMetrics implements ApiMetrics {
  readonly registry = new Registry();
  readonly #procedures = new Map<string, ProcedureCell>();
  readonly #timeToMatch: Histogram;
  #sources: MetricSources | undefined;
  #fleet: { at: number; figures: Promise<FleetFigures | undefined> } | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.#timeToMatch = new Histogram({
      name: "codeduel_matchmaking_time_to_match_seconds",
      help: "How long a queued player waited from joining to being paired (counted by the instance that paired them).",
      buckets: MATCH_BUCKETS,
      registers: [this.registry],
    });
    this.#define(
      "codeduel_trpc_calls_total",
      "tRPC procedure calls by path, type and outcome (OK or the TRPC error code).",
      "counter",
      () => this.#callSamples(),
    );
    this.#define(
      "codeduel_trpc_call_duration_seconds",
      "tRPC procedure call duration by path and type, from the first middleware to the result (subscriptions: until set up).",
      "histogram",
      () => this.#durationSamples(),
    );
    this.#defineWebSocket();
    this.#defineFleet();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Once the server is built: the sources of the scrape-time figures. */
  watch(sources: MetricSources): void {
    this.#sources = sources;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  procedureCalled(path: string, type: string, code: string, seconds: number): void {
    let cell = this.#procedures.get(path);
    if (cell === undefined) {
      cell = new ProcedureCell(type);
      this.#procedures.set(path, cell);
    }
    cell.outcomes.set(code, (cell.outcomes.get(code) ?? 0) + 1);
    cell.count++;
    cell.sum += seconds;
    let i = 0;
    while (i < PROCEDURE_BUCKETS.length && seconds > (PROCEDURE_BUCKETS[i] as number)) i++;
    cell.buckets[i] = (cell.buckets[i] ?? 0) + 1;
  }

  matched(waitedMs: number): void {
    if (Number.isFinite(waitedMs) && waitedMs >= 0) this.#timeToMatch.observe(waitedMs / 1000);
  }

  /**
   * A family whose samples `read` produces at scrape time. prom-client's registry asks a metric
   * only for these fields and `get()`; its own classes would keep a second copy of every figure.
   */
  #define(name: string, help: string, type: "counter" | "gauge" | "histogram", read: () => Sample[] | Promise<Sample[]>): void {
    const metric = {
      name,
      help,
      type,
      aggregator: "sum",
      get: async () => ({ name, help, type, aggregator: "sum", values: await read() }),
      reset: () => {},
    };
    this.registry.registerMetric(metric as unknown as Metric);
  }

  #callSamples(): Sample[] {
    const samples: Sample[] = [];
    for (const [path, cell] of this.#procedures) {
      for (const [code, n] of cell.outcomes) samples.push({ value: n, labels: { path, type: cell.type, code } });
    }
    return samples;
  }

  #durationSamples(): Sample[] {
    const samples: Sample[] = [];
    const name = "codeduel_trpc_call_duration_seconds";
    for (const [path, cell] of this.#procedures) {
      let cumulative = 0;
      PROCEDURE_BUCKETS.forEach((le, i) => {
        cumulative += cell.buckets[i] ?? 0;
        samples.push({ value: cumulative, labels: { path, type: cell.type, le }, metricName: `${name}_bucket` });
      });
      samples.push({ value: cell.count, labels: { path, type: cell.type, le: "+Inf" }, metricName: `${name}_bucket` });
      samples.push({ value: cell.sum, labels: { path, type: cell.type }, metricName: `${name}_sum` });
      samples.push({ value: cell.count, labels: { path, type: cell.type }, metricName: `${name}_count` });
    }
    return samples;
  }

  #defineWebSocket(): void {
    const ws = () => this.#sources?.ws;
    const one = (value: number | undefined): Sample[] => (value === undefined ? [] : [{ value, labels: {} }]);
    this.#define("codeduel_ws_connections", "WebSocket connections open on this instance.", "gauge", () => one(ws()?.size));
    this.#define("codeduel_ws_connections_opened_total", "WebSocket connections accepted.", "counter", () =>
      one(ws()?.counters.connectionsOpened),
    );
    this.#define("codeduel_ws_subscriptions", "Subscriptions open on this instance's WebSocket connections.", "gauge", () => {
      const c = ws()?.counters;
      return one(c && c.subscriptionsStarted - c.subscriptionsEnded);
    });
    this.#define("codeduel_ws_subscriptions_started_total", "Subscriptions started over WebSocket.", "counter", () =>
      one(ws()?.counters.subscriptionsStarted),
    );
    this.#define("codeduel_ws_frames_received_total", "WebSocket frames received from clients (a batch is one frame).", "counter", () =>
      one(ws()?.counters.framesReceived),
    );
    this.#define(
      "codeduel_ws_messages_relayed_total",
      "Subscription messages sent to clients over WebSocket (battle events, code, standings).",
      "counter",
      () => one(ws()?.counters.messagesRelayed),
    );
    this.#define("codeduel_ws_rejected_total", "Sockets refused or closed by this instance, by reason.", "counter", () =>
      [...(this.#sources?.rejected ?? [])].map(([reason, n]) => ({ value: n, labels: { reason } })),
    );
  }

  #defineFleet(): void {
    // Every instance reports the same fleet-wide figures: dashboards take max(), not sum().
    const fleetSample = (pick: (f: FleetFigures) => number) => async () => {
      const figures = await this.#fleetFigures();
      return figures ? [{ value: pick(figures), labels: {} }] : [];
    };
    this.#define(
      "codeduel_matchmaking_queue_size",
      "Players waiting in the matchmaking queue (fleet-wide).",
      "gauge",
      fleetSample((f) => f.queueSize),
    );
    this.#define(
      "codeduel_active_battles",
      "Battles in progress (fleet-wide).",
      "gauge",
      fleetSample((f) => f.activeBattles),
    );
    this.#define(
      "codeduel_active_contests",
      "Contests running now, between their start and end (fleet-wide).",
      "gauge",
      fleetSample((f) => f.activeContests),
    );
    this.#define("codeduel_judge_queue_jobs", "Jobs in each judge queue by state (fleet-wide).", "gauge", async () => {
      const figures = await this.#fleetFigures();
      return (figures?.judgeQueues ?? []).flatMap(({ queue, counts }) =>
        JUDGE_QUEUE_STATES.map((state) => ({ value: counts[state] ?? 0, labels: { queue, state } })),
      );
    });
  }

  /** The fleet's figures, read at most once per FLEET_TTL_MS; undefined (left out) when the read failed. */
  #fleetFigures(): Promise<FleetFigures | undefined> {
    const sources = this.#sources;
    if (!sources) return Promise.resolve(undefined);
    const now = Date.now();
    if (!this.#fleet || now - this.#fleet.at >= FLEET_TTL_MS) {
      const figures = withTimeout(readFleet(sources.services), FLEET_TIMEOUT_MS).catch((err: unknown) => {
        sources.services.log.warn({ err }, "reading fleet figures for /metrics failed");
        return undefined;
      });
      this.#fleet = { at: now, figures };
    }
    return this.#fleet.figures;
  }
}

/** Each read is one indexed count or one Redis command. */
async function readFleet(services: Services): Promise<FleetFigures> {
  const now = new Date();
  const { battles, contests } = schema;
  const [queueSize, [battleCount], [contestCount], judgeQueues] = await Promise.all([
    services.matchmaker.queueSize(),
    services.db.select({ n: count() }).from(battles).where(eq(battles.status, "active")),
    services.db
      .select({ n: count() })
      .from(contests)
      .where(and(lte(contests.startsAt, now), gt(contests.endsAt, now))),
    Promise.all(
      Object.entries(services.judgeQueues).map(async ([queue, q]) => ({ queue, counts: await q.getJobCounts(...JUDGE_QUEUE_STATES) })),
    ),
  ]);
  return { queueSize, activeBattles: battleCount?.n ?? 0, activeContests: contestCount?.n ?? 0, judgeQueues };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
