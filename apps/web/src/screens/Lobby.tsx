// The lobby: your rating, matchmaking with its live status, battles to watch, and the leaderboard.
import { useEffect, useState } from "react";
import { type Api, errorCode, errorMessage } from "../api.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { clock, useAsync, useNow } from "../util.ts";

export function Leaderboard({ api, highlight }: { api: Api; highlight?: string }) {
  const top = useAsync(() => api.leaderboard.top.query({ limit: 10 }), [api], 15_000);
  return (
    <section aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title">Leaderboard</h2>
      {top.error && <p className="error-text">{top.error}</p>}
      {top.data && top.data.length === 0 && <p className="muted">Nobody has finished a battle yet. Be the first.</p>}
      {top.data && top.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Player</th>
              <th scope="col" className="num">
                Rating
              </th>
              <th scope="col" className="num">
                W / P
              </th>
            </tr>
          </thead>
          <tbody>
            {top.data.map((u, i) => (
              <tr key={u.id} className={u.id === highlight ? "me" : undefined}>
                <td>{i + 1}</td>
                <td>{highlight !== undefined ? <Link href={`/profile/${u.id}`}>{u.username}</Link> : u.username}</td>
                <td className="num">{u.rating}</td>
                <td className="num">
                  {u.wins} / {u.gamesPlayed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LiveBattles({ api }: { api: Api }) {
  const live = useAsync(() => api.battle.live.query({ limit: 10 }), [api], 5_000);
  const now = useNow(1000);
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live battles</h2>
      {live.error && <p className="error-text">{live.error}</p>}
      {live.data && live.data.length === 0 && <p className="muted">No battles right now.</p>}
      {live.data && live.data.length > 0 && (
        <ul className="list">
          {live.data.map((b) => (
            <li key={b.id} className="row">
              <span>
                <strong>{b.players.map((p) => p.username).join(" vs ")}</strong>
                <span className="muted small">
                  {" "}
                  · {b.challengeTitle} · {clock(new Date(b.deadlineAt).getTime() - now)} left
                </span>
              </span>
              <Link className="button small" href={`/watch/${b.id}`} aria-label={`Watch ${b.players.map((p) => p.username).join(" vs ")}`}>
                Watch
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type QueueState = Awaited<ReturnType<Api["queue"]["status"]["query"]>>;

function Matchmaking() {
  const { api, waiting, clearWaiting } = useSession();
  const [state, setState] = useState<QueueState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(250);

  useEffect(() => {
    let cancelled = false;
    api.queue.status.query().then(
      (s) => {
        if (!cancelled) setState(s);
      },
      (err: unknown) => {
        if (!cancelled) setError(errorMessage(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  const searching = state?.kind === "queued" || state?.kind === "pending";
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await api.queue.join.mutate();
      setState({ ...s, queueSize: 0 });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.queue.leave.mutate();
      clearWaiting();
      setState({ kind: "idle", queueSize: 0 });
    } catch (err) {
      // Matched in the meantime: `matched` is on its way and takes us to the battle.
      setError(errorCode(err) === "CONFLICT" ? "Too late: you were just matched." : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const waitedMs = waiting ? waiting.waitedMs + (now - waiting.receivedAt) : state?.kind === "queued" ? state.waitedMs : 0;
  const ratingWindow = waiting?.ratingWindow ?? (state?.kind === "queued" ? state.ratingWindow : undefined);

  return (
    <section aria-labelledby="match-title" className="matchmaking">
      <h2 id="match-title">Play</h2>
      {state?.kind === "battle" ? (
        <p>
          You are in a battle. <Link href={`/battle/${state.battleId}`}>Return to it</Link>
        </p>
      ) : searching ? (
        <div className="searching" role="status" aria-live="polite">
          <p className="pulse">
            <strong>Looking for an opponent…</strong>
          </p>
          <dl className="stats">
            <div>
              <dt>Waiting</dt>
              <dd data-testid="wait-time">{clock(waitedMs)}</dd>
            </div>
            <div>
              <dt>Rating window</dt>
              <dd data-testid="rating-window">{ratingWindow !== undefined ? `±${Math.round(ratingWindow)}` : "…"}</dd>
            </div>
            <div>
              <dt>In queue</dt>
              <dd>{waiting?.queueSize ?? "…"}</dd>
            </div>
          </dl>
          <button type="button" onClick={() => void leave()} disabled={busy}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <p className="muted">You will be paired with a player near your rating; the window widens the longer you wait.</p>
          <button type="button" className="primary big" onClick={() => void join()} disabled={busy || state === null}>
            Find a match
          </button>
        </>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}

export function Lobby() {
  const { api, me } = useSession();
  // The battle screen (and its editor) is a separate chunk: fetch it now, while the player waits.
  useEffect(() => {
    void import("./battle/BattleScreen.tsx");
  }, []);
  return (
    <main className="lobby">
      <h1 className="sr-only">Lobby</h1>
      <section className="card me-card" aria-label="You">
        <div>
          <div className="muted small">Signed in as</div>
          <div className="big-name">{me.username}</div>
          {me.isGuest && <div className="small muted">Guest account: it lives as long as this browser keeps its token.</div>}
        </div>
        <div className="rating">
          <div className="muted small">Rating</div>
          <div className="rating-value">{me.rating}</div>
          <div className="small muted">
            {me.wins} wins · {me.gamesPlayed} played · <Link href="/profile">Profile</Link>
          </div>
        </div>
      </section>
      <div className="card">
        <Matchmaking />
      </div>
      <div className="card">
        <LiveBattles api={api} />
      </div>
      <div className="card">
        <Leaderboard api={api} highlight={me.id} />
      </div>
    </main>
  );
}
