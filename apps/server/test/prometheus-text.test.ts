// The exposition parser the metrics tests rely on: it reads what prom-client writes, and refuses
// what Prometheus would reject or misread, so a scrape that parses is a scrape Prometheus takes.
import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePrometheusText, sampleValue } from "./prometheus-text.ts";

const histogram = (buckets: string, count = 3) => `# TYPE h histogram
${buckets}
h_sum 1
h_count ${count}
`;

describe("parsePrometheusText", () => {
  it("reads prom-client's output: labels with escapes, counters, histograms", async () => {
    const registry = new Registry();
    new Counter({ name: "c_total", help: 'a "help"\\ line\nnext', labelNames: ["path"], registers: [registry] }).inc(
      { path: 'a"b\\c\nd' },
      2,
    );
    const h = new Histogram({ name: "d_seconds", help: "d", buckets: [0.1, 1], labelNames: ["q"], registers: [registry] });
    h.observe({ q: "x" }, 0.5);
    h.observe({ q: "x" }, 5);
    const families = parsePrometheusText(await registry.metrics());
    expect(families.get("c_total")?.help).toBe('a "help"\\ line\nnext');
    expect(sampleValue(families, "c_total", { path: 'a"b\\c\nd' })).toBe(2);
    expect(families.get("d_seconds")?.type).toBe("histogram");
    expect(sampleValue(families, "d_seconds_bucket", { q: "x", le: "1" })).toBe(1);
    expect(sampleValue(families, "d_seconds_count", { q: "x" })).toBe(2);
    expect(parsePrometheusText("# TYPE g gauge\ng Nan\n").get("g")?.samples[0]?.value).toBeNaN();
  });

  it.each([
    ["no trailing newline", "# TYPE g gauge\ng 1"],
    ["a sample of an undeclared family", "# TYPE g gauge\nother 1\n"],
    ["a family split in two", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n"],
    ["a series twice", '# TYPE g gauge\ng{x="1"} 1\ng{x="1"} 2\n'],
    ["TYPE twice", "# TYPE g gauge\n# TYPE g gauge\ng 1\n"],
    ["a bad value", "# TYPE g gauge\ng one\n"],
    ["a bad escape", '# TYPE g gauge\ng{x="\\t"} 1\n'],
    ["an unterminated label", '# TYPE g gauge\ng{x="1} 1\n'],
    ["a repeated label", '# TYPE g gauge\ng{x="1",x="2"} 1\n'],
    ["trailing garbage", "# TYPE g gauge\ng 1 2 3\n"],
    ["buckets that are not cumulative", histogram('h_bucket{le="0.1"} 2\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 3')],
    ["no +Inf bucket", histogram('h_bucket{le="0.1"} 2')],
    ["a +Inf bucket that is not the count", histogram('h_bucket{le="+Inf"} 2')],
    ["a bucket without le", histogram('h_bucket 2\nh_bucket{le="+Inf"} 3')],
    ["a counter sample with a histogram's suffix", "# TYPE c counter\nc_sum 1\n"],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it("accepts a well-formed histogram, and tells apart samples that several series match", () => {
    const families = parsePrometheusText(histogram('h_bucket{le="0.1"} 2\nh_bucket{le="+Inf"} 3'));
    expect(sampleValue(families, "h_bucket", { le: "+Inf" })).toBe(3);
    expect(() => sampleValue(families, "h_bucket")).toThrow(/2 samples/);
  });
});
