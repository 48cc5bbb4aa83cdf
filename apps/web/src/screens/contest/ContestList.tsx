// The contests a player can see (public ones; admins also see unlisted ones): phase, times, places
// taken, and registering in one click (a guest barred from one hears why). An unlisted contest is
// reached by its link, and registered there with its join code.
import { useState } from "react";
import { errorMessage } from "../../api.ts";
import { TableRegion } from "../../components/TableRegion.tsx";
import { Link } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { dateTime, useAsync } from "../../util.ts";
import { PhaseBadge, SCORING_LABEL } from "./ContestHead.tsx";

export function ContestList() {
  const { api, isAdmin } = useSession();
  const list = useAsync(() => api.contest.list.query(), [api], 15_000);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const register = async (contestId: string) => {
    setBusy(contestId);
    setError(null);
    try {
      await api.contest.register.mutate({ contestId });
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="contests">
      <div className="page-head">
        <h1>Contests</h1>
        {isAdmin && (
          <Link className="button" href="/organise">
            Organise
          </Link>
        )}
      </div>
      <section className="card" aria-labelledby="contests-title">
        <h2 id="contests-title" className="sr-only">
          All contests
        </h2>
        {list.error && <p className="error-text">{list.error}</p>}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        {list.data && list.data.length === 0 && <p className="muted">No contests yet.</p>}
        {list.data && list.data.length > 0 && (
          <TableRegion label="Contests table">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Contest</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Ends</th>
                  <th scope="col" className="num">
                    Participants
                  </th>
                  <th scope="col">
                    <span className="sr-only">Registration</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.id} data-testid={`contest-${c.title}`}>
                    <td>
                      <Link href={`/contest/${c.id}`}>{c.title}</Link>
                      <div className="small muted">
                        {SCORING_LABEL[c.scoring]}
                        {c.visibility === "unlisted" ? " · unlisted" : ""}
                        {c.proctored ? " · proctored" : ""}
                      </div>
                    </td>
                    <td>
                      <PhaseBadge phase={c.phase} />
                    </td>
                    <td className="small">{dateTime(c.startsAt)}</td>
                    <td className="small">{dateTime(c.endsAt)}</td>
                    <td className="num">
                      {c.participants} / {c.maxParticipants}
                    </td>
                    <td>
                      {c.registered ? (
                        <span className="ok-text">Registered</span>
                      ) : c.phase === "ended" ? (
                        <span className="muted small">Closed</span>
                      ) : c.visibility === "unlisted" ? (
                        <Link href={`/contest/${c.id}`} aria-label={`Open ${c.title} to register`}>
                          Open
                        </Link>
                      ) : (
                        <button
                          type="button"
                          className="small"
                          disabled={busy !== null}
                          onClick={() => void register(c.id)}
                          aria-label={`Register for ${c.title}`}
                        >
                          Register
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </main>
  );
}
