import type { Challenge } from "../types.ts";

// Large input: 10^6, -999999, 10^6, -999999, ... The prefix sums climb by 1 every two elements.
const BIG_N = 10_000;
const zigzag = Array.from({ length: BIG_N }, (_, i) => (i % 2 === 0 ? 1_000_000 : -999_999));
const zigzagSums = zigzag.map((_, i) => Math.floor(i / 2) + (i % 2 === 0 ? 1_000_000 : 1));

export const runningSum: Challenge = {
  id: "running-sum",
  title: "Running Sum",
  tier: 1,
  statement: `Return an array \`sums\` of the same length as \`nums\` where \`sums[i]\` is the sum \`nums[0] + nums[1] + ... + nums[i]\`.

- \`0 <= nums.length <= 10^4\`
- Every element is an integer with \`|nums[i]| <= 10^6\`.

**Example:** \`runningSum([1, 2, 3, 4])\` returns \`[1, 3, 6, 10]\`.`,
  functionName: "runningSum",
  signature: {
    javascript: "function runningSum(nums) {\n  // your code\n}",
    python: "def running_sum(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 2, 3, 4]], expected: [1, 3, 6, 10] },
    { input: [[3, -1, 4]], expected: [3, 2, 6] },
    { input: [[1, 1, 1, 1, 1]], expected: [1, 2, 3, 4, 5] },
  ],
  hiddenTests: [
    { input: [[]], expected: [] },
    { input: [[7]], expected: [7] },
    { input: [[-1, -2, -3]], expected: [-1, -3, -6] },
    { input: [[0, 0, 0]], expected: [0, 0, 0] },
    { input: [[5, -5, 5, -5]], expected: [5, 0, 5, 0] },
    { input: [[1_000_000, 1_000_000, 1_000_000]], expected: [1_000_000, 2_000_000, 3_000_000] },
    { input: [zigzag], expected: zigzagSums },
  ],
  reference: {
    javascript: `function runningSum(nums) {
  const sums = [];
  let total = 0;
  for (const x of nums) {
    total += x;
    sums.push(total);
  }
  return sums;
}`,
    python: `def running_sum(nums):
    sums = []
    total = 0
    for x in nums:
        total += x
        sums.append(total)
    return sums`,
  },
  // Adds each element to the previous element instead of to the previous running total.
  wrong: {
    javascript: `function runningSum(nums) {
  const sums = [];
  for (let i = 0; i < nums.length; i++) sums.push(i === 0 ? nums[0] : nums[i] + nums[i - 1]);
  return sums;
}`,
    python: `def running_sum(nums):
    sums = []
    for i in range(len(nums)):
        sums.append(nums[0] if i == 0 else nums[i] + nums[i - 1])
    return sums`,
  },
};
