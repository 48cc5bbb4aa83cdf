import type { Challenge } from "../types.ts";

// Expected spirals for the generated matrices come from a different method than the reference:
// walk right/down/left/up, turning whenever the next cell is outside the matrix or already visited.
function walkSpiral(matrix: number[][]): number[] {
  const rows = matrix.length;
  const cols = rows > 0 ? (matrix[0]?.length ?? 0) : 0;
  const seen = new Set<number>();
  const out: number[] = [];
  const dirs = [
    [0, 1],
    [1, 0],
    [0, -1],
    [-1, 0],
  ] as const;
  let r = 0;
  let c = 0;
  let d = 0;
  for (let step = 0; step < rows * cols; step++) {
    out.push(matrix[r]?.[c] as number);
    seen.add(r * cols + c);
    for (let turn = 0; turn < 4; turn++) {
      const [dr, dc] = dirs[(d + turn) % 4] as readonly [number, number];
      const nr = r + dr;
      const nc = c + dc;
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && !seen.has(nr * cols + nc)) {
        d = (d + turn) % 4;
        r = nr;
        c = nc;
        break;
      }
    }
  }
  return out;
}

const grid = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => r * cols + c - 500));
const wide = grid(37, 60);
const tall = grid(60, 23);

export const spiralMatrix: Challenge = {
  id: "spiral-matrix",
  title: "Spiral Matrix",
  tier: 3,
  statement: `Return all elements of \`matrix\` in **clockwise spiral order**: start at the top-left corner, go right along the top row, down the right column, left along the bottom row, up the left column, then continue inwards the same way until every element has been visited exactly once.

- \`0 <= matrix.length <= 60\`; every row has the same length, between \`1\` and \`60\`.
- \`|matrix[r][c]| <= 10^4\`

**Example:** \`spiralOrder([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])\` returns \`[1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7]\`.`,
  functionName: "spiralOrder",
  signature: {
    javascript: "function spiralOrder(matrix) {\n  // your code\n}",
    python: "def spiral_order(matrix):\n    # your code\n    pass",
  },
  publicTests: [
    {
      input: [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
      expected: [1, 2, 3, 6, 9, 8, 7, 4, 5],
    },
    {
      input: [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
      ],
      expected: [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7],
    },
    { input: [[[1], [2], [3]]], expected: [1, 2, 3] },
  ],
  hiddenTests: [
    { input: [[]], expected: [] },
    { input: [[[7]]], expected: [7] },
    { input: [[[1, 2, 3, 4]]], expected: [1, 2, 3, 4] },
    {
      input: [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      expected: [1, 2, 4, 3],
    },
    {
      input: [
        [
          [1, 2, 3, 4, 5],
          [6, 7, 8, 9, 10],
        ],
      ],
      expected: [1, 2, 3, 4, 5, 10, 9, 8, 7, 6],
    },
    {
      input: [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
          [13, 14, 15, 16],
        ],
      ],
      expected: [1, 2, 3, 4, 8, 12, 16, 15, 14, 13, 9, 5, 6, 7, 11, 10],
    },
    { input: [[[-1], [0], [-1]]], expected: [-1, 0, -1] },
    { input: [wide], expected: walkSpiral(wide) },
    { input: [tall], expected: walkSpiral(tall) },
  ],
  reference: {
    javascript: `function spiralOrder(matrix) {
  const out = [];
  if (matrix.length === 0) return out;
  let top = 0;
  let bottom = matrix.length - 1;
  let left = 0;
  let right = matrix[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let c = left; c <= right; c++) out.push(matrix[top][c]);
    top++;
    for (let r = top; r <= bottom; r++) out.push(matrix[r][right]);
    right--;
    if (top <= bottom) {
      for (let c = right; c >= left; c--) out.push(matrix[bottom][c]);
      bottom--;
    }
    if (left <= right) {
      for (let r = bottom; r >= top; r--) out.push(matrix[r][left]);
      left++;
    }
  }
  return out;
}`,
    python: `def spiral_order(matrix):
    out = []
    if len(matrix) == 0:
        return out
    top = 0
    bottom = len(matrix) - 1
    left = 0
    right = len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            out.append(matrix[top][c])
        top += 1
        for r in range(top, bottom + 1):
            out.append(matrix[r][right])
        right -= 1
        if top <= bottom:
            for c in range(right, left - 1, -1):
                out.append(matrix[bottom][c])
            bottom -= 1
        if left <= right:
            for r in range(bottom, top - 1, -1):
                out.append(matrix[r][left])
            left += 1
    return out`,
  },
  // Walks the bottom row and the left column without re-checking that they still exist, so a
  // leftover single row or column is visited twice (square matrices happen to come out right).
  wrong: {
    javascript: `function spiralOrder(matrix) {
  const out = [];
  if (matrix.length === 0) return out;
  let top = 0;
  let bottom = matrix.length - 1;
  let left = 0;
  let right = matrix[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let c = left; c <= right; c++) out.push(matrix[top][c]);
    top++;
    for (let r = top; r <= bottom; r++) out.push(matrix[r][right]);
    right--;
    for (let c = right; c >= left; c--) out.push(matrix[bottom][c]);
    bottom--;
    for (let r = bottom; r >= top; r--) out.push(matrix[r][left]);
    left++;
  }
  return out;
}`,
    python: `def spiral_order(matrix):
    out = []
    if len(matrix) == 0:
        return out
    top = 0
    bottom = len(matrix) - 1
    left = 0
    right = len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            out.append(matrix[top][c])
        top += 1
        for r in range(top, bottom + 1):
            out.append(matrix[r][right])
        right -= 1
        for c in range(right, left - 1, -1):
            out.append(matrix[bottom][c])
        bottom -= 1
        for r in range(bottom, top - 1, -1):
            out.append(matrix[r][left])
        left += 1
    return out`,
  },
};
