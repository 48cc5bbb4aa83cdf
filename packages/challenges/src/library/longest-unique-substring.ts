import type { Challenge } from "../types.ts";

// All 95 printable ASCII characters (codes 32..126), each distinct, repeated in the same order:
// any window longer than 95 repeats a character, and every window of 95 is repeat-free.
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

export const longestUniqueSubstring: Challenge = {
  id: "longest-unique-substring",
  title: "Longest Substring Without Repeats",
  tier: 3,
  statement: `Return the length of the longest contiguous substring of \`s\` in which no character appears twice.

- \`0 <= s.length <= 10^4\`
- \`s\` contains printable ASCII characters only (spaces included).

**Example:** \`lengthOfLongestSubstring("abcabcbb")\` returns \`3\` (\`"abc"\`).`,
  functionName: "lengthOfLongestSubstring",
  signature: {
    javascript: "function lengthOfLongestSubstring(s) {\n  // your code\n}",
    python: "def length_of_longest_substring(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["abcabcbb"], expected: 3 },
    { input: ["bbbbb"], expected: 1 },
    { input: ["pwwkew"], expected: 3 },
    { input: ["abba"], expected: 2 },
  ],
  hiddenTests: [
    { input: [""], expected: 0 },
    { input: ["z"], expected: 1 },
    { input: [" "], expected: 1 },
    { input: ["dvdf"], expected: 3 },
    { input: ["tmmzuxt"], expected: 5 },
    { input: ["a b c"], expected: 3 },
    { input: ["abcdefghij".repeat(1000)], expected: 10 },
    { input: ["a".repeat(10_000)], expected: 1 },
    { input: [PRINTABLE.repeat(100)], expected: 95 },
  ],
  reference: {
    javascript: `function lengthOfLongestSubstring(s) {
  const last = new Map();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const prev = last.get(s[i]);
    if (prev !== undefined && prev >= start) start = prev + 1;
    last.set(s[i], i);
    if (i - start + 1 > best) best = i - start + 1;
  }
  return best;
}`,
    python: `def length_of_longest_substring(s):
    last = {}
    start = 0
    best = 0
    i = 0
    for ch in s:
        prev = last.get(ch)
        if prev is not None and prev >= start:
            start = prev + 1
        last[ch] = i
        if i - start + 1 > best:
            best = i - start + 1
        i += 1
    return best`,
  },
  // Jumps the window start back to a repeat that is already outside the window.
  wrong: {
    javascript: `function lengthOfLongestSubstring(s) {
  const last = new Map();
  let start = 0;
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const prev = last.get(s[i]);
    if (prev !== undefined) start = prev + 1;
    last.set(s[i], i);
    if (i - start + 1 > best) best = i - start + 1;
  }
  return best;
}`,
    python: `def length_of_longest_substring(s):
    last = {}
    start = 0
    best = 0
    i = 0
    for ch in s:
        prev = last.get(ch)
        if prev is not None:
            start = prev + 1
        last[ch] = i
        if i - start + 1 > best:
            best = i - start + 1
        i += 1
    return best`,
  },
};
