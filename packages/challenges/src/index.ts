// The challenge library: lookup, the public view players see, and selection by rating.
import { library } from "./library/index.ts";
import type { Challenge, Sources, TestCase, Tier } from "./types.ts";

export type { Challenge, Sources, TestCase, Tier };
export { library };

const byId = new Map(library.map((c) => [c.id, c]));

export function getChallenge(id: string): Challenge | undefined {
  return byId.get(id);
}

/** The Python name of a challenge's function: `twoSum` -> `two_sum`, `lengthOfLIS` -> `length_of_lis`. */
export function pythonName(functionName: string): string {
  return functionName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** What a player may see: hidden tests and solutions stay on the server. */
export interface PublicChallenge {
  id: string;
  title: string;
  tier: Tier;
  statement: string;
  functionName: string;
  /** `pythonName(functionName)`, so clients need not repeat the rule. */
  pythonFunctionName: string;
  signature: Challenge["signature"];
  publicTests: TestCase[];
  hiddenTestCount: number;
}

export function publicView(c: Challenge): PublicChallenge {
  return {
    id: c.id,
    title: c.title,
    tier: c.tier,
    statement: c.statement,
    functionName: c.functionName,
    pythonFunctionName: pythonName(c.functionName),
    signature: c.signature,
    publicTests: c.publicTests,
    hiddenTestCount: c.hiddenTests.length,
  };
}

/** Rating bands for tiers: a pair around 1200 (new players) gets warm-ups and easy ones. */
export function tierForRating(rating: number): Tier {
  if (rating < 1300) return 1;
  if (rating < 1500) return 2;
  if (rating < 1700) return 3;
  return 4;
}

/** Picks a challenge for a pair by their mean rating; `random` is injectable for tests. */
export function pickChallenge(ratings: readonly number[], random: () => number = Math.random): Challenge {
  const mean = ratings.reduce((a, b) => a + b, 0) / Math.max(1, ratings.length);
  const tier = tierForRating(mean);
  // Fall back to the whole library if a tier is ever empty, so matchmaking never fails on content.
  const pool = library.filter((c) => c.tier === tier);
  const from = pool.length > 0 ? pool : library;
  const chosen = from[Math.floor(random() * from.length)];
  if (!chosen) throw new Error("The challenge library is empty");
  return chosen;
}
