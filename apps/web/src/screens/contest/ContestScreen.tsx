// A contest's page: its description and countdown, registering, and once it runs the problems, the
// editor and one's submissions; the live standings throughout; a proctored contest's notice, and
// for its participant their warnings and record.
import { useEffect } from "react";
import { Markdown } from "../../components/Statement.tsx";
import { Link } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { useAsync } from "../../util.ts";
import { ContestHead } from "./ContestHead.tsx";
import { phaseAt, useContest, useMySubmissions, useServerNow, useStandings } from "./hooks.ts";
import { ProctorNotice } from "./proctoring/ProctorNotice.tsx";
import { disqualifiedText, ProctorAlert, ProctorRecordCard } from "./proctoring/ProctorStatus.tsx";
import { useProctoring } from "./proctoring/useProctoring.ts";
import { RegisterForm } from "./RegisterForm.tsx";
import { StandingsCard } from "./Standings.tsx";
import { Workspace } from "./Workspace.tsx";

/** Asked a moment after the start by this clock: a clock a little ahead of the server's would be refused. */
const START_GRACE_MS = 750;

export function ContestScreen({ contestId }: { contestId: string }) {
  const { api, me, isAdmin } = useSession();
  const contest = useContest(api, contestId);
  const offset = contest.data?.offset ?? 0;
  const now = useServerNow(offset);
  const c = contest.data?.view;
  const phase = c ? phaseAt(c, now) : "upcoming";
  const entitled = (c?.registered ?? false) || isAdmin === true;
  const started = c !== undefined && now >= Date.parse(c.startsAt) + START_GRACE_MS;
  const participating = c?.registered === true && started;
  const subs = useMySubmissions(api, contestId, participating);
  const proctoring = useProctoring(contestId, c?.proctoring ?? null, {
    registered: c?.registered === true,
    running: participating && phase === "running",
  });
  const disqualified = proctoring.record.disqualified;
  // Registered: a fresh board read lists the user (a registration is not a change on the stream).
  const { board, error: boardError } = useStandings(api, contestId, me.id, subs.refresh, c?.registered);
  const problems = useAsync(
    async () => (entitled && started ? api.contest.problems.query({ contestId }) : null),
    [api, contestId, entitled, started],
  );

  useEffect(() => {
    if (c) document.title = `${c.title} · codeduel`;
    return () => {
      document.title = "codeduel";
    };
  }, [c]);

  if (contest.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {contest.error}
        </p>
        <Link href="/contests">All contests</Link>
      </main>
    );
  }
  if (!c) return <main className="narrow muted">Loading the contest…</main>;

  return (
    <main className="contest">
      <ContestHead contest={c} phase={phase} now={now} participants={Math.max(board?.rows.length ?? 0, c.participants)} />
      {c.proctoring && c.registered && <ProctorAlert record={proctoring.record} />}
      {c.description.trim() && (
        <details className="card description" open={phase === "upcoming"}>
          <summary>About this contest</summary>
          <Markdown text={c.description} />
        </details>
      )}
      {isAdmin && (
        <p className="small">
          <Link href={`/organise/contest/${c.id}`}>Manage this contest</Link>
        </p>
      )}
      {!c.registered && <RegisterForm contest={c} phase={phase} onRegistered={contest.reload} />}
      {c.registered && phase === "upcoming" && (
        <p className="notice" role="status">
          You are registered. The problems open here when the countdown ends.
        </p>
      )}
      {c.proctoring && (
        <div className="proctor-grid">
          <ProctorNotice policy={proctoring.record.policy ?? c.proctoring} fullscreen={c.registered ? proctoring.fullscreen : undefined} />
          {c.registered && <ProctorRecordCard proctoring={proctoring} />}
        </div>
      )}
      {problems.error && (
        <p role="alert" className="error-text">
          {problems.error}{" "}
          <button type="button" className="small" onClick={problems.reload}>
            Try again
          </button>
        </p>
      )}
      {problems.data && (
        <Workspace
          contestId={contestId}
          problems={problems.data}
          closed={
            phase === "ended"
              ? "The contest is over: submissions are closed."
              : !c.registered
                ? "Organisers read the problems here; only participants submit."
                : disqualified
                  ? disqualifiedText(disqualified)
                  : null
          }
          board={board}
          meId={me.id}
          subs={subs.data ?? []}
          onSubmitted={subs.refresh}
        />
      )}
      <StandingsCard id="standings-title" title="Standings" error={boardError} board={board} meId={me.id} now={now} />
    </main>
  );
}
