// Sign in, sign up, or play as a guest. The token is kept in localStorage, so a reload stays signed in.
import { type FormEvent, useMemo, useState } from "react";
import { anonymousApi, errorMessage } from "../api.ts";
import { Leaderboard } from "./Lobby.tsx";

export function AuthScreen({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const api = useMemo(() => anonymousApi(), []);
  const [mode, setMode] = useState<"signin" | "signup">("signin");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<{ token: string }>) => {
    setBusy(true);
    setError(null);
    try {
      const { token } = await call();
      onSignedIn(token);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => (mode === "signin" ? api.auth.login.mutate({ username, password }) : api.auth.register.mutate({ username, password })));
  };

  return (
    <main className="auth">
      <section className="card auth-card">
        <h1 className="logo">
          <span aria-hidden="true">⚔</span> codeduel
        </h1>
        <p className="muted">Real-time 1v1 coding battles. Same challenge, same clock: first to pass every test wins.</p>
        <div className="tabs" role="tablist" aria-label="Account">
          <button type="button" role="tab" aria-selected={mode === "signin"} onClick={() => setMode("signin")}>
            Sign in
          </button>
          <button type="button" role="tab" aria-selected={mode === "signup"} onClick={() => setMode("signup")}>
            Sign up
          </button>
        </div>
        <form onSubmit={submit} className="stack" aria-label={mode === "signin" ? "Sign in" : "Sign up"}>
          <label>
            Username
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              minLength={3}
              maxLength={24}
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete={mode === "signin" ? "current-password" : "new-password"}
              required
              minLength={mode === "signup" ? 8 : 1}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {mode === "signup" && <p className="small muted">3–24 letters, digits, _ or -; a password of at least 8 characters.</p>}
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {mode === "signin" ? "Sign in" : "Create account"}
          </button>
        </form>
        <div className="divider">
          <span>or</span>
        </div>
        <button type="button" disabled={busy} onClick={() => void run(() => api.auth.guest.mutate())}>
          Play as guest
        </button>
      </section>
      <section className="card">
        <Leaderboard api={api} />
      </section>
    </main>
  );
}
