// A battle, for its players (editor, submit, verdicts, forfeit, result and rematch) and for
// spectators (both codes read-only, both players' verdicts).
import type { PlayerInfo } from "@codeduel/api";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Api, errorCode, errorMessage } from "../api.ts";
import {
  type BattleEvent,
  type BattleState,
  type Challenge,
  type FinishedData,
  fold,
  insertEvent,
  REASON_LABEL,
  type Submission,
} from "../battle-state.ts";
import { CodeEditor } from "../components/CodeEditor.tsx";
import { Statement } from "../components/Statement.tsx";
import { VerdictDetail, VerdictSummary } from "../components/Verdict.tsx";
import { type Draft, loadDraft, saveDraft } from "../drafts.ts";
import { LANGUAGE_LABEL, LANGUAGES, type Language, preferredLanguage, rememberLanguage, signatureFor } from "../languages.ts";
import { Link, navigate } from "../router.tsx";
import { useSession } from "../session.tsx";
import { clock, signed, useAsync, useNow } from "../util.ts";

type View = Awaited<ReturnType<Api["battle"]["get"]["query"]>>;

/** The battle's event log, live: a tracked subscription that wsLink resumes after a drop. */
function useBattleEvents(api: Api, battleId: string): { events: BattleEvent[]; error: string | null } {
  const [events, setEvents] = useState<BattleEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setEvents([]);
    const sub = api.battle.events.subscribe(
      { battleId },
      {
        onData(tracked) {
          setEvents((log) => insertEvent(log, tracked.data));
        },
        onError(err) {
          setError(errorMessage(err));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, battleId]);
  return { events, error };
}

/** A player's latest editor content, with the mode it is written in. */
interface MirroredCode {
  code: string;
  language: Language;
}

/** Both players' latest code: a snapshot first, then every update. */
function useMirroredCode(api: Api, battleId: string): Map<string, MirroredCode> {
  const [code, setCode] = useState<Map<string, MirroredCode>>(new Map());
  const versions = useRef(new Map<string, number>());
  useEffect(() => {
    versions.current = new Map();
    const sub = api.battle.code.subscribe(
      { battleId },
      {
        onData(update) {
          // A resubscription starts again with a snapshot; never step back to an older version.
          if (update.version < (versions.current.get(update.userId) ?? 0)) return;
          versions.current.set(update.userId, update.version);
          setCode((m) => new Map(m).set(update.userId, { code: update.code, language: update.language }));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, battleId]);
  return code;
}

function Countdown({ deadlineAt, finished }: { deadlineAt: string | null; finished: boolean }) {
  const now = useNow(250);
  if (!deadlineAt) return null;
  const left = new Date(deadlineAt).getTime() - now;
  return (
    <div className={`countdown ${left < 60_000 && !finished ? "urgent" : ""}`} role="timer" aria-label="Time left">
      {finished ? "Over" : left > 0 ? clock(left) : "0:00"}
    </div>
  );
}

function Presence({ state, players, meId }: { state: BattleState; players: PlayerInfo[]; meId: string }) {
  const now = useNow(1000);
  const notes = players
    .filter((p) => p.id !== meId)
    .flatMap((p) => {
      const forfeitAt = state.away.get(p.id);
      if (forfeitAt) {
        return [
          <p key={p.id} className="notice warn" role="status">
            <strong>{p.username}</strong> lost their connection: they forfeit in {clock(new Date(forfeitAt).getTime() - now)} unless they
            come back.
          </p>,
        ];
      }
      if (state.returned.has(p.id) && !state.finished) {
        return [
          <p key={p.id} className="notice" role="status">
            <strong>{p.username}</strong> is back.
          </p>,
        ];
      }
      return [];
    });
  return <>{notes}</>;
}

function Result({
  finished,
  players,
  meId,
  battleId,
  isPlayer,
}: {
  finished: FinishedData;
  players: PlayerInfo[];
  meId: string;
  battleId: string;
  isPlayer: boolean;
}) {
  const { api, rematchRequests } = useSession();
  const [rematch, setRematch] = useState<"idle" | "asking" | "waiting">("idle");
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const winner = players.find((p) => p.id === finished.winnerId);
  const opponent = players.find((p) => p.id !== meId);
  const askedBy = rematchRequests.get(battleId);
  useEffect(() => heading.current?.focus(), []);

  const title = !winner ? "Draw" : isPlayer ? (winner.id === meId ? "You won!" : `${winner.username} won`) : `${winner.username} won`;
  const ask = async () => {
    setRematch("asking");
    setError(null);
    try {
      const r = await api.battle.rematch.mutate({ battleId });
      if (r.status === "started" && r.battleId) navigate(`/battle/${r.battleId}`);
      else setRematch("waiting");
    } catch (err) {
      setRematch("idle");
      setError(errorCode(err) === "CONFLICT" ? `No rematch: ${errorMessage(err)}` : errorMessage(err));
    }
  };
  return (
    <section className={`card result ${isPlayer ? (winner?.id === meId ? "won" : winner ? "lost" : "draw") : ""}`} aria-label="Result">
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="muted">{REASON_LABEL[finished.reason] ?? finished.reason}</p>
      <table className="table rating-changes">
        <caption className="sr-only">Rating changes</caption>
        <thead>
          <tr>
            <th scope="col">Player</th>
            <th scope="col" className="num">
              Before
            </th>
            <th scope="col" className="num">
              After
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {players.map((p) => {
            const c = finished.ratingChanges[p.id];
            return (
              <tr key={p.id} data-testid={`rating-change-${p.username}`}>
                <td>
                  {p.username}
                  {p.id === meId ? " (you)" : ""}
                </td>
                <td className="num">{c?.before ?? "—"}</td>
                <td className="num">{c?.after ?? "—"}</td>
                <td className={`num delta ${c && c.delta > 0 ? "up" : c && c.delta < 0 ? "down" : ""}`}>{c ? signed(c.delta) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {isPlayer && askedBy && rematch !== "waiting" && (
        <p className="notice" role="status">
          <strong>{askedBy.username}</strong> wants a rematch.
        </p>
      )}
      {rematch === "waiting" && (
        <p className="notice" role="status">
          Rematch requested: waiting for {opponent?.username ?? "your opponent"}…
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        {isPlayer && (
          <button type="button" className="primary" onClick={() => void ask()} disabled={rematch !== "idle"}>
            {askedBy ? "Accept rematch" : "Rematch"}
          </button>
        )}
        <Link className="button" href="/">
          Back to lobby
        </Link>
        <Link className="button" href={`/replay/${battleId}`}>
          Replay
        </Link>
      </div>
    </section>
  );
}

/** Sends the editor content at most every 100 ms, and only over an open socket (the latest wins). */
function useCodeSender(api: Api, battleId: string, active: boolean) {
  const { link } = useSession();
  const pending = useRef<MirroredCode | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(0);
  const linkRef = useRef(link);
  linkRef.current = link;
  const activeRef = useRef(active);
  activeRef.current = active;

  const flush = useCallback(() => {
    timer.current = null;
    const update = pending.current;
    if (update === null || !activeRef.current) return;
    if (linkRef.current !== "open") return; // sent when the connection is back
    pending.current = null;
    lastSent.current = Date.now();
    api.battle.updateCode.mutate({ battleId, ...update }).catch((err: unknown) => {
      // Too fast (should not happen at 10 a second) or the battle just ended: the next keystroke resends.
      if (errorCode(err) === "TOO_MANY_REQUESTS" && pending.current === null) pending.current = update;
    });
  }, [api, battleId]);
  const schedule = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(flush, Math.max(0, lastSent.current + 100 - Date.now()));
  }, [flush]);
  useEffect(() => {
    if (link === "open" && pending.current !== null) schedule();
  }, [link, schedule]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(
    (update: MirroredCode) => {
      pending.current = update;
      schedule();
    },
    [schedule],
  );
}

function PlayerEditor({
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

  // Ctrl/Cmd+Enter submits from anywhere on the page (inside the editor, its own keymap does).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest(".cm-editor")) return;
      e.preventDefault();
      void submit();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit]);

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

function MirrorPane({
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

function Players({ players, meId }: { players: PlayerInfo[]; meId: string }) {
  return (
    <div className="players">
      {players.map((p, i) => (
        <span key={p.id}>
          {i > 0 && <span className="vs"> vs </span>}
          <Link href={`/profile/${p.id}`}>
            <strong>{p.username}</strong>
          </Link>
          <span className="muted small"> {p.rating}</span>
          {p.id === meId && <span className="muted small"> (you)</span>}
        </span>
      ))}
    </div>
  );
}

function ChallengePane({ challenge, language }: { challenge: Challenge; language: Language }) {
  return (
    <details className="pane statement-pane" open>
      <summary>Challenge</summary>
      <Statement challenge={challenge} language={language} />
    </details>
  );
}

export function BattleScreen({ battleId, mode }: { battleId: string; mode: "play" | "watch" }) {
  const { api, me, refreshMe } = useSession();
  const view = useAsync(() => api.battle.get.query({ battleId }), [api, battleId]);
  const { events, error: eventsError } = useBattleEvents(api, battleId);
  const mirrored = useMirroredCode(api, battleId);
  // This battle's draft, else the player's last choice (a spectator reads the statement in it too).
  const [language, setLanguage] = useState<Language>(() => loadDraft(battleId)?.language ?? preferredLanguage());
  const state = useMemo(() => fold(events), [events]);
  const v = view.data;
  const isPlayer = v ? v.players.some((p) => p.id === me.id) : false;

  useEffect(() => {
    if (v && mode === "play" && !isPlayer) navigate(`/watch/${battleId}`, { replace: true });
  }, [v, mode, isPlayer, battleId]);
  useEffect(() => {
    if (state.finished && isPlayer) void refreshMe().catch(() => {});
  }, [state.finished, isPlayer, refreshMe]);
  useEffect(() => {
    if (v) document.title = `${v.players.map((p) => p.username).join(" vs ")} · codeduel`;
    return () => {
      document.title = "codeduel";
    };
  }, [v]);

  if (view.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {view.error}
        </p>
        <Link href="/">Back to lobby</Link>
      </main>
    );
  }
  if (!v) return <main className="narrow muted">Loading the battle…</main>;

  const deadlineAt = state.deadlineAt ?? v.deadlineAt;
  const finished = state.finished;
  const others = v.players.filter((p) => p.id !== me.id);
  const watching = mode === "watch" || !isPlayer;

  return (
    <main className={`battle ${watching ? "watching" : "playing"}`}>
      <header className="battle-head">
        <div>
          <div className="muted small">{watching ? "Spectating" : "Battle"}</div>
          <h1 className="battle-title">{v.challenge.title}</h1>
          <Players players={v.players} meId={me.id} />
        </div>
        <Countdown deadlineAt={deadlineAt} finished={finished !== null || v.status === "finished"} />
      </header>
      <Presence state={state} players={v.players} meId={watching ? "" : me.id} />
      {eventsError && (
        <p role="alert" className="error-text">
          {eventsError}
        </p>
      )}
      {finished && <Result finished={finished} players={v.players} meId={me.id} battleId={battleId} isPlayer={isPlayer && !watching} />}
      {!finished && v.status === "finished" && (
        <p className="notice">
          This battle is over. <Link href={`/replay/${battleId}`}>Watch the replay</Link>
        </p>
      )}
      <div className="battle-grid">
        <ChallengePane challenge={v.challenge} language={language} />
        {watching ? (
          v.players.map((p) => (
            <MirrorPane
              key={p.id}
              player={p}
              mirrored={mirrored.get(p.id)}
              submissions={state.submissions.filter((s) => s.userId === p.id)}
              label={`${p.username}'s code`}
            />
          ))
        ) : (
          <>
            <PlayerEditor view={v} state={state} mirrored={mirrored} meId={me.id} language={language} onLanguage={setLanguage} />
            {others.map((p) => (
              <MirrorPane
                key={p.id}
                player={p}
                mirrored={mirrored.get(p.id)}
                submissions={state.submissions.filter((s) => s.userId === p.id)}
                label="Opponent's code"
              />
            ))}
          </>
        )}
      </div>
    </main>
  );
}
