import type { Challenge } from "../types.ts";

export const capitalizeWords: Challenge = {
  id: "capitalize-words",
  title: "Capitalize Every Word",
  tier: 1,
  statement: `A word is a maximal run of characters other than the space \`" "\`. Return \`s\` with the first character of every word converted to uppercase. Every other character stays as it is, including the rest of each word and every space (leading, trailing or repeated).

- \`0 <= s.length <= 5000\`
- \`s\` consists of printable ASCII characters; only \`a-z\` have an uppercase form (\`"3".toUpperCase()\` is \`"3"\`).

**Example:** \`capitalizeWords("the  quick fox")\` returns \`"The  Quick Fox"\`.`,
  functionName: "capitalizeWords",
  signature: {
    javascript: "function capitalizeWords(s) {\n  // your code\n}",
    python: "def capitalize_words(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["hello world"], expected: "Hello World" },
    { input: ["the  quick   brown fox"], expected: "The  Quick   Brown Fox" },
    { input: [" 3rd place, WOW "], expected: " 3rd Place, WOW " },
  ],
  hiddenTests: [
    { input: [""], expected: "" },
    { input: ["a"], expected: "A" },
    { input: ["   "], expected: "   " },
    { input: ["ALREADY Capital"], expected: "ALREADY Capital" },
    { input: ["mIxEd cAsE"], expected: "MIxEd CAsE" },
    { input: ["don't stop-me now"], expected: "Don't Stop-me Now" },
    { input: ["ab cd ".repeat(600)], expected: "Ab Cd ".repeat(600) },
  ],
  reference: {
    javascript: `function capitalizeWords(s) {
  let out = "";
  for (let i = 0; i < s.length; i++) out += i === 0 || s[i - 1] === " " ? s[i].toUpperCase() : s[i];
  return out;
}`,
    python: `def capitalize_words(s):
    out = []
    prev = " "
    for c in s:
        out.append(c.upper() if prev == " " else c)
        prev = c
    return "".join(out)`,
  },
  // Splits on spaces and joins with a single one: capitalizes correctly but loses repeated,
  // leading and trailing spaces.
  wrong: {
    javascript: `function capitalizeWords(s) {
  return s
    .split(" ")
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}`,
    python: `def capitalize_words(s):
    return " ".join(w[0].upper() + w[1:] for w in s.split())`,
  },
};
