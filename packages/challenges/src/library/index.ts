// Every challenge in the library, in tier order (1 = warm-up ... 4 = hard).
import type { Challenge } from "../types.ts";
import { bestTimeToBuyStock } from "./best-time-to-buy-stock.ts";
import { binarySearch } from "./binary-search.ts";
import { capitalizeWords } from "./capitalize-words.ts";
import { coinChangeWays } from "./coin-change-ways.ts";
import { countOccurrences } from "./count-occurrences.ts";
import { countVowels } from "./count-vowels.ts";
import { courseOrder } from "./course-order.ts";
import { dailyTemperatures } from "./daily-temperatures.ts";
import { editDistance } from "./edit-distance.ts";
import { factorial } from "./factorial.ts";
import { fizzBuzz } from "./fizz-buzz.ts";
import { groupAnagrams } from "./group-anagrams.ts";
import { largestRectangleHistogram } from "./largest-rectangle-histogram.ts";
import { longestIncreasingSubsequence } from "./longest-increasing-subsequence.ts";
import { longestPalindromicSubstring } from "./longest-palindromic-substring.ts";
import { longestUniqueSubstring } from "./longest-unique-substring.ts";
import { longestValidParentheses } from "./longest-valid-parentheses.ts";
import { majorityElement } from "./majority-element.ts";
import { maxOfArray } from "./max-of-array.ts";
import { mergeIntervals } from "./merge-intervals.ts";
import { minimumWindowSubstring } from "./minimum-window-substring.ts";
import { moveZeroes } from "./move-zeroes.ts";
import { numberOfIslands } from "./number-of-islands.ts";
import { palindromeCheck } from "./palindrome-check.ts";
import { productExceptSelf } from "./product-except-self.ts";
import { regexMatching } from "./regex-matching.ts";
import { reverseString } from "./reverse-string.ts";
import { romanToInteger } from "./roman-to-integer.ts";
import { rotateArray } from "./rotate-array.ts";
import { runningSum } from "./running-sum.ts";
import { shortestPathWithWallBreaks } from "./shortest-path-with-wall-breaks.ts";
import { spiralMatrix } from "./spiral-matrix.ts";
import { subarraySumEqualsK } from "./subarray-sum-equals-k.ts";
import { sumArray } from "./sum-array.ts";
import { topKFrequent } from "./top-k-frequent.ts";
import { trappingRainWater } from "./trapping-rain-water.ts";
import { twoSum } from "./two-sum.ts";
import { validAnagram } from "./valid-anagram.ts";
import { validParentheses } from "./valid-parentheses.ts";
import { wordBreak } from "./word-break.ts";

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
  topKFrequent,
  productExceptSelf,
  spiralMatrix,
  dailyTemperatures,
  longestPalindromicSubstring,
  subarraySumEqualsK,
  wordBreak,
  // Tier 4
  editDistance,
  longestIncreasingSubsequence,
  numberOfIslands,
  trappingRainWater,
  longestValidParentheses,
  minimumWindowSubstring,
  shortestPathWithWallBreaks,
  courseOrder,
  largestRectangleHistogram,
  regexMatching,
];
