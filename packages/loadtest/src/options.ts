// What a run is asked to do: the option values' types and the names they may take. A leaf module
// (it imports nothing of the load tester's), so the parser, its usage text and every player module
// can share it; args.ts re-exports it all.
import type { Language } from "@codeduel/judge";

/** What the players do: play battles (queue, type, submit), or take part in one contest. */
export const SCENARIOS = ["battle", "contest"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * Measured operations, in the order reports list them. `relay_steady` is the part of `relay` that
 * closed after every player had connected: with the arrival ramp's sign-ins, matches and
 * subscriptions over, it tells a server that cannot absorb the ramp from one that cannot hold the
 * players at all (`disqualify_steady` and `feed_steady` likewise). `register` and `standings` are
 * the contest scenario's (see SCENARIO_OPERATIONS), `report`, `disqualify` and `feed` its
 * proctoring's (PROCTOR_OPERATIONS).
 */
export const OPERATIONS = [
  "connect",
  "signin",
  "register",
  "match",
  "relay",
  "relay_steady",
  "verdict",
  "standings",
  "report",
  "disqualify",
  "disqualify_steady",
  "feed",
  "feed_steady",
  "finish",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The operations each scenario measures, in report order; reports list only these. */
export const SCENARIO_OPERATIONS: Record<Scenario, readonly Operation[]> = {
  battle: ["connect", "signin", "match", "relay", "relay_steady", "verdict", "finish"],
  contest: ["connect", "signin", "register", "verdict", "standings"],
};

/**
 * What the contest scenario measures besides with --proctor. Apart, so that a run without it reports
 * exactly what it did before (no empty rows, no blanket limit applied to them).
 */
export const PROCTOR_OPERATIONS: readonly Operation[] = ["report", "disqualify", "disqualify_steady", "feed", "feed_steady"];

/** The operations a run measures, in report order. */
export function measuredOperations(scenario: Scenario, proctor: boolean): readonly Operation[] {
  const own = SCENARIO_OPERATIONS[scenario];
  return scenario === "contest" && proctor ? [...own, ...PROCTOR_OPERATIONS] : own;
}

export const PATTERNS = ["random", "burst", "steady", "human", "idle"] as const;
export type Pattern = (typeof PATTERNS)[number];

export const CONNECT_MODES = ["gradual", "burst", "immediate"] as const;
export type ConnectMode = (typeof CONNECT_MODES)[number];

export const OUTPUTS = ["console", "json", "csv"] as const;
export type Output = (typeof OUTPUTS)[number];

export const SUBMISSION_KINDS = ["correct", "wrong", "loop", "bomb"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** How contest participants sign in: guests, accounts, or whichever the contest allows (auto). */
export const ACCOUNT_MODES = ["auto", "guest", "register"] as const;
export type AccountMode = (typeof ACCOUNT_MODES)[number];

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

export function mixKey(language: Language, kind: SubmissionKind): MixKey {
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

/** An organiser's problem's code, from --solutions: per label, correct and wrong code per language. */
export type Solutions = Record<string, Partial<Record<"correct" | "wrong", Partial<Record<Language, string>>>>>;

/** A proctored contest's participants (--proctor). */
export interface ProctorOptions {
  /** Signals each participant reports per minute, on average (--proctor-rate). */
  ratePerMinute: number;
  /** Share of the participants who cross the disqualification line (--proctor-crossers), 0 to 1. */
  crossers: number;
}

/** The contest scenario's own options. */
export interface ContestOptions {
  /** The contest's id (a UUID). */
  id: string;
  /** For an unlisted contest. */
  joinCode: string | undefined;
  accounts: AccountMode;
  /** From --solutions FILE; without it only library problems have correct and wrong code. */
  solutions: Solutions | undefined;
  /** Mean time between one participant's submissions; undefined: the pattern's delays. */
  submitIntervalMs: number | undefined;
  /** Set with --proctor: participants report proctoring signals and follow their own record. */
  proctor: ProctorOptions | undefined;
}

export interface Options {
  scenario: Scenario;
  /** Set exactly when the scenario is `contest`. */
  contest: ContestOptions | undefined;
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
