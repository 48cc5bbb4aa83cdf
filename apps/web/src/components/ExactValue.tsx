// A value's text exactly as it is (every space kept, invisible characters written as escapes), with
// the part that differs from the other value marked: a failing test's expected and actual output.
import type { ReactNode } from "react";
import { type Difference, parts, windowAround } from "../diff.ts";

/** Runs of spaces drawn with a dot per space (CSS), still spaces when copied. */
function Spaces({ text }: { text: string }) {
  const out: ReactNode[] = [];
  const re = / +/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      <span key={m.index} className="space">
        {m[0]}
      </span>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/**
 * `text` in a `<code>` that keeps its whitespace; with `diff`, the part between the common start and
 * the common end is highlighted (an empty one as a bar where the other value has more), its spaces
 * and the ones right around it dotted, and a screen reader hears "differs from here". A text longer
 * than `max` shows a window around the difference.
 */
export function ExactValue({ text, diff, max = 400 }: { text: string; diff: Difference | null; max?: number }) {
  const w = windowAround(text, diff, max);
  const cut = (s: string, from: number) => s.slice(Math.max(0, w.start - from), Math.max(0, w.end - from));
  let body: ReactNode;
  if (!diff) {
    body = text.slice(w.start, w.end);
  } else {
    const p = parts(text, diff);
    const changedAt = p.before.length;
    const afterAt = changedAt + p.changed.length;
    const before = cut(p.before, 0);
    const changed = cut(p.changed, changedAt);
    const after = cut(p.after, afterAt);
    // The spaces touching the difference are part of what to count: "a  b" against "a b".
    const [, head = "", headSpaces = ""] = /^([\s\S]*?)( *)$/.exec(before) ?? [];
    const [, tailSpaces = "", tail = ""] = /^( *)([\s\S]*)$/.exec(after) ?? [];
    body = (
      <>
        {head}
        <Spaces text={headSpaces} />
        <span className="sr-only">(differs from here)</span>
        <mark className={changed ? "diff" : "diff empty"}>
          <Spaces text={changed} />
        </mark>
        <Spaces text={tailSpaces} />
        {tail}
      </>
    );
  }
  return (
    <code className="exact">
      {w.start > 0 && <span className="muted">…</span>}
      {body}
      {(w.start > 0 || w.end < text.length) && (
        <span className="muted">
          {w.end < text.length ? "…" : ""} ({text.length.toLocaleString()} characters)
        </span>
      )}
    </code>
  );
}
