import type { Challenge } from "../types.ts";

// Large inputs: 45 characters with 11 vowels, and 5 characters with 2 (uppercase) vowels.
const pangram = "The quick brown fox jumps over the lazy dog. ".repeat(80);
const mixedCase = "AbCdE".repeat(800);

export const countVowels: Challenge = {
  id: "count-vowels",
  title: "Count the Vowels",
  tier: 1,
  statement: `Return how many vowels the string \`s\` contains. The vowels are \`a\`, \`e\`, \`i\`, \`o\` and \`u\`, in lowercase or uppercase; \`y\` is not a vowel.

- \`0 <= s.length <= 5000\`
- \`s\` consists of printable ASCII characters.

**Example:** \`countVowels("hello world")\` returns \`3\`.`,
  functionName: "countVowels",
  signature: {
    javascript: "function countVowels(s) {\n  // your code\n}",
    python: "def count_vowels(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["hello world"], expected: 3 },
    { input: ["AEIOU aeiou"], expected: 10 },
    { input: ["rhythm"], expected: 0 },
  ],
  hiddenTests: [
    { input: [""], expected: 0 },
    { input: ["a"], expected: 1 },
    { input: ["Y"], expected: 0 },
    { input: ["Programming Is FUN!"], expected: 5 },
    { input: ["bcdfg 12345 !?"], expected: 0 },
    { input: ["OoOo"], expected: 4 },
    { input: [pangram], expected: 880 },
    { input: [mixedCase], expected: 1600 },
  ],
  reference: {
    javascript: `function countVowels(s) {
  let count = 0;
  for (const ch of s.toLowerCase()) if ("aeiou".includes(ch)) count++;
  return count;
}`,
    python: `def count_vowels(s):
    count = 0
    for c in s.lower():
        if c in "aeiou":
            count += 1
    return count`,
  },
  // Only counts lowercase vowels: forgets that the check is case-insensitive.
  wrong: {
    javascript: `function countVowels(s) {
  let count = 0;
  for (const ch of s) if ("aeiou".includes(ch)) count++;
  return count;
}`,
    python: `def count_vowels(s):
    count = 0
    for c in s:
        if c in "aeiou":
            count += 1
    return count`,
  },
};
