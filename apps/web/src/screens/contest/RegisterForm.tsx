// Registering for a contest: a button, and a join-code field for an unlisted one (the organiser's
// link may carry the code as ?code=, which fills it in).
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api.ts";
import { useSession } from "../../session.tsx";
import type { ContestPhase, ContestView } from "./hooks.ts";

export function RegisterForm({ contest, phase, onRegistered }: { contest: ContestView; phase: ContestPhase; onRegistered: () => void }) {
  const { api, me } = useSession();
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get("code") ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unlisted = contest.visibility === "unlisted";
  const guestBarred = me.isGuest && !contest.allowGuests;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.contest.register.mutate({ contestId: contest.id, ...(unlisted ? { joinCode: code.trim() } : {}) });
      onRegistered();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (guestBarred) {
    return (
      <p className="notice warn">
        This contest is for registered accounts: sign out and sign up to take part. You can still follow the standings.
      </p>
    );
  }
  return (
    <form className="card register" onSubmit={(e) => void submit(e)} aria-label="Register">
      <p className="register-text">
        {phase === "ended"
          ? "Registration is closed."
          : phase === "running"
            ? "The contest is running: register to join in."
            : "Register to take part: the problems open when the contest starts."}
      </p>
      {unlisted && (
        <label>
          Join code
          <input name="joinCode" required autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} maxLength={64} />
        </label>
      )}
      <button type="submit" className="primary" disabled={busy || phase === "ended"}>
        Register
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </form>
  );
}
