import type { Challenge } from "../types.ts";

// Large inputs: i * 37 % 10^4 is a permutation of 0 .. 9999 (37 and 10^4 are coprime), so the
// shifted array holds each of -5000 .. 4999 once, and the negated one each of -10000 .. -1 once.
const BIG_N = 10_000;
const permutation = Array.from({ length: BIG_N }, (_, i) => (i * 37) % BIG_N);
const mixed = permutation.map((v) => v - 5000);
const allNegative = permutation.map((v) => -v - 1);

export const maxOfArray: Challenge = {
  id: "max-of-array",
  title: "Largest Number in an Array",
  tier: 1,
  statement: `Return the largest number in \`nums\`. If \`nums\` is empty, return \`null\` (\`None\` in Python).

- \`0 <= nums.length <= 10^4\`
- Every element is an integer with \`|nums[i]| <= 10^6\`.

**Example:** \`maxOfArray([3, 7, 2])\` returns \`7\`.`,
  functionName: "maxOfArray",
  signature: {
    javascript: "function maxOfArray(nums) {\n  // your code\n}",
    python: "def max_of_array(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[3, 7, 2]], expected: 7 },
    { input: [[-3, -1, -7]], expected: -1 },
    { input: [[4, 9, 9, 1]], expected: 9 },
  ],
  hiddenTests: [
    { input: [[]], expected: null },
    { input: [[-5]], expected: -5 },
    { input: [[0, -1]], expected: 0 },
    { input: [[-2, -2, -9]], expected: -2 },
    { input: [[1_000_000, -1_000_000, 999_999]], expected: 1_000_000 },
    { input: [[-8, -3, 5]], expected: 5 },
    { input: [mixed], expected: 4999 },
    { input: [allNegative], expected: -1 },
  ],
  reference: {
    javascript: `function maxOfArray(nums) {
  if (nums.length === 0) return null;
  let best = nums[0];
  for (const x of nums) if (x > best) best = x;
  return best;
}`,
    python: `def max_of_array(nums):
    if len(nums) == 0:
        return None
    best = nums[0]
    for x in nums:
        if x > best:
            best = x
    return best`,
  },
  // Starts the running maximum at 0 instead of the first element: wrong when every number is negative
  // (and for the empty array).
  wrong: {
    javascript: `function maxOfArray(nums) {
  let best = 0;
  for (const x of nums) if (x > best) best = x;
  return best;
}`,
    python: `def max_of_array(nums):
    best = 0
    for x in nums:
        if x > best:
            best = x
    return best`,
  },
};
