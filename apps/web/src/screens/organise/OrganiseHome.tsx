// The organisers' overview: their problems (newest version of each, with its status) and every
// contest, each a link to its page, and links to make new ones.

import { TableRegion } from "../../components/TableRegion.tsx";
import { Link } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { dateTime, useAsync } from "../../util.ts";
import { PhaseBadge } from "../contest/ContestHead.tsx";
import { VersionStatus } from "./ProblemVersions.tsx";

function Problems() {
  const { api } = useSession();
  const list = useAsync(() => api.problem.list.query(), [api]);
  return (
    <section className="card" aria-labelledby="problems-title">
      <div className="page-head">
        <h2 id="problems-title">Problems</h2>
        <Link className="button small" href="/organise/problem/new">
          New problem
        </Link>
      </div>
      {list.error && <p className="error-text">{list.error}</p>}
      {list.data && list.data.length === 0 && <p className="muted">No problems yet. Contests can also use the library's challenges.</p>}
      {list.data && list.data.length > 0 && (
        <TableRegion label="Problems table">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.problemId}>
                  <td>
                    <Link href={`/organise/problem/${p.problemId}`}>{p.title}</Link>
                  </td>
                  <td className="num">{p.version}</td>
                  <td>
                    <VersionStatus status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function Contests() {
  const { api } = useSession();
  const list = useAsync(() => api.contest.list.query(), [api]);
  return (
    <section className="card" aria-labelledby="org-contests-title">
      <div className="page-head">
        <h2 id="org-contests-title">Contests</h2>
        <Link className="button small" href="/organise/contest/new">
          New contest
        </Link>
      </div>
      {list.error && <p className="error-text">{list.error}</p>}
      {list.data && list.data.length === 0 && <p className="muted">No contests yet.</p>}
      {list.data && list.data.length > 0 && (
        <TableRegion label="Contests to manage">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Contest</th>
                <th scope="col">Phase</th>
                <th scope="col">Starts</th>
                <th scope="col" className="num">
                  Participants
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/organise/contest/${c.id}`}>{c.title}</Link>
                    {c.visibility === "unlisted" && <span className="small muted"> · unlisted</span>}
                  </td>
                  <td>
                    <PhaseBadge phase={c.phase} />
                  </td>
                  <td className="small">{dateTime(c.startsAt)}</td>
                  <td className="num">
                    {c.participants} / {c.maxParticipants}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

export function OrganiseHome() {
  return (
    <main className="organise">
      <h1>Organise</h1>
      <div className="organise-grid">
        <Problems />
        <Contests />
      </div>
    </main>
  );
}
