// One simulated player: a guest who holds one WebSocket (connection.ts), queues, plays battles
// (battle*.ts: types, submits per --mix, waits for verdicts) and queues again until the run stops.
// This is the state machine that ties those together, and the player's part in the end of the run.
// Its timers are the typing rhythm and a few one-off delays; nothing else runs per player, so
// thousands of them fit in one process.

import type { Target } from "./args.ts";
import { forfeit, playBattle } from "./battle.ts";
import { type Battle, createBattle, type Matched, type PlayerContext } from "./battle-state.ts";
import { backoffDelay, type Client, Connection, type FirstCall, type Unsubscribable } from "./connection.ts";
import { errorKind } from "./errors.ts";
import { heldSubscription } from "./held-subscription.ts";
import { type Rhythm, rhythmOf } from "./patterns.ts";
import type { Rng } from "./rng.ts";
import { PlayerTimers } from "./timers.ts";
import type { Member, World } from "./world.ts";

/**
 * The fields of queue.events this player reads. Structural on purpose: the server may add event
 * types and fields, and those are ignored.
 */
interface PlayerEventView {
  type: string;
  battleId?: string;
  challenge?: { id: string };
  opponent?: { id: string };
}

type State = "starting" | "idle" | "queued" | "battle" | "between" | "closed";

export class Player implements Member {
  readonly #world: World;
  readonly #rng: Rng;
  readonly #rhythm: Rhythm | undefined;
  readonly #connection: Connection;
  /** One-off delays (requeue, retries, backoff) and what ends a sleep early; cancelled on stop. */
  readonly #timers: PlayerTimers;
  /** This player as the battle modules see it. */
  readonly #context: PlayerContext;
  #state: State = "starting";
  #stopping = false;
  #queueSub: Unsubscribable | undefined;
  #battle: Battle | undefined;
  #lastBattleId: string | undefined;
  #joinSentAt: number | undefined;
  /** Aborted when the player stops: ends a sign-in or connection attempt under way. */
  readonly #stopped = new AbortController();

  constructor(world: World, target: Target, rng: Rng) {
    this.#world = world;
    this.#rng = rng;
    this.#rhythm = rhythmOf(world.options.pattern);
    const isStopping = () => this.#stopping;
    this.#timers = new PlayerTimers(isStopping);
    this.#connection = new Connection(world, target, rng, isStopping, this.#stopped.signal);
    this.#context = {
      world,
      rng,
      rhythm: this.#rhythm,
      connection: this.#connection,
      timers: this.#timers,
      get stopping() {
        return isStopping();
      },
      battleEnded: (battle) => this.#onBattleEnded(battle),
    };
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
    const connection = this.#connection;
    let connected = false;
    for (let attempt = 0; !this.#stopping; attempt++) {
      metrics.connections.attempted++;
      connection.lastSocketError = undefined;
      let phase = "signin";
      try {
        if (!connection.token) await connection.signIn();
        phase = "connect";
        // The socket's first call is queue.events, subscribed for the whole session.
        await connection.open((first) => this.#subscribeQueue(first));
        metrics.connections.succeeded++;
        connected = true;
        break;
      } catch (err) {
        void this.#dropClient();
        if (this.#stopping) return false;
        metrics.connections.failed++;
        metrics.error(phase, err, connection.lastSocketError ?? errorKind(err));
        await this.#timers.sleep(Math.max(250, backoffDelay(attempt + 1, this.#rng)));
      }
    }
    if (this.#stopping) return connected;
    this.#setState("idle");
    if (this.#rhythm) this.#join();
    return true;
  }

  /** queue.events: `matched` starts a battle. Subscribed for the whole session. */
  #subscribeQueue(first?: FirstCall): void {
    const client = this.#connection.client;
    if (!client) return;
    this.#world.metrics.call();
    this.#queueSub = client.queue.events.subscribe(
      undefined,
      heldSubscription<PlayerEventView>({
        first,
        path: "queue.events",
        metrics: this.#world.metrics,
        timers: this.#timers,
        stopping: () => this.#stopping,
        onData: (event) => this.#onPlayerEvent(event),
        resubscribe: () => this.#subscribeQueue(),
      }),
    );
  }

  #onPlayerEvent(event: PlayerEventView): void {
    if (event.type === "matched" && event.battleId && event.challenge && event.opponent) {
      this.#onMatched({ battleId: event.battleId, challengeId: event.challenge.id, opponentId: event.opponent.id });
    }
    // `waiting` ticks and `rematch_requested` need nothing; unknown types are ignored too.
  }

  #join(attempt = 0): void {
    const client = this.#connection.client;
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
      this.#timers.after(Math.min(5000, 500 * (attempt + 1)), () => this.#join(attempt + 1));
    });
  }

  #onMatched(event: Matched): void {
    const client = this.#connection.client;
    const userId = this.#connection.userId;
    // queue.events resends `matched` for the current battle on every (re)subscribe.
    if (!client || !userId || event.battleId === this.#battle?.id || event.battleId === this.#lastBattleId) return;
    if (this.#battle && !this.#battle.finished) return;
    const { metrics, localBattles, now } = this.#world;
    if (this.#stopping) {
      // Matched while leaving at the end of the run: give the battle up at once.
      forfeit(this.#context, event.battleId).catch(() => {});
      return;
    }
    const matchedAt = now();
    if (this.#joinSentAt !== undefined) metrics.record("match", matchedAt - this.#joinSentAt);
    this.#joinSentAt = undefined;
    localBattles.add(event.battleId);
    const battle = createBattle(this.#context, event, matchedAt);
    this.#battle = battle;
    this.#setState("battle");
    playBattle(this.#context, battle, event.challengeId);
  }

  /** After battle_finished (battle-events.ts has closed the battle): queue again, after a pause. */
  #onBattleEnded(battle: Battle): void {
    this.#lastBattleId = battle.id;
    this.#battle = undefined;
    if (this.#stopping) return;
    this.#setState("between");
    const rhythm = this.#rhythm;
    if (rhythm) this.#timers.after(rhythm.requeueMs(this.#rng), () => this.#join());
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
    this.#timers.cancel();
    const client = this.#connection.client;
    const battle = this.#battle;
    if (battle) {
      clearTimeout(battle.typingTimer);
      clearTimeout(battle.submitTimer);
    }
    if (client && this.#state === "queued") await this.#leaveQueue(client, deadline);
    if (battle && !battle.finished && battle.inflight) {
      await new Promise<void>((resolve) => {
        battle.settled = resolve;
        this.#timers.sleep(deadline - Date.now()).then(resolve);
      });
    }
  }

  /** The end of the run, second half: forfeit a battle still running, and close the socket. */
  async finish(): Promise<void> {
    this.#stopping = true;
    const battle = this.#battle;
    try {
      if (battle && !battle.finished) await forfeit(this.#context, battle.id);
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
        if (this.#battle?.id !== state.battleId) await forfeit(this.#context, state.battleId);
        return;
      }
      await this.#timers.sleep(300); // pending: the battle is being created
    }
  }

  /** Closes the socket (tRPC lets calls already sent finish first). */
  async close(): Promise<void> {
    this.#stopping = true;
    this.#stopped.abort();
    this.#timers.cancel();
    this.#setState("closed");
    await this.#dropClient();
  }

  #dropClient(): Promise<void> {
    this.#queueSub?.unsubscribe();
    this.#queueSub = undefined;
    return this.#connection.close();
  }

  #setState(next: State): void {
    const { metrics } = this.#world;
    if (this.#state === "queued") metrics.queued--;
    if (this.#state === "battle") metrics.inBattle--;
    if (next === "queued") metrics.queued++;
    if (next === "battle") metrics.inBattle++;
    this.#state = next;
  }
}
