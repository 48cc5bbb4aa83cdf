// Where an expected value and an actual one part ways, as texts: their common start and common end,
// so the verdict can show both exactly and mark the part in between. Pure, for the unit tests.

/** Two texts share their first `prefix` and last `suffix` UTF-16 units; the two never overlap. */
export interface Difference {
  prefix: number;
  suffix: number;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The longest common prefix of `a` and `b`, then the longest common suffix of what is left; null
 * when the texts are equal. Neither boundary splits a character made of two UTF-16 units.
 */
export function difference(a: string, b: string): Difference | null {
  if (a === b) return null;
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // Ends on the first half of a pair (the second halves differ): the whole character differs.
  if (prefix > 0 && isHighSurrogate(a.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(a.charCodeAt(a.length - suffix))) suffix--;
  return { prefix, suffix };
}

/** A text cut where it differs from the other: the common start, its own middle, the common end. */
export interface Parts {
  before: string;
  changed: string;
  after: string;
}

export function parts(text: string, d: Difference): Parts {
  return {
    before: text.slice(0, d.prefix),
    changed: text.slice(d.prefix, text.length - d.suffix),
    after: text.slice(text.length - d.suffix),
  };
}

/**
 * Characters that show as blank or as nothing in a JSON string (JSON.stringify escapes control
 * characters but leaves these): no-break and other Unicode spaces, zero-width characters, line and
 * paragraph separators, the byte-order mark.
 */
const INVISIBLE = /[\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g;

/**
 * A value's text with every invisible character written as its JSON escape (`\u00a0`): the same
 * value, and a no-break space no longer passes for a space. Only strings can hold them, where the
 * escape is valid in both JSON and Python literals.
 */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The part of a text to show, `[start, end)`, when all of it would be too long. */
export interface Window {
  start: number;
  end: number;
}

/**
 * At most about `max` units of `text`, from a little before where it differs (`context` units), so
 * a difference deep in a long value is on screen; the whole text when it fits. Never splits a
 * character made of two UTF-16 units.
 */
export function windowAround(text: string, d: Difference | null, max: number, context = 40): Window {
  if (text.length <= max) return { start: 0, end: text.length };
  let start = d ? Math.max(0, Math.min(d.prefix - context, text.length - max)) : 0;
  let end = start + max;
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  return { start, end };
}
