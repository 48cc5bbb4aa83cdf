// The battle's status: who plays whom, the time left, and notices about an opponent's connection.
import type { PlayerInfo } from "@codeduel/api";
import type { BattleState } from "../../battle-state.ts";
import { Link } from "../../router.tsx";
import { clock, useNow } from "../../util.ts";

export function Players({ players, meId }: { players: PlayerInfo[]; meId: string }) {
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

export function Countdown({ deadlineAt, finished }: { deadlineAt: string | null; finished: boolean }) {
  const now = useNow(250);
  if (!deadlineAt) return null;
  const left = new Date(deadlineAt).getTime() - now;
  return (
    <div className={`countdown ${left < 60_000 && !finished ? "urgent" : ""}`} role="timer" aria-label="Time left">
      {finished ? "Over" : left > 0 ? clock(left) : "0:00"}
    </div>
  );
}

export function Presence({ state, players, meId }: { state: BattleState; players: PlayerInfo[]; meId: string }) {
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
