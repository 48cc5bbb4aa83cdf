import type { Challenge } from "../types.ts";

// Large inputs (5000 letters; trying every substring is far too slow).
// Filler "x" with a few "a" and "b" placed at known positions. Two windows holding "a", "a", "b"
// have the minimum length 8: "a" + "x" * 3 + "a" + "x" * 2 + "b" comes first, so it wins.
const filler = (n: number): string => "x".repeat(n);
const sparse = `${filler(1000)}a${filler(500)}b${filler(10)}a${filler(3)}a${filler(2)}b${filler(700)}a${filler(4)}a${filler(1)}b${filler(2772)}`;
// The alphabet spread out, then packed together near the end: the packed copy is the answer.
const alphabet = "abcdefghijklmnopqrstuvwxyz";
const spread = `${[...alphabet].map((c) => c + filler(150)).join("")}${alphabet}${filler(1000 - 26)}`;
// The target needs 2500 "a" and 2500 "b"; the string has exactly that many, so it is all of it.
const halves = `${"a".repeat(2500)}${"b".repeat(2500)}`;

export const minimumWindowSubstring: Challenge = {
  id: "minimum-window-substring",
  title: "Minimum Window Substring",
  tier: 4,
  statement: `Return the shortest contiguous substring of \`s\` that contains every character of \`t\`, **including duplicates** (if \`t\` has two \`"a"\`, the window needs at least two \`"a"\`). If several windows have the minimum length, return the one that starts **first**. Return \`""\` if there is no such window.

- \`1 <= s.length, t.length <= 5000\`
- \`s\` and \`t\` contain English letters (\`a-z\`, \`A-Z\`); case matters.

**Example:** \`minWindowSubstring("ADOBECODEBANC", "ABC")\` returns \`"BANC"\`.`,
  functionName: "minWindowSubstring",
  signature: {
    javascript: "function minWindowSubstring(s, t) {\n  // your code\n}",
    python: "def min_window_substring(s, t):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["ADOBECODEBANC", "ABC"], expected: "BANC" },
    { input: ["a", "a"], expected: "a" },
    { input: ["a", "aa"], expected: "" },
    { input: ["abcabdebac", "aab"], expected: "abca" },
  ],
  hiddenTests: [
    { input: ["ab", "b"], expected: "b" },
    { input: ["ab", "c"], expected: "" },
    { input: ["bba", "ab"], expected: "ba" },
    { input: ["abcab", "ab"], expected: "ab" },
    { input: ["aA", "A"], expected: "A" },
    { input: ["cabwefgewcwaefgcf", "cae"], expected: "cwae" },
    { input: ["aaaaaaaaaaaabbbbbcdd", "abcdd"], expected: "abbbbbcdd" },
    { input: ["abc", "cba"], expected: "abc" },
    { input: ["xyz", "xyzz"], expected: "" },
    { input: [sparse, "aab"], expected: `a${filler(3)}a${filler(2)}b` },
    { input: [sparse, "aabb"], expected: `b${filler(10)}a${filler(3)}a${filler(2)}b` },
    { input: [spread, alphabet], expected: alphabet },
    { input: [halves, `${"ab".repeat(2500)}`], expected: halves },
  ],
  reference: {
    javascript: `function minWindowSubstring(s, t) {
  const need = new Map();
  for (const c of t) need.set(c, (need.get(c) ?? 0) + 1);
  let missing = t.length;
  let bestStart = 0;
  let bestLen = Infinity;
  let left = 0;
  for (let right = 0; right < s.length; right++) {
    const c = s[right];
    if (need.has(c)) {
      if (need.get(c) > 0) missing--;
      need.set(c, need.get(c) - 1);
    }
    while (missing === 0) {
      if (right - left + 1 < bestLen) {
        bestLen = right - left + 1;
        bestStart = left;
      }
      const d = s[left];
      if (need.has(d)) {
        need.set(d, need.get(d) + 1);
        if (need.get(d) > 0) missing++;
      }
      left++;
    }
  }
  return bestLen === Infinity ? "" : s.slice(bestStart, bestStart + bestLen);
}`,
    python: `def min_window_substring(s, t):
    need = {}
    for c in t:
        need[c] = need.get(c, 0) + 1
    missing = len(t)
    best_start = 0
    best_len = -1
    left = 0
    for right in range(len(s)):
        c = s[right]
        if c in need:
            if need[c] > 0:
                missing -= 1
            need[c] -= 1
        while missing == 0:
            if best_len < 0 or right - left + 1 < best_len:
                best_len = right - left + 1
                best_start = left
            d = s[left]
            if d in need:
                need[d] += 1
                if need[d] > 0:
                    missing += 1
            left += 1
    if best_len < 0:
        return ""
    return s[best_start:best_start + best_len]`,
  },
  // Treats t as a set of letters: one "a" in the window satisfies a target with two "a".
  wrong: {
    javascript: `function minWindowSubstring(s, t) {
  const need = new Map();
  for (const c of t) need.set(c, 1);
  let missing = need.size;
  let bestStart = 0;
  let bestLen = Infinity;
  let left = 0;
  for (let right = 0; right < s.length; right++) {
    const c = s[right];
    if (need.has(c)) {
      if (need.get(c) > 0) missing--;
      need.set(c, need.get(c) - 1);
    }
    while (missing === 0) {
      if (right - left + 1 < bestLen) {
        bestLen = right - left + 1;
        bestStart = left;
      }
      const d = s[left];
      if (need.has(d)) {
        need.set(d, need.get(d) + 1);
        if (need.get(d) > 0) missing++;
      }
      left++;
    }
  }
  return bestLen === Infinity ? "" : s.slice(bestStart, bestStart + bestLen);
}`,
    python: `def min_window_substring(s, t):
    need = {}
    for c in t:
        need[c] = 1
    missing = len(need)
    best_start = 0
    best_len = -1
    left = 0
    for right in range(len(s)):
        c = s[right]
        if c in need:
            if need[c] > 0:
                missing -= 1
            need[c] -= 1
        while missing == 0:
            if best_len < 0 or right - left + 1 < best_len:
                best_len = right - left + 1
                best_start = left
            d = s[left]
            if d in need:
                need[d] += 1
                if need[d] > 0:
                    missing += 1
            left += 1
    if best_len < 0:
        return ""
    return s[best_start:best_start + best_len]`,
  },
};
