// The server's procedure figures, without a server: each call lands in the bucket Prometheus'
// `le` means (a bound is inclusive), outcomes are counted apart, and families whose sources are not
// there yet (before the server is built) are declared without samples rather than failing the scrape.
import { describe, expect, it } from "vitest";
import { ServerMetrics } from "../src/metrics.ts";
import { parsePrometheusText, sampleValue } from "./prometheus-text.ts";

describe("ServerMetrics", () => {
  it("counts calls by outcome and buckets their durations with inclusive bounds", async () => {
    const metrics = new ServerMetrics();
    metrics.procedureCalled("battle.submit", "mutation", "OK", 0.25);
    metrics.procedureCalled("battle.submit", "mutation", "OK", 0.2501);
    metrics.procedureCalled("battle.submit", "mutation", "TOO_MANY_REQUESTS", 0.0001);
    metrics.procedureCalled("battle.submit", "mutation", "OK", 100);
    metrics.matched(1500);
    const f = parsePrometheusText(await metrics.render());
    const series = { path: "battle.submit", type: "mutation" };
    expect(sampleValue(f, "codeduel_trpc_calls_total", { ...series, code: "OK" })).toBe(3);
    expect(sampleValue(f, "codeduel_trpc_calls_total", { ...series, code: "TOO_MANY_REQUESTS" })).toBe(1);
    const bucket = (le: string) => sampleValue(f, "codeduel_trpc_call_duration_seconds_bucket", { ...series, le });
    expect(bucket("0.001")).toBe(1);
    expect(bucket("0.1")).toBe(1);
    expect(bucket("0.25")).toBe(2);
    expect(bucket("0.5")).toBe(3);
    expect(bucket("10")).toBe(3);
    expect(bucket("+Inf")).toBe(4);
    expect(sampleValue(f, "codeduel_trpc_call_duration_seconds_sum", series)).toBeCloseTo(100.5002, 6);
    expect(sampleValue(f, "codeduel_matchmaking_time_to_match_seconds_bucket", { le: "1" })).toBe(0);
    expect(sampleValue(f, "codeduel_matchmaking_time_to_match_seconds_bucket", { le: "2" })).toBe(1);
    // Not watching a server yet: declared, no samples.
    expect(f.get("codeduel_ws_connections")?.samples).toEqual([]);
    expect(f.get("codeduel_active_battles")?.samples).toEqual([]);
  });
});
