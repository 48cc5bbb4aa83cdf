// A running (or ended) contest for its participant: the problems as tabs by label, the selected one's
// statement and editor, and their own submissions with verdicts.
import type { Board } from "@codeduel/api";
import { type KeyboardEvent, useCallback, useMemo, useState } from "react";
import { Statement, type StatementProblem } from "../../components/Statement.tsx";
import { type Language, preferredLanguage, rememberLanguage } from "../../languages.ts";
import { ContestEditor } from "./ContestEditor.tsx";
import type { ContestProblem, MySubmission } from "./hooks.ts";
import { MySubmissions } from "./MySubmissions.tsx";

/** A contest problem in the shape the statement and verdict views read. */
function asStatement(p: ContestProblem): StatementProblem {
  return { ...p, publicTests: p.examples };
}

/** The tab's mark for the user's own cell: solved, tried, or waiting for a verdict. */
function mark(board: Board | undefined, meId: string, label: string): string {
  const cell = board?.rows.find((r) => r.userId === meId)?.cells[label];
  if (!cell) return "";
  if (cell.acceptedMs !== null) return " ✓";
  if (cell.pending > 0) return " ?";
  return cell.attempts > 0 ? " ✗" : "";
}

export function Workspace({
  contestId,
  problems,
  closed,
  board,
  meId,
  subs,
  onSubmitted,
}: {
  contestId: string;
  problems: ContestProblem[];
  /** Why submitting is not possible, or null while it is. */
  closed: string | null;
  board: Board | undefined;
  meId: string;
  subs: MySubmission[];
  onSubmitted: () => void;
}) {
  const [label, setLabel] = useState(problems[0]?.label ?? "A");
  const [language, setLanguage] = useState<Language>(preferredLanguage);
  const [selected, setSelected] = useState<string | null>(null);
  const byLabel = useMemo(() => new Map(problems.map((p) => [p.label, asStatement(p)])), [problems]);
  const problem = byLabel.get(label);
  const judging = subs.some((s) => s.status === "queued");

  const chooseLanguage = (l: Language) => {
    rememberLanguage(l);
    setLanguage(l);
  };
  const submitted = useCallback(
    (id: string) => {
      setSelected(id);
      onSubmitted();
    },
    [onSubmitted],
  );
  // The tabs pattern: arrows move between tabs (and select them), Home and End jump to the ends.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = problems.findIndex((p) => p.label === label);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: problems.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = problems[(to + problems.length) % problems.length];
    if (!next) return;
    setLabel(next.label);
    document.getElementById(`problem-tab-${next.label}`)?.focus();
  };

  return (
    <section aria-label="Problems" className="workspace">
      <div className="tabs problem-tabs" role="tablist" aria-label="Problems" onKeyDown={onTabKey}>
        {problems.map((p) => (
          <button
            key={p.label}
            id={`problem-tab-${p.label}`}
            type="button"
            role="tab"
            aria-selected={p.label === label}
            aria-controls="problem-panel"
            tabIndex={p.label === label ? 0 : -1}
            onClick={() => setLabel(p.label)}
          >
            <strong>{p.label}</strong>
            <span className="tab-title">{p.title}</span>
            {mark(board, meId, p.label)}
          </button>
        ))}
      </div>
      {problem && (
        <div className="contest-grid" role="tabpanel" id="problem-panel" aria-labelledby={`problem-tab-${label}`}>
          {/* The zones proctoring counts copies from and pastes into. */}
          <div className="pane statement-pane" data-proctor-zone="statement">
            <Statement challenge={problem} language={language} />
          </div>
          <section className="pane mine" aria-label="Your editor" data-proctor-zone="editor">
            <ContestEditor
              key={label}
              contestId={contestId}
              label={label}
              problem={problem}
              language={language}
              onLanguage={chooseLanguage}
              closed={closed}
              judging={judging}
              onSubmitted={submitted}
            />
            <MySubmissions subs={subs} problems={byLabel} meId={meId} selected={selected} onSelect={setSelected} />
          </section>
        </div>
      )}
    </section>
  );
}
