// What proctoring subscriptions carry: one entry of a contest's proctoring log, tracked by its
// sequence number, so a reconnecting admin or participant resumes exactly.
import type { ProctorOutcome, ProctorPolicy, ProctorSignal, SignalDetail } from "./policy.ts";

export interface ProctorEvent {
  contestId: string;
  /** Gapless per contest (a participant's own events skip the others'). */
  seq: number;
  /** The participant it is about. */
  userId: string;
  name: string;
  kind: "violation" | "disqualified" | "reinstated";
  /** The server's time. */
  at: string;
  /** Violations: what was seen, when the browser saw it, what it measured, and what it did to the score. */
  signal: ProctorSignal | null;
  clientAt: string | null;
  /** The browser's id for the report: it can tell which of its reports this record is. */
  clientId: string | null;
  detail: SignalDetail | null;
  weight: number | null;
  score: number | null;
  outcome: ProctorOutcome | null;
  /** Disqualifications and reinstatements: by whom (null: the policy) and why. */
  by: string | null;
  reason: string | null;
}

/** Where a participant stands under the policy. */
export interface ProctorStanding {
  policy: ProctorPolicy;
  disqualified: { at: string; reason: string } | null;
}

export type ProctorMessage = ({ type: "state" } & ProctorStanding) | ({ type: "event" } & ProctorEvent);
