// A finished battle replayed from its event log: step through it or let it play.
import type { PlayerInfo } from "@codeduel/api";
import { useEffect, useMemo, useState } from "react";
import { type BattleEvent, fold, REASON_LABEL, STATUS_LABEL } from "../battle-state.ts";
import { Statement } from "../components/Statement.tsx";
import { VerdictDetail } from "../components/Verdict.tsx";
import { asLanguage, LANGUAGE_LABEL, preferredLanguage } from "../languages.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { signed, useAsync } from "../util.ts";

function describe(e: BattleEvent, players: PlayerInfo[]): string {
  const name = (id: string | null | undefined) => players.find((p) => p.id === id)?.username ?? "someone";
  const d = e.data;
  switch (d.type) {
    case "battle_started":
      return `The battle starts: ${d.players.map((p) => `${p.username} (${p.rating})`).join(" vs ")}`;
    case "submission_queued":
      return `${name(d.userId)} submits (${LANGUAGE_LABEL[asLanguage(d.language)]})`;
    case "verdict":
      return `${name(d.userId)}: ${STATUS_LABEL[d.status] ?? d.status}`;
    case "opponent_disconnected":
      return `${name(d.userId)} lost their connection`;
    case "opponent_reconnected":
      return `${name(d.userId)} is back`;
    case "battle_finished":
      return d.winnerId
        ? `${name(d.winnerId)} wins (${REASON_LABEL[d.reason] ?? d.reason})`
        : `Draw (${REASON_LABEL[d.reason] ?? d.reason})`;
  }
}

export function ReplayScreen({ battleId }: { battleId: string }) {
  const { api } = useSession();
  const replay = useAsync(() => api.battle.replay.query({ battleId }), [api, battleId]);
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const events = replay.data?.events ?? [];
  const total = events.length;

  useEffect(() => {
    if (replay.data) setStep(replay.data.events.length);
  }, [replay.data]);
  useEffect(() => {
    if (!playing) return;
    if (step >= total) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setStep((s) => Math.min(total, s + 1)), 700);
    return () => clearTimeout(t);
  }, [playing, step, total]);

  const state = useMemo(() => fold(events.slice(0, step)), [events, step]);

  if (replay.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {replay.error}
        </p>
        <p>
          <Link href={`/watch/${battleId}`}>Watch it live instead</Link> · <Link href="/">Lobby</Link>
        </p>
      </main>
    );
  }
  if (!replay.data) return <main className="narrow muted">Loading the replay…</main>;
  const { battle } = replay.data;
  const players = battle.players;
  const start = events[0] ? new Date(events[0].at).getTime() : 0;

  return (
    <main className="replay">
      <header className="battle-head">
        <div>
          <div className="muted small">Replay</div>
          <h1 className="battle-title">{battle.challenge.title}</h1>
          <div className="players">{players.map((p) => p.username).join(" vs ")}</div>
        </div>
      </header>
      <section className="card" aria-label="Replay controls">
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => {
              if (step >= total) setStep(0);
              setPlaying((p) => !p);
            }}
          >
            {playing ? "Pause" : step >= total ? "Play from the start" : "Play"}
          </button>
          <button type="button" onClick={() => setStep((s) => Math.max(0, s - 1))} disabled={step === 0}>
            ◀ Step
          </button>
          <button type="button" onClick={() => setStep((s) => Math.min(total, s + 1))} disabled={step >= total}>
            Step ▶
          </button>
          <label className="grow">
            <span className="sr-only">Position</span>
            <input type="range" min={0} max={total} value={step} onChange={(e) => setStep(Number(e.target.value))} />
          </label>
          <span className="small muted">
            {step} / {total}
          </span>
        </div>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls once a battle has more events than fit, and a keyboard must reach it to scroll it (axe: scrollable-region-focusable) */}
        <ol className="timeline" aria-label="Events" tabIndex={0}>
          {events.map((e, i) => (
            <li key={e.seq} className={i < step ? "done" : "todo"} aria-current={i === step - 1 ? "step" : undefined}>
              <span className="muted small">+{Math.round((new Date(e.at).getTime() - start) / 1000)}s</span> {describe(e, players)}
            </li>
          ))}
        </ol>
      </section>
      {state.finished && (
        <section className="card result" aria-label="Result">
          <h2>{state.finished.winnerId ? `${players.find((p) => p.id === state.finished?.winnerId)?.username ?? "?"} won` : "Draw"}</h2>
          <ul className="list">
            {players.map((p) => {
              const c = state.finished?.ratingChanges[p.id];
              return (
                <li key={p.id}>
                  {p.username}: {c ? `${c.before} → ${c.after} (${signed(c.delta)})` : "—"}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div className="replay-grid">
        {players.map((p) => {
          const subs = state.submissions.filter((s) => s.userId === p.id);
          return (
            <section key={p.id} className="card" aria-label={`${p.username}'s submissions`}>
              <h2>{p.username}</h2>
              {subs.length === 0 && <p className="muted small">No submissions yet.</p>}
              {subs.map((s, i) => <VerdictDetail key={s.id} submission={s} challenge={battle.challenge} index={i + 1} />).reverse()}
            </section>
          );
        })}
      </div>
      <details className="card">
        <summary>Challenge</summary>
        <Statement challenge={battle.challenge} language={preferredLanguage()} />
      </details>
    </main>
  );
}
