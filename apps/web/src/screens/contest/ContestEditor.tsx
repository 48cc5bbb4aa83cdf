// One contest problem's editor: the code kept per problem and language in this browser (a reload or
// a switch loses nothing), and submit, by button or Ctrl/Cmd+Enter.
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../api.ts";
import { CodeEditor } from "../../components/CodeEditor.tsx";
import { type Draft, loadDraft, saveDraft } from "../../drafts.ts";
import { LANGUAGE_LABEL, LANGUAGES, type Language, type ProblemText, signatureFor } from "../../languages.ts";
import { useSession } from "../../session.tsx";
import { useSubmitShortcut } from "../../util.ts";

export function ContestEditor({
  contestId,
  label,
  problem,
  language,
  onLanguage,
  closed,
  judging,
  onSubmitted,
}: {
  contestId: string;
  label: string;
  problem: ProblemText;
  /** The page keeps it: the statement shows the signature in the same language. */
  language: Language;
  onLanguage: (language: Language) => void;
  /** Why submitting is not possible (the contest is over, ...), or null while it is. */
  closed: string | null;
  /** One submission in flight per participant: the server refuses a second. */
  judging: boolean;
  onSubmitted: (submissionId: string) => void;
}) {
  const { api } = useSession();
  const draftId = `contest-${contestId}-${label}`;
  // The page's language wins over the one the draft was last saved in.
  const [stored] = useState<Draft>(() => ({ language, code: loadDraft(draftId)?.code ?? {} }));
  const draft = useRef(stored);
  const codeIn = useCallback((l: Language) => draft.current.code[l] ?? signatureFor(problem, l), [problem]);
  const [initial] = useState(() => codeIn(language));
  const code = useRef(initial);
  const [reset, setReset] = useState<{ key: number; code: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The language is the page's: when it changes (here or on another problem), show this problem's code in it.
  useEffect(() => {
    const d = draft.current;
    if (d.language === language) return;
    d.code[d.language] = code.current;
    d.language = language;
    saveDraft(draftId, d);
    const next = codeIn(language);
    code.current = next;
    setReset((r) => ({ key: (r?.key ?? 0) + 1, code: next }));
  }, [language, draftId, codeIn]);

  const submit = useCallback(async () => {
    if (closed !== null || submitting || judging) return;
    setSubmitting(true);
    setError(null);
    try {
      const { submissionId } = await api.contest.submit.mutate({ contestId, label, language, code: code.current });
      onSubmitted(submissionId);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  }, [api, contestId, label, language, closed, submitting, judging, onSubmitted]);

  useSubmitShortcut(submit);

  const onChange = useCallback(
    (next: string) => {
      code.current = next;
      draft.current.code[draft.current.language] = next;
      saveDraft(draftId, draft.current);
    },
    [draftId],
  );

  return (
    <>
      <div className="toolbar">
        <label className="inline">
          <span className="sr-only">Language</span>
          <select value={language} onChange={(e) => onLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABEL[l]}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          onClick={() => void submit()}
          disabled={closed !== null || submitting || judging}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Ctrl+Enter / ⌘+Enter"
        >
          {judging ? "Judging…" : `Submit ${label}`} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <CodeEditor
        label={`Your code for problem ${label}`}
        testId="my-editor"
        value={reset?.code ?? initial}
        resetKey={reset?.key ?? 0}
        language={language}
        onChange={onChange}
        onSubmit={() => void submit()}
      />
      <p className="small muted hint">{closed ?? "Tab indents; press Esc then Tab to move on from the editor."}</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
}
