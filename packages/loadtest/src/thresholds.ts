// Pass/fail rules of a run (--max-error-rate, --max-p95-ms, --max-p99-ms), evaluated on the final
// numbers. The exit code is 1 when any fails, so a CI job or an organiser's script can gate on it.
import { type LatencyLimits, OPERATIONS, type Operation, type Thresholds } from "./args.ts";

export interface ThresholdResult {
  /** e.g. "p95 relay <= 50 ms", "error rate <= 0.01". */
  name: string;
  limit: number;
  /** null when there was nothing to measure. */
  actual: number | null;
  passed: boolean;
}

export interface ThresholdInput {
  /** The operations the run's scenario measures; limits apply to these only. */
  operations: Partial<Record<Operation, { count: number; p95: number; p99: number }>>;
  errorRate: number;
  connectionsSucceeded: number;
}

export function evaluateThresholds(thresholds: Thresholds, input: ThresholdInput): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  // Always on: a run in which nobody connected measured nothing, whatever the other limits say.
  results.push({
    name: "players connected >= 1",
    limit: 1,
    actual: input.connectionsSucceeded,
    passed: input.connectionsSucceeded >= 1,
  });
  if (thresholds.maxErrorRate !== undefined) {
    results.push({
      name: `error rate <= ${thresholds.maxErrorRate}`,
      limit: thresholds.maxErrorRate,
      actual: input.errorRate,
      passed: input.errorRate <= thresholds.maxErrorRate,
    });
  }
  results.push(...latency("p95", thresholds.p95, input), ...latency("p99", thresholds.p99, input));
  return results;
}

function latency(which: "p95" | "p99", limits: LatencyLimits, input: ThresholdInput): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const op of OPERATIONS) {
    const explicit = limits.byOperation[op];
    const limit = explicit ?? limits.all;
    const stats = input.operations[op];
    if (limit === undefined || stats === undefined) continue;
    const name = `${which} ${op} <= ${limit} ms`;
    if (stats.count === 0) {
      // A limit named for this operation expects it to happen; a blanket one does not (an idle
      // run never matches, for instance).
      if (explicit !== undefined) results.push({ name: `${name} (no samples)`, limit, actual: null, passed: false });
      continue;
    }
    const actual = stats[which];
    results.push({ name, limit, actual, passed: actual <= limit });
  }
  return results;
}
