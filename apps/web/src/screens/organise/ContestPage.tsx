// A contest's page for its organisers: the form for a new one; for an existing one its link and join
// code, the settings (editable until it starts), participants, the live board, proctoring, reveal and exports.
import { useEffect, useState } from "react";
import { errorMessage } from "../../api.ts";
import { Link, navigate } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { ContestHead } from "../contest/ContestHead.tsx";
import { type ContestView, phaseAt, useContest, useServerNow, useStandings } from "../contest/hooks.ts";
import { StandingsCard } from "../contest/Standings.tsx";
import { Exports, Participants, Reveal } from "./ContestControls.tsx";
import { ContestForm } from "./ContestForm.tsx";
import { type ContestInput, type ContestValues, newContestValues, valuesOfEditable } from "./contest-values.ts";
import { ProctoringPanel } from "./ProctoringPanel.tsx";

const noop = () => {};

function NewContest() {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const save = async (input: ContestInput): Promise<string | null> => {
    setBusy(true);
    try {
      const { contestId } = await api.contestAdmin.create.mutate(input);
      navigate(`/organise/contest/${contestId}`);
      return null;
    } catch (err) {
      return errorMessage(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="organise">
      <p className="small">
        <Link href="/organise">← Organise</Link>
      </p>
      <h1>New contest</h1>
      <ContestForm initial={newContestValues()} onSave={save} saving={busy} saveLabel="Create the contest" />
    </main>
  );
}

function Settings({ contest, onSaved }: { contest: ContestView; onSaved: () => void }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [loaded, setLoaded] = useState<{ values?: ContestValues; error?: string }>({});
  useEffect(() => {
    let live = true;
    api.contestAdmin.get.query({ contestId: contest.id }).then(
      (e) => live && setLoaded({ values: valuesOfEditable(e) }),
      (err: unknown) => live && setLoaded({ error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, contest.id]);
  const save = async (input: ContestInput): Promise<string | null> => {
    setBusy(true);
    setSaved(false);
    try {
      await api.contestAdmin.update.mutate({ contestId: contest.id, contest: input });
      setSaved(true);
      onSaved();
      return null;
    } catch (err) {
      return errorMessage(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {loaded.error && (
        <p role="alert" className="error-text">
          {loaded.error}
        </p>
      )}
      {saved && (
        <p role="status" className="ok-text">
          Saved.
        </p>
      )}
      {loaded.values ? (
        <ContestForm initial={loaded.values} onSave={save} saving={busy} saveLabel="Save changes" />
      ) : (
        !loaded.error && <p className="muted">Loading the settings…</p>
      )}
    </section>
  );
}

function ManageContest({ contestId }: { contestId: string }) {
  const { api, me } = useSession();
  const contest = useContest(api, contestId);
  const now = useServerNow(contest.data?.offset ?? 0);
  // An admin's subscription follows the live board (never frozen).
  const { board, error: boardError } = useStandings(api, contestId, me.id, noop);
  const c = contest.data?.view;
  if (contest.error) {
    return (
      <main className="narrow">
        <p role="alert" className="error-text">
          {contest.error}
        </p>
        <Link href="/organise">Back to Organise</Link>
      </main>
    );
  }
  if (!c) return <main className="narrow muted">Loading the contest…</main>;
  const phase = phaseAt(c, now);
  const link = `${location.origin}/contest/${c.id}${c.joinCode ? `?code=${encodeURIComponent(c.joinCode)}` : ""}`;
  return (
    <main className="organise">
      <p className="small">
        <Link href="/organise">← Organise</Link> · <Link href={`/contest/${c.id}`}>The participants' page</Link>
      </p>
      <ContestHead contest={c} phase={phase} now={now} participants={Math.max(board?.rows.length ?? 0, c.participants)} />
      <section className="card share" aria-labelledby="share-title">
        <h2 id="share-title">Share</h2>
        <label>
          Link for participants
          <input className="share-link" readOnly value={link} onFocus={(e) => e.target.select()} />
        </label>
        {c.joinCode && (
          <p>
            Join code: <code data-testid="join-code">{c.joinCode}</code> (the link carries it)
          </p>
        )}
      </section>
      {phase === "upcoming" ? (
        <Settings contest={c} onSaved={contest.reload} />
      ) : (
        <p className="notice">The contest has started: its problems, times and scoring are fixed.</p>
      )}
      <div className="organise-grid">
        <Participants contestId={c.id} />
        <Reveal contestId={c.id} phase={phase} hasFreeze={c.freezeAt !== null} />
      </div>
      <StandingsCard id="live-board-title" title="Live board" error={boardError} board={board} meId={me.id} now={now} />
      {c.proctoring && <ProctoringPanel contestId={c.id} title={c.title} policy={c.proctoring} />}
      <Exports contestId={c.id} title={c.title} />
    </main>
  );
}

export function ContestPage({ contestId }: { contestId?: string }) {
  return contestId ? <ManageContest contestId={contestId} /> : <NewContest />;
}
