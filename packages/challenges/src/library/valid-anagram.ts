import type { Challenge } from "../types.ts";

// Large inputs: the alphabet cycled to 5000 letters, its reverse (an anagram), and the reverse with
// one "a" turned into a "b" (same letters, different counts).
const cycled = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
const reversed = [...cycled].reverse().join("");
const skewed = reversed.replace("a", "b");

export const validAnagram: Challenge = {
  id: "valid-anagram",
  title: "Valid Anagram",
  tier: 2,
  statement: `Return \`true\` if \`t\` is an anagram of \`s\`, that is, if it uses exactly the same characters the same number of times, possibly in a different order, and \`false\` otherwise. Characters are compared exactly (\`"A"\` and \`"a"\` differ).

- \`0 <= s.length, t.length <= 5000\`
- Both strings consist of printable ASCII characters.

**Example:** \`isAnagram("listen", "silent")\` returns \`true\`; \`isAnagram("aab", "abb")\` returns \`false\`.`,
  functionName: "isAnagram",
  signature: {
    javascript: "function isAnagram(s, t) {\n  // your code\n}",
    python: "def is_anagram(s, t):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["listen", "silent"], expected: true },
    { input: ["rat", "car"], expected: false },
    { input: ["aab", "abb"], expected: false },
  ],
  hiddenTests: [
    { input: ["", ""], expected: true },
    { input: ["a", ""], expected: false },
    { input: ["a", "a"], expected: true },
    { input: ["ab", "a"], expected: false },
    { input: ["Aa", "aa"], expected: false },
    { input: ["anagram", "nagaram"], expected: true },
    { input: ["aabbcc", "abcabc"], expected: true },
    { input: ["dormitory", "dirty room"], expected: false },
    { input: [cycled, reversed], expected: true },
    { input: [cycled, skewed], expected: false },
  ],
  reference: {
    javascript: `function isAnagram(s, t) {
  if (s.length !== t.length) return false;
  const counts = new Map();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const ch of t) {
    const left = counts.get(ch) ?? 0;
    if (left === 0) return false;
    counts.set(ch, left - 1);
  }
  return true;
}`,
    python: `def is_anagram(s, t):
    if len(s) != len(t):
        return False
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    for c in t:
        left = counts.get(c, 0)
        if left == 0:
            return False
        counts[c] = left - 1
    return True`,
  },
  // Checks the lengths and that every character of s appears somewhere in t, but not how many times.
  wrong: {
    javascript: `function isAnagram(s, t) {
  if (s.length !== t.length) return false;
  for (const ch of s) if (!t.includes(ch)) return false;
  return true;
}`,
    python: `def is_anagram(s, t):
    if len(s) != len(t):
        return False
    for c in s:
        if c not in t:
            return False
    return True`,
  },
};
