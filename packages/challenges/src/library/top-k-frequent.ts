import type { Challenge } from "../types.ts";

// Large input: value v (0..199) appears 1 + (v * 37) % 60 times, dealt out round-robin so equal
// values are scattered. Frequencies repeat, so the tie-break on the smaller value matters.
const VALUES = 200;
const freq = (v: number): number => 1 + ((v * 37) % 60);
const scattered: number[] = [];
for (let round = 0; round < 60; round++) {
  for (let v = 0; v < VALUES; v++) if (round < freq(v)) scattered.push(v - 100);
}
const byRank = Array.from({ length: VALUES }, (_, v) => v).sort((a, b) => freq(b) - freq(a) || a - b);

export const topKFrequent: Challenge = {
  id: "top-k-frequent",
  title: "Top K Frequent Elements",
  tier: 3,
  statement: `Return the \`k\` values that occur most often in \`nums\`, most frequent first. Values that occur equally often are ordered from **smallest to largest**.

- \`1 <= nums.length <= 10^4\`, \`|nums[i]| <= 10^9\`
- \`1 <= k <=\` the number of distinct values in \`nums\`.

**Example:** \`topKFrequent([4, 4, 1, 1, 2, 2, 3], 2)\` returns \`[1, 2]\` (4, 1 and 2 all occur twice; the two smallest win).`,
  functionName: "topKFrequent",
  signature: {
    javascript: "function topKFrequent(nums, k) {\n  // your code\n}",
    python: "def top_k_frequent(nums, k):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 1, 1, 2, 2, 3], 2], expected: [1, 2] },
    { input: [[4, 4, 1, 1, 2, 2, 3], 2], expected: [1, 2] },
    { input: [[5], 1], expected: [5] },
    { input: [[3, 0, 1, 0], 1], expected: [0] },
  ],
  hiddenTests: [
    { input: [[9, 8, 7, 6], 4], expected: [6, 7, 8, 9] },
    { input: [[-1, -1, 2, 2, -3], 2], expected: [-1, 2] },
    { input: [[7, 7, 7, 7], 1], expected: [7] },
    { input: [[1_000_000_000, -1_000_000_000, 1_000_000_000], 2], expected: [1_000_000_000, -1_000_000_000] },
    { input: [[2, 3, 3, 2, 1, 1, 1, 10, 10, 10], 3], expected: [1, 10, 2] },
    { input: [scattered, 10], expected: byRank.slice(0, 10).map((v) => v - 100) },
    { input: [scattered, VALUES], expected: byRank.map((v) => v - 100) },
  ],
  reference: {
    javascript: `function topKFrequent(nums, k) {
  const count = new Map();
  for (const x of nums) count.set(x, (count.get(x) ?? 0) + 1);
  const values = [...count.keys()];
  values.sort((a, b) => count.get(b) - count.get(a) || a - b);
  return values.slice(0, k);
}`,
    python: `def top_k_frequent(nums, k):
    count = {}
    for x in nums:
        count[x] = count.get(x, 0) + 1
    values = sorted(count.keys(), key=lambda v: (-count[v], v))
    return values[:k]`,
  },
  // Sorts (count, value) pairs in descending order: ties then come out largest value first.
  wrong: {
    javascript: `function topKFrequent(nums, k) {
  const count = new Map();
  for (const x of nums) count.set(x, (count.get(x) ?? 0) + 1);
  const pairs = [...count.entries()].map(([v, c]) => [c, v]);
  pairs.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  return pairs.slice(0, k).map((p) => p[1]);
}`,
    python: `def top_k_frequent(nums, k):
    count = {}
    for x in nums:
        count[x] = count.get(x, 0) + 1
    pairs = sorted([(c, v) for v, c in count.items()], reverse=True)
    return [v for c, v in pairs[:k]]`,
  },
};
