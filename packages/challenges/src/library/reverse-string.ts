import type { Challenge } from "../types.ts";

export const reverseString: Challenge = {
  id: "reverse-string",
  title: "Reverse a String",
  tier: 1,
  statement: `Return the characters of \`s\` in reverse order.

- \`0 <= s.length <= 10^4\`
- \`s\` contains printable ASCII characters only (spaces included).

**Example:** \`reverseString("hello")\` returns \`"olleh"\`.`,
  functionName: "reverseString",
  signature: {
    javascript: "function reverseString(s) {\n  // your code\n}",
    python: "def reverse_string(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["hello"], expected: "olleh" },
    { input: ["CodeDuel"], expected: "leuDedoC" },
    { input: ["a b c!"], expected: "!c b a" },
  ],
  hiddenTests: [
    { input: [""], expected: "" },
    { input: ["x"], expected: "x" },
    { input: ["racecar"], expected: "racecar" },
    { input: ["  lead"], expected: "dael  " },
    { input: ["12345"], expected: "54321" },
    { input: ["ab".repeat(5000)], expected: "ba".repeat(5000) },
  ],
  reference: {
    javascript: `function reverseString(s) {
  let out = "";
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}`,
    python: `def reverse_string(s):
    chars = list(s)
    out = []
    for i in range(len(chars) - 1, -1, -1):
        out.append(chars[i])
    return "".join(out)`,
  },
  // Off by one: the loop stops before index 0, dropping the first character.
  wrong: {
    javascript: `function reverseString(s) {
  let out = "";
  for (let i = s.length - 1; i > 0; i--) out += s[i];
  return out;
}`,
    python: `def reverse_string(s):
    chars = list(s)
    out = []
    for i in range(len(chars) - 1, 0, -1):
        out.append(chars[i])
    return "".join(out)`,
  },
};
