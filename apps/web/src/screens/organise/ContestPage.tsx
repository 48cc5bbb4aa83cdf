// A contest's page for its organisers: the form for a new one; for an existing one its link and join
// code, the settings (editable until it starts), participants, the live board, reveal and exports.
import { useState } from "react";
import { errorMessage } from "../../api.ts";
import { Link, navigate } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { ContestHead } from "../contest/ContestHead.tsx";
import { type ContestView, phaseAt, useContest, useServerNow, useStandings } from "../contest/hooks.ts";
import { Standings } from "../contest/Standings.tsx";
import { Exports, Participants, Reveal } from "./ContestControls.tsx";
import { ContestForm } from "./ContestForm.tsx";
import {
  type ContestInput,
  type ContestValues,
  newContestValues,
  rememberContestInput,
  savedContestInput,
  toLocalInput,
  valuesOfInput,
} from "./contest-values.ts";

const noop = () => {};

/**
 * The edit form's start: the contest as the API gives it back, with the problem sources and the
 * registration window from the input this browser saved last (the API does not return them).
 */
function editValues(c: ContestView): { values: ContestValues; restored: boolean } {
  const saved = savedContestInput(c.id);
  const restored = saved !== null && saved.problems.length === c.problems.length;
  const fromSaved = saved ? valuesOfInput(saved) : newContestValues();
  return {
    restored,
    values: {
      ...fromSaved,
      title: c.title,
      description: c.description,
      scoring: c.scoring,
      startsAt: toLocalInput(c.startsAt),
      endsAt: toLocalInput(c.endsAt),
      freezeAt: toLocalInput(c.freezeAt),
      maxParticipants: String(c.maxParticipants),
      visibility: c.visibility,
      joinCode: c.joinCode ?? "",
      allowGuests: c.allowGuests,
      problems: restored ? fromSaved.problems : c.problems.map((p) => ({ source: "", points: String(p.points) })),
    },
  };
}

function NewContest() {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const save = async (input: ContestInput): Promise<string | null> => {
    setBusy(true);
    try {
      const { contestId } = await api.contestAdmin.create.mutate(input);
      rememberContestInput(contestId, input);
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
  const [{ values, restored }] = useState(() => editValues(contest));
  const save = async (input: ContestInput): Promise<string | null> => {
    setBusy(true);
    setSaved(false);
    try {
      await api.contestAdmin.update.mutate({ contestId: contest.id, contest: input });
      rememberContestInput(contest.id, input);
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
      {!restored && (
        <p className="notice warn">
          Choose the problems again before saving: the API does not say which ones this contest uses (it shows each one's title).
        </p>
      )}
      {saved && (
        <p role="status" className="ok-text">
          Saved.
        </p>
      )}
      <ContestForm
        initial={values}
        hints={restored ? undefined : contest.problems.map((p) => p.title)}
        onSave={save}
        saving={busy}
        saveLabel="Save changes"
      />
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
      <section className="card standings-card" aria-labelledby="live-board-title">
        <h2 id="live-board-title">Live board</h2>
        {boardError && (
          <p role="alert" className="error-text">
            {boardError}
          </p>
        )}
        <Standings board={board} meId={me.id} now={now} />
      </section>
      <Exports contestId={c.id} title={c.title} />
    </main>
  );
}

export function ContestPage({ contestId }: { contestId?: string }) {
  return contestId ? <ManageContest contestId={contestId} /> : <NewContest />;
}
