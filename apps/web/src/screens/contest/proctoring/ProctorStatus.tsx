// Where the participant stands under proctoring: warnings and a disqualification as they come (one
// live region, announced at once), and everything recorded about them.
import { useSession } from "../../../session.tsx";
import { latestWarning, type ProctorRecord } from "./record.ts";
import type { Proctoring } from "./useProctoring.ts";
import { didText, eventText, timeOf } from "./words.ts";

/** The words submitting is refused with, for the editor's submit button. */
export function disqualifiedText(d: { reason: string }): string {
  return `You are disqualified (${d.reason}): submissions are refused.`;
}

/** Always rendered while proctored, so a screen reader hears each change of its content. */
export function ProctorAlert({ record }: { record: ProctorRecord }) {
  const warning = latestWarning(record.events);
  const of = record.policy ? ` of ${record.policy.disqualifyAt}` : "";
  return (
    <div role="alert" className="proctor-alert" data-testid="proctor-alert">
      {record.disqualified ? (
        <p className="notice danger">
          <strong>You are disqualified.</strong> {record.disqualified.reason.replace(/\.$/, "")}. Your submissions are refused; you can
          still read the problems and the standings. An organiser can reinstate you.
        </p>
      ) : (
        warning && (
          <p className="notice warn">
            <strong>Warning {warning.n}:</strong> {didText(warning.event)} — {warning.event.score}
            {of}
          </p>
        )
      )}
    </div>
  );
}

export function ProctorRecordCard({ proctoring }: { proctoring: Proctoring }) {
  const { record, error, unsent, otherTabs } = proctoring;
  // With the socket up a report is on its way for a few milliseconds: not worth a flicker.
  const waiting = useSession().link !== "open" ? unsent : 0;
  return (
    <section className="card proctor-record" aria-labelledby="proctor-record-title">
      <h2 id="proctor-record-title">What is recorded about you</h2>
      {error && <p className="error-text small">{error}</p>}
      {otherTabs > 0 && <p className="notice warn small">This contest is open in another tab of this browser too.</p>}
      {waiting > 0 && (
        <p className="small muted" data-testid="proctor-unsent">
          {waiting === 1 ? "1 report waits" : `${waiting} reports wait`} for the connection: sent as soon as it is back.
        </p>
      )}
      {record.events.length === 0 ? (
        <p className="muted small">Nothing so far.</p>
      ) : (
        <ol className="proctor-log" aria-label="Your proctoring record">
          {record.events.map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{timeOf(e.at)}</time> {eventText(e, record.policy)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
