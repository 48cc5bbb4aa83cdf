import type { Challenge } from "../types.ts";

// Large inputs: prices falling from 10^4 to 1 (no profit); and 1 .. 5000 followed by 5000 zeroes,
// where the cheapest day is after every good selling day.
const BIG_N = 10_000;
const falling = Array.from({ length: BIG_N }, (_, i) => BIG_N - i);
const crash = Array.from({ length: BIG_N }, (_, i) => (i < 5000 ? i + 1 : 0));

export const bestTimeToBuyStock: Challenge = {
  id: "best-time-to-buy-stock",
  title: "Best Time to Buy and Sell a Stock",
  tier: 2,
  statement: `\`prices[i]\` is the price of a stock on day \`i\`. You may buy one share on one day and sell it on a **later** day. Return the largest profit you can make, or \`0\` if no trade makes money.

- \`0 <= prices.length <= 10^4\`
- \`0 <= prices[i] <= 10^4\`

**Example:** \`maxStockProfit([7, 1, 5, 3, 6, 4])\` returns \`5\` (buy at 1 on day 1, sell at 6 on day 4).`,
  functionName: "maxStockProfit",
  signature: {
    javascript: "function maxStockProfit(prices) {\n  // your code\n}",
    python: "def max_stock_profit(prices):\n    # your code\n    pass",
  },
  publicTests: [
    { input: [[7, 1, 5, 3, 6, 4]], expected: 5 },
    { input: [[7, 6, 4, 3, 1]], expected: 0 },
    { input: [[2, 4, 1]], expected: 2 },
  ],
  hiddenTests: [
    { input: [[]], expected: 0 },
    { input: [[5]], expected: 0 },
    { input: [[1, 2]], expected: 1 },
    { input: [[3, 3, 3]], expected: 0 },
    { input: [[3, 8, 1, 4]], expected: 5 },
    { input: [[2, 1, 2, 1, 0, 1, 2]], expected: 2 },
    { input: [[0, 10_000]], expected: 10_000 },
    { input: [falling], expected: 0 },
    { input: [crash], expected: 4999 },
  ],
  reference: {
    javascript: `function maxStockProfit(prices) {
  let cheapest = Infinity;
  let best = 0;
  for (const p of prices) {
    if (p < cheapest) cheapest = p;
    else if (p - cheapest > best) best = p - cheapest;
  }
  return best;
}`,
    python: `def max_stock_profit(prices):
    cheapest = None
    best = 0
    for p in prices:
        if cheapest is None or p < cheapest:
            cheapest = p
        elif p - cheapest > best:
            best = p - cheapest
    return best`,
  },
  // Buys on the cheapest day overall and sells at the best price after it: misses a better trade that
  // happens before the all-time low.
  wrong: {
    javascript: `function maxStockProfit(prices) {
  let low = 0;
  for (let i = 1; i < prices.length; i++) if (prices[i] < prices[low]) low = i;
  let best = 0;
  for (let i = low + 1; i < prices.length; i++) best = Math.max(best, prices[i] - prices[low]);
  return best;
}`,
    python: `def max_stock_profit(prices):
    low = 0
    for i in range(1, len(prices)):
        if prices[i] < prices[low]:
            low = i
    best = 0
    for i in range(low + 1, len(prices)):
        best = max(best, prices[i] - prices[low])
    return best`,
  },
};
