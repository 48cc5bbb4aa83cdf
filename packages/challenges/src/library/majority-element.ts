import type { Challenge } from "../types.ts";

// Large inputs: 42 at every even index of 10001 elements (5001 times) among distinct values; and
// 4999 threes followed by 5000 copies of -7 (a runner-up with exactly floor(n / 2) copies).
const interleaved = Array.from({ length: 10_001 }, (_, i) => (i % 2 === 0 ? 42 : i));
const runnerUpFirst = [...Array.from({ length: 4999 }, () => 3), ...Array.from({ length: 5000 }, () => -7)];

export const majorityElement: Challenge = {
  id: "majority-element",
  title: "Majority Element",
  tier: 2,
  statement: `Return the majority element of \`nums\`: the value that appears **more than** \`n / 2\` times, where \`n = nums.length\`. The majority element always exists.

- \`1 <= nums.length <= 2 * 10^4\`
- Every element is an integer with \`|nums[i]| <= 10^9\`.
- Bonus: linear time and constant extra memory.

**Example:** \`majorityElement([2, 2, 1, 1, 1, 2, 2])\` returns \`2\`.`,
  functionName: "majorityElement",
  signature: {
    javascript: "function majorityElement(nums) {\n  // your code\n}",
    python: "def majority_element(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[3, 2, 3]], expected: 3 },
    { input: [[2, 2, 1, 1, 1, 2, 2]], expected: 2 },
    { input: [[2, 1, 1]], expected: 1 },
  ],
  hiddenTests: [
    { input: [[7]], expected: 7 },
    { input: [[5, 5]], expected: 5 },
    { input: [[-1, -1, 2]], expected: -1 },
    { input: [[1, 2, 1, 2, 1]], expected: 1 },
    { input: [[4, 4, 9, 9, 9]], expected: 9 },
    { input: [[1_000_000_000, -1_000_000_000, 1_000_000_000]], expected: 1_000_000_000 },
    { input: [interleaved], expected: 42 },
    { input: [runnerUpFirst], expected: -7 },
  ],
  reference: {
    javascript: `function majorityElement(nums) {
  let candidate = nums[0];
  let count = 0;
  for (const x of nums) {
    if (count === 0) candidate = x;
    count += x === candidate ? 1 : -1;
  }
  return candidate;
}`,
    python: `def majority_element(nums):
    candidate = nums[0]
    count = 0
    for x in nums:
        if count == 0:
            candidate = x
        count += 1 if x == candidate else -1
    return candidate`,
  },
  // Off by one in the threshold: accepts a value seen at least floor(n / 2) times instead of more than
  // n / 2, so with an odd length a runner-up that comes first wins.
  wrong: {
    javascript: `function majorityElement(nums) {
  const counts = new Map();
  for (const x of nums) counts.set(x, (counts.get(x) ?? 0) + 1);
  const half = Math.floor(nums.length / 2);
  for (const x of nums) if (counts.get(x) >= half) return x;
  return nums[0];
}`,
    python: `def majority_element(nums):
    counts = {}
    for x in nums:
        counts[x] = counts.get(x, 0) + 1
    half = len(nums) // 2
    for x in nums:
        if counts[x] >= half:
            return x
    return nums[0]`,
  },
};
