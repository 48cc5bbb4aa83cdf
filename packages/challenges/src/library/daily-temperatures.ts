import type { Challenge } from "../types.ts";

// Large inputs. A long cooling spell ended by one hot day: every day waits until the last one
// (a naive scan is quadratic here).
const BIG_N = 5000;
const cooling = [...Array.from({ length: BIG_N - 1 }, (_, i) => BIG_N - 1 - i), 9999];
const coolingWaits = [...Array.from({ length: BIG_N - 1 }, (_, i) => BIG_N - 1 - i), 0];
// Zigzag: odd days are cold (i), even days hot (5000 + i). A cold day is beaten by the next day,
// a hot day by the hot day two days later; the last hot day and the last day never are.
const zigzag = Array.from({ length: BIG_N }, (_, i) => (i % 2 === 0 ? 5000 + i : i));
const zigzagWaits = zigzag.map((_, i) => {
  if (i % 2 === 1) return i + 1 < BIG_N ? 1 : 0;
  return i + 2 < BIG_N ? 2 : 0;
});
// Plateaus: 50 days at each level, rising. A day waits for the first day of the next level.
const plateaus = Array.from({ length: BIG_N }, (_, i) => Math.floor(i / 50));
const plateauWaits = plateaus.map((_, i) => (i < BIG_N - 50 ? 50 - (i % 50) : 0));

export const dailyTemperatures: Challenge = {
  id: "daily-temperatures",
  title: "Daily Temperatures",
  tier: 3,
  statement: `\`temps[i]\` is the temperature on day \`i\`. Return an array \`wait\` where \`wait[i]\` is the number of days after day \`i\` until a **strictly warmer** day, or \`0\` if no later day is warmer.

- \`1 <= temps.length <= 5000\`, \`0 <= temps[i] <= 10^4\`

**Example:** \`dailyTemperatures([73, 74, 75, 71, 69, 72, 76, 73])\` returns \`[1, 1, 4, 2, 1, 1, 0, 0]\`.`,
  functionName: "dailyTemperatures",
  signature: {
    javascript: "function dailyTemperatures(temps) {\n  // your code\n}",
    python: "def daily_temperatures(temps):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[73, 74, 75, 71, 69, 72, 76, 73]], expected: [1, 1, 4, 2, 1, 1, 0, 0] },
    { input: [[30, 40, 50, 60]], expected: [1, 1, 1, 0] },
    { input: [[70, 70, 71]], expected: [2, 1, 0] },
  ],
  hiddenTests: [
    { input: [[50]], expected: [0] },
    { input: [[90, 80, 70]], expected: [0, 0, 0] },
    { input: [[55, 55, 55, 55]], expected: [0, 0, 0, 0] },
    { input: [[0, 10_000]], expected: [1, 0] },
    { input: [[34, 80, 80, 34, 34, 80, 80, 80, 34, 34]], expected: [1, 0, 0, 2, 1, 0, 0, 0, 0, 0] },
    { input: [[5, 3, 4, 3, 5, 6]], expected: [5, 1, 2, 1, 1, 0] },
    { input: [cooling], expected: coolingWaits },
    { input: [zigzag], expected: zigzagWaits },
    { input: [plateaus], expected: plateauWaits },
  ],
  reference: {
    javascript: `function dailyTemperatures(temps) {
  const wait = new Array(temps.length).fill(0);
  const stack = [];
  for (let i = 0; i < temps.length; i++) {
    while (stack.length > 0 && temps[stack[stack.length - 1]] < temps[i]) {
      const j = stack.pop();
      wait[j] = i - j;
    }
    stack.push(i);
  }
  return wait;
}`,
    python: `def daily_temperatures(temps):
    wait = [0] * len(temps)
    stack = []
    for i in range(len(temps)):
        t = temps[i]
        while stack and temps[stack[-1]] < t:
            j = stack.pop()
            wait[j] = i - j
        stack.append(i)
    return wait`,
  },
  // Pops on an equal temperature too, so a day "waits" for a day that is just as warm.
  wrong: {
    javascript: `function dailyTemperatures(temps) {
  const wait = new Array(temps.length).fill(0);
  const stack = [];
  for (let i = 0; i < temps.length; i++) {
    while (stack.length > 0 && temps[stack[stack.length - 1]] <= temps[i]) {
      const j = stack.pop();
      wait[j] = i - j;
    }
    stack.push(i);
  }
  return wait;
}`,
    python: `def daily_temperatures(temps):
    wait = [0] * len(temps)
    stack = []
    for i in range(len(temps)):
        t = temps[i]
        while stack and temps[stack[-1]] <= t:
            j = stack.pop()
            wait[j] = i - j
        stack.append(i)
    return wait`,
  },
};
