// A participant's proctoring record folded from `contest.proctoring`: where they stand, and their
// log. Pure and immutable, so React sees every change and the rules are unit-tested.
import type { ProctorEvent, ProctorMessage } from "@codeduel/api";
import type { ProctorPolicy } from "./words.ts";

export interface ProctorRecord {
  /** The policy as the server applies it (null until the first message). */
  policy: ProctorPolicy | null;
  disqualified: { at: string; reason: string } | null;
  /** Oldest first, each once. */
  events: ProctorEvent[];
}

export const EMPTY_RECORD: ProctorRecord = { policy: null, disqualified: null, events: [] };

/**
 * A log with one more entry, in sequence order, each once: a resumed subscription never repeats
 * one, but the admins' feed is read afresh when its filter changes while old entries are shown.
 */
export function withEvent(events: ProctorEvent[], e: ProctorEvent): ProctorEvent[] {
  if (events.some((x) => x.seq === e.seq)) return events;
  const last = events.at(-1);
  if (!last || last.seq < e.seq) return [...events, e];
  return [...events, e].sort((a, b) => a.seq - b.seq);
}

export function applyProctor(r: ProctorRecord, m: ProctorMessage): ProctorRecord {
  if (m.type === "state") return { ...r, policy: m.policy, disqualified: m.disqualified };
  const { type: _, ...e } = m;
  const events = withEvent(r.events, e);
  if (events === r.events) return r;
  let disqualified = r.disqualified;
  if (e.kind === "reinstated") disqualified = null;
  else if (e.kind === "disqualified" || e.outcome === "disqualified") disqualified = { at: e.at, reason: e.reason ?? "" };
  return { ...r, events, disqualified };
}

/** The latest warning since the last reinstatement (a reinstatement starts the score afresh), numbered. */
export function latestWarning(events: ProctorEvent[]): { n: number; event: ProctorEvent } | null {
  let latest: { n: number; event: ProctorEvent } | null = null;
  let n = 0;
  for (const e of events) {
    if (e.kind === "reinstated") {
      n = 0;
      latest = null;
    } else if (e.kind === "violation" && e.outcome === "warning") {
      n += 1;
      latest = { n, event: e };
    }
  }
  return latest;
}
