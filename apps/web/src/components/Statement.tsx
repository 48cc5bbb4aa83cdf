// The challenge statement (a small Markdown subset: paragraphs, lists, code, bold, italics), the
// signature and the examples, written for the player's language.

import type { ReactNode } from "react";
import type { Challenge } from "../battle-state.ts";
import { functionNameFor, LANGUAGE_LABEL, type Language, type ProblemText, signatureFor, statementFor, valueStyle } from "../languages.ts";
import { callText, show } from "../util.ts";

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g;
  let last = 0;
  let i = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const tok = m[0];
    const k = `${key}-${i++}`;
    if (tok.startsWith("`")) out.push(<code key={k}>{tok.slice(1, -1)}</code>);
    else if (tok.startsWith("**")) out.push(<strong key={k}>{inline(tok.slice(2, -2), k)}</strong>);
    else out.push(<em key={k}>{inline(tok.slice(1, -1), k)}</em>);
    last = m.index + tok.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split("\n");
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(<p key={`p${blocks.length}`}>{inline(para.join(" "), `p${blocks.length}`)}</p>);
    if (list.length) {
      const k = `l${blocks.length}`;
      blocks.push(
        <ul key={k}>
          {list.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static text
            <li key={i}>{inline(item, `${k}-${i}`)}</li>
          ))}
        </ul>,
      );
    }
    para = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").startsWith("```"); i++) code.push(lines[i] ?? "");
      blocks.push(
        <pre key={`c${blocks.length}`}>
          <code>{code.join("\n")}</code>
        </pre>,
      );
    } else if (/^\s*[-*] /.test(line)) {
      if (para.length) flush();
      list.push(line.replace(/^\s*[-*] /, ""));
    } else if (line.trim() === "") {
      flush();
    } else if (list.length && /^\s+/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      if (list.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return <div className="markdown">{blocks}</div>;
}

/** A battle's challenge, or a contest's problem (no tier; hidden tests not counted for participants). */
export type StatementProblem = ProblemText &
  Pick<Challenge, "title" | "publicTests"> & { tier?: number; hiddenTestCount?: number; label?: string };

export function Statement({ challenge, language = "javascript" }: { challenge: StatementProblem; language?: Language }) {
  const name = functionNameFor(challenge, language);
  const style = valueStyle(language);
  const hidden = challenge.hiddenTestCount;
  return (
    <section className="statement" aria-label={challenge.label ? `Problem ${challenge.label}` : "Challenge"}>
      <h2>
        {challenge.label && <span className="label-chip">{challenge.label}</span>}
        {challenge.label && " "}
        {challenge.title}
        {challenge.tier !== undefined && " "}
        {challenge.tier !== undefined && <span className="tier">tier {challenge.tier}</span>}
      </h2>
      <Markdown text={statementFor(challenge, language)} />
      <h3>
        Signature <span className="muted small">({LANGUAGE_LABEL[language]})</span>
      </h3>
      <pre data-testid="signature" data-language={language}>
        <code>{signatureFor(challenge, language)}</code>
      </pre>
      <h3>Examples</h3>
      <ol className="examples">
        {challenge.publicTests.map((test, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: tests are identified by position
          <li key={i}>
            <code>{callText(name, test.input, 160, style)}</code>
            <span aria-hidden="true"> → </span>
            <span className="sr-only"> returns </span>
            <code>{show(test.expected, 160, style)}</code>
          </li>
        ))}
      </ol>
      <p className="muted">
        {hidden === undefined ? "Plus hidden tests." : `Plus ${hidden} hidden test${hidden === 1 ? "" : "s"}.`} Define <code>{name}</code>.
      </p>
    </section>
  );
}
