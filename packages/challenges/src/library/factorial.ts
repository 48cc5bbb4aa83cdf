import type { Challenge } from "../types.ts";

export const factorial: Challenge = {
  id: "factorial",
  title: "Factorial",
  tier: 1,
  statement: `Return \`n!\`, the product \`1 * 2 * ... * n\`. By convention \`0! = 1\`.

- \`0 <= n <= 20\`
- \`20! = 2432902008176640000\` is exact as a JavaScript number: a plain loop with numbers is enough, no \`BigInt\` needed.

**Example:** \`factorial(5)\` returns \`120\`.`,
  functionName: "factorial",
  signature: {
    javascript: "function factorial(n) {\n  // your code\n}",
    python: "def factorial(n):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [5], expected: 120 },
    { input: [0], expected: 1 },
    { input: [10], expected: 3_628_800 },
  ],
  hiddenTests: [
    { input: [1], expected: 1 },
    { input: [2], expected: 2 },
    { input: [3], expected: 6 },
    { input: [12], expected: 479_001_600 },
    { input: [13], expected: 6_227_020_800 },
    { input: [18], expected: 6_402_373_705_728_000 },
    { input: [20], expected: 2_432_902_008_176_640_000 },
  ],
  reference: {
    javascript: `function factorial(n) {
  let result = 1;
  for (let i = 2; i <= n; i++) result *= i;
  return result;
}`,
    python: `def factorial(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result`,
  },
  // Off by one: the loop stops before multiplying by n, so it returns (n - 1)!.
  wrong: {
    javascript: `function factorial(n) {
  let result = 1;
  for (let i = 1; i < n; i++) result *= i;
  return result;
}`,
    python: `def factorial(n):
    result = 1
    for i in range(1, n):
        result *= i
    return result`,
  },
};
