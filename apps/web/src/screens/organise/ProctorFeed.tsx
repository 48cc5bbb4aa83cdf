// The admins' live proctoring feed: every violation, disqualification and reinstatement of a
// contest (or of one participant) from `proctorAdmin.feed`, which sends the log so far, then each
// entry as it happens; tracked, so wsLink resumes it after a drop with nothing missed.
import type { ProctorEvent } from "@codeduel/api";
import { useEffect, useState } from "react";
import { type Api, errorMessage } from "../../api.ts";
import { TableRegion } from "../../components/TableRegion.tsx";
import { withEvent } from "../contest/proctoring/record.ts";
import { eventText, type ProctorPolicy, timeOf } from "../contest/proctoring/words.ts";

export function useProctorFeed(api: Api, contestId: string, userId: string | undefined): { events: ProctorEvent[]; error: string | null } {
  const [events, setEvents] = useState<ProctorEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setEvents([]);
    setError(null);
    const sub = api.proctorAdmin.feed.subscribe(
      { contestId, userId },
      {
        onData(tracked) {
          setError(null);
          setEvents((list) => withEvent(list, tracked.data));
        },
        onError(err) {
          setError(errorMessage(err));
        },
      },
    );
    return () => sub.unsubscribe();
  }, [api, contestId, userId]);
  return { events, error };
}

/** A row's tint: what the entry did to the participant. */
function tone(e: ProctorEvent): string {
  if (e.kind === "disqualified" || e.outcome === "disqualified") return "bad";
  if (e.kind === "reinstated") return "good";
  return e.outcome === "warning" ? "warn" : "";
}

export function FeedTable({ events, policy }: { events: ProctorEvent[]; policy: ProctorPolicy | null }) {
  if (events.length === 0) return <p className="muted small">Nothing recorded yet.</p>;
  const newestFirst = [...events].reverse();
  return (
    <TableRegion label="Proctoring feed" className="short">
      <table className="table proctor-feed">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Participant</th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((e) => (
            <tr key={e.seq} className={tone(e)} data-testid={`proctor-event-${e.seq}`}>
              <td className="small">
                <time dateTime={e.at}>{timeOf(e.at)}</time>
              </td>
              <td>{e.name}</td>
              <td>{eventText(e, policy, false)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
