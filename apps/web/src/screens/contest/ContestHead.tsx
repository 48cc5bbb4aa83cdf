// The contest page's head: title, rule, phase, times, participants, and the countdown to the start
// or the end by the server's clock.
import { dateTime, longClock } from "../../util.ts";
import type { ContestPhase, ContestView } from "./hooks.ts";

export const PHASE_LABEL: Record<ContestPhase, string> = { upcoming: "Upcoming", running: "Running", ended: "Ended" };
export const SCORING_LABEL: Record<ContestView["scoring"], string> = { icpc: "ICPC rules", points: "Points" };

export function PhaseBadge({ phase }: { phase: ContestPhase }) {
  return <span className={`phase ${phase}`}>{PHASE_LABEL[phase]}</span>;
}

export function ContestCountdown({ contest, phase, now }: { contest: ContestView; phase: ContestPhase; now: number }) {
  if (phase === "ended") return <div className="countdown">Ended</div>;
  const upcoming = phase === "upcoming";
  const left = Date.parse(upcoming ? contest.startsAt : contest.endsAt) - now;
  return (
    <div
      className={`countdown ${!upcoming && left < 5 * 60_000 ? "urgent" : ""}`}
      role="timer"
      aria-label={upcoming ? "Time to the start" : "Time left"}
    >
      <span className="small muted countdown-caption">{upcoming ? "Starts in" : "Ends in"} </span>
      {longClock(left)}
    </div>
  );
}

export function ContestHead({
  contest,
  phase,
  now,
  participants,
}: {
  contest: ContestView;
  phase: ContestPhase;
  now: number;
  /**
   * At least as many as the board shows: the contest as read may be older, and registrations are
   * not standings changes (a newcomer shows on the board with their first submission).
   */
  participants?: number;
}) {
  return (
    <header className="contest-head">
      <div>
        <div className="muted small">
          Contest · {SCORING_LABEL[contest.scoring]} · <PhaseBadge phase={phase} />
          {contest.visibility === "unlisted" && " · unlisted"}
          {contest.proctored && " · proctored"}
        </div>
        <h1 className="battle-title">{contest.title}</h1>
        <div className="small muted">
          {dateTime(contest.startsAt)} – {dateTime(contest.endsAt)}
          {contest.freezeAt && ` · board freezes at ${dateTime(contest.freezeAt)}`} · {participants ?? contest.participants} /{" "}
          {contest.maxParticipants} registered
        </div>
      </div>
      <ContestCountdown contest={contest} phase={phase} now={now} />
    </header>
  );
}
