// Samples each target's GET /health once a second during the run: the server's own CPU time,
// memory and event-loop delay (its `process` block) and its gauges. CPU is a rate, so it comes
// from the difference between two samples of the same process, over the server's own uptime
// clock. Only running aggregates are kept, never the samples themselves.
import type { Target } from "./args.ts";

/** A min/max/last gauge. */
export interface Gauge {
  max: number | null;
  last: number | null;
}

export interface ServerStats {
  url: string;
  samples: number;
  failedSamples: number;
  lastError: string | null;
  /** Times the pid changed between samples (the process restarted, or the URL reached another). */
  restarts: number;
  /** Percent of one core: average over the run, highest and latest one-second value. */
  cpuPercent: { avg: number | null; max: number | null; last: number | null };
  rssBytes: Gauge;
  heapUsedBytes: Gauge;
  /** The server's event-loop delay per window it reports (5 s): the worst window's p99 and max. */
  eventLoopDelayMs: { p99: Gauge; max: Gauge };
  connectedPlayers: Gauge;
  activeBattles: Gauge;
  queueSize: Gauge;
  judgeQueueDepth: Gauge;
}

/** The parts of /health this reads; every field is optional so an older server still samples. */
interface Health {
  connectedPlayers?: number;
  queueSize?: number;
  activeBattles?: number;
  judgeQueueDepth?: number;
  process?: {
    pid?: number;
    uptimeMs?: number;
    cpuUserMs?: number;
    cpuSystemMs?: number;
    rssBytes?: number;
    heapUsedBytes?: number;
    eventLoopDelayMs?: { p99?: number; max?: number };
  };
}

class TargetSampler {
  readonly stats: ServerStats;
  readonly #url: string;
  #inFlight = false;
  #prev: { pid: number; uptimeMs: number; cpuMs: number } | undefined;
  #cpuMsTotal = 0;
  #wallMsTotal = 0;

  constructor(target: Target) {
    this.#url = `${target.base}/health`;
    const gauge = (): Gauge => ({ max: null, last: null });
    this.stats = {
      url: target.base,
      samples: 0,
      failedSamples: 0,
      lastError: null,
      restarts: 0,
      cpuPercent: { avg: null, max: null, last: null },
      rssBytes: gauge(),
      heapUsedBytes: gauge(),
      eventLoopDelayMs: { p99: gauge(), max: gauge() },
      connectedPlayers: gauge(),
      activeBattles: gauge(),
      queueSize: gauge(),
      judgeQueueDepth: gauge(),
    };
  }

  async sample(fetchImpl: typeof fetch, timeoutMs: number): Promise<void> {
    // A server too busy to answer within a second must not pile up requests from us.
    if (this.#inFlight) return;
    this.#inFlight = true;
    try {
      const res = await fetchImpl(this.#url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.#add((await res.json()) as Health);
    } catch (err) {
      this.stats.failedSamples++;
      this.stats.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      this.#inFlight = false;
    }
  }

  #add(health: Health): void {
    const s = this.stats;
    s.samples++;
    setGauge(s.connectedPlayers, health.connectedPlayers);
    setGauge(s.activeBattles, health.activeBattles);
    setGauge(s.queueSize, health.queueSize);
    setGauge(s.judgeQueueDepth, health.judgeQueueDepth);
    const p = health.process;
    if (!p) return;
    setGauge(s.rssBytes, p.rssBytes);
    setGauge(s.heapUsedBytes, p.heapUsedBytes);
    setGauge(s.eventLoopDelayMs.p99, p.eventLoopDelayMs?.p99);
    setGauge(s.eventLoopDelayMs.max, p.eventLoopDelayMs?.max);
    if (typeof p.pid !== "number" || typeof p.uptimeMs !== "number") return;
    const cpuMs = (p.cpuUserMs ?? 0) + (p.cpuSystemMs ?? 0);
    const prev = this.#prev;
    this.#prev = { pid: p.pid, uptimeMs: p.uptimeMs, cpuMs };
    if (!prev) return;
    if (prev.pid !== p.pid) {
      s.restarts++;
      return;
    }
    const wallMs = p.uptimeMs - prev.uptimeMs;
    if (wallMs <= 0) return;
    const percent = round1(((cpuMs - prev.cpuMs) / wallMs) * 100);
    s.cpuPercent.last = percent;
    s.cpuPercent.max = Math.max(s.cpuPercent.max ?? 0, percent);
    this.#cpuMsTotal += cpuMs - prev.cpuMs;
    this.#wallMsTotal += wallMs;
    s.cpuPercent.avg = round1((this.#cpuMsTotal / this.#wallMsTotal) * 100);
  }
}

export class ServerSampler {
  readonly #targets: TargetSampler[];
  readonly #fetch: typeof fetch;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(targets: readonly Target[], options: { intervalMs?: number; fetch?: typeof fetch } = {}) {
    this.#targets = targets.map((t) => new TargetSampler(t));
    this.#fetch = options.fetch ?? fetch;
    this.#intervalMs = options.intervalMs ?? 1000;
  }

  start(): void {
    void this.sampleOnce();
    this.#timer = setInterval(() => void this.sampleOnce(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async sampleOnce(): Promise<void> {
    // A slow answer is still a good sample (CPU is diffed over the server's own uptime), so wait
    // well past the interval; a target never has more than one request out.
    await Promise.all(this.#targets.map((t) => t.sample(this.#fetch, Math.max(1000, this.#intervalMs * 5))));
  }

  stats(): ServerStats[] {
    return this.#targets.map((t) => structuredClone(t.stats));
  }
}

function setGauge(g: Gauge, value: number | undefined): void {
  if (typeof value !== "number" || !Number.isFinite(value)) return;
  g.last = value;
  g.max = Math.max(g.max ?? value, value);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
