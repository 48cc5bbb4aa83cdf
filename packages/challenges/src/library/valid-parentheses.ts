import type { Challenge } from "../types.ts";

export const validParentheses: Challenge = {
  id: "valid-parentheses",
  title: "Valid Parentheses",
  tier: 2,
  statement: `Given a string \`s\` made only of the characters \`()[]{}\`, return \`true\` if every opening bracket is closed by a bracket of the same type in the correct order, and \`false\` otherwise. The empty string is valid.

- \`0 <= s.length <= 10^4\`

**Example:** \`isValid("([]{})")\` returns \`true\`; \`isValid("(]")\` returns \`false\`.`,
  functionName: "isValid",
  signature: {
    javascript: "function isValid(s) {\n  // your code\n}",
    python: "def is_valid(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["()[]{}"], expected: true },
    { input: ["(]"], expected: false },
    { input: ["([{}])"], expected: true },
    { input: ["(("], expected: false },
  ],
  hiddenTests: [
    { input: [""], expected: true },
    { input: ["("], expected: false },
    { input: [")"], expected: false },
    { input: ["([)]"], expected: false },
    { input: ["{[]}(())"], expected: true },
    { input: ["())("], expected: false },
    { input: ["(".repeat(5000) + ")".repeat(5000)], expected: true },
    { input: ["([{".repeat(3000) + "}])".repeat(3000)], expected: true },
    { input: [`${"()".repeat(5000)}[`], expected: false },
  ],
  reference: {
    javascript: `function isValid(s) {
  const pairs = { ")": "(", "]": "[", "}": "{" };
  const stack = [];
  for (const ch of s) {
    if (ch === "(" || ch === "[" || ch === "{") stack.push(ch);
    else if (stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}`,
    python: `def is_valid(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch == "(" or ch == "[" or ch == "{":
            stack.append(ch)
        elif not stack or stack.pop() != pairs[ch]:
            return False
    return len(stack) == 0`,
  },
  // Forgets that brackets still open at the end make the string invalid.
  wrong: {
    javascript: `function isValid(s) {
  const pairs = { ")": "(", "]": "[", "}": "{" };
  const stack = [];
  for (const ch of s) {
    if (ch === "(" || ch === "[" || ch === "{") stack.push(ch);
    else if (stack.pop() !== pairs[ch]) return false;
  }
  return true;
}`,
    python: `def is_valid(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch == "(" or ch == "[" or ch == "{":
            stack.append(ch)
        elif not stack or stack.pop() != pairs[ch]:
            return False
    return True`,
  },
};
