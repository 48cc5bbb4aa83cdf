// Every challenge in the library, in tier order (1 = warm-up ... 4 = hard).
import type { Challenge } from "../types.ts";
import { bestTimeToBuyStock } from "./best-time-to-buy-stock.ts";
import { binarySearch } from "./binary-search.ts";
import { capitalizeWords } from "./capitalize-words.ts";
import { coinChangeWays } from "./coin-change-ways.ts";
import { countOccurrences } from "./count-occurrences.ts";
import { countVowels } from "./count-vowels.ts";
import { editDistance } from "./edit-distance.ts";
import { factorial } from "./factorial.ts";
import { fizzBuzz } from "./fizz-buzz.ts";
import { groupAnagrams } from "./group-anagrams.ts";
import { longestIncreasingSubsequence } from "./longest-increasing-subsequence.ts";
import { longestUniqueSubstring } from "./longest-unique-substring.ts";
import { majorityElement } from "./majority-element.ts";
import { maxOfArray } from "./max-of-array.ts";
import { mergeIntervals } from "./merge-intervals.ts";
import { moveZeroes } from "./move-zeroes.ts";
import { numberOfIslands } from "./number-of-islands.ts";
import { palindromeCheck } from "./palindrome-check.ts";
import { reverseString } from "./reverse-string.ts";
import { romanToInteger } from "./roman-to-integer.ts";
import { rotateArray } from "./rotate-array.ts";
import { runningSum } from "./running-sum.ts";
import { sumArray } from "./sum-array.ts";
import { twoSum } from "./two-sum.ts";
import { validAnagram } from "./valid-anagram.ts";
import { validParentheses } from "./valid-parentheses.ts";

export const library: readonly Challenge[] = [
  // Tier 1
  sumArray,
  reverseString,
  fizzBuzz,
  maxOfArray,
  countVowels,
  palindromeCheck,
  factorial,
  runningSum,
  capitalizeWords,
  countOccurrences,
  // Tier 2
  twoSum,
  validParentheses,
  groupAnagrams,
  validAnagram,
  moveZeroes,
  majorityElement,
  romanToInteger,
  binarySearch,
  rotateArray,
  bestTimeToBuyStock,
  // Tier 3
  longestUniqueSubstring,
  mergeIntervals,
  coinChangeWays,
  // Tier 4
  editDistance,
  longestIncreasingSubsequence,
  numberOfIslands,
];
