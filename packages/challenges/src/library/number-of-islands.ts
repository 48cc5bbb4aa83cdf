import type { Challenge } from "../types.ts";

const SIDE = 100;
const allLand = Array.from({ length: SIDE }, () => "1".repeat(SIDE));
// Checkerboard: no two land cells share an edge, so each of the SIDE * SIDE / 2 land cells is an island.
const checkerboard = Array.from({ length: SIDE }, (_, r) => (r % 2 === 0 ? "10" : "01").repeat(SIDE / 2));
// Even rows are land, odd rows water: one island per even row.
const stripes = Array.from({ length: SIDE }, (_, r) => (r % 2 === 0 ? "1" : "0").repeat(SIDE));

export const numberOfIslands: Challenge = {
  id: "number-of-islands",
  title: "Number of Islands",
  tier: 4,
  statement: `\`grid\` is an array of equal-length strings; each character is \`"1"\` (land) or \`"0"\` (water). An island is a group of land cells connected **horizontally or vertically** (diagonals do not connect). Return the number of islands.

- \`0 <= grid.length <= 100\`; each row has \`1..100\` characters.

**Example:** \`numIslands(["11000", "11000", "00100", "00011"])\` returns \`3\`.`,
  functionName: "numIslands",
  signature: {
    javascript: "function numIslands(grid) {\n  // your code\n}",
    python: "def num_islands(grid):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [["11110", "11010", "11000", "00000"]], expected: 1 },
    { input: [["11000", "11000", "00100", "00011"]], expected: 3 },
    { input: [["101", "010", "101"]], expected: 5 },
  ],
  hiddenTests: [
    { input: [[]], expected: 0 },
    { input: [["1"]], expected: 1 },
    { input: [["0"]], expected: 0 },
    { input: [["10101"]], expected: 3 },
    { input: [["1", "0", "1", "1"]], expected: 2 },
    { input: [["111", "101", "111"]], expected: 1 },
    { input: [["1101", "0101", "0111", "1000"]], expected: 2 },
    { input: [allLand], expected: 1 },
    { input: [checkerboard], expected: (SIDE * SIDE) / 2 },
    { input: [stripes], expected: SIDE / 2 },
  ],
  reference: {
    javascript: `function numIslands(grid) {
  const rows = grid.length;
  if (rows === 0) return 0;
  const cols = grid[0].length;
  const seen = new Uint8Array(rows * cols);
  const stack = [];
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] !== "1" || seen[r * cols + c]) continue;
      count++;
      seen[r * cols + c] = 1;
      stack.push(r * cols + c);
      while (stack.length > 0) {
        const cell = stack.pop();
        const y = Math.floor(cell / cols);
        const x = cell % cols;
        const next = [[y - 1, x], [y + 1, x], [y, x - 1], [y, x + 1]];
        for (const [ny, nx] of next) {
          if (ny < 0 || ny >= rows || nx < 0 || nx >= cols) continue;
          if (grid[ny][nx] !== "1" || seen[ny * cols + nx]) continue;
          seen[ny * cols + nx] = 1;
          stack.push(ny * cols + nx);
        }
      }
    }
  }
  return count;
}`,
    python: `def num_islands(grid):
    rows = len(grid)
    if rows == 0:
        return 0
    cols = len(grid[0])
    # Flat copy with a border of water: cell (r, c) is at (r + 1) * width + c + 1, so no bounds checks.
    width = cols + 1
    land = [False] * ((rows + 2) * width + 1)
    for r in range(rows):
        i = (r + 1) * width + 1
        for ch in grid[r]:
            if ch == "1":
                land[i] = True
            i += 1
    count = 0
    for start in range(len(land)):
        if not land[start]:
            continue
        count += 1
        land[start] = False
        stack = [start]
        while stack:
            cell = stack.pop()
            for nb in (cell - width, cell + width, cell - 1, cell + 1):
                if land[nb]:
                    land[nb] = False
                    stack.append(nb)
    return count`,
  },
  // Also connects diagonal neighbours.
  wrong: {
    javascript: `function numIslands(grid) {
  const rows = grid.length;
  if (rows === 0) return 0;
  const cols = grid[0].length;
  const seen = new Uint8Array(rows * cols);
  const stack = [];
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] !== "1" || seen[r * cols + c]) continue;
      count++;
      seen[r * cols + c] = 1;
      stack.push(r * cols + c);
      while (stack.length > 0) {
        const cell = stack.pop();
        const y = Math.floor(cell / cols);
        const x = cell % cols;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const ny = y + dy;
            const nx = x + dx;
            if (ny < 0 || ny >= rows || nx < 0 || nx >= cols) continue;
            if (grid[ny][nx] !== "1" || seen[ny * cols + nx]) continue;
            seen[ny * cols + nx] = 1;
            stack.push(ny * cols + nx);
          }
        }
      }
    }
  }
  return count;
}`,
    python: `def num_islands(grid):
    rows = len(grid)
    if rows == 0:
        return 0
    cols = len(grid[0])
    # Flat copy with a border of water: cell (r, c) is at (r + 1) * width + c + 1, so no bounds checks.
    width = cols + 1
    land = [False] * ((rows + 2) * width + 1)
    for r in range(rows):
        i = (r + 1) * width + 1
        for ch in grid[r]:
            if ch == "1":
                land[i] = True
            i += 1
    count = 0
    for start in range(len(land)):
        if not land[start]:
            continue
        count += 1
        land[start] = False
        stack = [start]
        while stack:
            cell = stack.pop()
            for nb in (
                cell - width - 1, cell - width, cell - width + 1, cell - 1,
                cell + 1, cell + width - 1, cell + width, cell + width + 1,
            ):
                if land[nb]:
                    land[nb] = False
                    stack.append(nb)
    return count`,
  },
};
