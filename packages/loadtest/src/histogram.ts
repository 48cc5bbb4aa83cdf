// A log-bucketed latency histogram (the HdrHistogram idea, simplified): fixed memory whatever the
// number of samples, so thousands of players recording for an hour cost a few kilobytes per
// operation, with percentiles within about half a percent of the exact value.

/** Bucket width: each bucket spans a factor of 1.01, i.e. ±0.5% around its midpoint. */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Values are bucketed in microseconds; 1 µs and below share bucket 0. */
const UNITS_PER_MS = 1000;
/** Up to 1.01^2400 µs ≈ 6.7 hours; anything longer lands in the last bucket (max stays exact). */
const BUCKETS = 2400;

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Histogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** Records one latency in milliseconds; negative or non-finite values are ignored. */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const i = bucketOf(ms);
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#count++;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  get count(): number {
    return this.#count;
  }

  /** Nearest-rank percentile (q in 0..100), in ms; 0 when empty. Clamped to the exact min and max. */
  percentile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil((q / 100) * this.#count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, midpointOf(i)));
    }
    return this.#max;
  }

  /** Adds another histogram's samples to this one (e.g. a per-interval window into the total). */
  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.#counts[i] = (this.#counts[i] ?? 0) + (other.#counts[i] ?? 0);
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sum = 0;
    this.#min = Number.POSITIVE_INFINITY;
    this.#max = 0;
  }

  summary(): Summary {
    return {
      count: this.#count,
      min: this.#count === 0 ? 0 : this.#min,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.#max,
    };
  }
}

function bucketOf(ms: number): number {
  const units = ms * UNITS_PER_MS;
  if (units <= 1) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log(units) / LOG_GROWTH));
}

/** Geometric middle of bucket i, in ms. */
function midpointOf(i: number): number {
  if (i === 0) return 1 / UNITS_PER_MS;
  return GROWTH ** (i + 0.5) / UNITS_PER_MS;
}
