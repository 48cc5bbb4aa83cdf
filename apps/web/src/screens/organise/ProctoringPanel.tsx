// A proctored contest's panel for its admins: the policy in a line, the live feed (everyone, or one
// participant), that participant's timeline with Disqualify and Reinstate, and the violation
// report as a CSV file.
import { useMemo, useState } from "react";
import { errorMessage } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { useAsync } from "../../util.ts";
import { BrowserLimits } from "../contest/proctoring/ProctorNotice.tsx";
import { collectedSignals, type ProctorPolicy, SIGNAL_NAME, thresholdsText } from "../contest/proctoring/words.ts";
import { download, fileSlug } from "./download.ts";
import { FeedTable, useProctorFeed } from "./ProctorFeed.tsx";
import { ProctorTimeline } from "./ProctorTimeline.tsx";

function ReportDownload({ contestId, title }: { contestId: string; title: string }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await api.proctorAdmin.report.query({ contestId });
      download(file.text, file.contentType, `${fileSlug(title)}-proctoring.csv`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run()}>
        Download violation report (CSV)
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
}

export function ProctoringPanel({ contestId, title, policy }: { contestId: string; title: string; policy: ProctorPolicy }) {
  const { api } = useSession();
  const participants = useAsync(() => api.contestAdmin.participants.query({ contestId }), [api, contestId], 10_000);
  const [userId, setUserId] = useState("");
  const feed = useProctorFeed(api, contestId, userId || undefined);
  // Everyone registered, and anyone the feed names (registered since the list was read).
  const people = useMemo(() => {
    const names = new Map((participants.data ?? []).map((p) => [p.userId, p.name]));
    for (const e of feed.events) names.set(e.userId, e.name);
    return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [participants.data, feed.events]);
  const selected = people.find((p) => p.id === userId);

  return (
    <section className="card proctoring-admin" aria-labelledby="proctoring-title">
      <div className="page-head">
        <h2 id="proctoring-title">Proctoring</h2>
        <ReportDownload contestId={contestId} title={title} />
      </div>
      <p className="small muted">
        Collects{" "}
        {collectedSignals(policy)
          .map(({ signal, weight }) => `${SIGNAL_NAME[signal].toLowerCase()} (${weight})`)
          .join(", ")}
        . {thresholdsText(policy)}
      </p>
      <BrowserLimits />
      <div className="form-row feed-filter">
        <label>
          Show
          <select value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">All participants</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3>
        Live feed{selected ? ` of ${selected.name}` : ""} <span className="muted small">({feed.events.length})</span>
      </h3>
      {feed.error && <p className="error-text">{feed.error}</p>}
      <FeedTable events={feed.events} policy={policy} />
      {selected ? (
        <ProctorTimeline
          key={selected.id}
          contestId={contestId}
          userId={selected.id}
          name={selected.name}
          policy={policy}
          version={feed.events.length}
        />
      ) : (
        <p className="small muted">Choose a participant to see their timeline, and to disqualify or reinstate them.</p>
      )}
    </section>
  );
}
