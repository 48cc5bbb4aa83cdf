// One simulated player: a guest who holds one WebSocket (every call goes through wsLink, like a
// browser client), queues, plays battles (types, submits per --mix, waits for verdicts) and queues
// again until the run stops. Its timers are the typing rhythm and a few one-off delays; nothing
// else runs per player, so thousands of them fit in one process.
import type { AppRouter } from "@codeduel/api";
import type { Challenge } from "@codeduel/challenges";
import type { Language } from "@codeduel/judge";
import { createTRPCClient, createWSClient, type TRPCClient, wsLink } from "@trpc/client";
import { type MixKey, mixEntry, type Options, type Target } from "./args.ts";
import { errorKind, isBattleOver } from "./errors.ts";
import type { Metrics } from "./metrics.ts";
import { type Rhythm, rhythmOf } from "./patterns.ts";
import type { RelayTracker } from "./relay.ts";
import type { Rng } from "./rng.ts";
import { codeFor, findChallenge } from "./submissions.ts";

type WsClient = ReturnType<typeof createWSClient>;
/**
 * The fields of queue.events and battle.events this player reads. Structural on purpose: the
 * server may add event types (opponent_disconnected, ...) and fields, and those are ignored.
 */
interface PlayerEventView {
  type: string;
  battleId?: string;
  challenge?: { id: string };
  opponent?: { id: string };
}
interface BattleEventView {
  type: string;
  userId?: string;
  submissionId?: string;
  status?: string;
  reason?: string;
}
type Client = TRPCClient<AppRouter>;
interface Unsubscribable {
  unsubscribe(): void;
}

/** How a battle.updateCode call appears in the JSON @trpc/client writes to the socket. */
const UPDATE_CODE_PATH = '"path":"battle.updateCode"';
/** How long a sign-in, or a new socket's first call, may take before the attempt counts as failed. */
const CONNECT_TIMEOUT_MS = 30_000;
/** Reconnect backoff: full jitter over an exponential ceiling, so a server restart is not a stampede. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;

/** What every player shares: the options, the counters and which users are played by this process. */
export interface World {
  options: Options;
  metrics: Metrics;
  relay: RelayTracker;
  /** User ids played by this process: relay latency is measured only when both ends are here. */
  localUsers: Set<string>;
  /** Battles with local players: the first of them to see the battle end counts it. */
  localBattles: Set<string>;
  /** The WebSocket class for tRPC (socket.ts: ws, counting sockets and handshake errors). */
  WebSocket: typeof globalThis.WebSocket;
  /** A server's tRPC client over HTTP (sign-in only), shared by every player of that server. */
  http(target: Target): TRPCClient<AppRouter>;
  now(): number;
}

type State = "starting" | "idle" | "queued" | "battle" | "between" | "closed";

interface Battle {
  id: string;
  opponentId: string;
  challenge: Challenge | undefined;
  matchedAt: number;
  finished: boolean;
  accepted: boolean;
  lastEventId: string | undefined;
  events: Unsubscribable | undefined;
  code: Unsubscribable | undefined;
  typingTimer: NodeJS.Timeout | undefined;
  submitTimer: NodeJS.Timeout | undefined;
  /** The code being typed: what the next submission will be. */
  nextKind: MixKey;
  target: string;
  typed: number;
  updateInFlight: boolean;
  inflight: { kind: MixKey; sentAt: number; id: string | undefined } | undefined;
  /** The language of each submission the server took, for the per-language verdict counts. */
  languages: Map<string, Language>;
  /** Verdicts that overtook the reply to their battle.submit (rare, but possible). */
  early: Map<string, { status: string; at: number }>;
  /** Called when the submission in flight is settled, for the drain at the end of the run. */
  settled: (() => void) | undefined;
}

export function backoffDelay(attempt: number, rng: Rng): number {
  return Math.floor(rng.next() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

export class Player {
  readonly #world: World;
  readonly #target: Target;
  readonly #rng: Rng;
  readonly #rhythm: Rhythm | undefined;
  #state: State = "starting";
  #stopping = false;
  #token: string | undefined;
  #userId: string | undefined;
  #ws: WsClient | undefined;
  #client: Client | undefined;
  #queueSub: Unsubscribable | undefined;
  #battle: Battle | undefined;
  #lastBattleId: string | undefined;
  #joinSentAt: number | undefined;
  /** One-off delays (requeue, retries, backoff) and what ends a sleep early; cancelled on stop. */
  readonly #timers = new Map<NodeJS.Timeout, (() => void) | undefined>();
  #lastSocketError: string | undefined;
  /** When this player's socket last wrote a battle.updateCode call (one is in flight at a time). */
  #updateWrittenAt: number | undefined;
  /** The player's own socket is open (the progress line's "connected"). */
  #online = false;
  /** Aborted when the player stops: ends a sign-in or connection attempt under way. */
  readonly #stopped = new AbortController();

  constructor(world: World, target: Target, rng: Rng) {
    this.#world = world;
    this.#target = target;
    this.#rng = rng;
    this.#rhythm = rhythmOf(world.options.pattern);
  }

  /** True while a submission of this player waits for its verdict. */
  get awaitingVerdict(): boolean {
    return this.#battle?.inflight !== undefined && !this.#battle.finished;
  }

  /**
   * Signs in and connects (retrying with backoff until it works or the run stops), then plays.
   * Resolves true once connected, false when the run stopped first.
   */
  async start(): Promise<boolean> {
    const { metrics } = this.#world;
    let connected = false;
    for (let attempt = 0; !this.#stopping; attempt++) {
      metrics.connections.attempted++;
      this.#lastSocketError = undefined;
      let phase = "signin";
      try {
        if (!this.#token) await this.#signIn();
        phase = "connect";
        await this.#connect();
        metrics.connections.succeeded++;
        connected = true;
        break;
      } catch (err) {
        void this.#dropClient();
        if (this.#stopping) return false;
        metrics.connections.failed++;
        metrics.error(phase, err, this.#lastSocketError ?? errorKind(err));
        await this.#sleep(Math.max(250, backoffDelay(attempt + 1, this.#rng)));
      }
    }
    if (this.#stopping) return connected;
    this.#setState("idle");
    if (this.#rhythm) this.#join();
    return true;
  }

  /** The player's own tRPC WebSocket client, signed in with its token. */
  #newSocket(token: string): WsClient {
    const { metrics } = this.#world;
    let opens = 0;
    // A relay is timed from the moment its call is written to the socket. @trpc/client holds a
    // call until a 0 ms timer fires, to batch the calls of one tick, and in a process playing
    // hundreds of players that timer waits for the rest of a busy event-loop turn: 1.3 ms at the
    // median, 9.5 ms at p99 and up to 39 ms in a 500-player step (a one-off probe). That is this
    // process's own congestion, which no real client, alone in its browser, has.
    const onSend = (data: unknown) => {
      if (typeof data === "string" && data.includes(UPDATE_CODE_PATH)) this.#updateWrittenAt = this.#world.now();
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
        if (!this.#stopping) metrics.connections.dropped++;
      },
      onError: (event) => {
        // ws hands over an ErrorEvent whose `error` says why (ECONNREFUSED, a 502 from a proxy, ...).
        this.#lastSocketError = errorKind((event as { error?: unknown } | undefined)?.error ?? event);
      },
    });
    return ws;
  }

  /**
   * A guest session over HTTP, as the SPA signs in: a socket's session is fixed when it opens, so
   * the player's socket opens afterwards, with the token. (Signing in on a short-lived anonymous
   * socket instead cost both this process and the server a second handshake per player.)
   */
  async #signIn(): Promise<void> {
    const started = this.#world.now();
    this.#world.metrics.call();
    const { token, user } = await this.#world.http(this.#target).auth.guest.mutate(undefined, {
      signal: AbortSignal.any([AbortSignal.timeout(CONNECT_TIMEOUT_MS), this.#stopped.signal]),
    });
    this.#token = token;
    this.#userId = user.id;
    this.#world.localUsers.add(user.id);
    this.#world.metrics.record("signin", this.#world.now() - started);
  }

  /** Opens the player's socket; resolves on its first successful call (queue.events started). */
  #connect(): Promise<void> {
    const started = this.#world.now();
    const token = this.#token ?? "";
    this.#ws = this.#newSocket(token);
    this.#client = createTRPCClient<AppRouter>({ links: [wsLink({ client: this.#ws })] });
    return new Promise<void>((resolve, reject) => {
      const signal = AbortSignal.any([AbortSignal.timeout(CONNECT_TIMEOUT_MS), this.#stopped.signal]);
      const onAbort = () => reject(new Error(`no successful call within ${CONNECT_TIMEOUT_MS / 1000} s (timed out)`));
      signal.addEventListener("abort", onAbort, { once: true });
      this.#subscribeQueue({
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

  /** queue.events: `matched` starts a battle. Subscribed for the whole session. */
  #subscribeQueue(first?: { started: () => void; failed: (err: unknown) => void }): void {
    const client = this.#client;
    if (!client) return;
    let pending = first;
    this.#world.metrics.call();
    this.#queueSub = client.queue.events.subscribe(undefined, {
      onStarted: () => {
        pending?.started();
        pending = undefined;
      },
      onData: (event) => this.#onPlayerEvent(event),
      onError: (err) => {
        if (pending) {
          pending.failed(err);
          pending = undefined;
          return;
        }
        if (this.#stopping) return;
        this.#world.metrics.error("queue.events", err);
        // The server ended it (it fell behind, or failed): subscribe again, as an app would.
        this.#after(1000, () => this.#subscribeQueue());
      },
    });
  }

  #onPlayerEvent(event: PlayerEventView): void {
    if (event.type === "matched" && event.battleId && event.challenge && event.opponent) {
      this.#onMatched({ battleId: event.battleId, challengeId: event.challenge.id, opponentId: event.opponent.id });
    }
    // `waiting` ticks and `rematch_requested` need nothing; unknown types are ignored too.
  }

  #join(attempt = 0): void {
    const client = this.#client;
    if (this.#stopping || !client) return;
    this.#setState("queued");
    this.#joinSentAt = this.#world.now();
    this.#world.metrics.call();
    client.queue.join.mutate().catch((err: unknown) => {
      if (this.#stopping || this.#state !== "queued") return; // matched meanwhile
      const message = err instanceof Error ? err.message : "";
      if (/already in the queue/i.test(message)) return; // an earlier join got through: still waiting
      this.#world.metrics.error("queue.join", err);
      // "Already in a battle": the server publishes battle_finished a moment before it frees both
      // players, or a `matched` was missed. Ask queue.events to resend it, and try again.
      if (/already in a battle/i.test(message) && attempt >= 1) {
        this.#queueSub?.unsubscribe();
        this.#subscribeQueue();
      }
      this.#after(Math.min(5000, 500 * (attempt + 1)), () => this.#join(attempt + 1));
    });
  }

  #onMatched(event: { battleId: string; challengeId: string; opponentId: string }): void {
    const client = this.#client;
    const userId = this.#userId;
    // queue.events resends `matched` for the current battle on every (re)subscribe.
    if (!client || !userId || event.battleId === this.#battle?.id || event.battleId === this.#lastBattleId) return;
    if (this.#battle && !this.#battle.finished) return;
    const { metrics, localBattles, now } = this.#world;
    if (this.#stopping) {
      // Matched while leaving at the end of the run: give the battle up at once.
      this.#forfeit(event.battleId).catch(() => {});
      return;
    }
    const matchedAt = now();
    if (this.#joinSentAt !== undefined) metrics.record("match", matchedAt - this.#joinSentAt);
    this.#joinSentAt = undefined;
    localBattles.add(event.battleId);
    const challenge = findChallenge(event.challengeId);
    const nextKind = this.#rng.weighted(this.#world.options.mix);
    const battle: Battle = {
      id: event.battleId,
      opponentId: event.opponentId,
      challenge,
      matchedAt,
      finished: false,
      accepted: false,
      lastEventId: undefined,
      events: undefined,
      code: undefined,
      typingTimer: undefined,
      submitTimer: undefined,
      nextKind,
      target: challenge ? codeFor(mixEntry(nextKind), challenge) : "",
      typed: 0,
      updateInFlight: false,
      inflight: undefined,
      early: new Map(),
      languages: new Map(),
      settled: undefined,
    };
    this.#battle = battle;
    this.#setState("battle");
    this.#subscribeBattle(battle);
    this.#subscribeCode(battle);
    if (!challenge) {
      // The server has a challenge this checkout does not: there is nothing correct to submit.
      metrics.error("battle", null, `UNKNOWN_CHALLENGE ${event.challengeId}`);
      this.#forfeit(battle.id).catch(() => {});
      return;
    }
    const rhythm = this.#rhythm;
    if (!rhythm) return;
    battle.typingTimer = setTimeout(() => this.#type(battle), rhythm.typingDelayMs(this.#rng));
    battle.submitTimer = setTimeout(() => this.#submit(battle), rhythm.firstSubmitMs(this.#rng));
  }

  /** battle.events: verdicts and the end. Tracked, so wsLink resumes it after a reconnect. */
  #subscribeBattle(battle: Battle): void {
    const client = this.#client;
    if (!client) return;
    this.#world.metrics.call();
    const input = battle.lastEventId ? { battleId: battle.id, lastEventId: battle.lastEventId } : { battleId: battle.id };
    battle.events = client.battle.events.subscribe(input, {
      onData: (tracked) => {
        battle.lastEventId = tracked.id;
        this.#onBattleEvent(battle, tracked.data.data);
      },
      onError: (err) => {
        if (battle.finished || this.#stopping) return;
        this.#world.metrics.error("battle.events", err);
        this.#after(1000, () => {
          if (!battle.finished) this.#subscribeBattle(battle);
        });
      },
    });
  }

  /** battle.code: the opponent's editor, whose arrival times close the relay measurement. */
  #subscribeCode(battle: Battle): void {
    const client = this.#client;
    if (!client) return;
    this.#world.metrics.call();
    battle.code = client.battle.code.subscribe(
      { battleId: battle.id },
      {
        onData: (update) => {
          if (update.userId !== battle.opponentId) return;
          this.#world.metrics.codeUpdatesReceived++;
          if (this.#world.localUsers.has(update.userId))
            this.#world.relay.received(battle.id, update.userId, update.version, this.#world.now());
        },
        onError: (err) => {
          if (battle.finished || this.#stopping) return;
          this.#world.metrics.error("battle.code", err);
          this.#after(1000, () => {
            if (!battle.finished) this.#subscribeCode(battle);
          });
        },
      },
    );
  }

  #onBattleEvent(battle: Battle, data: BattleEventView): void {
    if (data.type === "verdict") {
      if (data.userId === this.#userId && data.submissionId && data.status) {
        this.#onVerdict(battle, data.submissionId, data.status, this.#world.now());
      }
    } else if (data.type === "battle_finished") {
      this.#onFinished(battle, data.reason ?? "unknown");
    }
    // battle_started, submission_queued, the opponent's presence and any newer type: nothing to do.
  }

  /** One editor update; the next one is scheduled at least 100 ms later (see patterns.ts). */
  #type(battle: Battle): void {
    const client = this.#client;
    const rhythm = this.#rhythm;
    if (battle.finished || battle.accepted || this.#stopping || !client || !rhythm || !this.#userId) return;
    // One update in flight at a time: a slow server makes the player type less, not queue more.
    if (!battle.updateInFlight && battle.target.length > 0) {
      battle.typed += rhythm.charsPerUpdate(this.#rng);
      // Done typing: go back over the last part, as someone tidying up does.
      if (battle.typed > battle.target.length) battle.typed = Math.floor(battle.target.length * 0.6);
      const code = battle.target.slice(0, battle.typed);
      const calledAt = this.#world.now();
      this.#updateWrittenAt = undefined;
      const userId = this.#userId;
      const { metrics, relay, localUsers } = this.#world;
      battle.updateInFlight = true;
      metrics.call();
      metrics.codeUpdatesSent++;
      client.battle.updateCode
        .mutate({ battleId: battle.id, code })
        .then(
          ({ version }) => {
            if (localUsers.has(battle.opponentId)) relay.sent(battle.id, userId, version, this.#updateWrittenAt ?? calledAt);
          },
          (err: unknown) => {
            if (isBattleOver(err)) metrics.refusal("battle.updateCode", "battle over");
            else metrics.error("battle.updateCode", err);
          },
        )
        .finally(() => {
          battle.updateInFlight = false;
        });
    }
    battle.typingTimer = setTimeout(() => this.#type(battle), rhythm.typingDelayMs(this.#rng));
  }

  #submit(battle: Battle): void {
    const client = this.#client;
    const rhythm = this.#rhythm;
    const challenge = battle.challenge;
    if (battle.finished || battle.accepted || battle.inflight || this.#stopping || !client || !rhythm || !challenge) return;
    const { metrics } = this.#world;
    const kind = battle.nextKind;
    const entry = mixEntry(kind);
    const inflight = { kind, sentAt: this.#world.now(), id: undefined as string | undefined };
    battle.inflight = inflight;
    metrics.submitted(kind);
    metrics.call();
    client.battle.submit.mutate({ battleId: battle.id, language: entry.language, code: codeFor(entry, challenge) }).then(
      ({ submissionId }) => {
        inflight.id = submissionId;
        battle.languages.set(submissionId, entry.language);
        const early = battle.early.get(submissionId);
        if (early) {
          battle.early.delete(submissionId);
          this.#onVerdict(battle, submissionId, early.status, early.at);
        }
      },
      (err: unknown) => {
        if (battle.inflight === inflight) this.#settle(battle);
        if (isBattleOver(err)) {
          metrics.refusal("battle.submit", "battle over");
          return;
        }
        metrics.error("battle.submit", err);
        if (!battle.finished && !this.#stopping) battle.submitTimer = setTimeout(() => this.#submit(battle), rhythm.resubmitMs(this.#rng));
      },
    );
  }

  #onVerdict(battle: Battle, submissionId: string, status: string, at: number): void {
    const { metrics } = this.#world;
    const inflight = battle.inflight;
    if (inflight && inflight.id === undefined) {
      // The verdict overtook the reply to battle.submit: keep it until the reply names it.
      if (battle.early.size < 16) battle.early.set(submissionId, { status, at });
      return;
    }
    metrics.verdict(status, battle.languages.get(submissionId));
    if (inflight?.id === submissionId) {
      metrics.record("verdict", at - inflight.sentAt);
      this.#settle(battle);
    }
    if (status === "accepted") {
      battle.accepted = true; // battle_finished follows
      return;
    }
    if (inflight?.id !== submissionId || battle.finished || this.#stopping || !battle.challenge || !this.#rhythm) return;
    // Rejected: start typing the next attempt, and submit it after a while.
    battle.nextKind = this.#rng.weighted(this.#world.options.mix);
    battle.target = codeFor(mixEntry(battle.nextKind), battle.challenge);
    battle.typed = Math.min(battle.typed, battle.target.length);
    battle.submitTimer = setTimeout(() => this.#submit(battle), this.#rhythm.resubmitMs(this.#rng));
  }

  #settle(battle: Battle): void {
    battle.inflight = undefined;
    battle.settled?.();
    battle.settled = undefined;
  }

  #onFinished(battle: Battle, reason: string): void {
    if (battle.finished) return;
    const { metrics, localBattles, now } = this.#world;
    battle.finished = true;
    clearTimeout(battle.typingTimer);
    clearTimeout(battle.submitTimer);
    battle.events?.unsubscribe();
    battle.code?.unsubscribe();
    if (battle.inflight) {
      metrics.submissionsOvertaken++;
      this.#settle(battle);
    }
    // Battles ended by the run's own forfeits are counted apart, not as completed battles.
    if (localBattles.delete(battle.id) && !this.#stopping) metrics.battleFinished(reason);
    if (!this.#stopping) metrics.record("finish", now() - battle.matchedAt);
    this.#lastBattleId = battle.id;
    this.#battle = undefined;
    if (this.#stopping) return;
    this.#setState("between");
    const rhythm = this.#rhythm;
    if (rhythm) this.#after(rhythm.requeueMs(this.#rng), () => this.#join());
  }

  async #forfeit(battleId: string): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#world.metrics.call();
    try {
      await client.battle.forfeit.mutate({ battleId }, { signal: AbortSignal.timeout(5000) });
      if (this.#stopping) this.#world.metrics.battlesForfeitedAtEnd++;
    } catch (err) {
      if (!isBattleOver(err)) this.#world.metrics.error("battle.forfeit", err);
    }
  }

  /**
   * The end of the run, first half: stop typing, submitting and queueing, leave the queue, and let
   * a submission in flight get its verdict (until `deadline`). Battles keep running, so that this
   * player's forfeit does not end its opponent's battle before the opponent's verdict came.
   */
  async quiesce(deadline: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#stopped.abort();
    this.#cancelTimers();
    const client = this.#client;
    const battle = this.#battle;
    if (battle) {
      clearTimeout(battle.typingTimer);
      clearTimeout(battle.submitTimer);
    }
    if (client && this.#state === "queued") await this.#leaveQueue(client, deadline);
    if (battle && !battle.finished && battle.inflight) {
      await new Promise<void>((resolve) => {
        battle.settled = resolve;
        this.#sleep(deadline - Date.now()).then(resolve);
      });
    }
  }

  /** The end of the run, second half: forfeit a battle still running, and close the socket. */
  async finish(): Promise<void> {
    this.#stopping = true;
    const battle = this.#battle;
    try {
      if (battle && !battle.finished) await this.#forfeit(battle.id);
    } finally {
      await this.close();
    }
  }

  /** Leaves the queue; if the pair was made meanwhile, forfeits the battle it became. */
  async #leaveQueue(client: Client, deadline: number): Promise<void> {
    this.#world.metrics.call();
    try {
      await client.queue.leave.mutate(undefined, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      return;
    } catch {
      // Matched (or already out): look at where the server has this player.
    }
    while (Date.now() < deadline) {
      const state = await client.queue.status.query(undefined, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (!state || state.kind === "idle" || state.kind === "queued") return;
      if (state.kind === "battle") {
        if (this.#battle?.id !== state.battleId) await this.#forfeit(state.battleId);
        return;
      }
      await this.#sleep(300); // pending: the battle is being created
    }
  }

  /** Closes the socket (tRPC lets calls already sent finish first). */
  async close(): Promise<void> {
    this.#stopping = true;
    this.#stopped.abort();
    this.#cancelTimers();
    this.#setState("closed");
    await this.#dropClient();
  }

  #dropClient(): Promise<void> {
    if (this.#online) {
      this.#online = false;
      this.#world.metrics.playersConnected--;
    }
    this.#queueSub?.unsubscribe();
    this.#queueSub = undefined;
    const ws = this.#ws;
    this.#ws = undefined;
    this.#client = undefined;
    return ws ? ws.close().catch(() => {}) : Promise.resolve();
  }

  #setState(next: State): void {
    const { metrics } = this.#world;
    if (this.#state === "queued") metrics.queued--;
    if (this.#state === "battle") metrics.inBattle--;
    if (next === "queued") metrics.queued++;
    if (next === "battle") metrics.inBattle++;
    this.#state = next;
  }

  #after(ms: number, fn: () => void): void {
    if (this.#stopping) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.set(t, undefined);
  }

  /** A delay that ends early (resolves at once) when the player stops or closes. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(
        () => {
          this.#timers.delete(t);
          resolve();
        },
        Math.max(0, ms),
      );
      this.#timers.set(t, resolve);
    });
  }

  #cancelTimers(): void {
    for (const [t, wake] of this.#timers) {
      clearTimeout(t);
      wake?.();
    }
    this.#timers.clear();
  }
}
