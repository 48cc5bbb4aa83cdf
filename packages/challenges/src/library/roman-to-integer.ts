import type { Challenge } from "../types.ts";

export const romanToInteger: Challenge = {
  id: "roman-to-integer",
  title: "Roman to Integer",
  tier: 2,
  statement: `Convert the Roman numeral \`s\` to an integer. The symbols are \`I = 1\`, \`V = 5\`, \`X = 10\`, \`L = 50\`, \`C = 100\`, \`D = 500\` and \`M = 1000\`. Symbols are written from largest to smallest and added up, except that a smaller symbol placed before a larger one is subtracted: \`IV = 4\`, \`IX = 9\`, \`XL = 40\`, \`XC = 90\`, \`CD = 400\`, \`CM = 900\`.

- \`1 <= s.length <= 15\`
- \`s\` is a valid Roman numeral for a number from \`1\` to \`3999\`.

**Example:** \`romanToInt("MCMXCIV")\` returns \`1994\` (\`M + CM + XC + IV = 1000 + 900 + 90 + 4\`).`,
  functionName: "romanToInt",
  signature: {
    javascript: "function romanToInt(s) {\n  // your code\n}",
    python: "def roman_to_int(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["III"], expected: 3 },
    { input: ["LVIII"], expected: 58 },
    { input: ["IV"], expected: 4 },
    { input: ["MCMXCIV"], expected: 1994 },
  ],
  hiddenTests: [
    { input: ["I"], expected: 1 },
    { input: ["IX"], expected: 9 },
    { input: ["XL"], expected: 40 },
    { input: ["XC"], expected: 90 },
    { input: ["CD"], expected: 400 },
    { input: ["XLIX"], expected: 49 },
    { input: ["DCCCXC"], expected: 890 },
    { input: ["MMXXIV"], expected: 2024 },
    { input: ["MMMCMXCIX"], expected: 3999 },
    { input: ["MMMDCCCLXXXVIII"], expected: 3888 },
  ],
  reference: {
    javascript: `function romanToInt(s) {
  const value = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = value[s[i]];
    if (i + 1 < s.length && v < value[s[i + 1]]) total -= v;
    else total += v;
  }
  return total;
}`,
    python: `def roman_to_int(s):
    value = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i in range(len(s)):
        v = value[s[i]]
        if i + 1 < len(s) and v < value[s[i + 1]]:
            total -= v
        else:
            total += v
    return total`,
  },
  // Spots a subtractive pair on its second symbol and adds the difference, forgetting that the smaller
  // symbol was already added once: IV gives 1 + (5 - 1) = 5.
  wrong: {
    javascript: `function romanToInt(s) {
  const value = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  let prev = 0;
  for (const ch of s) {
    const v = value[ch];
    total += prev < v ? v - prev : v;
    prev = v;
  }
  return total;
}`,
    python: `def roman_to_int(s):
    value = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    prev = 0
    for c in s:
        v = value[c]
        total += v - prev if prev < v else v
        prev = v
    return total`,
  },
};
