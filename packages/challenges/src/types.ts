// The shape of a challenge in the library. Hidden tests and solutions never leave the server.
export type Tier = 1 | 2 | 3 | 4;

export interface TestCase {
  /** Arguments passed to the player's function, in order. JSON-compatible values only. */
  input: unknown[];
  /** The exact JSON-compatible value the function must return. */
  expected: unknown;
}

/** One source per language family: TypeScript submissions are judged against the JavaScript ones. */
export interface Sources {
  javascript: string;
  /** Defines `pythonName(functionName)` with snake_case parameters. */
  python: string;
}

export interface Challenge {
  /** Stable slug, used as the primary key in the database and in job payloads. */
  id: string;
  title: string;
  /** 1 = warm-up ... 4 = hard. Matchmaking picks tiers by the pair's rating. */
  tier: Tier;
  /** Markdown statement shown to players. */
  statement: string;
  /** Name of the function the player must define (camelCase; Python uses `pythonName()` of it). */
  functionName: string;
  /** The declaration players start from, per language. */
  signature: Sources;
  publicTests: TestCase[];
  hiddenTests: TestCase[];
  /** A correct solution: judged `accepted` in CI. */
  reference: Sources;
  /** A plausible but wrong solution: judged `wrong_answer` in CI. */
  wrong: Sources;
  /** Per-challenge overrides of the judge's caps. */
  limits?: { timeoutMsPerTest?: number; memoryMb?: number };
  /** How long a battle on this challenge lasts before it ends as a draw (default 15 minutes). */
  battleMinutes?: number;
}
