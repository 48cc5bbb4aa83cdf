// The admins' proctoring feed of the contest (proctorAdmin.feed), watched by one admin connection
// for the whole run, as an organiser's dashboard would: every event goes to the ledger, which times
// this run's reports to their arrival here (`feed`). The admin's session token comes from the
// environment (LOADTEST_ADMIN_TOKEN), not a flag, so it never shows in `ps`. The admin's socket is
// not one of the players': it is left out of their connection counts.
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, createWSClient, type TRPCClient, wsLink } from "@trpc/client";
import { WebSocket } from "ws";
import { backoffDelay, type Unsubscribable } from "./connection.ts";
import type { ProctorEventView, ProctorLedger } from "./contest-proctor-ledger.ts";
import { heldSubscription } from "./held-subscription.ts";
import { createRng } from "./rng.ts";
import { PlayerTimers } from "./timers.ts";
import type { World } from "./world.ts";

/** The environment variable holding an admin's session token. */
export const ADMIN_TOKEN_ENV = "LOADTEST_ADMIN_TOKEN";
/** How long the feed may take to start before the run gives up on it. */
const START_TIMEOUT_MS = 30_000;

export class AdminFeed {
  readonly #world: World;
  readonly #contestId: string;
  readonly #ledger: ProctorLedger;
  readonly #ws: ReturnType<typeof createWSClient>;
  readonly #client: TRPCClient<AppRouter>;
  readonly #timers: PlayerTimers;
  #closing = false;
  #subscription: Unsubscribable | undefined;
  /** The seq of the last event: where a resubscription resumes. */
  #lastSeq: number | undefined;

  constructor(world: World, wsUrl: string, contestId: string, token: string, ledger: ProctorLedger) {
    this.#world = world;
    this.#contestId = contestId;
    this.#ledger = ledger;
    this.#timers = new PlayerTimers(() => this.#closing);
    const rng = createRng(world.options.seed, -1);
    this.#ws = createWSClient({
      url: wsUrl,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: () => ({ token }),
      retryDelayMs: (attempt) => backoffDelay(attempt, rng),
    });
    this.#client = createTRPCClient<AppRouter>({ links: [wsLink({ client: this.#ws })] });
  }

  /** Resolves once the feed has started; rejects with why it could not (a token that is not an admin's). */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      this.#subscribe({
        started: () => {
          clearTimeout(timer);
          this.#ledger.watchFeed();
          resolve();
        },
        failed: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#timers.cancel();
    this.#subscription?.unsubscribe();
    await this.#ws.close().catch(() => {});
  }

  #subscribe(first?: { started(): void; failed(err: unknown): void }): void {
    const { metrics } = this.#world;
    metrics.call();
    const input =
      this.#lastSeq === undefined ? { contestId: this.#contestId } : { contestId: this.#contestId, lastEventId: String(this.#lastSeq) };
    this.#subscription = this.#client.proctorAdmin.feed.subscribe(
      input,
      heldSubscription<{ data: unknown }>({
        first,
        path: "proctorAdmin.feed",
        metrics,
        timers: this.#timers,
        stopping: () => this.#closing,
        onData: (tracked) => this.#onEvent(tracked.data as Partial<ProctorEventView>),
        resubscribe: () => this.#subscribe(),
      }),
    );
  }

  #onEvent(e: Partial<ProctorEventView>): void {
    const at = this.#world.now();
    if (typeof e.seq !== "number" || typeof e.kind !== "string") return;
    if (this.#lastSeq === undefined || e.seq > this.#lastSeq) this.#lastSeq = e.seq;
    this.#ledger.onFeed({ seq: e.seq, kind: e.kind, clientId: e.clientId ?? null, outcome: e.outcome ?? null }, at);
  }
}
