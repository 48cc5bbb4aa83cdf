// A player's session with its server: a guest sign-in over HTTP, then the player's own tRPC
// WebSocket (every call goes through wsLink, like a browser client), which tRPC reconnects with
// jittered backoff. It counts the player as connected while its socket is open, tells reconnects and
// drops apart, keeps why the socket last failed, and notes when a battle.updateCode or a
// contest.report call is written to the socket, where a relay or proctoring measurement starts.
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, createWSClient, type TRPCClient, wsLink } from "@trpc/client";
import { type Account, signInWithAccount } from "./accounts.ts";
import type { Target } from "./args.ts";
import { errorKind } from "./errors.ts";
import type { Rng } from "./rng.ts";
import type { World } from "./world.ts";

type WsClient = ReturnType<typeof createWSClient>;
export type Client = TRPCClient<AppRouter>;
export interface Unsubscribable {
  unsubscribe(): void;
}
/** How a new socket's first call reports back: it started (the socket works), or it failed. */
export interface FirstCall {
  started(): void;
  failed(err: unknown): void;
}

/** How a battle.updateCode call appears in the JSON @trpc/client writes to the socket. */
const UPDATE_CODE_PATH = '"path":"battle.updateCode"';
/** The same for a proctoring report: the ledger reads its clientId from the frame. */
const REPORT_PATH = '"path":"contest.report"';
/** How long a sign-in, or a new socket's first call, may take before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 30_000;
/** Reconnect backoff: full jitter over an exponential ceiling, so a server restart is not a stampede. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;

export function backoffDelay(attempt: number, rng: Rng): number {
  return Math.floor(rng.next() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

export class Connection {
  readonly #world: World;
  readonly #target: Target;
  readonly #rng: Rng;
  readonly #isStopping: () => boolean;
  /** Aborted when the player stops: ends a sign-in or connection attempt under way. */
  readonly #stopped: AbortSignal;
  #token: string | undefined;
  #userId: string | undefined;
  #ws: WsClient | undefined;
  #client: Client | undefined;
  /** The player's own socket is open (the progress line's "connected"). */
  #online = false;
  /** Why the socket last failed (ECONNREFUSED, a 502 from a proxy, ...), for a failed attempt's error. */
  lastSocketError: string | undefined;
  /** When this player's socket last wrote a battle.updateCode call (one is in flight at a time). */
  updateWrittenAt: number | undefined;

  constructor(world: World, target: Target, rng: Rng, isStopping: () => boolean, stopped: AbortSignal) {
    this.#world = world;
    this.#target = target;
    this.#rng = rng;
    this.#isStopping = isStopping;
    this.#stopped = stopped;
  }

  get token(): string | undefined {
    return this.#token;
  }

  get userId(): string | undefined {
    return this.#userId;
  }

  /** The tRPC client over the player's socket; undefined until it opens and once it is closed. */
  get client(): Client | undefined {
    return this.#client;
  }

  /**
   * A guest session over HTTP, as the SPA signs in, or one of an account (registered, or signed in
   * to when it exists: accounts.ts): a socket's session is fixed when it opens, so the player's
   * socket opens afterwards, with the token. (Signing in on a short-lived anonymous socket instead
   * cost both this process and the server a second handshake per player.)
   */
  async signIn(account?: Account): Promise<void> {
    const started = this.#world.now();
    this.#world.metrics.call();
    const http = this.#world.http(this.#target);
    const signal = AbortSignal.any([AbortSignal.timeout(CONNECT_TIMEOUT_MS), this.#stopped]);
    const { token, user } = account ? await signInWithAccount(http, account, signal) : await http.auth.guest.mutate(undefined, { signal });
    this.#token = token;
    this.#userId = user.id;
    this.#world.localUsers.add(user.id);
    this.#world.metrics.record("signin", this.#world.now() - started);
  }

  /** Opens the player's socket; resolves once the first call that `makeFirstCall` makes has started. */
  open(makeFirstCall: (first: FirstCall) => void): Promise<void> {
    const started = this.#world.now();
    const token = this.#token ?? "";
    this.#ws = this.#newSocket(token);
    this.#client = createTRPCClient<AppRouter>({ links: [wsLink({ client: this.#ws })] });
    return new Promise<void>((resolve, reject) => {
      const signal = AbortSignal.any([AbortSignal.timeout(CONNECT_TIMEOUT_MS), this.#stopped]);
      const onAbort = () => reject(new Error(`no successful call within ${CONNECT_TIMEOUT_MS / 1000} s (timed out)`));
      signal.addEventListener("abort", onAbort, { once: true });
      makeFirstCall({
        started: () => {
          signal.removeEventListener("abort", onAbort);
          this.#world.metrics.record("connect", this.#world.now() - started);
          resolve();
        },
        failed: (err) => {
          signal.removeEventListener("abort", onAbort);
          reject(err);
        },
      });
    });
  }

  /** Closes the socket (tRPC lets calls already sent finish first); the player is no longer connected. */
  close(): Promise<void> {
    if (this.#online) {
      this.#online = false;
      this.#world.metrics.playersConnected--;
    }
    const ws = this.#ws;
    this.#ws = undefined;
    this.#client = undefined;
    return ws ? ws.close().catch(() => {}) : Promise.resolve();
  }

  /** The player's tRPC WebSocket client, signed in with its token. */
  #newSocket(token: string): WsClient {
    const { metrics } = this.#world;
    let opens = 0;
    // A relay is timed from the moment its call is written to the socket. @trpc/client holds a
    // call until a 0 ms timer fires, to batch the calls of one tick, and in a process playing
    // hundreds of players that timer waits for the rest of a busy event-loop turn: 1.3 ms at the
    // median, 9.5 ms at p99 and up to 39 ms in a 500-player step (a one-off probe). That is this
    // process's own congestion, which no real client, alone in its browser, has.
    const onSend = (data: unknown) => {
      if (typeof data !== "string") return;
      if (data.includes(UPDATE_CODE_PATH)) this.updateWrittenAt = this.#world.now();
      else if (data.includes(REPORT_PATH)) this.#world.contest?.proctor?.ledger.written(data, this.#world.now());
    };
    const PlayerSocket = class extends this.#world.WebSocket {
      override send(data: Parameters<globalThis.WebSocket["send"]>[0]): void {
        onSend(data);
        super.send(data);
      }
    };
    const ws: WsClient = createWSClient({
      url: this.#target.ws,
      WebSocket: PlayerSocket,
      connectionParams: () => ({ token }),
      // tRPC calls this with the attempt number after a socket is lost, then resubscribes every
      // subscription, tracked ones (battle.events) with the last event id they delivered.
      retryDelayMs: (attempt) => backoffDelay(attempt, this.#rng),
      onOpen: () => {
        if (opens++ > 0) metrics.connections.reconnected++;
        if (!this.#online) {
          this.#online = true;
          metrics.playersConnected++;
        }
      },
      onClose: () => {
        // After a server's reconnect notice the new socket is already active when the old closes.
        if (!this.#online || ws.connection?.state === "open") return;
        this.#online = false;
        metrics.playersConnected--;
        if (!this.#isStopping()) metrics.connections.dropped++;
      },
      onError: (event) => {
        // ws hands over an ErrorEvent whose `error` says why (ECONNREFUSED, a 502 from a proxy, ...).
        this.lastSocketError = errorKind((event as { error?: unknown } | undefined)?.error ?? event);
      },
    });
    return ws;
  }
}
