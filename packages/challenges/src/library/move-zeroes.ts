import type { Challenge } from "../types.ts";

// Large input: every third element is 0, the others are distinct and include negatives.
const BIG_N = 10_000;
const sparse = Array.from({ length: BIG_N }, (_, i) => (i % 3 === 0 ? 0 : i - 5000));
const sparseMoved = [...sparse.filter((x) => x !== 0), ...sparse.filter((x) => x === 0)];

export const moveZeroes: Challenge = {
  id: "move-zeroes",
  title: "Move Zeroes",
  tier: 2,
  statement: `Move every \`0\` in \`nums\` to the end of the array while keeping the other elements in their original relative order, and return the resulting array (you may modify \`nums\` and return it, or return a new array).

- \`0 <= nums.length <= 10^4\`
- Every element is an integer with \`|nums[i]| <= 10^6\`.

**Example:** \`moveZeroes([0, 1, 0, 3, 12])\` returns \`[1, 3, 12, 0, 0]\`.`,
  functionName: "moveZeroes",
  signature: {
    javascript: "function moveZeroes(nums) {\n  // your code\n}",
    python: "def move_zeroes(nums):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[0, 1, 0, 3, 12]], expected: [1, 3, 12, 0, 0] },
    { input: [[0]], expected: [0] },
    { input: [[4, 0, 5, 0, 0, 6]], expected: [4, 5, 6, 0, 0, 0] },
  ],
  hiddenTests: [
    { input: [[]], expected: [] },
    { input: [[1, 2, 3]], expected: [1, 2, 3] },
    { input: [[0, 0, 0]], expected: [0, 0, 0] },
    { input: [[-1, 0, -2, 0]], expected: [-1, -2, 0, 0] },
    { input: [[0, 0, 1]], expected: [1, 0, 0] },
    { input: [[1, 0]], expected: [1, 0] },
    { input: [[0, 2, 0, 2, 1]], expected: [2, 2, 1, 0, 0] },
    { input: [sparse], expected: sparseMoved },
  ],
  reference: {
    javascript: `function moveZeroes(nums) {
  let write = 0;
  for (const x of nums) if (x !== 0) nums[write++] = x;
  while (write < nums.length) nums[write++] = 0;
  return nums;
}`,
    python: `def move_zeroes(nums):
    write = 0
    for x in nums:
        if x != 0:
            nums[write] = x
            write += 1
    while write < len(nums):
        nums[write] = 0
        write += 1
    return nums`,
  },
  // Swaps each zero with the last non-zero element: the zeroes end up at the back, but the other
  // elements lose their relative order.
  wrong: {
    javascript: `function moveZeroes(nums) {
  let i = 0;
  let j = nums.length - 1;
  while (i < j) {
    if (nums[j] === 0) j--;
    else if (nums[i] === 0) {
      nums[i] = nums[j];
      nums[j] = 0;
      i++;
      j--;
    } else i++;
  }
  return nums;
}`,
    python: `def move_zeroes(nums):
    i = 0
    j = len(nums) - 1
    while i < j:
        if nums[j] == 0:
            j -= 1
        elif nums[i] == 0:
            nums[i] = nums[j]
            nums[j] = 0
            i += 1
            j -= 1
        else:
            i += 1
    return nums`,
  },
};
