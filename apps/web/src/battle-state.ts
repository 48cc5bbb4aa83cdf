// A battle's state folded from its event log: the same code serves play, spectate and replay.
import type { Api } from "./api.ts";

type Replay = Awaited<ReturnType<Api["battle"]["replay"]["query"]>>;
/** A battle event as the client receives it (JSON-serialised: `unknown` values may be missing). */
export type BattleEvent = Replay["events"][number];
export type BattleEventData = BattleEvent["data"];
/** The challenge as players see it. */
export type Challenge = Replay["battle"]["challenge"];

export type VerdictData = Extract<BattleEventData, { type: "verdict" }>;
export type FinishedData = Extract<BattleEventData, { type: "battle_finished" }>;

export interface Submission {
  id: string;
  userId: string;
  language: string;
  queuedAt: string;
  verdict: VerdictData | null;
}

export interface BattleState {
  deadlineAt: string | null;
  submissions: Submission[];
  /** Players whose connection is gone, with when they forfeit. */
  away: Map<string, string>;
  /** Players who came back after being away (until they leave again). */
  returned: Set<string>;
  finished: FinishedData | null;
  lastSeq: number;
}

export function emptyState(): BattleState {
  return { deadlineAt: null, submissions: [], away: new Map(), returned: new Set(), finished: null, lastSeq: 0 };
}

export function fold(events: readonly BattleEvent[]): BattleState {
  const s = emptyState();
  for (const e of events) apply(s, e);
  return s;
}

function apply(s: BattleState, e: BattleEvent): void {
  s.lastSeq = Math.max(s.lastSeq, e.seq);
  const d = e.data;
  switch (d.type) {
    case "battle_started":
      s.deadlineAt = d.deadlineAt;
      break;
    case "submission_queued":
      s.submissions.push({ id: d.submissionId, userId: d.userId, language: d.language, queuedAt: e.at, verdict: null });
      break;
    case "verdict": {
      const sub = s.submissions.find((x) => x.id === d.submissionId);
      if (sub) sub.verdict = d;
      else s.submissions.push({ id: d.submissionId, userId: d.userId, language: "javascript", queuedAt: e.at, verdict: d });
      break;
    }
    case "opponent_disconnected":
      s.away.set(d.userId, d.forfeitAt);
      s.returned.delete(d.userId);
      break;
    case "opponent_reconnected":
      s.away.delete(d.userId);
      s.returned.add(d.userId);
      break;
    case "battle_finished":
      s.finished = d;
      s.away.clear();
      break;
  }
}

/** Adds an event to a sorted log, ignoring one already there (a resumed subscription never repeats, but be safe). */
export function insertEvent(log: readonly BattleEvent[], e: BattleEvent): BattleEvent[] {
  if (log.some((x) => x.seq === e.seq)) return log as BattleEvent[];
  const next = [...log, e];
  if (next.length > 1 && (next.at(-2)?.seq ?? 0) > e.seq) next.sort((a, b) => a.seq - b.seq);
  return next;
}

export const STATUS_LABEL: Record<string, string> = {
  accepted: "Accepted",
  wrong_answer: "Wrong answer",
  time_limit: "Time limit exceeded",
  memory_limit: "Memory limit exceeded",
  runtime_error: "Runtime error",
  compile_error: "Compile error",
  output_limit: "Output too large",
  internal_error: "Judge error",
};

export const REASON_LABEL: Record<string, string> = {
  solved: "solved the challenge",
  forfeit: "by forfeit",
  abandoned: "the opponent left",
  timeout: "time ran out",
};
