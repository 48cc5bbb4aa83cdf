// Command-line options of the load tester: parsed and validated in one place, so a bad value is
// one clear line before any socket is opened (exit code 2), never a failure halfway through a run.
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { LANGUAGES, type Language } from "@codeduel/judge";

/**
 * Measured operations, in the order reports list them. `relay_steady` is the part of `relay` that
 * closed after every player had connected: with the arrival ramp's sign-ins, matches and
 * subscriptions over, it tells a server that cannot absorb the ramp from one that cannot hold the
 * players at all.
 */
export const OPERATIONS = ["connect", "signin", "match", "relay", "relay_steady", "verdict", "finish"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const PATTERNS = ["random", "burst", "steady", "human", "idle"] as const;
export type Pattern = (typeof PATTERNS)[number];

export const CONNECT_MODES = ["gradual", "burst", "immediate"] as const;
export type ConnectMode = (typeof CONNECT_MODES)[number];

export const OUTPUTS = ["console", "json", "csv"] as const;
export type Output = (typeof OUTPUTS)[number];

export const SUBMISSION_KINDS = ["correct", "wrong", "loop", "bomb"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/**
 * A --mix entry as the report names it: `python:correct`, `typescript:loop`; JavaScript ones stay
 * unprefixed (`correct`), so mixes and reports from before other languages keep their meaning.
 */
export type MixKey = SubmissionKind | `${Exclude<Language, "javascript">}:${SubmissionKind}`;

export interface MixEntry {
  language: Language;
  kind: SubmissionKind;
}

/** What a mix key stands for; `correct` is JavaScript. */
export function mixEntry(key: MixKey): MixEntry {
  const colon = key.indexOf(":");
  if (colon === -1) return { language: "javascript", kind: key as SubmissionKind };
  return { language: key.slice(0, colon) as Language, kind: key.slice(colon + 1) as SubmissionKind };
}

function mixKey(language: Language, kind: SubmissionKind): MixKey {
  return language === "javascript" ? kind : `${language}:${kind}`;
}

export interface Target {
  /** The base URL as given, without a trailing slash: `/health` is sampled under it. */
  base: string;
  /** The tRPC WebSocket endpoint derived from it (`ws[s]://host/…/ws`). */
  ws: string;
}

/** A latency limit for every operation (`all`) and/or per operation; per-operation wins. */
export interface LatencyLimits {
  all?: number;
  byOperation: Partial<Record<Operation, number>>;
}

export interface Thresholds {
  maxErrorRate?: number;
  p95: LatencyLimits;
  p99: LatencyLimits;
}

export interface Options {
  targets: Target[];
  players: number;
  durationMs: number;
  connect: ConnectMode;
  /** Players started per second in `gradual` mode. */
  connectRate: number;
  pattern: Pattern;
  /** Share of each submission kind and language, normalised to sum to 1; only entries with a share, in the order given. */
  mix: Partial<Record<MixKey, number>>;
  output: Output;
  outFile: string | undefined;
  seed: number;
  /** After the duration: how long players may finish in-flight work before sockets are force-closed. */
  drainMs: number;
  quiet: boolean;
  thresholds: Thresholds;
}

export const USAGE = `usage: npm run loadtest -- [options]

Plays N real clients (one WebSocket each, typed tRPC client) against a codeduel server.

  --url URL[,URL...]      server base URL(s); players are spread round-robin (default http://127.0.0.1:3000)
  --players N             number of players (default 10)
  --duration D            run time: 30s, 2m, 1h, 500ms or a number of ms (default 30s)
  --connect MODE          gradual | burst | immediate (default gradual)
  --connect-rate R        players started per second with --connect gradual (default 50)
  --pattern P             random | burst | steady | human | idle (default random)
                          idle: sign in, subscribe to queue.events, hold the connection
  --mix SPEC              submission shares (default correct=70,wrong=20,loop=5,bomb=5)
                          kinds (javascript): ${SUBMISSION_KINDS.join(", ")}; language:kind for
                          any language (${LANGUAGES.join(", ")}), e.g.
                          correct=50,wrong=10,python:correct=30,python:loop=10
  --output FORMAT         console | json | csv (default console)
  --out FILE              write the report to FILE instead of stdout
  --seed N                seed for every random choice (default: random, printed in the report)
  --drain D               after the duration, time to finish in-flight work before force-closing (default 10s)
  --quiet                 no progress line on stderr
  --max-error-rate X      fail if errors / calls exceed X (0.01 or 1%)
  --max-p95-ms SPEC       fail if a p95 exceeds it: 500 (every operation) or relay=50,verdict=3000
  --max-p99-ms SPEC       same for p99
  --help                  this text

operations: ${OPERATIONS.join(", ")}
exit codes: 0 every threshold met, 1 a threshold failed (or no player connected), 2 bad arguments`;

/** A bad or missing option value: main prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type ParseResult = { kind: "help" } | { kind: "run"; options: Options };

const MAX_DURATION_MS = 24 * 3600_000;
const DEFAULT_MIX = "correct=70,wrong=20,loop=5,bomb=5";

export function parseCli(argv: readonly string[]): ParseResult {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string", multiple: true },
        players: { type: "string" },
        duration: { type: "string" },
        connect: { type: "string" },
        "connect-rate": { type: "string" },
        pattern: { type: "string" },
        mix: { type: "string" },
        output: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        drain: { type: "string" },
        quiet: { type: "boolean" },
        "max-error-rate": { type: "string" },
        "max-p95-ms": { type: "string" },
        "max-p99-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    // Node's messages run on with advice about `--`; the first sentence is the useful part.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.split(/\.\s/)[0]?.replace(/\.$/, "") ?? message);
  }
  if (values.help) return { kind: "help" };
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const urls = (values.url as string[] | undefined) ?? ["http://127.0.0.1:3000"];
  const options: Options = {
    targets: parseTargets(urls.join(",")),
    players: parseInteger("--players", str("players") ?? "10", 1, 1_000_000),
    durationMs: parseDuration("--duration", str("duration") ?? "30s", 1, MAX_DURATION_MS),
    connect: parseChoice("--connect", str("connect") ?? "gradual", CONNECT_MODES),
    connectRate: parsePositive("--connect-rate", str("connect-rate") ?? "50"),
    pattern: parseChoice("--pattern", str("pattern") ?? "random", PATTERNS),
    mix: parseMix(str("mix") ?? DEFAULT_MIX),
    output: parseChoice("--output", str("output") ?? "console", OUTPUTS),
    outFile: parseOutFile(str("out")),
    seed: str("seed") === undefined ? randomInt(0, 2 ** 31) : parseInteger("--seed", str("seed") ?? "", 0, 2 ** 32 - 1),
    drainMs: parseDuration("--drain", str("drain") ?? "10s", 0, 300_000),
    quiet: values.quiet === true,
    thresholds: {
      ...(str("max-error-rate") !== undefined ? { maxErrorRate: parseRate("--max-error-rate", str("max-error-rate") ?? "") } : {}),
      p95: parseLimits("--max-p95-ms", str("max-p95-ms")),
      p99: parseLimits("--max-p99-ms", str("max-p99-ms")),
    },
  };
  return { kind: "run", options };
}

export function parseTargets(text: string): Target[] {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.some((p) => p === "")) throw new UsageError(`--url: empty URL in "${text}"`);
  return parts.map((part) => {
    let url: URL;
    try {
      url = new URL(part);
    } catch {
      throw new UsageError(`--url: "${part}" is not a URL (expected e.g. http://127.0.0.1:3000)`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new UsageError(`--url: "${part}" must start with http:// or https:// (the WebSocket URL is derived from it)`);
    }
    if (url.search || url.hash) throw new UsageError(`--url: "${part}" must not have a query or fragment`);
    const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    const ws = `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}${url.pathname.replace(/\/+$/, "")}/ws`;
    return { base, ws };
  });
}

export function parseInteger(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${name}: "${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${name}: ${n} is out of range (${min} to ${max})`);
  return n;
}

function parsePositive(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`${name}: "${text}" is not a positive number`);
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `2m`, `1.5h`, `250ms`, or a bare number of milliseconds. */
export function parseDuration(name: string, text: string, minMs: number, maxMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match?.[1]) throw new UsageError(`${name}: "${text}" is not a duration (e.g. 30s, 2m, 1h, 500ms or a number of ms)`);
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1));
  if (ms < minMs || ms > maxMs) throw new UsageError(`${name}: ${text} is out of range (${minMs} ms to ${maxMs / 1000} s)`);
  return ms;
}

function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`${name}: "${text}" is not one of ${choices.join(", ")}`);
  return text as T;
}

/**
 * `correct=70,wrong=20,python:correct=10`: weights, normalised; entries left out (or given 0) are
 * never drawn. A kind without a language prefix is JavaScript.
 */
export function parseMix(text: string): Partial<Record<MixKey, number>> {
  const weights = new Map<MixKey, number>();
  const written = new Map<MixKey, string>();
  for (const token of text.split(",")) {
    const match = /^\s*(?:([a-z]+):)?([a-z]+)\s*=\s*([^\s]+)\s*$/.exec(token);
    if (!match?.[2] || match[3] === undefined) {
      throw new UsageError(`--mix: "${token}" is not kind=share or language:kind=share (e.g. correct=70 or python:wrong=10)`);
    }
    const [, language = "javascript", kind, value] = match;
    const name = match[1] === undefined ? kind : `${language}:${kind}`;
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      throw new UsageError(`--mix: unknown language "${language}" in "${name}" (languages: ${LANGUAGES.join(", ")})`);
    }
    if (!(SUBMISSION_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--mix: unknown kind "${kind}" (kinds: ${SUBMISSION_KINDS.join(", ")})`);
    }
    const key = mixKey(language as Language, kind as SubmissionKind);
    const before = written.get(key);
    if (before === name) throw new UsageError(`--mix: "${name}" is given twice`);
    if (before !== undefined) throw new UsageError(`--mix: "${name}" and "${before}" are the same (an unprefixed kind is javascript)`);
    written.set(key, name);
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--mix: share of ${name} "${value}" is not a number >= 0`);
    weights.set(key, n);
  }
  const total = [...weights.values()].reduce((sum, n) => sum + n, 0);
  if (total <= 0) throw new UsageError("--mix: the shares add up to 0");
  const mix: Partial<Record<MixKey, number>> = {};
  for (const [key, n] of weights) if (n > 0) mix[key] = n / total;
  return mix;
}

/** `0.01` or `1%`. */
export function parseRate(name: string, text: string): number {
  const percent = text.trim().endsWith("%");
  const n = Number(percent ? text.trim().slice(0, -1) : text);
  const rate = percent ? n / 100 : n;
  if (text.trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UsageError(`${name}: "${text}" is not a rate between 0 and 1 (e.g. 0.01 or 1%)`);
  }
  return rate;
}

/** `500` (every operation), `relay=50,verdict=3000`, or both: `500,relay=50`. */
export function parseLimits(name: string, text: string | undefined): LatencyLimits {
  const limits: LatencyLimits = { byOperation: {} };
  if (text === undefined) return limits;
  for (const token of text.split(",")) {
    const t = token.trim();
    const eq = t.indexOf("=");
    const op = eq === -1 ? undefined : t.slice(0, eq).trim();
    const value = eq === -1 ? t : t.slice(eq + 1).trim();
    const ms = Number(value);
    if (value === "" || !Number.isFinite(ms) || ms <= 0) {
      throw new UsageError(`${name}: "${t}" is not a number of ms > 0 or operation=ms (e.g. 500 or relay=50,verdict=3000)`);
    }
    if (op === undefined) {
      if (limits.all !== undefined) throw new UsageError(`${name}: more than one limit for every operation in "${text}"`);
      limits.all = ms;
    } else {
      if (!(OPERATIONS as readonly string[]).includes(op)) {
        throw new UsageError(`${name}: unknown operation "${op}" (operations: ${OPERATIONS.join(", ")})`);
      }
      if (limits.byOperation[op as Operation] !== undefined) throw new UsageError(`${name}: "${op}" is given twice`);
      limits.byOperation[op as Operation] = ms;
    }
  }
  return limits;
}

function parseOutFile(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === "") throw new UsageError("--out: empty file name");
  return text;
}
