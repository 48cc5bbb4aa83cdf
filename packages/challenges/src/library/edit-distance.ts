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
  signature: {
    javascript: "function editDistance(a, b) {\n  // your code\n}",
    python: "def edit_distance(a, b):\n    # your code\n    pass",
  },
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
    python: `def edit_distance(a, b):
    # Bit-parallel DP (Myers 1999, Hyyro 2001): bit i of pv / mv says the DP column steps up / down
    # between rows i and i + 1. Much faster than a plain 2000 x 2000 table.
    m = len(a)
    if m == 0:
        return len(b)
    peq = {}
    bit = 1
    for ch in a:
        peq[ch] = peq.get(ch, 0) | bit
        bit <<= 1
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv = mask
    mv = 0
    score = m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (mask ^ (xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (mask ^ (xv | ph))
        mv = ph & xv
    return score`,
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
    python: `def edit_distance(a, b):
    # Bit-parallel longest common subsequence (Allison-Dix): a zero bit in v marks an LCS step.
    m = len(a)
    peq = {}
    bit = 1
    for ch in a:
        peq[ch] = peq.get(ch, 0) | bit
        bit <<= 1
    mask = (1 << m) - 1
    v = mask
    for ch in b:
        u = v & peq.get(ch, 0)
        v = ((v + u) | (v - u)) & mask
    lcs = m - bin(v).count("1")
    return m + len(b) - 2 * lcs`,
  },
};
