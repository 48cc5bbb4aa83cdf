// One participant's proctoring timeline for an admin (`proctorAdmin.timeline`): where they stand and
// their log, oldest first; and disqualifying or reinstating them, each with a reason that the log
// keeps (and the participant sees).
import { type FormEvent, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { dateTime, useAsync } from "../../util.ts";
import { eventText, type ProctorPolicy, timeOf } from "../contest/proctoring/words.ts";

type Action = "disqualify" | "reinstate";
const VERB: Record<Action, string> = { disqualify: "Disqualify", reinstate: "Reinstate" };

function ReasonForm({
  action,
  name,
  onSubmit,
  onCancel,
}: {
  action: Action;
  name: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The form opens where the button was: the keyboard goes straight to the reason.
  useEffect(() => input.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="reason-form" aria-label={`${VERB[action]} ${name}`} onSubmit={(e) => void submit(e)}>
      <label>
        Reason (kept in the log{action === "disqualify" ? ", shown to the participant" : ""})
        <input ref={input} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className={action === "disqualify" ? "danger" : "primary"} disabled={busy || reason.trim() === ""}>
          {VERB[action]} {name}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ProctorTimeline({
  contestId,
  userId,
  name,
  policy,
  version,
}: {
  contestId: string;
  userId: string;
  name: string;
  policy: ProctorPolicy | null;
  /** Read again when this changes (the feed brought an entry about the participant). */
  version: number;
}) {
  const { api } = useSession();
  const timeline = useAsync(() => api.proctorAdmin.timeline.query({ contestId, userId }), [api, contestId, userId, version]);
  const [action, setAction] = useState<Action | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const dq = timeline.data?.disqualified ?? null;

  const act = async (a: Action, reason: string) => {
    setMessage(null);
    try {
      if (a === "disqualify") await api.proctorAdmin.disqualify.mutate({ contestId, userId, reason });
      else await api.proctorAdmin.reinstate.mutate({ contestId, userId, reason });
      setAction(null);
      setMessage({ ok: true, text: a === "disqualify" ? `${name} is disqualified.` : `${name} is reinstated.` });
      timeline.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };

  return (
    <section className="proctor-timeline" aria-labelledby="proctor-timeline-title">
      <h3 id="proctor-timeline-title">Timeline of {name}</h3>
      {timeline.error && <p className="error-text">{timeline.error}</p>}
      {timeline.data && (
        <>
          <p data-testid="proctor-standing">
            {dq ? (
              <>
                <strong className="error-text">Disqualified</strong> since {dateTime(dq.at)}: {dq.reason}
              </>
            ) : (
              "Not disqualified."
            )}
          </p>
          {timeline.data.events.length === 0 ? (
            <p className="muted small">Nothing recorded about {name}.</p>
          ) : (
            <ol className="proctor-log" aria-label={`Timeline of ${name}`}>
              {timeline.data.events.map((e) => (
                <li key={e.seq}>
                  <time dateTime={e.at}>{timeOf(e.at)}</time> {eventText(e, policy, false)}
                  {e.clientAt && <span className="muted small"> · seen by the browser at {timeOf(e.clientAt)}</span>}
                </li>
              ))}
            </ol>
          )}
          {action ? (
            <ReasonForm action={action} name={name} onSubmit={(reason) => act(action, reason)} onCancel={() => setAction(null)} />
          ) : (
            <div className="actions">
              {dq ? (
                <button type="button" onClick={() => setAction("reinstate")}>
                  Reinstate…
                </button>
              ) : (
                <button type="button" className="danger" onClick={() => setAction("disqualify")}>
                  Disqualify…
                </button>
              )}
            </div>
          )}
        </>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "ok-text" : "error-text"}>
          {message.text}
        </p>
      )}
    </section>
  );
}
