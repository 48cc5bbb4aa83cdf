import type { Challenge } from "../types.ts";

// Large inputs (trying every pair of ends is quadratic: too slow at this size).
const BIG_N = 20_000;
// Staircase 1, 2, ..., n: a rectangle of height h spans the n - h + 1 last bars, so the best
// is max over h of h * (n - h + 1).
const stairs = Array.from({ length: BIG_N }, (_, i) => i + 1);
const best = (area: (h: number) => number, top: number): number => {
  let m = 0;
  for (let h = 1; h <= top; h++) m = Math.max(m, area(h));
  return m;
};
const stairsArea = best((h) => h * (BIG_N - h + 1), BIG_N);
// Pyramid min(i + 1, n - i): bars of height >= h form one run of n - 2 * (h - 1) bars.
const pyramid = Array.from({ length: BIG_N }, (_, i) => Math.min(i + 1, BIG_N - i));
const pyramidArea = best((h) => h * (BIG_N - 2 * (h - 1)), BIG_N / 2);
// Tall bars of 10^4 with every 100th bar 0: the best is a block of 99 tall bars.
const fence = Array.from({ length: BIG_N }, (_, i) => (i % 100 === 0 ? 0 : 10_000));

export const largestRectangleHistogram: Challenge = {
  id: "largest-rectangle-histogram",
  title: "Largest Rectangle in Histogram",
  tier: 4,
  statement: `\`heights\` describes a histogram: bar \`i\` has width 1 and height \`heights[i]\`, and the bars stand side by side. Return the area of the largest axis-aligned rectangle that fits entirely inside the histogram.

- \`1 <= heights.length <= 2 * 10^4\`, \`0 <= heights[i] <= 10^4\`

**Example:** \`largestRectangleArea([2, 1, 5, 6, 2, 3])\` returns \`10\` (height 5 over the bars 5 and 6).`,
  functionName: "largestRectangleArea",
  signature: {
    javascript: "function largestRectangleArea(heights) {\n  // your code\n}",
    python: "def largest_rectangle_area(heights):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[2, 1, 5, 6, 2, 3]], expected: 10 },
    { input: [[2, 4]], expected: 4 },
    { input: [[1, 2, 3, 4, 5]], expected: 9 },
  ],
  hiddenTests: [
    { input: [[5]], expected: 5 },
    { input: [[0]], expected: 0 },
    { input: [[0, 0, 0]], expected: 0 },
    { input: [[2, 1, 2]], expected: 3 },
    { input: [[5, 4, 3, 2, 1]], expected: 9 },
    { input: [[6, 2, 5, 4, 5, 1, 6]], expected: 12 },
    { input: [[3, 3, 3, 3]], expected: 12 },
    { input: [[4, 2, 0, 3, 2, 5]], expected: 6 },
    { input: [stairs], expected: stairsArea },
    { input: [pyramid], expected: pyramidArea },
    { input: [fence], expected: 990_000 },
  ],
  reference: {
    javascript: `function largestRectangleArea(heights) {
  // Indices of bars with increasing heights; a bar is popped when a lower bar ends its rectangle.
  const stack = [];
  let best = 0;
  for (let i = 0; i <= heights.length; i++) {
    const h = i === heights.length ? 0 : heights[i];
    while (stack.length > 0 && heights[stack[stack.length - 1]] >= h) {
      const height = heights[stack.pop()];
      const left = stack.length > 0 ? stack[stack.length - 1] + 1 : 0;
      best = Math.max(best, height * (i - left));
    }
    stack.push(i);
  }
  return best;
}`,
    python: `def largest_rectangle_area(heights):
    n = len(heights)
    stack = []
    best = 0
    for i in range(n + 1):
        h = 0 if i == n else heights[i]
        while stack and heights[stack[-1]] >= h:
            height = heights[stack.pop()]
            left = stack[-1] + 1 if stack else 0
            if height * (i - left) > best:
                best = height * (i - left)
        stack.append(i)
    return best`,
  },
  // The same stack, but without the final zero-height sentinel: bars still on the stack at the
  // end (rectangles reaching the right edge) are never measured.
  wrong: {
    javascript: `function largestRectangleArea(heights) {
  const stack = [];
  let best = 0;
  for (let i = 0; i < heights.length; i++) {
    const h = heights[i];
    while (stack.length > 0 && heights[stack[stack.length - 1]] >= h) {
      const height = heights[stack.pop()];
      const left = stack.length > 0 ? stack[stack.length - 1] + 1 : 0;
      best = Math.max(best, height * (i - left));
    }
    stack.push(i);
  }
  return best;
}`,
    python: `def largest_rectangle_area(heights):
    n = len(heights)
    stack = []
    best = 0
    for i in range(n):
        h = heights[i]
        while stack and heights[stack[-1]] >= h:
            height = heights[stack.pop()]
            left = stack[-1] + 1 if stack else 0
            if height * (i - left) > best:
                best = height * (i - left)
        stack.append(i)
    return best`,
  },
};
