import type { Challenge } from "../types.ts";

// Large inputs, 40 x 40. Expected answers were checked against a plain breadth-first search over
// every (row, column, walls broken) state when the challenge was written.
const SIDE = 40;
// Serpentine: every odd row but the last is a wall with one gap, alternately at the right and the
// left end. Without breaking walls the only way is the 780-step snake; 3 breaks cut it to 546.
const serpentine = Array.from({ length: SIDE }, (_, r) => {
  if (r % 2 === 0 || r === SIDE - 1) return ".".repeat(SIDE);
  const gap = Math.floor(r / 2) % 2 === 0 ? SIDE - 1 : 0;
  return Array.from({ length: SIDE }, (_, c) => (c === gap ? "." : "#")).join("");
});
// Pseudo-random walls (Park-Miller generator, exact in doubles): `percent` % of the cells.
function scattered(seed: number, percent: number): string[] {
  let x = seed;
  const rows: string[] = [];
  for (let r = 0; r < SIDE; r++) {
    let row = "";
    for (let c = 0; c < SIDE; c++) {
      x = (x * 48_271) % 2_147_483_647;
      row += x % 100 < percent ? "#" : ".";
    }
    rows.push(row);
  }
  rows[0] = `.${rows[0]?.slice(1)}`;
  rows[SIDE - 1] = `${rows[SIDE - 1]?.slice(0, -1)}.`;
  return rows;
}
const light = scattered(1, 30);
const dense = scattered(7, 40);
// Walls everywhere but the two corners: a shortest path enters 77 walls before the last cell.
const solid = [`.${"#".repeat(SIDE - 1)}`, ...new Array<string>(SIDE - 2).fill("#".repeat(SIDE)), `${"#".repeat(SIDE - 1)}.`];

export const shortestPathWithWallBreaks: Challenge = {
  id: "shortest-path-with-wall-breaks",
  title: "Shortest Path Breaking Walls",
  tier: 4,
  statement: `\`grid\` is an array of equal-length strings: \`"."\` is an open cell, \`"#"\` a wall. You start in the top-left cell and want to reach the bottom-right cell, moving one step at a time up, down, left or right (never outside the grid). You may walk **through at most \`k\` wall cells** in total along the way. Return the minimum number of steps, or \`-1\` if the target cannot be reached.

- \`1 <= grid.length <= 40\`, \`1 <= grid[i].length <= 40\`, \`0 <= k <= 80\`
- The top-left and bottom-right cells are always \`"."\`.

**Example:** \`shortestPathWithBreaks(["...", "##.", "...", ".##", "..."], 1)\` returns \`6\`: go down the left column, breaking the wall at row 1.`,
  functionName: "shortestPathWithBreaks",
  signature: {
    javascript: "function shortestPathWithBreaks(grid, k) {\n  // your code\n}",
    python: "def shortest_path_with_breaks(grid, k):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [["...", "##.", "...", ".##", "..."], 1], expected: 6 },
    { input: [["..##.", "#.#..", ".#...", "...#."], 1], expected: 7 },
    { input: [["..", "##", "##", "#."], 2], expected: 4 },
  ],
  hiddenTests: [
    { input: [["."], 0], expected: 0 },
    { input: [[".#."], 0], expected: -1 },
    { input: [[".#."], 1], expected: 2 },
    { input: [["...", "##.", "...", ".##", "..."], 0], expected: 10 },
    { input: [["..", ".."], 5], expected: 2 },
    { input: [[".##", "###", "##."], 2], expected: -1 },
    { input: [[".##", "###", "##."], 3], expected: 4 },
    { input: [[".", "#", "#", "#", "."], 3], expected: 4 },
    { input: [[".#...", ".#.#.", ".#.#.", "...#."], 0], expected: 13 },
    { input: [serpentine, 0], expected: 780 },
    { input: [serpentine, 3], expected: 546 },
    { input: [light, 1], expected: 78 },
    { input: [dense, 2], expected: -1 },
    { input: [dense, 3], expected: 88 },
    { input: [solid, 76], expected: -1 },
    { input: [solid, 77], expected: 78 },
  ],
  reference: {
    javascript: `function shortestPathWithBreaks(grid, k) {
  const rows = grid.length;
  const cols = grid[0].length;
  const target = rows * cols - 1;
  // Breadth-first, one layer per step. best[cell] is the fewest walls broken on any path that
  // reached the cell so far: a later (longer) arrival only matters if it broke fewer walls.
  const best = new Array(rows * cols).fill(k + 1);
  best[0] = 0;
  let cells = [0];
  let used = [0];
  for (let steps = 0; cells.length > 0; steps++) {
    const nextCells = [];
    const nextUsed = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === target) return steps;
      const r = Math.floor(cell / cols);
      const c = cell % cols;
      for (const [nr, nc] of [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]]) {
        if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
        const u = used[i] + (grid[nr][nc] === "#" ? 1 : 0);
        const next = nr * cols + nc;
        if (u < best[next]) {
          best[next] = u;
          nextCells.push(next);
          nextUsed.push(u);
        }
      }
    }
    cells = nextCells;
    used = nextUsed;
  }
  return -1;
}`,
    python: `def shortest_path_with_breaks(grid, k):
    rows = len(grid)
    cols = len(grid[0])
    target = rows * cols - 1
    best = [k + 1] * (rows * cols)
    best[0] = 0
    cells = [0]
    used = [0]
    steps = 0
    while cells:
        next_cells = []
        next_used = []
        for i in range(len(cells)):
            cell = cells[i]
            if cell == target:
                return steps
            r = cell // cols
            c = cell % cols
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < rows and 0 <= nc < cols:
                    u = used[i] + (1 if grid[nr][nc] == "#" else 0)
                    nxt = nr * cols + nc
                    if u < best[nxt]:
                        best[nxt] = u
                        next_cells.append(nxt)
                        next_used.append(u)
        cells = next_cells
        used = next_used
        steps += 1
    return -1`,
  },
  // Marks a cell visited the first time it is reached, like a plain BFS: a path that arrives at
  // the same step with fewer walls broken is then discarded, and may have been the only way on.
  wrong: {
    javascript: `function shortestPathWithBreaks(grid, k) {
  const rows = grid.length;
  const cols = grid[0].length;
  const target = rows * cols - 1;
  const seen = new Array(rows * cols).fill(false);
  seen[0] = true;
  let cells = [0];
  let used = [0];
  for (let steps = 0; cells.length > 0; steps++) {
    const nextCells = [];
    const nextUsed = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === target) return steps;
      const r = Math.floor(cell / cols);
      const c = cell % cols;
      for (const [nr, nc] of [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]]) {
        if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
        const u = used[i] + (grid[nr][nc] === "#" ? 1 : 0);
        const next = nr * cols + nc;
        if (u <= k && !seen[next]) {
          seen[next] = true;
          nextCells.push(next);
          nextUsed.push(u);
        }
      }
    }
    cells = nextCells;
    used = nextUsed;
  }
  return -1;
}`,
    python: `def shortest_path_with_breaks(grid, k):
    rows = len(grid)
    cols = len(grid[0])
    target = rows * cols - 1
    seen = [False] * (rows * cols)
    seen[0] = True
    cells = [0]
    used = [0]
    steps = 0
    while cells:
        next_cells = []
        next_used = []
        for i in range(len(cells)):
            cell = cells[i]
            if cell == target:
                return steps
            r = cell // cols
            c = cell % cols
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < rows and 0 <= nc < cols:
                    u = used[i] + (1 if grid[nr][nc] == "#" else 0)
                    nxt = nr * cols + nc
                    if u <= k and not seen[nxt]:
                        seen[nxt] = True
                        next_cells.append(nxt)
                        next_used.append(u)
        cells = next_cells
        used = next_used
        steps += 1
    return -1`,
  },
};
