// One submission's verdict: per-test results for public tests, counts for hidden ones, the first
// failing test's input/expected/actual (exactly, with where the actual output goes wrong marked),
// and errors with their line.
import { type Challenge, STATUS_LABEL, type Submission, type VerdictData } from "../battle-state.ts";
import { difference, revealInvisible } from "../diff.ts";
import { asLanguage, functionNameFor, LANGUAGE_SHORT, type Language, type ProblemText, valueStyle } from "../languages.ts";
import { callText, show } from "../util.ts";
import { ExactValue } from "./ExactValue.tsx";

export function StatusBadge({ status }: { status: string | null }) {
  if (!status) return <span className="badge pending">Judging…</span>;
  return (
    <span className={`badge ${status === "accepted" ? "ok" : "bad"}`}>
      {STATUS_LABEL[status] ?? status} <code className="status-code">{status}</code>
    </span>
  );
}

/** What a verdict needs of the problem: its function's names and its public tests. */
export type VerdictProblem = ProblemText & Pick<Challenge, "publicTests">;

export function VerdictDetail({ submission, challenge, index }: { submission: Submission; challenge: VerdictProblem; index: number }) {
  const v = submission.verdict;
  // Tests read as calls in the language the submission was written in.
  const language = asLanguage(submission.language);
  const name = functionNameFor(challenge, language);
  const style = valueStyle(language);
  return (
    <article className="verdict" aria-label={`Submission ${index}`} data-status={v?.status ?? "queued"}>
      <header>
        <span className="muted">#{index}</span> <StatusBadge status={v?.status ?? null} />
        <span className="muted small"> {LANGUAGE_SHORT[language]}</span>
        {v && (
          <span className="muted small">
            {" "}
            · {Math.round(v.cpuMs)} ms CPU · {Math.round(v.wallMs)} ms
          </span>
        )}
      </header>
      {v && (
        <>
          {v.message && (
            <p className="error-line">
              {v.line !== undefined && (
                <strong>
                  Line {v.line}
                  {v.column !== undefined ? `:${v.column}` : ""}:{" "}
                </strong>
              )}
              <code>{v.message}</code>
            </p>
          )}
          {v.publicTests.length > 0 && (
            <ul className="tests" aria-label="Public tests">
              {v.publicTests.map((t) => {
                const test = challenge.publicTests[t.index];
                return (
                  <li key={t.index} className={t.passed ? "pass" : "fail"}>
                    <span aria-hidden="true">{t.passed ? "✓" : "✗"}</span> Test {t.index + 1}{" "}
                    <span className="sr-only">{t.passed ? "passed" : "failed"}</span>
                    {test && <code className="small">{callText(name, test.input, 60, style)}</code>}
                    {t.error && <span className="small error-text"> {t.error}</span>}
                  </li>
                );
              })}
            </ul>
          )}
          {v.hidden.total > 0 && (
            <p className="small">
              Hidden tests: <strong>{v.hidden.passed}</strong> / {v.hidden.total} passed
            </p>
          )}
          {v.failedTest && <FailedTest failed={v.failedTest} name={name} language={language} />}
        </>
      )}
    </article>
  );
}

/** The first failing public test: its call, and the expected and actual values with their difference marked. */
function FailedTest({ failed, name, language }: { failed: NonNullable<VerdictData["failedTest"]>; name: string; language: Language }) {
  const style = valueStyle(language);
  // Whole texts, so the difference is found even past what fits on screen.
  const expected = revealInvisible(show(failed.expected, Number.POSITIVE_INFINITY, style));
  const actual = revealInvisible(show(failed.actual, Number.POSITIVE_INFINITY, style));
  const diff = difference(expected, actual);
  return (
    <dl className="failed-test" aria-label="Failing test">
      <div>
        <dt>Failing test</dt>
        <dd>#{failed.index + 1}</dd>
      </div>
      <div>
        <dt>Input</dt>
        <dd>
          <code>
            {revealInvisible(Array.isArray(failed.input) ? callText(name, failed.input, 400, style) : show(failed.input, 400, style))}
          </code>
        </dd>
      </div>
      <div>
        <dt>Expected</dt>
        <dd>
          <ExactValue text={expected} diff={diff} />
        </dd>
      </div>
      <div>
        <dt>Actual</dt>
        <dd>
          <ExactValue text={actual} diff={diff} />
        </dd>
      </div>
    </dl>
  );
}

/** One line per submission, for the opponent's (or a spectator's) view. */
export function VerdictSummary({ submission }: { submission: Submission }) {
  const v = submission.verdict;
  const publicPassed = v?.publicTests.filter((t) => t.passed).length ?? 0;
  return (
    <li className="verdict-summary" data-status={v?.status ?? "queued"}>
      <StatusBadge status={v?.status ?? null} />
      {v && v.publicTests.length + v.hidden.total > 0 && (
        <span className="small muted">
          {" "}
          {publicPassed}/{v.publicTests.length} public · {v.hidden.passed}/{v.hidden.total} hidden
        </span>
      )}
    </li>
  );
}
