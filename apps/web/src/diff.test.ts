import { describe, expect, it } from "vitest";
import { difference, parts, revealInvisible, windowAround } from "./diff.ts";

describe("difference", () => {
  it("is null for equal texts", () => {
    expect(difference("", "")).toBeNull();
    expect(difference("[1,2]", "[1,2]")).toBeNull();
  });

  it("finds the common start and end around one changed character", () => {
    expect(difference("[1,2,3]", "[1,5,3]")).toEqual({ prefix: 3, suffix: 3 });
    expect(parts("[1,5,3]", { prefix: 3, suffix: 3 })).toEqual({ before: "[1,", changed: "5", after: ",3]" });
  });

  it("tells texts apart that differ only in spaces", () => {
    // A space more inside: the run of spaces is shared up to where one of them stops.
    const d = difference('"a  b"', '"a b"');
    expect(d).toEqual({ prefix: 3, suffix: 2 });
    expect(parts('"a  b"', d ?? { prefix: 0, suffix: 0 })).toEqual({ before: '"a ', changed: " ", after: 'b"' });
    expect(parts('"a b"', d ?? { prefix: 0, suffix: 0 })).toEqual({ before: '"a ', changed: "", after: 'b"' });
    // Trailing spaces: the changed part is exactly them.
    const t = difference('"ab"', '"ab  "');
    expect(t).toEqual({ prefix: 3, suffix: 1 });
    expect(parts('"ab  "', t ?? { prefix: 0, suffix: 0 }).changed).toBe("  ");
  });

  it("handles one text being the start or the end of the other", () => {
    expect(difference("[1,2]", "[1,2,3]")).toEqual({ prefix: 4, suffix: 1 });
    expect(difference("abc", "abcd")).toEqual({ prefix: 3, suffix: 0 });
    expect(difference("bcd", "abcd")).toEqual({ prefix: 0, suffix: 3 });
    expect(difference("", "x")).toEqual({ prefix: 0, suffix: 0 });
  });

  it("never lets the common start and end overlap", () => {
    // "aa" against "aaa": the prefix takes both a's of the shorter text, nothing is left for the suffix.
    const d = difference("aa", "aaa");
    expect(d).toEqual({ prefix: 2, suffix: 0 });
    for (const [a, b] of [
      ["aba", "ababa"],
      ["xyzxyz", "xyz"],
      ["  ", "   "],
    ] as const) {
      const x = difference(a, b);
      if (!x) throw new Error("equal");
      expect(x.prefix + x.suffix).toBeLessThanOrEqual(Math.min(a.length, b.length));
      const pa = parts(a, x);
      const pb = parts(b, x);
      expect(pa.before + pa.changed + pa.after).toBe(a);
      expect(pb.before + pb.changed + pb.after).toBe(b);
      expect(pa.before).toBe(pb.before);
      expect(pa.after).toBe(pb.after);
    }
  });

  it("keeps characters outside the basic plane whole", () => {
    // 😀 is \ud83d\ude00 and 😁 is \ud83d\ude01: they share their first UTF-16 unit.
    const d = difference('"😀"', '"😁"');
    expect(d).toEqual({ prefix: 1, suffix: 1 });
    expect(parts('"😀"', d ?? { prefix: 0, suffix: 0 }).changed).toBe("😀");
    // U+1F642 (\ud83d\ude42) and U+1F242 (\ud83c\ude42) share their last unit.
    const e = difference("x\u{1F642}", "x\u{1F242}");
    expect(e).toEqual({ prefix: 1, suffix: 0 });
    expect(parts("x\u{1F642}", e ?? { prefix: 0, suffix: 0 }).changed).toBe("\u{1F642}");
  });
});

describe("revealInvisible", () => {
  it("writes no-break and zero-width spaces as their escapes, and leaves the rest", () => {
    expect(revealInvisible('"a\u00a0b"')).toBe('"a\\u00a0b"');
    expect(revealInvisible('"\u200bx\ufeff"')).toBe('"\\u200bx\\ufeff"');
    expect(revealInvisible('"a b\\t\\n"')).toBe('"a b\\t\\n"');
    // So a no-break space no longer looks like the space it is compared with.
    expect(difference(revealInvisible('"a b"'), revealInvisible('"a\u00a0b"'))).toEqual({ prefix: 2, suffix: 2 });
  });
});

describe("windowAround", () => {
  it("shows a text that fits whole", () => {
    expect(windowAround("short", { prefix: 2, suffix: 1 }, 400)).toEqual({ start: 0, end: 5 });
  });

  it("starts a long text a little before where it differs", () => {
    const text = "x".repeat(1000);
    expect(windowAround(text, { prefix: 500, suffix: 10 }, 100, 40)).toEqual({ start: 460, end: 560 });
    // Near the start: from the start.
    expect(windowAround(text, { prefix: 10, suffix: 10 }, 100, 40)).toEqual({ start: 0, end: 100 });
    // Near the end: the last `max` units.
    expect(windowAround(text, { prefix: 990, suffix: 0 }, 100, 40)).toEqual({ start: 900, end: 1000 });
    // Equal texts (no difference): from the start.
    expect(windowAround(text, null, 100)).toEqual({ start: 0, end: 100 });
  });

  it("does not cut a character in two", () => {
    const text = `${"x".repeat(9)}😀${"x".repeat(100)}`;
    // 😀 takes units 9 and 10: a window ending at 10 takes all of it.
    expect(windowAround(text, null, 10)).toEqual({ start: 0, end: 11 });
    // A window that would start at 10 starts at 9.
    expect(windowAround(text, { prefix: 50, suffix: 0 }, 20, 40)).toEqual({ start: 9, end: 30 });
  });
});
