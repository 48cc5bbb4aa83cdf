import type { Challenge } from "../types.ts";

const BIG_N = 10_000;
// [i, i + 2] for i from 9999 down to 0: each overlaps the next, so they merge into [0, 10001].
const chain = Array.from({ length: BIG_N }, (_, k) => [BIG_N - 1 - k, BIG_N + 1 - k]);
// [i, i + 1] for i from 0 to 1999: each only touches the next, so they merge into [0, 2000].
// Kept small so that a solution which fails to merge them still fits the judge's output cap.
const TOUCHING_N = 2000;
const touching = Array.from({ length: TOUCHING_N }, (_, i) => [i, i + 1]);
// Interval i belongs to group g = i % 100 and is [1000g + j, 1000g + j + 2] with j = floor(i / 100),
// j from 0 to 99: group g covers [1000g, 1000g + 101] without gaps, and groups never touch.
const GROUPS = 100;
const interleaved = Array.from({ length: BIG_N }, (_, i) => {
  const g = i % GROUPS;
  const j = Math.floor(i / GROUPS);
  return [1000 * g + j, 1000 * g + j + 2];
});
const interleavedMerged = Array.from({ length: GROUPS }, (_, g) => [1000 * g, 1000 * g + 101]);

export const mergeIntervals: Challenge = {
  id: "merge-intervals",
  title: "Merge Intervals",
  tier: 3,
  statement: `Each element of \`intervals\` is a closed interval \`[start, end]\` of integers with \`start <= end\`, in any order. Merge all intervals that overlap or touch (share an endpoint) and return the merged intervals sorted ascending by start.

- \`0 <= intervals.length <= 10^4\`, \`|start|, |end| <= 10^6\`

**Example:** \`mergeIntervals([[1, 3], [8, 10], [2, 6]])\` returns \`[[1, 6], [8, 10]]\`.`,
  functionName: "mergeIntervals",
  signature: {
    javascript: "function mergeIntervals(intervals) {\n  // your code\n}",
    python: "def merge_intervals(intervals):\n    # your code\n    pass",
  },
  publicTests: [
    {
      input: [
        [
          [1, 3],
          [2, 6],
          [8, 10],
          [15, 18],
        ],
      ],
      expected: [
        [1, 6],
        [8, 10],
        [15, 18],
      ],
    },
    {
      input: [
        [
          [1, 4],
          [4, 5],
        ],
      ],
      expected: [[1, 5]],
    },
    {
      input: [
        [
          [5, 7],
          [1, 2],
          [3, 4],
        ],
      ],
      expected: [
        [1, 2],
        [3, 4],
        [5, 7],
      ],
    },
  ],
  hiddenTests: [
    { input: [[]], expected: [] },
    { input: [[[2, 2]]], expected: [[2, 2]] },
    {
      input: [
        [
          [1, 10],
          [2, 3],
          [4, 5],
        ],
      ],
      expected: [[1, 10]],
    },
    {
      input: [
        [
          [-5, -1],
          [6, 8],
          [-3, 2],
          [6, 6],
        ],
      ],
      expected: [
        [-5, 2],
        [6, 8],
      ],
    },
    {
      input: [
        [
          [1, 4],
          [0, 0],
        ],
      ],
      expected: [
        [0, 0],
        [1, 4],
      ],
    },
    { input: [chain], expected: [[0, BIG_N + 1]] },
    { input: [touching], expected: [[0, TOUCHING_N]] },
    { input: [interleaved], expected: interleavedMerged },
  ],
  reference: {
    javascript: `function mergeIntervals(intervals) {
  const sorted = intervals.map((iv) => [iv[0], iv[1]]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}`,
    python: `def merge_intervals(intervals):
    items = [[iv[0], iv[1]] for iv in intervals]
    # Shuffled first, so the order of the input never decides the cost.
    seed = 1
    for i in range(len(items) - 1, 0, -1):
        seed = (seed * 75 + 74) % 65537
        j = seed % (i + 1)
        items[i], items[j] = items[j], items[i]
    items.sort()
    out = []
    for iv in items:
        if out and iv[0] <= out[-1][1]:
            if iv[1] > out[-1][1]:
                out[-1][1] = iv[1]
        else:
            out.append(iv)
    return out`,
  },
  // Uses a strict comparison, so intervals that only touch stay separate.
  wrong: {
    javascript: `function mergeIntervals(intervals) {
  const sorted = intervals.map((iv) => [iv[0], iv[1]]).sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] < last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}`,
    python: `def merge_intervals(intervals):
    items = [[iv[0], iv[1]] for iv in intervals]
    # Shuffled first, so the order of the input never decides the cost.
    seed = 1
    for i in range(len(items) - 1, 0, -1):
        seed = (seed * 75 + 74) % 65537
        j = seed % (i + 1)
        items[i], items[j] = items[j], items[i]
    items.sort()
    out = []
    for iv in items:
        if out and iv[0] < out[-1][1]:
            if iv[1] > out[-1][1]:
                out[-1][1] = iv[1]
        else:
            out.append(iv)
    return out`,
  },
};
