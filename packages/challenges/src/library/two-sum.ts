import type { Challenge } from "../types.ts";

// Large inputs: nums[i] = 2 * i (all even, all distinct). With an odd target, the only
// candidate pair must use the single odd element (placed at ODD_AT), and its partner
// target - 1 = 2 * PARTNER sits at index PARTNER, so exactly one pair exists.
const BIG_N = 10_000;
const ODD_AT = 7321;
const PARTNER = 1234;
const evens = Array.from({ length: BIG_N }, (_, i) => 2 * i);
const withOdd = evens.map((v, i) => (i === ODD_AT ? 1 : v));

export const twoSum: Challenge = {
  id: "two-sum",
  title: "Two Sum",
  tier: 2,
  statement: `Given an array of integers \`nums\` and an integer \`target\`, return the indices \`[i, j]\` with \`i < j\` such that \`nums[i] + nums[j] === target\`. An index cannot be used twice. Return \`[]\` if no such pair exists.

- \`0 <= nums.length <= 10^4\`, \`|nums[i]|, |target| <= 10^9\`
- At most one valid pair of indices exists.

**Example:** \`twoSum([3, 2, 4], 6)\` returns \`[1, 2]\`.`,
  functionName: "twoSum",
  signature: {
    javascript: "function twoSum(nums, target) {\n  // your code\n}",
    python: "def two_sum(nums, target):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[2, 7, 11, 15], 9], expected: [0, 1] },
    { input: [[3, 2, 4], 6], expected: [1, 2] },
    { input: [[3, 3], 6], expected: [0, 1] },
    { input: [[1, 2, 3], 7], expected: [] },
  ],
  hiddenTests: [
    { input: [[], 5], expected: [] },
    { input: [[5], 10], expected: [] },
    { input: [[-4, 1, 9, -1], -5], expected: [0, 3] },
    { input: [[0, 4, 3, 0], 0], expected: [0, 3] },
    { input: [[1_000_000_000, -999_999_999, 5], 1], expected: [0, 1] },
    { input: [withOdd, 1 + 2 * PARTNER], expected: [Math.min(ODD_AT, PARTNER), Math.max(ODD_AT, PARTNER)] },
    { input: [evens, 7], expected: [] },
  ],
  reference: {
    javascript: `function twoSum(nums, target) {
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    const i = seen.get(target - nums[j]);
    if (i !== undefined) return [i, j];
    if (!seen.has(nums[j])) seen.set(nums[j], j);
  }
  return [];
}`,
    python: `def two_sum(nums, target):
    seen = {}
    for j in range(len(nums)):
        i = seen.get(target - nums[j])
        if i is not None:
            return [i, j]
        if nums[j] not in seen:
            seen[nums[j]] = j
    return []`,
  },
  // Records the current element before looking up its complement, so it can pair with itself.
  wrong: {
    javascript: `function twoSum(nums, target) {
  const seen = new Map();
  for (let j = 0; j < nums.length; j++) {
    seen.set(nums[j], j);
    const i = seen.get(target - nums[j]);
    if (i !== undefined) return [i, j];
  }
  return [];
}`,
    python: `def two_sum(nums, target):
    seen = {}
    for j in range(len(nums)):
        seen[nums[j]] = j
        i = seen.get(target - nums[j])
        if i is not None:
            return [i, j]
    return []`,
  },
};
