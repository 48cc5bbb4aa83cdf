// Running a contest: who registered, revealing frozen results after the end (one at a time,
// resolver style, or all at once), and exports downloaded as files.
import { useState } from "react";
import { errorMessage } from "../../api.ts";
import { TableRegion } from "../../components/TableRegion.tsx";
import { useSession } from "../../session.tsx";
import { dateTime, useAsync } from "../../util.ts";
import type { ContestPhase } from "../contest/hooks.ts";
import { download, fileSlug } from "./download.ts";

export function Participants({ contestId }: { contestId: string }) {
  const { api } = useSession();
  const list = useAsync(() => api.contestAdmin.participants.query({ contestId }), [api, contestId], 10_000);
  const rows = [...(list.data ?? [])].sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
  return (
    <section className="card" aria-labelledby="participants-title">
      <h2 id="participants-title">
        Participants <span className="muted small">({rows.length})</span>
      </h2>
      {list.error && <p className="error-text">{list.error}</p>}
      {list.data && rows.length === 0 && <p className="muted">Nobody has registered yet.</p>}
      {rows.length > 0 && (
        <TableRegion label="Participants table" className="short">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.userId}>
                  <td>{p.name}</td>
                  <td>{p.isGuest ? "Guest" : "Player"}</td>
                  <td className="small">{dateTime(p.registeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

export function Reveal({ contestId, phase, hasFreeze }: { contestId: string; phase: ContestPhase; hasFreeze: boolean }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const reveal = async (all: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.contestAdmin.reveal.mutate({ contestId, all });
      const text = r.done
        ? `${r.revealed > 0 ? `Revealed ${r.revealed}. ` : ""}Every result is shown: the board is unfrozen.`
        : `Revealed ${r.revealed}; more results are still frozen.`;
      setMessage({ ok: true, text });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="reveal-title">
      <h2 id="reveal-title">Results</h2>
      <p className="small muted">
        {!hasFreeze
          ? "This contest has no freeze: everyone sees every result as it comes."
          : phase !== "ended"
            ? "After the end, reveal the frozen results: one at a time from the bottom of the board up, or all at once."
            : "Reveal the frozen results: the next one (the lowest-ranked participant's first pending problem) or all at once."}
      </p>
      <div className="actions">
        <button type="button" disabled={busy || phase !== "ended" || !hasFreeze} onClick={() => void reveal(false)}>
          Reveal next
        </button>
        <button type="button" disabled={busy || phase !== "ended" || !hasFreeze} onClick={() => void reveal(true)}>
          Reveal all
        </button>
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok-text" : "error-text"}>
          {message.text}
        </p>
      )}
    </section>
  );
}

const EXPORTS = [
  { what: "standings", format: "csv" },
  { what: "standings", format: "json" },
  { what: "submissions", format: "csv" },
  { what: "submissions", format: "json" },
] as const;

export function Exports({ contestId, title }: { contestId: string; title: string }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const slug = fileSlug(title);
  const run = async (what: "standings" | "submissions", format: "csv" | "json") => {
    setBusy(true);
    setError(null);
    try {
      const file = await api.contestAdmin.export.query({ contestId, what, format });
      download(file.text, file.contentType, `${slug}-${what}.${format}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="small muted">The final standings (the live board), or every submission with a hash of its code (never the code).</p>
      <div className="actions">
        {EXPORTS.map(({ what, format }) => (
          <button key={`${what}-${format}`} type="button" disabled={busy} onClick={() => void run(what, format)}>
            {what === "standings" ? "Standings" : "Submissions"} ({format.toUpperCase()})
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
