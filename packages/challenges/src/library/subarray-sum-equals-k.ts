import type { Challenge } from "../types.ts";

// Large inputs (a quadratic scan of every subarray does not finish in time on these).
const BIG_N = 50_000;
// All zeros: every one of the n * (n + 1) / 2 subarrays sums to 0.
const zeros = new Array<number>(BIG_N).fill(0);
// Alternating 1, -1: the prefix sums are 0, 1, 0, 1, ..., 0 (n / 2 + 1 zeros, n / 2 ones), and a
// subarray sums to 0 exactly when it starts and ends at equal prefix sums.
const alternating = Array.from({ length: BIG_N }, (_, i) => (i % 2 === 0 ? 1 : -1));
const pairs = (m: number): number => (m * (m - 1)) / 2;
const alternatingZero = pairs(BIG_N / 2 + 1) + pairs(BIG_N / 2);
// Mixed signs from a fixed formula; the expected count is tallied with prefix sums here (and was
// checked against a brute-force count of every subarray when the challenge was written).
const mixed = Array.from({ length: BIG_N }, (_, i) => ((i * 7919) % 21) - 10);
const MIXED_K = 7;
function countByPrefix(nums: number[], k: number): number {
  const tally = new Map<number, number>([[0, 1]]);
  let prefix = 0;
  let total = 0;
  for (const x of nums) {
    prefix += x;
    total += tally.get(prefix - k) ?? 0;
    tally.set(prefix, (tally.get(prefix) ?? 0) + 1);
  }
  return total;
}

export const subarraySumEqualsK: Challenge = {
  id: "subarray-sum-equals-k",
  title: "Subarray Sum Equals K",
  tier: 3,
  statement: `Return how many non-empty **contiguous** subarrays of \`nums\` have a sum equal to \`k\`. Subarrays at different positions count separately, even if their elements are equal.

- \`1 <= nums.length <= 5 * 10^4\`, \`-1000 <= nums[i] <= 1000\` (elements may be negative or zero)
- \`|k| <= 10^7\`

**Example:** \`countSubarraysWithSum([1, 2, 3], 3)\` returns \`2\` (\`[1, 2]\` and \`[3]\`).`,
  functionName: "countSubarraysWithSum",
  signature: {
    javascript: "function countSubarraysWithSum(nums, k) {\n  // your code\n}",
    python: "def count_subarrays_with_sum(nums, k):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 1, 1], 2], expected: 2 },
    { input: [[1, 2, 3], 3], expected: 2 },
    { input: [[1, -1, 0], 0], expected: 3 },
    { input: [[3, 4, 7, 2, -3, 1, 4, 2], 7], expected: 4 },
  ],
  hiddenTests: [
    { input: [[5], 5], expected: 1 },
    { input: [[5], 0], expected: 0 },
    { input: [[0, 0, 0], 0], expected: 6 },
    { input: [[-1, -1, 1], 0], expected: 1 },
    { input: [[1000, -1000, 1000], 1000], expected: 3 },
    { input: [[2, 2, 2], 7], expected: 0 },
    { input: [zeros, 0], expected: (BIG_N * (BIG_N + 1)) / 2 },
    { input: [alternating, 0], expected: alternatingZero },
    { input: [mixed, MIXED_K], expected: countByPrefix(mixed, MIXED_K) },
  ],
  reference: {
    javascript: `function countSubarraysWithSum(nums, k) {
  const seen = new Map([[0, 1]]);
  let prefix = 0;
  let count = 0;
  for (const x of nums) {
    prefix += x;
    count += seen.get(prefix - k) ?? 0;
    seen.set(prefix, (seen.get(prefix) ?? 0) + 1);
  }
  return count;
}`,
    python: `def count_subarrays_with_sum(nums, k):
    seen = {0: 1}
    prefix = 0
    count = 0
    for x in nums:
        prefix += x
        count += seen.get(prefix - k, 0)
        seen[prefix] = seen.get(prefix, 0) + 1
    return count`,
  },
  // A sliding window that shrinks while the sum is too big: only correct when every element is
  // positive, and it misses (or invents) windows once zeros and negative numbers appear.
  wrong: {
    javascript: `function countSubarraysWithSum(nums, k) {
  let left = 0;
  let sum = 0;
  let count = 0;
  for (let right = 0; right < nums.length; right++) {
    sum += nums[right];
    while (sum > k && left <= right) sum -= nums[left++];
    if (sum === k) count++;
  }
  return count;
}`,
    python: `def count_subarrays_with_sum(nums, k):
    left = 0
    total = 0
    count = 0
    for right in range(len(nums)):
        total += nums[right]
        while total > k and left <= right:
            total -= nums[left]
            left += 1
        if total == k:
            count += 1
    return count`,
  },
};
