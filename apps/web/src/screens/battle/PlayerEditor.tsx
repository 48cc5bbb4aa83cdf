// The player's own pane: language switch, editor with local drafts, submit, forfeit, and verdicts.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Api, errorMessage } from "../../api.ts";
import type { BattleState } from "../../battle-state.ts";
import { CodeEditor } from "../../components/CodeEditor.tsx";
import { VerdictDetail } from "../../components/Verdict.tsx";
import { type Draft, loadDraft, saveDraft } from "../../drafts.ts";
import { LANGUAGE_LABEL, LANGUAGES, type Language, rememberLanguage, signatureFor } from "../../languages.ts";
import { useSession } from "../../session.tsx";
import { useSubmitShortcut } from "../../util.ts";
import { type MirroredCode, useCodeSender } from "./hooks.ts";

type View = Awaited<ReturnType<Api["battle"]["get"]["query"]>>;

export function PlayerEditor({
  view,
  state,
  mirrored,
  meId,
  language,
  onLanguage,
}: {
  view: View;
  state: BattleState;
  mirrored: Map<string, MirroredCode>;
  meId: string;
  /** The battle screen keeps it: the statement shows the signature in the same language. */
  language: Language;
  onLanguage: (language: Language) => void;
}) {
  const { api } = useSession();
  const battleId = view.id;
  const challenge = view.challenge;
  const finished = state.finished !== null || view.status === "finished";
  const stored = useMemo(() => loadDraft(battleId), [battleId]);
  // Read by callbacks the editor holds: its language is the one in use, even within a switch.
  const draft = useRef<Draft>(stored ?? { language, code: {} });
  const codeIn = useCallback((l: Language) => draft.current.code[l] ?? signatureFor(challenge, l), [challenge]);
  const [initial] = useState(() => codeIn(draft.current.language));
  const code = useRef(initial);
  const touched = useRef(stored !== null);
  const [reset, setReset] = useState<{ key: number; code: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmForfeit, setConfirmForfeit] = useState(false);
  const send = useCodeSender(api, battleId, !finished);

  /** Shows `next` in the editor (which reports it back through onChange, saving and sending it). */
  const replace = useCallback((next: string) => {
    code.current = next;
    setReset((r) => ({ key: (r?.key ?? 0) + 1, code: next }));
  }, []);

  // After a reload without a local draft, the server's mirror has the player's code and language.
  const serverCopy = mirrored.get(meId);
  useEffect(() => {
    if (!serverCopy || touched.current) return;
    if (serverCopy.code === code.current && serverCopy.language === draft.current.language) return;
    touched.current = true;
    draft.current = { language: serverCopy.language, code: { [serverCopy.language]: serverCopy.code } };
    onLanguage(serverCopy.language);
    replace(serverCopy.code);
  }, [serverCopy, onLanguage, replace]);

  const mine = state.submissions.filter((s) => s.userId === meId);
  const judging = mine.some((s) => s.verdict === null);

  const submit = useCallback(async () => {
    if (finished || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await api.battle.submit.mutate({ battleId, code: code.current, language });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  }, [api, battleId, language, finished, submitting]);

  useSubmitShortcut(submit);

  const forfeit = async () => {
    setConfirmForfeit(false);
    try {
      await api.battle.forfeit.mutate({ battleId });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const onChange = useCallback(
    (next: string) => {
      touched.current = true;
      code.current = next;
      const d = draft.current;
      d.code[d.language] = next;
      saveDraft(battleId, d);
      send({ code: next, language: d.language });
    },
    [battleId, send],
  );

  // Each language keeps its own code: switching back finds it as it was; a language not used yet
  // in this battle starts from its signature.
  const switchLanguage = (next: Language) => {
    const d = draft.current;
    if (next === d.language) return;
    touched.current = true;
    d.code[d.language] = code.current;
    d.language = next;
    saveDraft(battleId, d);
    rememberLanguage(next);
    onLanguage(next);
    const nextCode = codeIn(next);
    // The mirror learns of the switch even when the code is the same (JavaScript to TypeScript).
    send({ code: nextCode, language: next });
    replace(nextCode);
  };

  return (
    <section className="pane mine" aria-label="Your editor">
      <div className="toolbar">
        <label className="inline">
          <span className="sr-only">Language</span>
          <select value={language} onChange={(e) => switchLanguage(e.target.value as Language)} disabled={finished}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABEL[l]}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {!finished &&
          (confirmForfeit ? (
            <span className="confirm">
              <span className="small">Give up?</span>
              <button type="button" className="danger small" onClick={() => void forfeit()}>
                Yes, forfeit
              </button>
              <button type="button" className="small" onClick={() => setConfirmForfeit(false)}>
                Keep playing
              </button>
            </span>
          ) : (
            <button type="button" className="small ghost" onClick={() => setConfirmForfeit(true)}>
              Forfeit
            </button>
          ))}
        <button
          type="button"
          className="primary"
          onClick={() => void submit()}
          disabled={finished || submitting || judging}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Ctrl+Enter / ⌘+Enter"
        >
          {judging ? "Judging…" : "Submit"} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <CodeEditor
        label="Your code"
        testId="my-editor"
        value={reset?.code ?? initial}
        resetKey={reset?.key ?? 0}
        language={language}
        readOnly={false}
        onChange={onChange}
        onSubmit={() => void submit()}
      />
      <p className="small muted hint">Tab indents; press Esc then Tab to move on from the editor.</p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <section aria-label="Your submissions" className="verdicts">
        <h3>Your submissions</h3>
        {mine.length === 0 && <p className="muted small">Nothing submitted yet.</p>}
        {mine.map((s, i) => <VerdictDetail key={s.id} submission={s} challenge={challenge} index={i + 1} />).reverse()}
      </section>
    </section>
  );
}
