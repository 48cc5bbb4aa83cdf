// Command-line options of the load tester: parsed and validated in one place, so a bad value is
// one clear line before any socket is opened (exit code 2), never a failure halfway through a run.
// The options' types and names are in options.ts, single values' parsers in args-values.ts and the
// --help text in usage.ts; this module puts them together and checks how options combine.
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { LANGUAGES, type Language } from "@codeduel/judge";
import {
  parseChoice,
  parseDuration,
  parseInteger,
  parseNonNegative,
  parseOutFile,
  parsePositive,
  parseRate,
  parseTargets,
  parseUuid,
  UsageError,
} from "./args-values.ts";
import {
  ACCOUNT_MODES,
  CONNECT_MODES,
  type ContestOptions,
  type LatencyLimits,
  type MixKey,
  measuredOperations,
  mixKey,
  OPERATIONS,
  type Operation,
  type Options,
  OUTPUTS,
  PATTERNS,
  PROCTOR_OPERATIONS,
  type ProctorOptions,
  SCENARIOS,
  type Scenario,
  SUBMISSION_KINDS,
  type SubmissionKind,
} from "./options.ts";
import { readSolutions } from "./solutions.ts";

export { parseDuration, parseRate, parseTargets, parseUuid, UsageError } from "./args-values.ts";
export * from "./options.ts";
export { USAGE } from "./usage.ts";

export type ParseResult = { kind: "help" } | { kind: "run"; options: Options };

const MAX_DURATION_MS = 24 * 3600_000;
const DEFAULT_MIX = "correct=70,wrong=20,loop=5,bomb=5";
/** Options that only the contest scenario reads. */
const CONTEST_ONLY = [
  "contest",
  "join-code",
  "accounts",
  "solutions",
  "submit-interval",
  "proctor",
  "proctor-rate",
  "proctor-crossers",
] as const;
/** A browser reports a tab or window left about once every two minutes of a contest. */
const DEFAULT_PROCTOR_RATE = "0.5";
const DEFAULT_PROCTOR_CROSSERS = "5%";
/** Far past any browser; the server refuses more than its limit (120 a minute) unless RATE_LIMITS=off. */
const MAX_PROCTOR_RATE = 600;

export function parseCli(argv: readonly string[]): ParseResult {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: "string" },
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
        contest: { type: "string" },
        "join-code": { type: "string" },
        accounts: { type: "string" },
        solutions: { type: "string" },
        "submit-interval": { type: "string" },
        proctor: { type: "boolean" },
        "proctor-rate": { type: "string" },
        "proctor-crossers": { type: "string" },
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
  const scenario = parseChoice("--scenario", str("scenario") ?? "battle", SCENARIOS);
  const urls = (values.url as string[] | undefined) ?? ["http://127.0.0.1:3000"];
  const contest = scenario === "contest" ? parseContest(str, values.proctor === true) : noContestOptions(values);
  const proctor = contest?.proctor !== undefined;
  const options: Options = {
    scenario,
    contest,
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
      p95: parseLimits("--max-p95-ms", str("max-p95-ms"), scenario, proctor),
      p99: parseLimits("--max-p99-ms", str("max-p99-ms"), scenario, proctor),
    },
  };
  return { kind: "run", options };
}

/** The contest scenario's options; --contest is required. */
function parseContest(str: (name: string) => string | undefined, proctor: boolean): ContestOptions {
  const id = str("contest");
  if (id === undefined) throw new UsageError("--scenario contest needs --contest ID (the contest's id, a UUID)");
  const joinCode = str("join-code");
  if (joinCode !== undefined && joinCode.trim() === "") throw new UsageError("--join-code: empty join code");
  const solutions = str("solutions");
  if (solutions !== undefined && solutions.trim() === "") throw new UsageError("--solutions: empty file name");
  const interval = str("submit-interval");
  return {
    id: parseUuid("--contest", id, "a contest id"),
    joinCode: joinCode?.trim(),
    accounts: parseChoice("--accounts", str("accounts") ?? "auto", ACCOUNT_MODES),
    solutions: solutions === undefined ? undefined : readSolutions(solutions),
    submitIntervalMs: interval === undefined ? undefined : parseDuration("--submit-interval", interval, 100, MAX_DURATION_MS),
    proctor: proctor ? parseProctor(str) : noProctorOptions(str),
  };
}

function parseProctor(str: (name: string) => string | undefined): ProctorOptions {
  return {
    ratePerMinute: parseNonNegative("--proctor-rate", str("proctor-rate") ?? DEFAULT_PROCTOR_RATE, MAX_PROCTOR_RATE),
    crossers: parseRate("--proctor-crossers", str("proctor-crossers") ?? DEFAULT_PROCTOR_CROSSERS),
  };
}

/** Proctoring's settings without --proctor would be ignored: named instead. */
function noProctorOptions(str: (name: string) => string | undefined): undefined {
  const given = (["proctor-rate", "proctor-crossers"] as const).find((name) => str(name) !== undefined);
  if (given) throw new UsageError(`--${given} is for --proctor (proctored contest participants)`);
  return undefined;
}

/** A battle run: a contest option given by mistake is named rather than ignored. */
function noContestOptions(values: Record<string, unknown>): undefined {
  const given = CONTEST_ONLY.find((name) => values[name] !== undefined);
  if (given) throw new UsageError(`--${given} is for --scenario contest (the scenario is battle)`);
  return undefined;
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

/**
 * `500` (every operation), `relay=50,verdict=3000`, or both: `500,relay=50`. With a scenario, an
 * operation it does not measure is refused (it would fail for want of samples); `proctor`: the
 * contest scenario measures proctoring's operations too.
 */
export function parseLimits(name: string, text: string | undefined, scenario?: Scenario, proctor = false): LatencyLimits {
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
      const measured = scenario && measuredOperations(scenario, proctor);
      if (measured && !measured.includes(op as Operation)) {
        if (scenario === "contest" && PROCTOR_OPERATIONS.includes(op as Operation)) {
          throw new UsageError(`${name}: "${op}" is measured with --proctor (proctored contest participants)`);
        }
        throw new UsageError(`${name}: the ${scenario} scenario does not measure "${op}" (it measures ${measured.join(", ")})`);
      }
      if (limits.byOperation[op as Operation] !== undefined) throw new UsageError(`${name}: "${op}" is given twice`);
      limits.byOperation[op as Operation] = ms;
    }
  }
  return limits;
}
