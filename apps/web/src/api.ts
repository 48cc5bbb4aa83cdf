// The typed tRPC client. Signed in, every call goes over one WebSocket (ordered, no per-call HTTP
// overhead, and tracked subscriptions resume by themselves after a drop); signed out, the few
// public calls (sign in, sign up, guest, leaderboard) go over HTTP.
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, createWSClient, httpBatchLink, type TRPCClient, TRPCClientError, wsLink } from "@trpc/client";

export type Api = TRPCClient<AppRouter>;

/** `connecting`: first connection; `open`; `reconnecting`: the socket dropped and is being reopened. */
export type LinkState = "connecting" | "open" | "reconnecting";

export interface Connection {
  api: Api;
  state(): LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  close(): void;
}

const wsUrl = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;

/** tRPC's own backoff: at once, then 2 s, 4 s ... 30 s. */
const backoff = (attempt: number) => (attempt === 0 ? 0 : Math.min(1000 * 2 ** attempt, 30_000));

/** Browser tests simulate a network drop: the socket closes and stays down for a while. */
let offlineUntil = 0;

export function anonymousApi(): Api {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/trpc" })] });
}

export function connect(token: string): Connection {
  const listeners = new Set<(state: LinkState) => void>();
  let state: LinkState = "connecting";
  let everOpen = false;
  const set = (next: LinkState) => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l(state);
  };
  const ws = createWSClient({
    url: wsUrl,
    connectionParams: () => ({ token }),
    retryDelayMs: (attempt) => Math.max(backoff(attempt), offlineUntil - Date.now()),
    // Finds a dead network (no close frame) within seconds instead of waiting for the OS.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 4_000 },
  });
  const sub = ws.connectionState.subscribe({
    next(s) {
      if (s.state === "pending") {
        everOpen = true;
        set("open");
      } else if (s.state === "connecting") {
        set(everOpen ? "reconnecting" : "connecting");
      }
    },
  });
  if (testHooksEnabled()) {
    (window as unknown as { __codeduel: unknown }).__codeduel = {
      /** Closes the page's WebSocket and keeps it down for `ms`. */
      drop(ms: number) {
        offlineUntil = Date.now() + ms;
        ws.connection?.ws.close();
      },
      state: () => state,
    };
  }
  const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return {
    api,
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      sub.unsubscribe();
      listeners.clear();
      void ws.close();
    },
  };
}

function testHooksEnabled(): boolean {
  try {
    return localStorage.getItem("codeduel:test-hooks") === "1";
  } catch {
    return false;
  }
}

/** The server's error code (UNAUTHORIZED, CONFLICT ...), if the error came from the API. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof TRPCClientError) {
    const data = err.data as { code?: string } | undefined;
    return data?.code;
  }
  return undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
