// The result card of a finished battle: winner, reason, rating changes, and rematch.
import type { PlayerInfo } from "@codeduel/api";
import { useEffect, useRef, useState } from "react";
import { errorCode, errorMessage } from "../../api.ts";
import { type FinishedData, REASON_LABEL } from "../../battle-state.ts";
import { Link, navigate } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { signed } from "../../util.ts";

export function Result({
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
