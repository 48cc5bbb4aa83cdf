// A battle, for its players (editor, submit, verdicts, forfeit, result and rematch) and for
// spectators (both codes read-only, both players' verdicts).
import { useEffect, useMemo, useState } from "react";
import { fold } from "../../battle-state.ts";
import { loadDraft } from "../../drafts.ts";
import { type Language, preferredLanguage } from "../../languages.ts";
import { Link, navigate } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { useAsync } from "../../util.ts";
import { Countdown, Players, Presence } from "./BattleStatus.tsx";
import { useBattleEvents, useMirroredCode } from "./hooks.ts";
import { ChallengePane, MirrorPane } from "./Panes.tsx";
import { PlayerEditor } from "./PlayerEditor.tsx";
import { Result } from "./Result.tsx";

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
