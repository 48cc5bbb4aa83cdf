import type { Challenge } from "../types.ts";

// Large input: 0 .. 9999 rotated by 10^9 + 7, that is by 7.
const BIG_N = 10_000;
const BIG_K = 1_000_000_007;
const ramp = Array.from({ length: BIG_N }, (_, i) => i);
const rampRotated = [...ramp.slice(BIG_N - (BIG_K % BIG_N)), ...ramp.slice(0, BIG_N - (BIG_K % BIG_N))];

export const rotateArray: Challenge = {
  id: "rotate-array",
  title: "Rotate an Array",
  tier: 2,
  statement: `Rotate \`nums\` to the right by \`k\` steps and return the result: each step moves the last element to the front.

- \`0 <= nums.length <= 10^4\`, \`0 <= k <= 10^9\` (\`k\` may be larger than the length)
- Every element is an integer with \`|nums[i]| <= 10^6\`.

**Example:** \`rotateRight([1, 2, 3, 4, 5, 6, 7], 3)\` returns \`[5, 6, 7, 1, 2, 3, 4]\`.`,
  functionName: "rotateRight",
  signature: {
    javascript: "function rotateRight(nums, k) {\n  // your code\n}",
    python: "def rotate_right(nums, k):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 2, 3, 4, 5, 6, 7], 3], expected: [5, 6, 7, 1, 2, 3, 4] },
    { input: [[-1, -100, 3, 99], 2], expected: [3, 99, -1, -100] },
    { input: [[1, 2], 3], expected: [2, 1] },
  ],
  hiddenTests: [
    { input: [[], 5], expected: [] },
    { input: [[], 0], expected: [] },
    { input: [[1], 100], expected: [1] },
    { input: [[1, 2, 3], 0], expected: [1, 2, 3] },
    { input: [[1, 2, 3], 3], expected: [1, 2, 3] },
    { input: [[1, 2, 3], 4], expected: [3, 1, 2] },
    { input: [[1, 2, 3], 1_000_000_000], expected: [3, 1, 2] },
    { input: [[0, 0, 5, 5], 1], expected: [5, 0, 0, 5] },
    { input: [ramp, BIG_K], expected: rampRotated },
  ],
  reference: {
    javascript: `function rotateRight(nums, k) {
  const n = nums.length;
  if (n === 0) return [];
  const shift = k % n;
  return [...nums.slice(n - shift), ...nums.slice(0, n - shift)];
}`,
    python: `def rotate_right(nums, k):
    n = len(nums)
    if n == 0:
        return []
    shift = k % n
    return nums[n - shift:] + nums[:n - shift]`,
  },
  // Slices by k without reducing it modulo the length: once k exceeds the length, nothing moves.
  wrong: {
    javascript: `function rotateRight(nums, k) {
  return [...nums.slice(-k), ...nums.slice(0, -k)];
}`,
    python: `def rotate_right(nums, k):
    return nums[-k:] + nums[:-k]`,
  },
};
