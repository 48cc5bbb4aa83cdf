import type { Challenge } from "../types.ts";

const BIG_N = 10_000;
const ascending = Array.from({ length: BIG_N }, (_, i) => i);
const descending = Array.from({ length: BIG_N }, (_, i) => BIG_N - i);
// 0..99 repeated: a strictly increasing run can use each of the 100 values once.
const sawtooth = Array.from({ length: BIG_N }, (_, i) => i % 100);
// 0, -1, 2, -3, 4, ...: the negatives decrease, so at most one is used, and it can only replace
// the leading 0; the best is the 5000 even values 0, 2, ..., 9998.
const zigzag = Array.from({ length: BIG_N }, (_, i) => (i % 2 === 0 ? i : -i));

export const longestIncreasingSubsequence: Challenge = {
  id: "longest-increasing-subsequence",
  title: "Longest Increasing Subsequence",
  tier: 4,
  statement: `Return the length of the longest **strictly** increasing subsequence of \`nums\` (elements taken in their original order, not necessarily adjacent).

- \`0 <= nums.length <= 10^4\`, \`|nums[i]| <= 10^9\`

**Example:** \`lengthOfLIS([10, 9, 2, 5, 3, 7, 101, 18])\` returns \`4\` (e.g. \`[2, 3, 7, 18]\`).`,
  functionName: "lengthOfLIS",
  signature: {
    javascript: "function lengthOfLIS(nums) {\n  // your code\n}",
    python: "def length_of_lis(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[10, 9, 2, 5, 3, 7, 101, 18]], expected: 4 },
    { input: [[0, 1, 0, 3, 2, 3]], expected: 4 },
    { input: [[7, 7, 7, 7, 7, 7, 7]], expected: 1 },
  ],
  hiddenTests: [
    { input: [[]], expected: 0 },
    { input: [[42]], expected: 1 },
    { input: [[5, 4, 3, 2, 1]], expected: 1 },
    { input: [[1, 3, 6, 7, 9, 4, 10, 5, 6]], expected: 6 },
    { input: [[2, 2, 3, 3, 4, 4]], expected: 3 },
    { input: [[-1_000_000_000, 1_000_000_000, 0]], expected: 2 },
    { input: [ascending], expected: BIG_N },
    { input: [descending], expected: 1 },
    { input: [sawtooth], expected: 100 },
    { input: [zigzag], expected: BIG_N / 2 },
  ],
  reference: {
    javascript: `function lengthOfLIS(nums) {
  // tails[k] = smallest possible last value of an increasing subsequence of length k + 1.
  const tails = [];
  for (const x of nums) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}`,
    python: `def length_of_lis(nums):
    # tails[k] = smallest possible last value of an increasing subsequence of length k + 1.
    tails = []
    for x in nums:
        lo = 0
        hi = len(tails)
        while lo < hi:
            mid = (lo + hi) >> 1
            if tails[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(x)
        else:
            tails[lo] = x
    return len(tails)`,
  },
  // Binary-searches for the first tail greater than x (not >= x), so equal values extend a run.
  wrong: {
    javascript: `function lengthOfLIS(nums) {
  const tails = [];
  for (const x of nums) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}`,
    python: `def length_of_lis(nums):
    tails = []
    for x in nums:
        lo = 0
        hi = len(tails)
        while lo < hi:
            mid = (lo + hi) >> 1
            if tails[mid] <= x:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(x)
        else:
            tails[lo] = x
    return len(tails)`,
  },
};
