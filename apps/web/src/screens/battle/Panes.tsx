// The read-only panes of the battle grid: the challenge statement and a player's live mirrored code.
import type { PlayerInfo } from "@codeduel/api";
import type { Challenge, Submission } from "../../battle-state.ts";
import { CodeEditor } from "../../components/CodeEditor.tsx";
import { Statement } from "../../components/Statement.tsx";
import { VerdictSummary } from "../../components/Verdict.tsx";
import { LANGUAGE_LABEL, type Language } from "../../languages.ts";
import type { MirroredCode } from "./hooks.ts";

export function ChallengePane({ challenge, language }: { challenge: Challenge; language: Language }) {
  return (
    <details className="pane statement-pane" open>
      <summary>Challenge</summary>
      <Statement challenge={challenge} language={language} />
    </details>
  );
}

export function MirrorPane({
  player,
  mirrored,
  submissions,
  label,
}: {
  player: PlayerInfo;
  mirrored: MirroredCode | undefined;
  submissions: Submission[];
  label: string;
}) {
  const language = mirrored?.language ?? "javascript";
  return (
    <section className="pane mirror" aria-label={label}>
      <div className="toolbar">
        <strong>{player.username}</strong>
        <span className="muted small">{player.rating}</span>
        <span className="spacer" />
        <span className="small muted">{mirrored ? `${LANGUAGE_LABEL[language]} · live` : "live"}</span>
      </div>
      <CodeEditor
        label={`${player.username}'s code`}
        value={mirrored?.code ?? ""}
        language={language}
        readOnly
        testId={`mirror-${player.username}`}
      />
      <ul className="summaries" aria-label={`${player.username}'s submissions`}>
        {submissions.length === 0 && <li className="muted small">No submissions yet.</li>}
        {submissions.map((s) => <VerdictSummary key={s.id} submission={s} />).reverse()}
      </ul>
    </section>
  );
}
