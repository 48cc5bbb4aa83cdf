import type { Challenge } from "../types.ts";

// Large inputs. "a" * 150 + "b" with the words "a" .. "a" * 10: no split exists (nothing ends in
// "b"), and a search that tries every split without remembering failures takes exponential time.
const runs = Array.from({ length: 10 }, (_, i) => "a".repeat(i + 1));
const aThenB = `${"a".repeat(150)}b`;
// Up to 999 letters made of the words below, chosen by a fixed formula: always breakable. The
// extra word "abcab" gives a greedy longest-match something to bite on.
const pieces = ["abc", "ab", "cab", "ca", "bca"];
let longText = "";
for (let i = 0; ; i++) {
  const piece = pieces[(i * 7 + 3) % pieces.length] as string;
  if (longText.length + piece.length > 999) break;
  longText += piece;
}

export const wordBreak: Challenge = {
  id: "word-break",
  title: "Word Break",
  tier: 3,
  statement: `Return \`true\` if \`s\` can be split into a sequence of one or more words from \`words\` (written one after another, with nothing in between), and \`false\` otherwise. A word may be used any number of times.

- \`1 <= s.length <= 1000\`
- \`1 <= words.length <= 50\`, \`1 <= words[i].length <= 20\`; the words are distinct.
- \`s\` and the words contain lowercase letters \`a-z\` only.

**Example:** \`wordBreak("applepenapple", ["apple", "pen"])\` returns \`true\` ("apple" + "pen" + "apple").`,
  functionName: "wordBreak",
  signature: {
    javascript: "function wordBreak(s, words) {\n  // your code\n}",
    python: "def word_break(s, words):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["leetcode", ["leet", "code"]], expected: true },
    { input: ["applepenapple", ["apple", "pen"]], expected: true },
    { input: ["catsandog", ["cats", "dog", "sand", "and", "cat"]], expected: false },
    { input: ["cars", ["car", "ca", "rs"]], expected: true },
  ],
  hiddenTests: [
    { input: ["a", ["a"]], expected: true },
    { input: ["b", ["a"]], expected: false },
    { input: ["aaaaaaa", ["aaaa", "aaa"]], expected: true },
    { input: ["aaaaaaa", ["aaaa", "aa"]], expected: false },
    { input: ["goalspecial", ["go", "goal", "goals", "special"]], expected: true },
    { input: ["abcd", ["a", "abc", "b", "cd"]], expected: true },
    { input: ["pineapplepenapple", ["apple", "pen", "applepen", "pine", "pineapple"]], expected: true },
    { input: [aThenB, runs], expected: false },
    { input: [`${"a".repeat(200)}b`, [...runs, "aab"]], expected: true },
    { input: [longText, [...pieces, "abcab"]], expected: true },
    { input: [`${longText}d`, [...pieces, "abcab"]], expected: false },
  ],
  reference: {
    javascript: `function wordBreak(s, words) {
  const dict = new Set(words);
  let longest = 0;
  for (const w of words) longest = Math.max(longest, w.length);
  const ok = new Array(s.length + 1).fill(false);
  ok[0] = true;
  for (let end = 1; end <= s.length; end++) {
    for (let len = 1; len <= longest && len <= end; len++) {
      if (ok[end - len] && dict.has(s.slice(end - len, end))) {
        ok[end] = true;
        break;
      }
    }
  }
  return ok[s.length];
}`,
    python: `def word_break(s, words):
    dict_words = set(words)
    longest = 0
    for w in words:
        if len(w) > longest:
            longest = len(w)
    n = len(s)
    ok = [False] * (n + 1)
    ok[0] = True
    for end in range(1, n + 1):
        length = 1
        while length <= longest and length <= end:
            if ok[end - length] and s[end - length:end] in dict_words:
                ok[end] = True
                break
            length += 1
    return ok[n]`,
  },
  // Greedy: always takes the longest word that matches at the current position and never backs
  // up, so "cars" is cut as "car" + "s" and rejected.
  wrong: {
    javascript: `function wordBreak(s, words) {
  let pos = 0;
  while (pos < s.length) {
    let best = 0;
    for (const w of words) {
      if (w.length > best && s.startsWith(w, pos)) best = w.length;
    }
    if (best === 0) return false;
    pos += best;
  }
  return true;
}`,
    python: `def word_break(s, words):
    pos = 0
    n = len(s)
    while pos < n:
        best = 0
        for w in words:
            if len(w) > best and s[pos:pos + len(w)] == w:
                best = len(w)
        if best == 0:
            return False
        pos += best
    return True`,
  },
};
