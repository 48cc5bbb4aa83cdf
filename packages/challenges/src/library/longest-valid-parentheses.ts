import type { Challenge } from "../types.ts";

// Large inputs (checking every substring for balance is too slow on these).
// 5000 opening then 5000 closing brackets: the whole string is valid.
const nested = "(".repeat(5000) + ")".repeat(5000);
// Blocks of "()" * 1000 separated by a stray ")": the blocks cannot join, the answer is one block.
const separated = `${"()".repeat(1000)})${"()".repeat(999)})${"()".repeat(1000)}`;
// "(()" repeated: the first "(" of every block is never closed and splits the "()" pairs apart.
const unclosed = "(()".repeat(3000);
// The same blocks, all closed by a tail of ")": "(()" * 1500 + ")" * 1500 is fully valid (6000).
const closedLater = `)${"(()".repeat(1500)}${")".repeat(1500)}(`;

export const longestValidParentheses: Challenge = {
  id: "longest-valid-parentheses",
  title: "Longest Valid Parentheses",
  tier: 4,
  statement: `\`s\` contains only the characters \`(\` and \`)\`. Return the length of the longest **contiguous substring** of \`s\` that is a well-formed (balanced) parentheses sequence, or \`0\` if there is none.

- \`0 <= s.length <= 10^4\`

**Example:** \`longestValidParentheses(")()())")\` returns \`4\` (the substring \`"()()"\`).`,
  functionName: "longestValidParentheses",
  signature: {
    javascript: "function longestValidParentheses(s) {\n  // your code\n}",
    python: "def longest_valid_parentheses(s):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["(()"], expected: 2 },
    { input: [")()())"], expected: 4 },
    { input: ["()(()"], expected: 2 },
    { input: [""], expected: 0 },
  ],
  hiddenTests: [
    { input: ["((("], expected: 0 },
    { input: [")("], expected: 0 },
    { input: ["()"], expected: 2 },
    { input: ["()(())"], expected: 6 },
    { input: ["(()())"], expected: 6 },
    { input: ["())()()"], expected: 4 },
    { input: ["(()))())("], expected: 4 },
    { input: [")(((((()())()()))()(()))("], expected: 22 },
    { input: [nested], expected: 10_000 },
    { input: [separated], expected: 2000 },
    { input: [unclosed], expected: 2 },
    { input: [closedLater], expected: 6000 },
  ],
  reference: {
    javascript: `function longestValidParentheses(s) {
  // Indices of unmatched "(" on top of the index just before the current valid run.
  const stack = [-1];
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") {
      stack.push(i);
    } else {
      stack.pop();
      if (stack.length === 0) stack.push(i);
      else best = Math.max(best, i - stack[stack.length - 1]);
    }
  }
  return best;
}`,
    python: `def longest_valid_parentheses(s):
    stack = [-1]
    best = 0
    for i in range(len(s)):
        if s[i] == "(":
            stack.append(i)
        else:
            stack.pop()
            if not stack:
                stack.append(i)
            elif i - stack[-1] > best:
                best = i - stack[-1]
    return best`,
  },
  // Counts every matched pair in the whole string, as if the matched pairs were all adjacent.
  wrong: {
    javascript: `function longestValidParentheses(s) {
  let open = 0;
  let pairs = 0;
  for (const ch of s) {
    if (ch === "(") open++;
    else if (open > 0) {
      open--;
      pairs++;
    }
  }
  return pairs * 2;
}`,
    python: `def longest_valid_parentheses(s):
    open_count = 0
    pairs = 0
    for ch in s:
        if ch == "(":
            open_count += 1
        elif open_count > 0:
            open_count -= 1
            pairs += 1
    return pairs * 2`,
  },
};
