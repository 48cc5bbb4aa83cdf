import type { Challenge } from "../types.ts";

export const editDistance: Challenge = {
  id: "edit-distance",
  title: "Edit Distance",
  tier: 4,
  statement: `Return the minimum number of single-character edits (insert a character, delete a character, or replace a character) needed to turn \`a\` into \`b\`.

- \`0 <= a.length, b.length <= 2000\`
- \`a\` and \`b\` contain lowercase letters \`a-z\` only.

**Example:** \`editDistance("horse", "ros")\` returns \`3\` (horse → rorse → rose → ros).`,
  functionName: "editDistance",
  signature: { javascript: "function editDistance(a, b) {\n  // your code\n}" },
  publicTests: [
    { input: ["horse", "ros"], expected: 3 },
    { input: ["intention", "execution"], expected: 5 },
    { input: ["kitten", "sitting"], expected: 3 },
  ],
  hiddenTests: [
    { input: ["", ""], expected: 0 },
    { input: ["", "abc"], expected: 3 },
    { input: ["a", ""], expected: 1 },
    { input: ["same", "same"], expected: 0 },
    { input: ["abc", "yabd"], expected: 2 },
    // Every position differs: 2000 replacements, and nothing cheaper since no letter is shared.
    { input: ["a".repeat(2000), "b".repeat(2000)], expected: 2000 },
    // Delete the leading "a", append an "a"; one edit cannot do it (equal lengths, all positions differ).
    { input: ["ab".repeat(1000), "ba".repeat(1000)], expected: 2 },
    { input: ["x".repeat(1500), "x".repeat(1000)], expected: 500 },
  ],
  reference: {
    javascript: `function editDistance(a, b) {
  const m = a.length;
  const n = b.length;
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      if (a[i - 1] === b[j - 1]) cur[j] = prev[j - 1];
      else cur[j] = 1 + Math.min(prev[j - 1], prev[j], cur[j - 1]);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}`,
  },
  // Forgets the replace operation: only inserts and deletes are counted.
  wrong: {
    javascript: `function editDistance(a, b) {
  const m = a.length;
  const n = b.length;
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      if (a[i - 1] === b[j - 1]) cur[j] = prev[j - 1];
      else cur[j] = 1 + Math.min(prev[j], cur[j - 1]);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}`,
  },
};
