import type { Challenge } from "../types.ts";

// One period of FizzBuzz: entry k is the word for any i with i % 15 === k (null: the number itself).
const PERIOD: readonly (string | null)[] = [
  "FizzBuzz",
  null,
  null,
  "Fizz",
  null,
  "Buzz",
  "Fizz",
  null,
  null,
  "Fizz",
  "Buzz",
  null,
  "Fizz",
  null,
  null,
];
const expectedUpTo = (n: number): string[] => Array.from({ length: n }, (_, k) => PERIOD[(k + 1) % 15] ?? String(k + 1));

export const fizzBuzz: Challenge = {
  id: "fizz-buzz",
  title: "FizzBuzz",
  tier: 1,
  statement: `Return an array of strings for the numbers \`1\` to \`n\` in order: \`"FizzBuzz"\` if the number is divisible by both 3 and 5, \`"Fizz"\` if only by 3, \`"Buzz"\` if only by 5, otherwise the number itself as a string.

- \`0 <= n <= 5000\` (for \`n = 0\` return \`[]\`)

**Example:** \`fizzBuzz(5)\` returns \`["1", "2", "Fizz", "4", "Buzz"]\`.`,
  functionName: "fizzBuzz",
  signature: {
    javascript: "function fizzBuzz(n) {\n  // your code\n}",
    python: "def fizz_buzz(n):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [3], expected: ["1", "2", "Fizz"] },
    { input: [5], expected: ["1", "2", "Fizz", "4", "Buzz"] },
    {
      input: [15],
      expected: ["1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8", "Fizz", "Buzz", "11", "Fizz", "13", "14", "FizzBuzz"],
    },
  ],
  hiddenTests: [
    { input: [0], expected: [] },
    { input: [1], expected: ["1"] },
    { input: [2], expected: ["1", "2"] },
    { input: [16], expected: expectedUpTo(16) },
    { input: [30], expected: expectedUpTo(30) },
    { input: [5000], expected: expectedUpTo(5000) },
  ],
  reference: {
    javascript: `function fizzBuzz(n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    if (i % 15 === 0) out.push("FizzBuzz");
    else if (i % 3 === 0) out.push("Fizz");
    else if (i % 5 === 0) out.push("Buzz");
    else out.push(String(i));
  }
  return out;
}`,
    python: `def fizz_buzz(n):
    out = []
    for i in range(1, n + 1):
        if i % 15 == 0:
            out.append("FizzBuzz")
        elif i % 3 == 0:
            out.append("Fizz")
        elif i % 5 == 0:
            out.append("Buzz")
        else:
            out.append(str(i))
    return out`,
  },
  // Checks 3 before 15, so multiples of 15 come out as "Fizz".
  wrong: {
    javascript: `function fizzBuzz(n) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    if (i % 3 === 0) out.push("Fizz");
    else if (i % 5 === 0) out.push("Buzz");
    else if (i % 15 === 0) out.push("FizzBuzz");
    else out.push(String(i));
  }
  return out;
}`,
    python: `def fizz_buzz(n):
    out = []
    for i in range(1, n + 1):
        if i % 3 == 0:
            out.append("Fizz")
        elif i % 5 == 0:
            out.append("Buzz")
        elif i % 15 == 0:
            out.append("FizzBuzz")
        else:
            out.append(str(i))
    return out`,
  },
};
