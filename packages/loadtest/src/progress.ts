// The line printed every 2 s on stderr while the run goes: where the players are, and the p95 of
// the scenario's headline operation (relay in battles, standings in contests) over the last 2 s.
import { seconds } from "./format.ts";
import type { Metrics } from "./metrics.ts";
import type { Scenario } from "./options.ts";

export function progressLine(scenario: Scenario, elapsedMs: number, m: Metrics, players: number, windowP95: number | null): string {
  const p95 = `${m.windowOperation} p95 ${windowP95 === null ? "-" : `${windowP95.toFixed(1)} ms`}`;
  const where =
    scenario === "contest"
      ? [
          `registered ${m.contest.registered}`,
          `judging ${m.contest.inflight}`,
          `verdicts ${[...m.verdicts.values()].reduce((a, b) => a + b, 0)}`,
          // A proctored run's: reports sent and participants disqualified.
          ...(m.proctor.sent > 0 ? [`reports ${m.proctor.sent}`, `disqualified ${m.proctor.disqualifiedSeen}`] : []),
        ]
      : [`queued ${m.queued}`, `in battle ${m.inBattle}`, `battles done ${m.battlesCompleted}`];
  return [
    `[${seconds(elapsedMs).padStart(6)}]`,
    `connected ${m.playersConnected}/${players}`,
    ...where,
    `errors ${m.errorCount}`,
    p95,
  ].join("  ");
}
