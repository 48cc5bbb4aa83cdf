// The user's own submissions in the contest, newest first: one line each to pick from, and the picked
// one's verdict in full (per-test results, the failing test, errors with their line).
import type { Submission } from "../../battle-state.ts";
import { StatusBadge, VerdictDetail, type VerdictProblem } from "../../components/Verdict.tsx";
import { asLanguage, LANGUAGE_SHORT } from "../../languages.ts";
import type { MySubmission } from "./hooks.ts";

/** A contest submission in the shape the battle's verdict view reads. */
function asSubmission(s: MySubmission, meId: string): Submission {
  return {
    id: s.id,
    userId: meId,
    language: s.language,
    queuedAt: s.createdAt,
    verdict: s.verdict ? { type: "verdict", submissionId: s.id, userId: meId, ...s.verdict } : null,
  };
}

export function MySubmissions({
  subs,
  problems,
  meId,
  selected,
  onSelect,
}: {
  subs: MySubmission[];
  problems: Map<string, VerdictProblem>;
  meId: string;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const shown = subs.find((s) => s.id === selected) ?? subs[0];
  const problem = shown ? problems.get(shown.label) : undefined;
  return (
    <section aria-labelledby="my-subs-title" className="verdicts">
      <h3 id="my-subs-title">Your submissions</h3>
      {subs.length === 0 && <p className="muted small">Nothing submitted yet.</p>}
      {subs.length > 0 && (
        <ol className="sub-list" reversed>
          {subs.map((s) => (
            <li key={s.id} data-status={s.status}>
              <button
                type="button"
                className={`ghost small sub-pick ${s.id === shown?.id ? "picked" : ""}`}
                aria-pressed={s.id === shown?.id}
                onClick={() => onSelect(s.id)}
              >
                <strong>{s.label}</strong>
                <span className="muted">{LANGUAGE_SHORT[asLanguage(s.language)]}</span>
                <span className="muted">min {Math.floor(s.atMs / 60_000)}</span>
                <StatusBadge status={s.status === "queued" ? null : s.status} />
              </button>
            </li>
          ))}
        </ol>
      )}
      {shown && problem && (
        <VerdictDetail submission={asSubmission(shown, meId)} challenge={problem} index={subs.length - subs.indexOf(shown)} />
      )}
    </section>
  );
}
