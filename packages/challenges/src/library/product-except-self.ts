import type { Challenge } from "../types.ts";

// Large inputs: mostly 1 and -1 with a few 2s and 3s, so every product stays small and exact.
// The expected answers are the total product divided by each element (`|| 0` turns -0 into 0).
const BIG_N = 5000;
const signs: number[] = Array.from({ length: BIG_N }, (_, i) => {
  if (i % 1000 === 17) return 2;
  if (i % 1500 === 44) return 3;
  return i % 7 === 3 ? -1 : 1;
});
const signsTotal = signs.reduce((a, b) => a * b, 1);
const signsExpected = signs.map((x) => signsTotal / x);
// The same with one zero: only the zero's position gets a non-zero product.
const ZERO_AT = 3333;
const oneZero = signs.map((x, i) => (i === ZERO_AT ? 0 : x));
const oneZeroExpected = oneZero.map((_, i) => (i === ZERO_AT ? signsTotal / (signs[ZERO_AT] ?? 1) : 0));

export const productExceptSelf: Challenge = {
  id: "product-except-self",
  title: "Product of Array Except Self",
  tier: 3,
  statement: `Return an array \`answer\` where \`answer[i]\` is the product of every element of \`nums\` **except** \`nums[i]\`. Try to do it in linear time (and, for the challenge, without division).

- \`2 <= nums.length <= 10^4\`, \`-30 <= nums[i] <= 30\`
- The product of any subset of \`nums\` fits in a 32-bit signed integer.

**Example:** \`productExceptSelf([1, 2, 3, 4])\` returns \`[24, 12, 8, 6]\`.`,
  functionName: "productExceptSelf",
  signature: {
    javascript: "function productExceptSelf(nums) {\n  // your code\n}",
    python: "def product_except_self(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 2, 3, 4]], expected: [24, 12, 8, 6] },
    { input: [[-1, 1, 0, -3, 3]], expected: [0, 0, 9, 0, 0] },
    { input: [[2, 3]], expected: [3, 2] },
  ],
  hiddenTests: [
    { input: [[0, 5]], expected: [5, 0] },
    { input: [[0, 4, 0]], expected: [0, 0, 0] },
    { input: [[-2, -3, 4]], expected: [-12, -8, 6] },
    { input: [[1, 1]], expected: [1, 1] },
    { input: [[30, -30, 30, -30]], expected: [27_000, -27_000, 27_000, -27_000] },
    { input: [[5, 0, -1, 2]], expected: [0, -10, 0, 0] },
    { input: [signs], expected: signsExpected.map((v) => v || 0) },
    { input: [oneZero], expected: oneZeroExpected.map((v) => v || 0) },
  ],
  reference: {
    javascript: `function productExceptSelf(nums) {
  const n = nums.length;
  const out = new Array(n).fill(1);
  let prefix = 1;
  for (let i = 0; i < n; i++) {
    out[i] = prefix;
    prefix *= nums[i];
  }
  let suffix = 1;
  for (let i = n - 1; i >= 0; i--) {
    out[i] *= suffix;
    suffix *= nums[i];
  }
  return out;
}`,
    python: `def product_except_self(nums):
    n = len(nums)
    out = [1] * n
    prefix = 1
    for i in range(n):
        out[i] = prefix
        prefix *= nums[i]
    suffix = 1
    for i in range(n - 1, -1, -1):
        out[i] *= suffix
        suffix *= nums[i]
    return out`,
  },
  // Divides the total product by each element and answers 0 for a zero element, which is wrong
  // when there is exactly one zero: that position should get the product of all the others.
  wrong: {
    javascript: `function productExceptSelf(nums) {
  let total = 1;
  for (const x of nums) total *= x;
  return nums.map((x) => (x === 0 ? 0 : total / x));
}`,
    python: `def product_except_self(nums):
    total = 1
    for x in nums:
        total *= x
    return [0 if x == 0 else total // x for x in nums]`,
  },
};
