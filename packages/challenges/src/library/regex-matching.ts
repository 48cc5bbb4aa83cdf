import type { Challenge } from "../types.ts";

// Large inputs. Twenty "a*" in a row against 60 "a": a backtracking matcher tries every way of
// sharing the letters between the stars before failing on the final "b" (billions of ways).
const manyStars = "a*".repeat(20);
const sixtyA = "a".repeat(60);
// 200 letters against a 96-character pattern that matches them: ".*" pieces around fixed letters.
const long = `${"abc".repeat(66)}xy`;
const longPattern = `${"a.c".repeat(20)}.*${"ab*c*".repeat(6)}.*x.`;

export const regexMatching: Challenge = {
  id: "regex-matching",
  title: "Regular Expression Matching",
  tier: 4,
  statement: `Return \`true\` if the pattern \`p\` matches the **whole** string \`s\`, and \`false\` otherwise. In the pattern:

- \`.\` matches any single character;
- \`x*\` (a letter or \`.\` followed by \`*\`) matches zero or more of that element;
- any other letter matches itself.

Constraints: \`0 <= s.length <= 200\`, \`0 <= p.length <= 100\`; \`s\` has lowercase letters only; \`p\` has lowercase letters, \`.\` and \`*\`, and every \`*\` follows a letter or \`.\`.

**Example:** \`regexMatch("aab", "c*a*b")\` returns \`true\` (\`c*\` matches nothing, \`a*\` matches \`"aa"\`).`,
  functionName: "regexMatch",
  signature: {
    javascript: "function regexMatch(s, p) {\n  // your code\n}",
    python: "def regex_match(s, p):\n    # your code\n    pass",
  },
  publicTests: [
    { input: ["aa", "a"], expected: false },
    { input: ["aa", "a*"], expected: true },
    { input: ["ab", ".*"], expected: true },
    { input: ["aab", "c*a*b"], expected: true },
  ],
  hiddenTests: [
    { input: ["", ""], expected: true },
    { input: ["", "a*b*"], expected: true },
    { input: ["", "a"], expected: false },
    { input: ["a", ""], expected: false },
    { input: ["mississippi", "mis*is*p*."], expected: false },
    { input: ["mississippi", "mis*is*ip*."], expected: true },
    { input: ["ab", ".*c"], expected: false },
    { input: ["aaa", "a*a"], expected: true },
    { input: ["aaa", "ab*a*c*a"], expected: true },
    { input: ["abcd", "d*"], expected: false },
    { input: ["a", ".*..a*"], expected: false },
    { input: [sixtyA, `${manyStars}b`], expected: false },
    { input: [sixtyA, manyStars], expected: true },
    { input: [long, longPattern], expected: true },
    { input: [`${long.slice(0, -2)}yx`, longPattern], expected: false },
  ],
  reference: {
    javascript: `function regexMatch(s, p) {
  const n = s.length;
  const m = p.length;
  // ok[i][j]: the first i letters of s match the first j characters of p.
  const ok = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(false));
  ok[0][0] = true;
  for (let j = 2; j <= m; j++) if (p[j - 1] === "*") ok[0][j] = ok[0][j - 2];
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (p[j - 1] === "*") {
        const prev = p[j - 2];
        ok[i][j] = ok[i][j - 2] || (ok[i - 1][j] && (prev === "." || prev === s[i - 1]));
      } else {
        ok[i][j] = ok[i - 1][j - 1] && (p[j - 1] === "." || p[j - 1] === s[i - 1]);
      }
    }
  }
  return ok[n][m];
}`,
    python: `def regex_match(s, p):
    n = len(s)
    m = len(p)
    ok = [[False] * (m + 1) for _ in range(n + 1)]
    ok[0][0] = True
    for j in range(2, m + 1):
        if p[j - 1] == "*":
            ok[0][j] = ok[0][j - 2]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if p[j - 1] == "*":
                prev = p[j - 2]
                ok[i][j] = ok[i][j - 2] or (ok[i - 1][j] and (prev == "." or prev == s[i - 1]))
            else:
                ok[i][j] = ok[i - 1][j - 1] and (p[j - 1] == "." or p[j - 1] == s[i - 1])
    return ok[n][m]`,
  },
  // Reads "x*" as one or more x (like "x+"), so a starred element can never match nothing.
  wrong: {
    javascript: `function regexMatch(s, p) {
  const n = s.length;
  const m = p.length;
  const ok = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(false));
  ok[0][0] = true;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      if (p[j - 1] === "*") {
        const prev = p[j - 2];
        const same = prev === "." || prev === s[i - 1];
        ok[i][j] = same && (ok[i - 1][j - 2] || ok[i - 1][j]);
      } else {
        ok[i][j] = ok[i - 1][j - 1] && (p[j - 1] === "." || p[j - 1] === s[i - 1]);
      }
    }
  }
  return ok[n][m];
}`,
    python: `def regex_match(s, p):
    n = len(s)
    m = len(p)
    ok = [[False] * (m + 1) for _ in range(n + 1)]
    ok[0][0] = True
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if p[j - 1] == "*":
                prev = p[j - 2]
                same = prev == "." or prev == s[i - 1]
                ok[i][j] = same and (ok[i - 1][j - 2] or ok[i - 1][j])
            else:
                ok[i][j] = ok[i - 1][j - 1] and (p[j - 1] == "." or p[j - 1] == s[i - 1])
    return ok[n][m]`,
  },
};
