// A strict parser of Prometheus' text exposition format (version 0.0.4), for tests that scrape
// /metrics. prom-client ships none. Strict on purpose: what Prometheus would reject, or silently
// misread, is an error here (a sample of an undeclared family, a family split in two, a series
// twice, a histogram whose buckets are not cumulative or whose +Inf bucket is not its count).

export interface Sample {
  /** The sample's own name: a histogram's are `<family>_bucket`, `_sum` and `_count`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<Family["type"], readonly string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith("\n")) throw new Error("exposition must end with a newline");
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  /** Families whose samples are over: one may not come back later. */
  const closed = new Set<string>();
  const typed = new Set<string>();
  let current: Family | undefined;
  const lines = text.split("\n");
  lines.pop();
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, keyword, name = "", rest = ""] = m;
      if (!METRIC_NAME.test(name)) fail("bad metric name");
      if (closed.has(name)) fail("family split in two");
      let family = families.get(name);
      if (!family) {
        family = { name, type: "untyped", help: undefined, samples: [] };
        families.set(name, family);
      }
      if (current && current !== family) closed.add(current.name);
      current = family;
      if (keyword === "HELP") {
        if (family.help !== undefined) fail("second HELP");
        family.help = unescapeText(rest, false, fail);
      } else {
        if (!TYPES.has(rest)) fail("unknown type");
        if (family.samples.length > 0 || typed.has(name)) fail("TYPE after samples or twice");
        family.type = rest as Family["type"];
        typed.add(name);
      }
      return;
    }
    const sample = parseSample(line, fail);
    const family = familyOf(sample.name, current);
    if (!family) fail("sample outside its declared family");
    const f = family as Family;
    if (f.type === "histogram" && sample.name === `${f.name}_bucket` && !("le" in sample.labels)) fail("bucket without le");
    if (f.type === "summary" && sample.name === f.name && !("quantile" in sample.labels)) fail("summary sample without quantile");
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail("series given twice");
    seen.add(key);
    f.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

function familyOf(sampleName: string, current: Family | undefined): Family | undefined {
  if (!current) return undefined;
  return SUFFIXES[current.type].some((suffix) => `${current.name}${suffix}` === sampleName) ? current : undefined;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) fail("no metric name");
  const name = (nameMatch as RegExpExecArray)[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === "{") {
    pos++;
    while (line[pos] !== "}") {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(pos));
      if (!m) fail("bad label");
      const label = (m as RegExpExecArray)[1] as string;
      if (!LABEL_NAME.test(label) || label in labels) fail("bad or repeated label name");
      pos += (m as RegExpExecArray)[0].length;
      let raw = "";
      while (line[pos] !== '"') {
        if (pos >= line.length) fail("unterminated label value");
        if (line[pos] === "\\") {
          raw += line.slice(pos, pos + 2);
          pos += 2;
        } else raw += line[pos++];
      }
      labels[label] = unescapeText(raw, true, fail);
      pos++;
      if (line[pos] === ",") pos++;
      else if (line[pos] !== "}") fail("expected , or }");
    }
    pos++;
  }
  if (line[pos] !== " ") fail("expected a space before the value");
  const [valueText, timestamp, ...extra] = line.slice(pos + 1).split(" ");
  if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) fail("trailing garbage");
  return { name, labels, value: parseValue(valueText ?? "", fail) };
}

/** As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan". */
function parseValue(text: string, fail: (why: string) => never): number {
  if (/^\+?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail("bad value");
  return Number(text);
}

/** HELP text escapes \\ and \n; label values also \". Anything else after a backslash is an error. */
function unescapeText(raw: string, quotes: boolean, fail: (why: string) => never): string {
  return raw.replace(/\\(.?)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quotes) return '"';
    return fail(`bad escape \\${c}`);
  });
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith("_bucket")) entry.buckets.push([le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), s.value]);
    else if (s.name.endsWith("_count")) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    const where = `${family.name}${key}`;
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Number.POSITIVE_INFINITY) throw new Error(`${where}: no +Inf bucket`);
    sorted.forEach(([, v], i) => {
      if (i > 0 && v < (sorted[i - 1] as [number, number])[1]) throw new Error(`${where}: buckets are not cumulative`);
    });
    if (count !== sorted.at(-1)?.[1]) throw new Error(`${where}: the +Inf bucket is not the count`);
  }
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when none. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matches = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}
