import type { Challenge } from "../types.ts";

// Large input: every 11-letter word over {a, b} (a = 0 bit, b = 1 bit), shuffled by an odd
// multiplier (a bijection mod 2^11). Two such words are anagrams exactly when they have the
// same number of b's, and sorting words of equal length matches sorting their numbers, so
// group k is the numbers with k one-bits in ascending order; group k's first word ends in
// k b's, so the groups come out in order of k.
const BITS = 11;
const COUNT = 1 << BITS;
const toWord = (x: number): string => x.toString(2).padStart(BITS, "0").replaceAll("0", "a").replaceAll("1", "b");
const oneBits = (x: number): number => x.toString(2).replaceAll("0", "").length;
const bigWords = Array.from({ length: COUNT }, (_, i) => toWord((i * 1237) % COUNT));
const bigGroups = Array.from({ length: BITS + 1 }, (_, k) =>
  Array.from({ length: COUNT }, (_, x) => x)
    .filter((x) => oneBits(x) === k)
    .map(toWord),
);

export const groupAnagrams: Challenge = {
  id: "group-anagrams",
  title: "Group Anagrams",
  tier: 2,
  statement: `Group the words of \`words\` that are anagrams of each other (same letters, same counts). Return an array of groups where:

- each group is sorted ascending (plain string order, like \`Array.prototype.sort()\`),
- the groups are sorted ascending by their first word,
- duplicate words are kept, each occurrence in its group.

Constraints: \`0 <= words.length <= 10^4\`; each word has \`0..20\` lowercase letters \`a-z\`.

**Example:** \`groupAnagrams(["eat", "tea", "tan", "ate", "nat", "bat"])\` returns \`[["ate", "eat", "tea"], ["bat"], ["nat", "tan"]]\`.`,
  functionName: "groupAnagrams",
  signature: {
    javascript: "function groupAnagrams(words) {\n  // your code\n}",
    python: "def group_anagrams(words):\n    # your code\n    pass",
  },
  publicTests: [
    {
      input: [["eat", "tea", "tan", "ate", "nat", "bat"]],
      expected: [["ate", "eat", "tea"], ["bat"], ["nat", "tan"]],
    },
    { input: [["a"]], expected: [["a"]] },
    {
      input: [["zoo", "abc", "ozo", "cab"]],
      expected: [
        ["abc", "cab"],
        ["ozo", "zoo"],
      ],
    },
  ],
  hiddenTests: [
    { input: [[]], expected: [] },
    { input: [[""]], expected: [[""]] },
    { input: [["ab", "ba", "ab"]], expected: [["ab", "ab", "ba"]] },
    { input: [["ad", "bc"]], expected: [["ad"], ["bc"]] },
    { input: [["b", "", "a", ""]], expected: [["", ""], ["a"], ["b"]] },
    {
      input: [["listen", "silent", "xyz", "enlist", "google", "gogole", "abc", "cba"]],
      expected: [["abc", "cba"], ["enlist", "listen", "silent"], ["gogole", "google"], ["xyz"]],
    },
    { input: [bigWords], expected: bigGroups },
  ],
  reference: {
    javascript: `function groupAnagrams(words) {
  const groups = new Map();
  for (const w of words) {
    const key = w.split("").sort().join("");
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  const out = [...groups.values()].map((g) => g.sort());
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}`,
    python: `def group_anagrams(words):
    groups = {}
    # The keys' first appearances, in order, kept explicitly.
    keys = []
    for w in words:
        key = "".join(sorted(w))
        if key in groups:
            groups[key].append(w)
        else:
            groups[key] = [w]
            keys.append(key)
    out = []
    for key in keys:
        out.append(sorted(groups[key]))
    out.sort(key=lambda g: g[0])
    return out`,
  },
  // Sorts inside each group but leaves the groups in order of first appearance.
  wrong: {
    javascript: `function groupAnagrams(words) {
  const groups = new Map();
  for (const w of words) {
    const key = w.split("").sort().join("");
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  return [...groups.values()].map((g) => g.sort());
}`,
    python: `def group_anagrams(words):
    groups = {}
    # The keys' first appearances, in order, kept explicitly.
    keys = []
    for w in words:
        key = "".join(sorted(w))
        if key in groups:
            groups[key].append(w)
        else:
            groups[key] = [w]
            keys.append(key)
    out = []
    for key in keys:
        out.append(sorted(groups[key]))
    return out`,
  },
};
