import type { Challenge } from "../types.ts";

// Large inputs.
// A V of 10001 bars, |i - 5000|: the water level is 5000 everywhere, so the total is
// 5000 * 10001 - 2 * (1 + 2 + ... + 5000) = 25,000,000.
const valley = Array.from({ length: 10_001 }, (_, i) => Math.abs(i - 5000));
// Saw teeth under two tall walls: the teeth (up to 99) are peaks of their own, but the walls
// (10^4) hold water over all of them, up to the lower wall. Computed from prefix/suffix maxima.
const teeth = Array.from({ length: 8000 }, (_, i) => {
  if (i === 0) return 9000;
  if (i === 7999) return 10_000;
  return (i * 37) % 100;
});
function waterByMaxima(h: number[]): number {
  const right = new Array<number>(h.length).fill(0);
  for (let i = h.length - 1, m = 0; i >= 0; i--) {
    m = Math.max(m, h[i] as number);
    right[i] = m;
  }
  let total = 0;
  for (let i = 0, m = 0; i < h.length; i++) {
    m = Math.max(m, h[i] as number);
    total += Math.min(m, right[i] as number) - (h[i] as number);
  }
  return total;
}

export const trappingRainWater: Challenge = {
  id: "trapping-rain-water",
  title: "Trapping Rain Water",
  tier: 4,
  statement: `\`heights\` describes an elevation map: bar \`i\` has width 1 and height \`heights[i]\`. After it rains, water stays above a bar up to the level of the **lower** of the highest bar to its left and the highest bar to its right. Return the total amount of water trapped.

- \`0 <= heights.length <= 2 * 10^4\`, \`0 <= heights[i] <= 10^4\`

**Example:** \`trapRainWater([0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1])\` returns \`6\`.`,
  functionName: "trapRainWater",
  signature: {
    javascript: "function trapRainWater(heights) {\n  // your code\n}",
    python: "def trap_rain_water(heights):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]], expected: 6 },
    { input: [[4, 2, 0, 3, 2, 5]], expected: 9 },
    { input: [[5, 0, 3, 0, 5]], expected: 12 },
  ],
  hiddenTests: [
    { input: [[]], expected: 0 },
    { input: [[7]], expected: 0 },
    { input: [[3, 3]], expected: 0 },
    { input: [[1, 2, 3, 4, 5]], expected: 0 },
    { input: [[5, 4, 3, 2, 1]], expected: 0 },
    { input: [[2, 0, 2]], expected: 2 },
    { input: [[3, 0, 0, 2, 0, 4]], expected: 10 },
    { input: [[0, 10_000, 0, 0, 10_000, 0]], expected: 20_000 },
    { input: [[6, 1, 4, 1, 4, 1, 6]], expected: 19 },
    { input: [valley], expected: 25_000_000 },
    { input: [teeth], expected: waterByMaxima(teeth) },
  ],
  reference: {
    javascript: `function trapRainWater(heights) {
  let lo = 0;
  let hi = heights.length - 1;
  let leftMax = 0;
  let rightMax = 0;
  let water = 0;
  while (lo < hi) {
    if (heights[lo] < heights[hi]) {
      leftMax = Math.max(leftMax, heights[lo]);
      water += leftMax - heights[lo];
      lo++;
    } else {
      rightMax = Math.max(rightMax, heights[hi]);
      water += rightMax - heights[hi];
      hi--;
    }
  }
  return water;
}`,
    python: `def trap_rain_water(heights):
    lo = 0
    hi = len(heights) - 1
    left_max = 0
    right_max = 0
    water = 0
    while lo < hi:
        if heights[lo] < heights[hi]:
            if heights[lo] > left_max:
                left_max = heights[lo]
            water += left_max - heights[lo]
            lo += 1
        else:
            if heights[hi] > right_max:
                right_max = heights[hi]
            water += right_max - heights[hi]
            hi -= 1
    return water`,
  },
  // Only fills the valleys between neighbouring peaks, each up to the lower of its two peaks: a
  // small peak under the water of two taller walls splits the pool and loses the water above it.
  wrong: {
    javascript: `function trapRainWater(heights) {
  const n = heights.length;
  const peaks = [];
  for (let i = 0; i < n; i++) {
    const left = i === 0 ? -1 : heights[i - 1];
    const right = i === n - 1 ? -1 : heights[i + 1];
    if (heights[i] >= left && heights[i] >= right) peaks.push(i);
  }
  let water = 0;
  for (let p = 0; p + 1 < peaks.length; p++) {
    const a = peaks[p];
    const b = peaks[p + 1];
    const level = Math.min(heights[a], heights[b]);
    for (let i = a + 1; i < b; i++) water += Math.max(0, level - heights[i]);
  }
  return water;
}`,
    python: `def trap_rain_water(heights):
    n = len(heights)
    peaks = []
    for i in range(n):
        left = -1 if i == 0 else heights[i - 1]
        right = -1 if i == n - 1 else heights[i + 1]
        if heights[i] >= left and heights[i] >= right:
            peaks.append(i)
    water = 0
    for p in range(len(peaks) - 1):
        a = peaks[p]
        b = peaks[p + 1]
        level = min(heights[a], heights[b])
        for i in range(a + 1, b):
            water += max(0, level - heights[i])
    return water`,
  },
};
