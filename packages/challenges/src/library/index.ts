// Every challenge in the library, in tier order (1 = warm-up ... 4 = hard).
import type { Challenge } from "../types.ts";
import { coinChangeWays } from "./coin-change-ways.ts";
import { editDistance } from "./edit-distance.ts";
import { fizzBuzz } from "./fizz-buzz.ts";
import { groupAnagrams } from "./group-anagrams.ts";
import { longestIncreasingSubsequence } from "./longest-increasing-subsequence.ts";
import { longestUniqueSubstring } from "./longest-unique-substring.ts";
import { mergeIntervals } from "./merge-intervals.ts";
import { numberOfIslands } from "./number-of-islands.ts";
import { reverseString } from "./reverse-string.ts";
import { sumArray } from "./sum-array.ts";
import { twoSum } from "./two-sum.ts";
import { validParentheses } from "./valid-parentheses.ts";

export const library: readonly Challenge[] = [
  // Tier 1
  sumArray,
  reverseString,
  fizzBuzz,
  // Tier 2
  twoSum,
  validParentheses,
  groupAnagrams,
  // Tier 3
  longestUniqueSubstring,
  mergeIntervals,
  coinChangeWays,
  // Tier 4
  editDistance,
  longestIncreasingSubsequence,
  numberOfIslands,
];
