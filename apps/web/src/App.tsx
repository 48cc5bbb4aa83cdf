// The app shell: signed out, the sign-in screen; signed in, the header, the reconnect banner and the routes.
import { lazy, Suspense, useCallback, useState } from "react";
import { Link, useRoute } from "./router.tsx";
import { AuthScreen } from "./screens/Auth.tsx";
import { Lobby } from "./screens/Lobby.tsx";
import { ProfileScreen } from "./screens/Profile.tsx";
import { ReplayScreen } from "./screens/Replay.tsx";
import { readToken, SessionProvider, saveToken, useSession } from "./session.tsx";

// The battle screen carries the editor (CodeMirror, most of the bundle): loaded when first needed.
const BattleScreen = lazy(() => import("./screens/battle/BattleScreen.tsx").then((m) => ({ default: m.BattleScreen })));
// Contests (the page shares the editor with battles) and the organisers' area: loaded when visited.
const ContestList = lazy(() => import("./screens/contest/ContestList.tsx").then((m) => ({ default: m.ContestList })));
const ContestScreen = lazy(() => import("./screens/contest/ContestScreen.tsx").then((m) => ({ default: m.ContestScreen })));
const OrganiseScreen = lazy(() => import("./screens/organise/OrganiseScreen.tsx").then((m) => ({ default: m.OrganiseScreen })));

function ConnectionBanner() {
  const { link } = useSession();
  if (link !== "reconnecting") return null;
  return (
    <div className="banner" role="alert" data-testid="reconnect-banner">
      Connection lost: reconnecting… Your battle resumes where it was.
    </div>
  );
}

function Header() {
  const { me, isAdmin } = useSession();
  return (
    <header className="topbar">
      <Link href="/" className="logo">
        <span aria-hidden="true">⚔</span> codeduel
      </Link>
      <nav aria-label="Main">
        <Link href="/">Lobby</Link>
        <Link href="/contests">Contests</Link>
        {isAdmin && <Link href="/organise">Organise</Link>}
        <Link href="/profile">
          {me.username} <span className="muted">({me.rating})</span>
        </Link>
      </nav>
    </header>
  );
}

function Routes() {
  const route = useRoute();
  switch (route.name) {
    case "lobby":
      return <Lobby />;
    case "battle":
      return <BattleScreen key={route.id} battleId={route.id} mode="play" />;
    case "watch":
      return <BattleScreen key={route.id} battleId={route.id} mode="watch" />;
    case "replay":
      return <ReplayScreen key={route.id} battleId={route.id} />;
    case "profile":
      return <ProfileScreen key={route.id ?? "me"} userId={route.id} />;
    case "contests":
      return <ContestList />;
    case "contest":
      return <ContestScreen key={route.id} contestId={route.id} />;
    case "organise":
      return <OrganiseScreen key={`${route.section}/${route.id}`} section={route.section} id={route.id} />;
    case "not_found":
      return (
        <main className="narrow">
          <h1>Not found</h1>
          <Link href="/">Back to the lobby</Link>
        </main>
      );
  }
}

export function App() {
  const [token, setToken] = useState<string | null>(readToken);
  const signedIn = useCallback((t: string) => {
    saveToken(t);
    setToken(t);
  }, []);
  const signedOut = useCallback(() => {
    saveToken(null);
    setToken(null);
  }, []);
  if (!token) return <AuthScreen onSignedIn={signedIn} />;
  return (
    <SessionProvider key={token} token={token} onSignedOut={signedOut} loading={<main className="narrow muted">Connecting…</main>}>
      <Header />
      <ConnectionBanner />
      <Suspense fallback={<main className="narrow muted">Loading…</main>}>
        <Routes />
      </Suspense>
    </SessionProvider>
  );
}
