import type { Challenge } from "../types.ts";

// Large inputs: "aaa" starts at every index but the last two; "aba" at every even index up to 3996.
const allA = "a".repeat(4000);
const abab = "ab".repeat(2000);

export const countOccurrences: Challenge = {
  id: "count-occurrences",
  title: "Count Occurrences",
  tier: 1,
  statement: `Return how many times \`pattern\` occurs in \`text\`, counting overlapping occurrences: an occurrence is any index \`i\` where \`text\` continues with \`pattern\` from index \`i\`. Matching is case-sensitive.

- \`0 <= text.length <= 5000\`, \`1 <= pattern.length <= 100\`
- Both strings consist of printable ASCII characters.

**Example:** \`countOccurrences("aaaa", "aa")\` returns \`3\` (at indices 0, 1 and 2).`,
  functionName: "countOccurrences",
  signature: {
    javascript: "function countOccurrences(text, pattern) {\n  // your code\n}",
    python: "def count_occurrences(text, pattern):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["banana", "ana"], expected: 2 },
    { input: ["aaaa", "aa"], expected: 3 },
    { input: ["hello", "xyz"], expected: 0 },
    { input: ["abcabc", "abc"], expected: 2 },
  ],
  hiddenTests: [
    { input: ["", "a"], expected: 0 },
    { input: ["a", "a"], expected: 1 },
    { input: ["a", "aa"], expected: 0 },
    { input: ["Mississippi", "issi"], expected: 2 },
    { input: ["AaAa", "a"], expected: 2 },
    { input: ["abc", "abc"], expected: 1 },
    { input: ["x x x", " "], expected: 2 },
    { input: [allA, "aaa"], expected: 3998 },
    { input: [abab, "aba"], expected: 1999 },
  ],
  reference: {
    javascript: `function countOccurrences(text, pattern) {
  let count = 0;
  for (let i = text.indexOf(pattern); i !== -1; i = text.indexOf(pattern, i + 1)) count++;
  return count;
}`,
    python: `def count_occurrences(text, pattern):
    count = 0
    i = text.find(pattern)
    while i != -1:
        count += 1
        i = text.find(pattern, i + 1)
    return count`,
  },
  // Counts non-overlapping occurrences only (split / str.count resume after the end of each match).
  wrong: {
    javascript: `function countOccurrences(text, pattern) {
  return text.split(pattern).length - 1;
}`,
    python: `def count_occurrences(text, pattern):
    return text.count(pattern)`,
  },
};
