// A player's profile: rating, rating history chart, past battles.
import { RatingChart } from "../components/RatingChart.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { dateTime, signed, useAsync } from "../util.ts";

export function ProfileScreen({ userId }: { userId?: string }) {
  const { api, me, signOut } = useSession();
  const profile = useAsync(() => api.profile.get.query(userId ? { userId } : undefined), [api, userId, me.rating]);
  if (profile.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {profile.error}
        </p>
        <Link href="/">Back to lobby</Link>
      </main>
    );
  }
  if (!profile.data) return <main className="narrow muted">Loading the profile…</main>;
  const { user, ratingHistory, battles } = profile.data;
  const own = user.id === me.id;
  const winRate = user.gamesPlayed > 0 ? Math.round((user.wins / user.gamesPlayed) * 100) : null;
  return (
    <main className="profile">
      <section className="card me-card" aria-label="Player">
        <div>
          <h1 className="big-name">{user.username}</h1>
          <div className="small muted">
            {user.isGuest ? "Guest" : "Player"} since {new Date(user.createdAt).toLocaleDateString()}
          </div>
        </div>
        <dl className="stats">
          <div>
            <dt>Rating</dt>
            <dd className="rating-value">{user.rating}</dd>
          </div>
          <div>
            <dt>Played</dt>
            <dd>{user.gamesPlayed}</dd>
          </div>
          <div>
            <dt>Won</dt>
            <dd>
              {user.wins}
              {winRate !== null && <span className="small muted"> ({winRate}%)</span>}
            </dd>
          </div>
        </dl>
        {own && (
          <button type="button" className="ghost small" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Rating history</h2>
        <RatingChart history={ratingHistory} current={user.rating} />
      </section>
      <section className="card" aria-labelledby="battles-title">
        <h2 id="battles-title">Past battles</h2>
        {battles.length === 0 && <p className="muted">No finished battles yet.</p>}
        {battles.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Result</th>
                <th scope="col">Opponent</th>
                <th scope="col" className="hide-narrow">
                  Challenge
                </th>
                <th scope="col" className="num">
                  Rating
                </th>
                <th scope="col" className="hide-narrow">
                  When
                </th>
                <th scope="col">
                  <span className="sr-only">Replay</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {battles.map((b) => (
                <tr key={b.id}>
                  <td className={`result-${b.result}`}>{b.result === "win" ? "Won" : b.result === "loss" ? "Lost" : "Draw"}</td>
                  <td>{b.opponent ? <Link href={`/profile/${b.opponent.id}`}>{b.opponent.username}</Link> : "—"}</td>
                  <td className="hide-narrow">{b.challengeTitle}</td>
                  <td className={`num delta ${b.ratingDelta > 0 ? "up" : b.ratingDelta < 0 ? "down" : ""}`}>{signed(b.ratingDelta)}</td>
                  <td className="hide-narrow small muted">{b.endedAt ? dateTime(b.endedAt) : ""}</td>
                  <td>
                    <Link href={`/replay/${b.id}`} aria-label={`Replay the battle against ${b.opponent?.username ?? "unknown"}`}>
                      Replay
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
