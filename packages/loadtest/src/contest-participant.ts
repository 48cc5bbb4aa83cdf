// One simulated contest participant: signs in (a guest, or an account: accounts.ts), opens its
// socket with the standings subscription it holds for the whole session (contest-board.ts keeps
// its board), registers, reads the problems (waiting for the start if need be), and then submits
// on a random problem at the pattern's rhythm or every --submit-interval, one submission in flight
// (contest-submit.ts). `standings` latency is measured here, on every change that settles a cell:
// from the event's `at` (the server's clock when the verdict was recorded) to its arrival on this
// participant's subscription (this machine's clock). In a proctored run (--proctor) it also keeps
// its proctoring (contest-proctor.ts) and, once disqualified, submits no more.
import { accountFor } from "./accounts.ts";
import { backoffDelay, Connection, type FirstCall, type Unsubscribable } from "./connection.ts";
import { StandingsBoard, type StandingsView } from "./contest-board.ts";
import { ProblemCodes } from "./contest-code.ts";
import { ProctorSession } from "./contest-proctor.ts";
import { isCrosser } from "./contest-proctor-signals.ts";
import { ContestSubmitter } from "./contest-submit.ts";
import { errorKind } from "./errors.ts";
import { heldSubscription } from "./held-subscription.ts";
import type { Target } from "./options.ts";
import { type Rhythm, rhythmOf } from "./patterns.ts";
import type { Rng } from "./rng.ts";
import { PlayerTimers } from "./timers.ts";
import type { ContestWorld, Member, World } from "./world.ts";

/** Refusals that trying again will not change: the participant stays a spectator. */
const FINAL_CODES = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "CONFLICT"]);
const MAX_ATTEMPTS = 5;

export class Participant implements Member {
  readonly #world: World;
  readonly #contest: ContestWorld;
  readonly #rng: Rng;
  readonly #index: number;
  readonly #rhythm: Rhythm | undefined;
  readonly #connection: Connection;
  readonly #timers: PlayerTimers;
  readonly #board = new StandingsBoard();
  readonly #submitter: ContestSubmitter;
  readonly #stopped = new AbortController();
  #stopping = false;
  #ended = false;
  #standings: Unsubscribable | undefined;
  /** Set with --proctor, once the participant has read the problems (the contest is running). */
  #proctor: ProctorSession | undefined;

  constructor(world: World, contest: ContestWorld, target: Target, rng: Rng, index: number) {
    this.#world = world;
    this.#contest = contest;
    this.#rng = rng;
    this.#index = index;
    this.#rhythm = rhythmOf(world.options.pattern);
    const isStopping = () => this.#stopping;
    this.#timers = new PlayerTimers(isStopping);
    this.#connection = new Connection(world, target, rng, isStopping, this.#stopped.signal);
    this.#submitter = new ContestSubmitter({
      world,
      contestId: contest.id,
      client: () => this.#connection.client,
      frozen: () => this.#board.frozen(),
      done: (ended) => {
        if (ended) this.#ended = true;
        else this.#next(false);
      },
    });
  }

  get awaitingVerdict(): boolean {
    return this.#submitter.awaiting;
  }

  async start(): Promise<boolean> {
    const { metrics, options } = this.#world;
    const account = this.#contest.info.accounts === "register" ? accountFor(options.seed, this.#index) : undefined;
    for (let attempt = 0; !this.#stopping; attempt++) {
      metrics.connections.attempted++;
      this.#connection.lastSocketError = undefined;
      let phase = "signin";
      try {
        if (!this.#connection.token) await this.#connection.signIn(account);
        phase = "connect";
        await this.#connection.open((first) => this.#subscribe(first));
        metrics.connections.succeeded++;
        void this.#enter();
        return true;
      } catch (err) {
        void this.#drop();
        if (this.#stopping) return false;
        metrics.connections.failed++;
        metrics.error(phase, err, this.#connection.lastSocketError ?? errorKind(err));
        await this.#timers.sleep(Math.max(250, backoffDelay(attempt + 1, this.#rng)));
      }
    }
    return false;
  }

  /** contest.standings, held for the session; tracked, so wsLink resumes it after a reconnect. */
  #subscribe(first?: FirstCall): void {
    const client = this.#connection.client;
    if (!client) return;
    const seq = this.#board.seq;
    this.#world.metrics.call();
    const input = seq === undefined ? { contestId: this.#contest.id } : { contestId: this.#contest.id, lastEventId: String(seq) };
    this.#standings = client.contest.standings.subscribe(
      input,
      heldSubscription<{ data: unknown }>({
        first,
        path: "contest.standings",
        metrics: this.#world.metrics,
        timers: this.#timers,
        stopping: () => this.#stopping,
        onData: (tracked) => this.#onStandings(tracked.data as StandingsView),
        resubscribe: () => this.#subscribe(),
      }),
    );
  }

  #onStandings(m: StandingsView): void {
    const arrivedAt = Date.now();
    const { metrics } = this.#world;
    const applied = this.#board.apply(m);
    if (m.type === "board") metrics.contest.boards++;
    else metrics.contest.changes++;
    if (applied.gap > 0) {
      metrics.contest.gaps++;
      metrics.error("contest.standings", null, "SEQ_GAP");
    }
    const settled = applied.settled;
    if (!settled) return;
    metrics.contest.verdictChanges++;
    // Same machine, same clock: no correction. `at` has whole milliseconds.
    if (m.at) metrics.record("standings", Math.max(0, arrivedAt - Date.parse(m.at)));
    if (settled.userId === this.#connection.userId) this.#submitter.ownCellSettled(settled.label);
  }

  /** Registers, reads the problems, and starts submitting. */
  async #enter(): Promise<void> {
    const { metrics, options, now } = this.#world;
    const registered = await this.#retrying("contest.register", async (client) => {
      const started = now();
      const joinCode = options.contest?.joinCode;
      await client.contest.register.mutate(
        joinCode === undefined ? { contestId: this.#contest.id } : { contestId: this.#contest.id, joinCode },
      );
      metrics.record("register", now() - started);
      return true;
    });
    if (!registered) return;
    metrics.contest.registered++;
    const problems = await this.#retrying("contest.problems", (client) => client.contest.problems.query({ contestId: this.#contest.id }));
    if (!problems) return;
    if (++metrics.contest.problemsRead === options.players) metrics.arrived();
    this.#startProctoring();
    if (!this.#contest.codes) {
      const codes = new ProblemCodes(problems, options.mix, options.contest?.solutions);
      this.#contest.codes = codes;
      for (const { label, key } of codes.missing) metrics.error("contest", null, `NO_SOLUTION ${label} ${key}`);
    }
    this.#next(true);
  }

  #startProctoring(): void {
    const proctor = this.#contest.proctor;
    const share = this.#world.options.contest?.proctor?.crossers ?? 0;
    if (!proctor || this.#stopping) return;
    this.#proctor = new ProctorSession({
      world: this.#world,
      proctor,
      contestId: this.#contest.id,
      rng: this.#rng,
      timers: this.#timers,
      crosser: isCrosser(this.#index, share),
      client: () => this.#connection.client,
      stopping: () => this.#stopping,
    });
    this.#proctor.start();
  }

  /**
   * A call retried with backoff on failures that may pass (a dropped socket, a busy server); one the
   * server refuses for good is counted and given up. A contest not started yet is waited for.
   */
  async #retrying<T>(name: string, call: (client: NonNullable<Connection["client"]>) => Promise<T>): Promise<T | undefined> {
    for (let attempt = 1; !this.#stopping; attempt++) {
      const client = this.#connection.client;
      if (!client) return undefined;
      this.#world.metrics.call();
      try {
        return await call(client);
      } catch (err) {
        if (this.#stopping) return undefined;
        const e = err as { data?: { code?: unknown } | null; message?: unknown } | null;
        if (e?.data?.code === "CONFLICT" && /when the contest starts/i.test(String(e.message))) {
          await this.#timers.sleep(1000 + this.#rng.between(0, 1000));
          continue;
        }
        this.#world.metrics.error(name, err);
        if (FINAL_CODES.has(String(e?.data?.code)) || attempt >= MAX_ATTEMPTS) return undefined;
        await this.#timers.sleep(Math.max(250, backoffDelay(attempt, this.#rng)));
      }
    }
    return undefined;
  }

  /** Schedules the next submission: the first after reading the problems, then one after each verdict. */
  #next(first: boolean): void {
    const rhythm = this.#rhythm;
    if (!rhythm || this.#ended || this.#stopping || this.#proctor?.disqualified) return;
    const interval = this.#world.options.contest?.submitIntervalMs;
    const rng = this.#rng;
    const delay =
      interval === undefined
        ? first
          ? rhythm.firstSubmitMs(rng)
          : rhythm.resubmitMs(rng)
        : first
          ? rng.between(0, interval)
          : rng.between(0.5 * interval, 1.5 * interval);
    this.#timers.after(delay, () => {
      // Disqualified meanwhile: the server would refuse it.
      if (this.#proctor?.disqualified) return;
      const pick = this.#contest.codes?.pick(rng);
      if (pick) this.#submitter.submit(pick);
    });
  }

  async quiesce(deadline: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#stopped.abort();
    this.#timers.cancel();
    if (!this.#submitter.awaiting && !this.#proctor?.reporting) return;
    const idle = [this.#submitter.whenIdle(), this.#proctor?.whenIdle()];
    await Promise.race([Promise.all(idle), this.#timers.sleep(deadline - Date.now())]);
  }

  async finish(): Promise<void> {
    this.#stopping = true;
    this.#stopped.abort();
    this.#timers.cancel();
    this.#submitter.cancel();
    await this.#drop();
  }

  #drop(): Promise<void> {
    this.#standings?.unsubscribe();
    this.#standings = undefined;
    this.#proctor?.stop();
    return this.#connection.close();
  }
}
