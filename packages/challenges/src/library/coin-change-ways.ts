import type { Challenge } from "../types.ts";

const MOD = 1_000_000_007;
const BIG_AMOUNT = 10_000;
// Partitions of n into parts of at most 3: the nearest integer to (n + 3)^2 / 12.
const waysWith123 = Math.round(((BIG_AMOUNT + 3) * (BIG_AMOUNT + 3)) / 12);
// p(200), the number of partitions of 200 (OEIS A000041), exact below 2^53.
const PARTITIONS_OF_200 = 3_972_999_029_388;
const oneTo200 = Array.from({ length: 200 }, (_, i) => i + 1);

export const coinChangeWays: Challenge = {
  id: "coin-change-ways",
  title: "Coin Change: Count the Ways",
  tier: 3,
  statement: `Given distinct coin values \`coins\` (unlimited supply of each) and an \`amount\`, return the number of different combinations of coins that sum to \`amount\`, **modulo \`1000000007\`**. Order does not matter: \`1 + 2\` and \`2 + 1\` are the same combination. There is exactly one way to make \`0\` (use no coins).

- \`0 <= coins.length <= 200\`, \`1 <= coins[i] <= 10^4\`, all distinct
- \`0 <= amount <= 10^4\`

**Example:** \`countWays([1, 2, 5], 5)\` returns \`4\` (\`5\`, \`2+2+1\`, \`2+1+1+1\`, \`1+1+1+1+1\`).`,
  functionName: "countWays",
  signature: {
    javascript: "function countWays(coins, amount) {\n  // your code\n}",
    python: "def count_ways(coins, amount):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[1, 2, 5], 5], expected: 4 },
    { input: [[2], 3], expected: 0 },
    { input: [[10], 10], expected: 1 },
    { input: [[1, 2, 3], 4], expected: 4 },
  ],
  hiddenTests: [
    { input: [[], 0], expected: 1 },
    { input: [[], 7], expected: 0 },
    { input: [[5], 0], expected: 1 },
    { input: [[7], 3], expected: 0 },
    { input: [[2, 5, 3, 6], 10], expected: 5 },
    { input: [[1], BIG_AMOUNT], expected: 1 },
    { input: [[1, 2], BIG_AMOUNT], expected: BIG_AMOUNT / 2 + 1 },
    { input: [[3, 1, 2], BIG_AMOUNT], expected: waysWith123 },
    { input: [oneTo200, 200], expected: PARTITIONS_OF_200 % MOD },
  ],
  reference: {
    javascript: `function countWays(coins, amount) {
  const MOD = 1000000007;
  const ways = new Array(amount + 1).fill(0);
  ways[0] = 1;
  for (const c of coins) {
    for (let a = c; a <= amount; a++) ways[a] = (ways[a] + ways[a - c]) % MOD;
  }
  return ways[amount];
}`,
    python: `def count_ways(coins, amount):
    MOD = 1000000007
    ways = [0] * (amount + 1)
    ways[0] = 1
    for c in coins:
        for a in range(c, amount + 1):
            ways[a] = (ways[a] + ways[a - c]) % MOD
    return ways[amount]`,
  },
  // Loops amounts outside and coins inside, which counts ordered sequences, not combinations.
  wrong: {
    javascript: `function countWays(coins, amount) {
  const MOD = 1000000007;
  const ways = new Array(amount + 1).fill(0);
  ways[0] = 1;
  for (let a = 1; a <= amount; a++) {
    for (const c of coins) if (c <= a) ways[a] = (ways[a] + ways[a - c]) % MOD;
  }
  return ways[amount];
}`,
    python: `def count_ways(coins, amount):
    MOD = 1000000007
    ways = [0] * (amount + 1)
    ways[0] = 1
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a:
                ways[a] = (ways[a] + ways[a - c]) % MOD
    return ways[amount]`,
  },
};
