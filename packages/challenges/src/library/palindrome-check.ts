import type { Challenge } from "../types.ts";

// Large inputs: a half with punctuation, spaces and mixed case, followed by its mirror in uppercase
// (a palindrome once case and punctuation are ignored), and the same string with one letter changed.
const half = "Ab,1 c".repeat(333);
const mirrored = half + [...half].reverse().join("").toUpperCase();
const broken = `${mirrored.slice(0, 3)}x${mirrored.slice(4)}`;

export const palindromeCheck: Challenge = {
  id: "palindrome-check",
  title: "Palindrome Check",
  tier: 1,
  statement: `Return \`true\` if the string \`s\` reads the same forwards and backwards once you keep only its letters and digits and ignore the difference between uppercase and lowercase, and \`false\` otherwise. A string with no letters or digits is a palindrome.

- \`0 <= s.length <= 5000\`
- \`s\` consists of printable ASCII characters; letters are \`a-z\` and \`A-Z\`, digits are \`0-9\`.

**Example:** \`isPalindromePhrase("A man, a plan, a canal: Panama")\` returns \`true\`.`,
  functionName: "isPalindromePhrase",
  signature: {
    javascript: "function isPalindromePhrase(s) {\n  // your code\n}",
    python: "def is_palindrome_phrase(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["A man, a plan, a canal: Panama"], expected: true },
    { input: ["race a car"], expected: false },
    { input: ["Was it a car or a cat I saw?"], expected: true },
  ],
  hiddenTests: [
    { input: [""], expected: true },
    { input: [" ,.!"], expected: true },
    { input: ["x"], expected: true },
    { input: ["ab"], expected: false },
    { input: ["0P"], expected: false },
    { input: ["No 'x' in Nixon"], expected: true },
    { input: ["12321"], expected: true },
    { input: ["1a2"], expected: false },
    { input: [mirrored], expected: true },
    { input: [broken], expected: false },
  ],
  reference: {
    javascript: `function isPalindromePhrase(s) {
  const kept = s.toLowerCase().replace(/[^a-z0-9]/g, "");
  for (let i = 0, j = kept.length - 1; i < j; i++, j--) if (kept[i] !== kept[j]) return false;
  return true;
}`,
    python: `def is_palindrome_phrase(s):
    kept = []
    for c in s.lower():
        if ("a" <= c <= "z") or ("0" <= c <= "9"):
            kept.append(c)
    return kept == kept[::-1]`,
  },
  // Drops the punctuation and spaces but compares case-sensitively, so "Panama" and "A man" don't match.
  wrong: {
    javascript: `function isPalindromePhrase(s) {
  const kept = s.replace(/[^a-zA-Z0-9]/g, "");
  for (let i = 0, j = kept.length - 1; i < j; i++, j--) if (kept[i] !== kept[j]) return false;
  return true;
}`,
    python: `def is_palindrome_phrase(s):
    kept = []
    for c in s:
        if ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9"):
            kept.append(c)
    return kept == kept[::-1]`,
  },
};
