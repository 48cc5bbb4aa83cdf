// The signed-in player: token (kept in localStorage across reloads), profile, the connection and
// its state, and the player's own event stream (`queue.events`) shared by every screen.
import type { PlayerEvent, PlayerInfo } from "@codeduel/api";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type Api, type Connection, connect, errorCode, type LinkState } from "./api.ts";
import { navigate } from "./router.tsx";

const TOKEN_KEY = "codeduel:token";

export type Me = Awaited<ReturnType<Api["auth"]["me"]["query"]>>;
export type Waiting = Extract<PlayerEvent, { type: "waiting" }> & { receivedAt: number };

export interface Session {
  api: Api;
  me: Me;
  /** An organiser (admin) may use the Organise pages (the server checks every admin call anyway). */
  isAdmin: boolean;
  link: LinkState;
  /** The latest `waiting` status while queued; null otherwise. */
  waiting: Waiting | null;
  /** Finished battles whose opponent asked for a rematch. */
  rematchRequests: ReadonlyMap<string, PlayerInfo>;
  refreshMe(): Promise<void>;
  clearWaiting(): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in screen");
  return s;
}

export function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode without storage: the session lasts until the tab closes.
  }
}

/** Opens the connection for a token and provides the session once `auth.me` answered. */
export function SessionProvider({
  token,
  onSignedOut,
  children,
  loading,
}: {
  token: string;
  onSignedOut: () => void;
  children: ReactNode;
  loading: ReactNode;
}) {
  const [conn, setConn] = useState<Connection | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [link, setLink] = useState<LinkState>("connecting");
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const [rematchRequests, setRematchRequests] = useState<ReadonlyMap<string, PlayerInfo>>(new Map());

  useEffect(() => {
    const c = connect(token);
    setConn(c);
    setLink(c.state());
    const off = c.onState(setLink);
    let cancelled = false;
    c.api.auth.me.query().then(
      (user) => {
        if (cancelled) return;
        setMe(user);
      },
      (err: unknown) => {
        if (cancelled) return;
        // An expired or revoked session: back to the sign-in screen.
        if (errorCode(err) === "UNAUTHORIZED") onSignedOut();
      },
    );
    const sub = c.api.queue.events.subscribe(undefined, {
      onData(event) {
        if (event.type === "waiting") setWaiting({ ...event, receivedAt: Date.now() });
        else if (event.type === "matched") {
          setWaiting(null);
          if (location.pathname !== `/battle/${event.battleId}`) navigate(`/battle/${event.battleId}`);
        } else if (event.type === "rematch_requested") {
          setRematchRequests((m) => new Map(m).set(event.battleId, event.by));
        }
      },
      onError() {
        // Resubscribed after the next reconnect by the app's key; nothing to show here.
      },
    });
    return () => {
      cancelled = true;
      sub.unsubscribe();
      off();
      c.close();
    };
  }, [token, onSignedOut]);

  const refreshMe = useCallback(async () => {
    if (conn) setMe(await conn.api.auth.me.query());
  }, [conn]);
  const clearWaiting = useCallback(() => setWaiting(null), []);
  const signOut = useCallback(async () => {
    try {
      await conn?.api.auth.logout.mutate();
    } catch {
      // Signing out locally is what matters.
    }
    navigate("/");
    onSignedOut();
  }, [conn, onSignedOut]);

  const value = useMemo<Session | null>(
    () =>
      conn && me
        ? { api: conn.api, me, isAdmin: me.role === "admin", link, waiting, rematchRequests, refreshMe, clearWaiting, signOut }
        : null,
    [conn, me, link, waiting, rematchRequests, refreshMe, clearWaiting, signOut],
  );
  if (!value) return <>{loading}</>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
