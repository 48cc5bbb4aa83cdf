import type { Challenge } from "../types.ts";

// Large input: -15000, -14997, ..., 14997 (nums[i] = 3 * i - 15000).
const BIG_N = 10_000;
const steps = Array.from({ length: BIG_N }, (_, i) => 3 * i - 15_000);

export const binarySearch: Challenge = {
  id: "binary-search",
  title: "Binary Search",
  tier: 2,
  statement: `\`nums\` is sorted in strictly increasing order. Return the index of \`target\` in \`nums\`, or \`-1\` if it is not there. Aim for \`O(log n)\` comparisons.

- \`0 <= nums.length <= 10^4\`
- \`|nums[i]|, |target| <= 10^9\`, all elements distinct.

**Example:** \`binarySearch([-1, 0, 3, 5, 9, 12], 9)\` returns \`4\`.`,
  functionName: "binarySearch",
  signature: {
    javascript: "function binarySearch(nums, target) {\n  // your code\n}",
    python: "def binary_search(nums, target):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[-1, 0, 3, 5, 9, 12], 9], expected: 4 },
    { input: [[-1, 0, 3, 5, 9, 12], 2], expected: -1 },
    { input: [[-1, 0, 3, 5, 9, 12], 12], expected: 5 },
  ],
  hiddenTests: [
    { input: [[], 5], expected: -1 },
    { input: [[5], 5], expected: 0 },
    { input: [[5], -5], expected: -1 },
    { input: [[-10, -3], -10], expected: 0 },
    { input: [[-10, -3], -3], expected: 1 },
    { input: [[1, 3, 5, 7], 8], expected: -1 },
    { input: [[1, 3, 5, 7], 0], expected: -1 },
    { input: [steps, 3 * 7777 - 15_000], expected: 7777 },
    { input: [steps, 3 * (BIG_N - 1) - 15_000], expected: BIG_N - 1 },
    { input: [steps, -15_000], expected: 0 },
    { input: [steps, 1], expected: -1 },
  ],
  reference: {
    javascript: `function binarySearch(nums, target) {
  let lo = 0;
  let hi = nums.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] === target) return mid;
    if (nums[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
    python: `def binary_search(nums, target):
    lo = 0
    hi = len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1`,
  },
  // Loops while lo < hi with an inclusive hi: stops one step early and never checks the last candidate.
  wrong: {
    javascript: `function binarySearch(nums, target) {
  let lo = 0;
  let hi = nums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] === target) return mid;
    if (nums[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}`,
    python: `def binary_search(nums, target):
    lo = 0
    hi = len(nums) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1`,
  },
};
