import type { Challenge } from "../types.ts";

// Large input: a cycle of 25 letters (a-y) has no palindrome longer than one letter, since
// neighbours and letters two apart always differ. A run of 101 "z" sits in the middle; the cycle
// letters around it ("y" before, "a" after) differ, so the run cannot be extended.
const cycle = (length: number): string => Array.from({ length }, (_, i) => String.fromCharCode(97 + (i % 25))).join("");
const zRun = "z".repeat(101);
const embedded = cycle(450) + zRun + cycle(449);
// An even-length palindrome "bcd...xy" + "yx...dcb" wrapped in the cycle: it cannot be extended
// either, as it is preceded by "y" and followed by "c".
const half = cycle(25).slice(1);
const mirrored = `${cycle(300)}${half}${[...half].reverse().join("")}${cycle(300).slice(2)}`;

export const longestPalindromicSubstring: Challenge = {
  id: "longest-palindromic-substring",
  title: "Longest Palindromic Substring",
  tier: 3,
  statement: `Return the longest contiguous substring of \`s\` that reads the same forwards and backwards. If several have the maximum length, return the one that starts **first** (leftmost).

- \`0 <= s.length <= 1000\`; \`s\` contains lowercase letters \`a-z\` only.

**Example:** \`longestPalindromicSubstring("babad")\` returns \`"bab"\` (\`"aba"\` is as long but starts later).`,
  functionName: "longestPalindromicSubstring",
  signature: {
    javascript: "function longestPalindromicSubstring(s) {\n  // your code\n}",
    python: "def longest_palindromic_substring(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["babad"], expected: "bab" },
    { input: ["cbbd"], expected: "bb" },
    { input: ["forgeeksskeegfor"], expected: "geeksskeeg" },
    { input: ["a"], expected: "a" },
  ],
  hiddenTests: [
    { input: [""], expected: "" },
    { input: ["ac"], expected: "a" },
    { input: ["abacdc"], expected: "aba" },
    { input: ["abacdfgdcaba"], expected: "aba" },
    { input: ["aaaa"], expected: "aaaa" },
    { input: ["xabcbay"], expected: "abcba" },
    { input: ["abccbx"], expected: "bccb" },
    { input: ["a".repeat(300)], expected: "a".repeat(300) },
    { input: [embedded], expected: zRun },
    { input: [mirrored], expected: `${half}${[...half].reverse().join("")}` },
  ],
  reference: {
    javascript: `function longestPalindromicSubstring(s) {
  let bestStart = 0;
  let bestLen = 0;
  for (let center = 0; center < s.length; center++) {
    for (const width of [0, 1]) {
      let lo = center;
      let hi = center + width;
      while (lo >= 0 && hi < s.length && s[lo] === s[hi]) {
        lo--;
        hi++;
      }
      const len = hi - lo - 1;
      if (len > bestLen) {
        bestLen = len;
        bestStart = lo + 1;
      }
    }
  }
  return s.slice(bestStart, bestStart + bestLen);
}`,
    python: `def longest_palindromic_substring(s):
    n = len(s)
    best_start = 0
    best_len = 0
    for center in range(n):
        for width in (0, 1):
            lo = center
            hi = center + width
            while lo >= 0 and hi < n and s[lo] == s[hi]:
                lo -= 1
                hi += 1
            if hi - lo - 1 > best_len:
                best_len = hi - lo - 1
                best_start = lo + 1
    return s[best_start:best_start + best_len]`,
  },
  // Only expands around single letters, so even-length palindromes like "bb" are never found.
  wrong: {
    javascript: `function longestPalindromicSubstring(s) {
  let bestStart = 0;
  let bestLen = 0;
  for (let center = 0; center < s.length; center++) {
    let lo = center;
    let hi = center;
    while (lo >= 0 && hi < s.length && s[lo] === s[hi]) {
      lo--;
      hi++;
    }
    const len = hi - lo - 1;
    if (len > bestLen) {
      bestLen = len;
      bestStart = lo + 1;
    }
  }
  return s.slice(bestStart, bestStart + bestLen);
}`,
    python: `def longest_palindromic_substring(s):
    n = len(s)
    best_start = 0
    best_len = 0
    for center in range(n):
        lo = center
        hi = center
        while lo >= 0 and hi < n and s[lo] == s[hi]:
            lo -= 1
            hi += 1
        if hi - lo - 1 > best_len:
            best_len = hi - lo - 1
            best_start = lo + 1
    return s[best_start:best_start + best_len]`,
  },
};
