import type { Challenge } from "../types.ts";

// -5000, -4999, ..., 4999: the pairs -k and k cancel, leaving -5000.
const BIG_N = 10_000;
const big = Array.from({ length: BIG_N }, (_, i) => i - 5000);
const bigSum = (BIG_N * (BIG_N - 1)) / 2 - 5000 * BIG_N;

export const sumArray: Challenge = {
  id: "sum-array",
  title: "Sum of an Array",
  tier: 1,
  statement: `Return the sum of all numbers in \`nums\`.

- \`0 <= nums.length <= 10^4\`
- Every element is an integer with \`|nums[i]| <= 10^6\`.
- The sum of an empty array is \`0\`.

**Example:** \`sumArray([1, 2, 3, 4])\` returns \`10\`.`,
  functionName: "sumArray",
  signature: {
    javascript: "function sumArray(nums) {\n  // your code\n}",
    python: "def sum_array(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 2, 3, 4]], expected: 10 },
    { input: [[5, -2, 7]], expected: 10 },
    { input: [[-3, 0, 3, 42]], expected: 42 },
  ],
  hiddenTests: [
    { input: [[]], expected: 0 },
    { input: [[7]], expected: 7 },
    { input: [[-1, -2, -3]], expected: -6 },
    { input: [[1_000_000, -1_000_000, 999_999]], expected: 999_999 },
    { input: [[0, 0, 0, 5]], expected: 5 },
    { input: [big], expected: bigSum },
  ],
  reference: {
    javascript: `function sumArray(nums) {
  let total = 0;
  for (let i = 0; i < nums.length; i++) total += nums[i];
  return total;
}`,
    python: `def sum_array(nums):
    total = 0
    for i in range(len(nums)):
        total += nums[i]
    return total`,
  },
  // Off by one: the loop stops before the last element.
  wrong: {
    javascript: `function sumArray(nums) {
  let total = 0;
  for (let i = 0; i < nums.length - 1; i++) total += nums[i];
  return total;
}`,
    python: `def sum_array(nums):
    total = 0
    for i in range(len(nums) - 1):
        total += nums[i]
    return total`,
  },
};
