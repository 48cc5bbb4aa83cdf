// Battle lifecycle: creating a battle for a matched pair, submissions, verdicts, and the one
// transaction that ends a battle and moves both ratings.
import { randomUUID } from "node:crypto";
import { getChallenge, type PublicChallenge, pickChallenge, publicView } from "@codeduel/challenges";
import { type Database, schema } from "@codeduel/db";
import { type JudgeJob, type JudgeResult, judgeResultSchema, type Language, verdictWithoutRun } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import type { Job, Queue } from "bullmq";
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { eloChanges, eloDraw } from "./elo.ts";
import type { BattleEvent, BattleEventData, EndReason, EventBus, PlayerEvent, PlayerInfo } from "./events.ts";
import type { Matchmaker, Pair } from "./matchmaker.ts";
import type { Presence } from "./presence.ts";

const { battles, battleEvents, submissions, users, ratingChanges } = schema;
type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type BattleRow = typeof battles.$inferSelect;

export interface BattleServiceDeps {
  db: Database;
  bus: EventBus;
  matchmaker: Matchmaker;
  presence: Presence;
  judgeQueue: Queue<JudgeJob>;
  log: Logger;
  /** Namespaces match keys so deployments sharing a database never collide. */
  prefix: string;
  /** Battle length for challenges that do not set their own. */
  battleTimeLimitMs: number;
}

export interface BattleView {
  id: string;
  status: BattleRow["status"];
  challenge: PublicChallenge;
  players: PlayerInfo[];
  winnerId: string | null;
  startedAt: string;
  /** The server's deadline: at this instant an active battle ends as a draw. */
  deadlineAt: string;
  endedAt: string | null;
  endReason: EndReason | null;
  /** Sequence number of the latest event: subscribe with it as lastEventId to get only newer ones. */
  lastEventSeq: number;
}

interface Finished {
  events: BattleEvent[];
  players: string[];
}

interface VerdictOutcome {
  events: BattleEvent[];
  battleId: string;
  finished?: Finished | undefined;
}

/** Rows of a raw statement, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** Postgres unique violation, whether thrown by postgres.js, PGlite or wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "23505") return true;
  }
  return false;
}

/**
 * How long a battle row read for a subscription's check is shared. Both players subscribe to a new
 * battle's events and code at once: four reads of one row, now one. Only those checks use it
 * (existence never changes; an active flag up to this stale only attaches presence to a battle
 * that just ended, which presence ignores); everything that acts on a battle reads it afresh.
 */
const RECENT_ROW_MS = 1000;

/** Page size when reading a battle's event log. */
export const EVENT_PAGE = 500;

/**
 * The reads every battle and subscription runs, built once: drizzle builds a query's SQL from its
 * builder chain on every call, 50-100 us each on this machine (one-off probe), more than Postgres
 * takes to answer them. (Statements inside a transaction run on its connection, so they are built
 * there.)
 */
function preparedQueries(db: Database) {
  const p = sql.placeholder;
  return {
    row: db
      .select()
      .from(battles)
      .where(eq(battles.id, p("id")))
      .prepare("battle_row"),
    players: db
      .select({ id: users.id, username: users.username, rating: users.rating })
      .from(users)
      .where(inArray(users.id, [p("a"), p("b")]))
      .prepare("battle_players"),
    eventsAfter: db
      .select()
      .from(battleEvents)
      .where(and(eq(battleEvents.battleId, p("battleId")), gt(battleEvents.seq, p("afterSeq"))))
      .orderBy(asc(battleEvents.seq))
      .limit(p("limit"))
      .prepare("battle_events_after"),
  };
}

export class BattleService {
  readonly #d: BattleServiceDeps;
  /**
   * battleId -> a row read at `at` for subscription checks, oldest first. Each check first drops
   * the entries older than RECENT_ROW_MS, so it holds about a second's worth of battles.
   */
  readonly #recentRows = new Map<string, { at: number; row: Promise<BattleRow> }>();
  readonly #q: ReturnType<typeof preparedQueries>;

  constructor(deps: BattleServiceDeps) {
    this.#d = deps;
    this.#q = preparedQueries(deps.db);
  }

  /**
   * Appends events under the battle's row lock, so sequence numbers are gapless and ordered. One
   * statement (bump the counter, insert the events), not two: each round trip to Postgres is a
   * socket write and a wake-up of its backend, and this runs for every verdict and battle end.
   */
  async #append(tx: Tx, battleId: string, data: BattleEventData[]): Promise<BattleEvent[]> {
    const at = new Date();
    const rows = rowsOf<{ seq: number }>(
      await tx.execute(sql`
        with b as (
          update ${battles} set event_seq = event_seq + ${data.length}::int
          where id = ${battleId}::uuid
          returning event_seq - ${data.length}::int as before
        ), e as (
          insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
          select ${battleId}::uuid, b.before + v.n, v.event->>'type', v.event, ${at.toISOString()}::timestamptz
          from b, jsonb_array_elements(${JSON.stringify(data)}::jsonb) with ordinality as v(event, n)
        )
        select before as seq from b`),
    );
    const row = rows[0];
    if (!row) throw new Error(`battle ${battleId} vanished`);
    const first = Number(row.seq) + 1;
    return data.map((d, i) => ({ battleId, seq: first + i, at: at.toISOString(), data: d }));
  }

  /** Creates the battle for a matched pair; idempotent per pair, so recovery may call it again. */
  async createFromPair(pair: Pair): Promise<string | undefined> {
    const { db, bus, matchmaker, log, prefix } = this.#d;
    const players = await this.#q.players.execute({ a: pair.a, b: pair.b });
    const a = players.find((p) => p.id === pair.a);
    const b = players.find((p) => p.id === pair.b);
    if (!a || !b) {
      log.error({ pair }, "matched players not found; dropping pair");
      await matchmaker.confirm(pair, "none");
      await matchmaker.release("none", [pair.a, pair.b]);
      return undefined;
    }
    const challenge = pickChallenge([a.rating, b.rating]);
    const matchKey = `${prefix}:${pair.pairId}`;
    const lengthMs = challenge.battleMinutes ? challenge.battleMinutes * 60_000 : this.#d.battleTimeLimitMs;
    const startedAt = new Date();
    const deadlineAt = new Date(startedAt.getTime() + lengthMs);
    const started: BattleEventData = {
      type: "battle_started",
      players: [a, b],
      challengeId: challenge.id,
      deadlineAt: deadlineAt.toISOString(),
    };
    // The battle row and its first event in one statement (it is atomic by itself): this runs for
    // every pair while players arrive, and a transaction around an insert and an append cost four
    // round trips where this is one.
    const [inserted] = rowsOf<{ id: string }>(
      await db.execute(sql`
        with ins as (
          insert into ${battles} (match_key, challenge_id, player_a_id, player_b_id, rating_a, rating_b, started_at, deadline_at, event_seq)
          values (${matchKey}::text, ${challenge.id}::text, ${a.id}::uuid, ${b.id}::uuid, ${a.rating}::int, ${b.rating}::int,
                  ${startedAt.toISOString()}::timestamptz, ${deadlineAt.toISOString()}::timestamptz, 1)
          on conflict (match_key) do nothing
          returning id
        ), e as (
          insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
          select id, 1, ${started.type}::text, ${JSON.stringify(started)}::jsonb, ${startedAt.toISOString()}::timestamptz from ins
        )
        select id from ins`),
    );
    let battle: { id: string; challengeId: string };
    let events: BattleEvent[] = [];
    if (inserted) {
      battle = { id: inserted.id, challengeId: challenge.id };
      events = [{ battleId: inserted.id, seq: 1, at: startedAt.toISOString(), data: started }];
    } else {
      // Created before, by an earlier attempt for this pair (recovery): tell the players again.
      const [existing] = await db.select().from(battles).where(eq(battles.matchKey, matchKey));
      if (!existing) throw new Error(`battle for ${matchKey} neither inserted nor found`);
      battle = existing;
    }
    await matchmaker.confirm(pair, battle.id);
    if (events.length > 0) await this.#d.presence.track(battle.id, [a.id, b.id]);
    await bus.publishBattle(events);
    const view = publicView(getChallenge(battle.challengeId) ?? challenge);
    await Promise.all([
      bus.publishPlayer(a.id, { type: "matched", battleId: battle.id, challenge: view, you: a, opponent: b }),
      bus.publishPlayer(b.id, { type: "matched", battleId: battle.id, challenge: view, you: b, opponent: a }),
    ]);
    log.info({ battleId: battle.id, a: a.id, b: b.id, challengeId: battle.challengeId }, "battle created");
    return battle.id;
  }

  async #row(battleId: string): Promise<BattleRow> {
    const [battle] = await this.#q.row.execute({ id: battleId });
    if (!battle) throw new TRPCError({ code: "NOT_FOUND", message: "No such battle" });
    return battle;
  }

  /** The battle, if this user plays in it: NOT_FOUND or FORBIDDEN otherwise. */
  async #battleFor(battleId: string, userId: string): Promise<BattleRow> {
    const battle = await this.#row(battleId);
    if (battle.playerAId !== userId && battle.playerBId !== userId) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You are not a player in this battle" });
    }
    return battle;
  }

  /** What players and spectators see of a battle. */
  async view(battleId: string): Promise<BattleView> {
    const battle = await this.#row(battleId);
    const challenge = getChallenge(battle.challengeId);
    if (!challenge) throw new TRPCError({ code: "NOT_FOUND", message: "The battle's challenge is no longer in the library" });
    const players = await this.#q.players.execute({ a: battle.playerAId, b: battle.playerBId });
    return {
      id: battle.id,
      status: battle.status,
      challenge: publicView(challenge),
      players: [battle.playerAId, battle.playerBId].flatMap((id) => players.filter((p) => p.id === id)),
      winnerId: battle.winnerId,
      startedAt: battle.startedAt.toISOString(),
      deadlineAt: battle.deadlineAt.toISOString(),
      endedAt: battle.endedAt?.toISOString() ?? null,
      endReason: battle.endReason,
      lastEventSeq: battle.eventSeq,
    };
  }

  /** The `matched` event for a player of an active battle, for players who subscribe after the match. */
  async matchedEvent(battleId: string, userId: string): Promise<PlayerEvent | undefined> {
    const view = await this.view(battleId);
    const you = view.players.find((p) => p.id === userId);
    const opponent = view.players.find((p) => p.id !== userId);
    if (view.status !== "active" || !you || !opponent) return undefined;
    return { type: "matched", battleId, challenge: view.challenge, you, opponent };
  }

  /** Anyone signed in may watch a battle (read only); this only checks it exists. */
  async assertExists(battleId: string): Promise<void> {
    await this.#recentRow(battleId);
  }

  /**
   * Whether the user plays in this battle while it runs (NOT_FOUND if there is no such battle).
   * For presence only: the answer may be up to RECENT_ROW_MS old.
   */
  async isActivePlayer(battleId: string, userId: string): Promise<boolean> {
    const battle = await this.#recentRow(battleId);
    return battle.status === "active" && (battle.playerAId === userId || battle.playerBId === userId);
  }

  #recentRow(battleId: string): Promise<BattleRow> {
    const now = Date.now();
    for (const [id, entry] of this.#recentRows) {
      if (now - entry.at < RECENT_ROW_MS) break;
      this.#recentRows.delete(id);
    }
    const held = this.#recentRows.get(battleId);
    if (held) return held.row;
    const row = this.#row(battleId);
    this.#recentRows.set(battleId, { at: now, row });
    // A failed read (NOT_FOUND, a dropped connection) is not shared: the next check asks again.
    row.catch(() => {
      if (this.#recentRows.get(battleId)?.row === row) this.#recentRows.delete(battleId);
    });
    return row;
  }

  /** Checks that the user plays in this active battle (for code updates). */
  async assertActivePlayer(battleId: string, userId: string): Promise<void> {
    const battle = await this.#battleFor(battleId, userId);
    if (battle.status !== "active") throw new TRPCError({ code: "CONFLICT", message: "This battle is over" });
  }

  /** Battles being played now, newest first, for spectators. */
  async live(
    limit: number,
  ): Promise<{ id: string; challengeTitle: string; players: PlayerInfo[]; startedAt: string; deadlineAt: string }[]> {
    const rows = await this.#d.db
      .select()
      .from(battles)
      .where(eq(battles.status, "active"))
      .orderBy(sql`${battles.startedAt} desc`)
      .limit(limit);
    const ids = [...new Set(rows.flatMap((r) => [r.playerAId, r.playerBId]))];
    const players =
      ids.length === 0
        ? []
        : await this.#d.db
            .select({ id: users.id, username: users.username, rating: users.rating })
            .from(users)
            .where(inArray(users.id, ids));
    const byId = new Map(players.map((p) => [p.id, p]));
    return rows.map((r) => ({
      id: r.id,
      challengeTitle: getChallenge(r.challengeId)?.title ?? r.challengeId,
      players: [r.playerAId, r.playerBId].flatMap((id) => byId.get(id) ?? []),
      startedAt: r.startedAt.toISOString(),
      deadlineAt: r.deadlineAt.toISOString(),
    }));
  }

  async eventsAfter(battleId: string, afterSeq: number, limit = EVENT_PAGE): Promise<BattleEvent[]> {
    const rows = await this.#q.eventsAfter.execute({ battleId, afterSeq, limit });
    return rows.map((r) => ({ battleId: r.battleId, seq: r.seq, at: r.createdAt.toISOString(), data: r.payload as BattleEventData }));
  }

  /**
   * One statement, one round trip: bump the battle's event counter (only for a player of an active
   * battle), insert the submission and its `submission_queued` event. The slow path below only
   * runs to explain a refusal.
   */
  async submit(userId: string, battleId: string, language: Language, code: string): Promise<{ submissionId: string }> {
    const submissionId = randomUUID();
    const at = new Date().toISOString();
    const data: BattleEventData = { type: "submission_queued", submissionId, userId, language };
    let rows: { seq: number; challenge_id: string }[];
    try {
      rows = rowsOf(
        await this.#d.db.execute(sql`
          with b as (
            update ${battles} set event_seq = event_seq + 1
            where id = ${battleId}::uuid and status = 'active' and deadline_at > now()
              and (player_a_id = ${userId}::uuid or player_b_id = ${userId}::uuid)
            returning id, event_seq, challenge_id
          ), s as (
            insert into ${submissions} (id, battle_id, user_id, language, code)
            select ${submissionId}::uuid, b.id, ${userId}::uuid, ${language}::text, ${code}::text from b
          ), e as (
            insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
            select b.id, b.event_seq, ${data.type}::text, ${JSON.stringify(data)}::jsonb, ${at}::timestamptz from b
          )
          select event_seq as seq, challenge_id from b`),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new TRPCError({ code: "CONFLICT", message: "Your previous submission is still being judged" });
      throw err;
    }
    const row = rows[0];
    if (!row) {
      await this.#battleFor(battleId, userId); // NOT_FOUND or FORBIDDEN
      throw new TRPCError({ code: "CONFLICT", message: "This battle is over" });
    }
    // Both at once rather than one after the other. Publishing before the job is in the queue is
    // harmless: the event is already in the battle's log, and a submission whose enqueue failed is
    // enqueued again by `requeueStuck`.
    await Promise.all([
      this.#enqueue({ submissionId, battleId, userId, challengeId: row.challenge_id, language, code, enqueuedAt: Date.now() }),
      this.#d.bus.publishBattle([{ battleId, seq: Number(row.seq), at, data }]),
    ]);
    return { submissionId };
  }

  async #enqueue(job: JudgeJob): Promise<void> {
    // jobId = submission id: enqueueing again (reconciler, retries) never judges twice.
    await this.#d.judgeQueue.add("judge", job, {
      jobId: job.submissionId,
      attempts: 3,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: 10_000,
      removeOnFail: 10_000,
    });
  }

  /** Records a verdict exactly once, and ends the battle if it is the first accepted one. */
  async recordVerdict(result: JudgeResult): Promise<void> {
    const outcome = result.verdict.status === "accepted" ? await this.#recordAccepted(result) : await this.#recordRejected(result);
    if (!outcome) {
      this.#d.log.info({ submissionId: result.submissionId }, "duplicate verdict ignored");
      return;
    }
    // Free the players before anyone hears the battle ended, so they can queue again at once.
    if (outcome.finished) await this.#ended(outcome.battleId, outcome.finished.players);
    await this.#d.bus.publishBattle(outcome.events);
  }

  /** After a battle ended: its players may queue again, and their connections are no longer watched. */
  async #ended(battleId: string, players: readonly string[]): Promise<void> {
    await this.#d.matchmaker.release(battleId, [...players]);
    await this.#d.presence.untrack(battleId);
  }

  /** Any verdict but `accepted`: one statement, one round trip; a no-op when already judged. */
  async #recordRejected(result: JudgeResult): Promise<VerdictOutcome | undefined> {
    const { verdict } = result;
    const at = new Date().toISOString();
    const data = { type: "verdict", submissionId: result.submissionId, ...verdict } as const;
    const rows = rowsOf<{ seq: number; user_id: string; battle_id: string }>(
      await this.#d.db.execute(sql`
        with s as (
          update ${submissions}
          set status = ${verdict.status}::text, verdict = ${JSON.stringify(verdict)}::jsonb, cpu_ms = ${verdict.cpuMs}::real,
              wall_ms = ${verdict.wallMs}::real, judged_at = ${at}::timestamptz
          where id = ${result.submissionId}::uuid and status = 'queued'
          returning user_id, battle_id
        ), b as (
          update ${battles} set event_seq = event_seq + 1 where id = (select battle_id from s) returning id, event_seq
        ), e as (
          insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
          select b.id, b.event_seq, 'verdict', ${JSON.stringify(data)}::jsonb || jsonb_build_object('userId', s.user_id), ${at}::timestamptz
          from b, s
        )
        select b.event_seq as seq, s.user_id, s.battle_id from b, s`),
    );
    const row = rows[0];
    if (!row) return undefined;
    const event: BattleEvent = { battleId: row.battle_id, seq: Number(row.seq), at, data: { ...data, userId: row.user_id } };
    return { events: [event], battleId: row.battle_id };
  }

  async #recordAccepted(result: JudgeResult): Promise<VerdictOutcome | undefined> {
    const { verdict } = result;
    return this.#d.db.transaction(async (tx) => {
      const [sub] = await tx
        .update(submissions)
        .set({ status: verdict.status, verdict, cpuMs: verdict.cpuMs, wallMs: verdict.wallMs, judgedAt: new Date() })
        .where(and(eq(submissions.id, result.submissionId), eq(submissions.status, "queued")))
        .returning({ userId: submissions.userId, battleId: submissions.battleId });
      if (!sub) return undefined;
      const events = await this.#append(tx, sub.battleId, [
        { type: "verdict", submissionId: result.submissionId, userId: sub.userId, ...verdict },
      ]);
      const finished = await this.#finish(tx, sub.battleId, sub.userId, "solved");
      return { events: [...events, ...(finished?.events ?? [])], finished, battleId: sub.battleId };
    });
  }

  /**
   * Ends an active battle, with a winner or (winnerId null) as a draw, and moves both ratings in
   * the same transaction. A no-op when it already ended: a battle ends exactly once, even when both
   * players pass at the same moment or a forfeit races the clock.
   */
  async #finish(tx: Tx, battleId: string, winnerId: string | null, reason: EndReason): Promise<Finished | undefined> {
    // The battle row is locked, the ratings only read: a rating changes nowhere but here, for the
    // one active battle its player is in, so the battle's lock already keeps them still. A second
    // ending (both players pass at once, a forfeit racing the clock) waits for the lock, then finds
    // the battle no longer active.
    const [locked] = rowsOf<{ a_id: string; b_id: string; a_rating: number; b_rating: number }>(
      await tx.execute(sql`
        select b.player_a_id as a_id, b.player_b_id as b_id, ua.rating as a_rating, ub.rating as b_rating
        from ${battles} b join ${users} ua on ua.id = b.player_a_id join ${users} ub on ub.id = b.player_b_id
        where b.id = ${battleId}::uuid and b.status = 'active'
        for update of b`),
    );
    if (!locked) return undefined;
    const a = { id: locked.a_id, rating: Number(locked.a_rating) };
    const b = { id: locked.b_id, rating: Number(locked.b_rating) };
    let deltaA: number;
    let deltaB: number;
    if (winnerId === null) {
      ({ a: deltaA, b: deltaB } = eloDraw(a.rating, b.rating));
    } else {
      const won = winnerId === a.id ? a : b;
      const lost = won === a ? b : a;
      const d = eloChanges(won.rating, lost.rating);
      deltaA = won === a ? d.winner : d.loser;
      deltaB = won === b ? d.winner : d.loser;
    }
    const now = new Date();
    const data: BattleEventData = {
      type: "battle_finished",
      winnerId,
      reason,
      ratingChanges: {
        [a.id]: { before: a.rating, after: a.rating + deltaA, delta: deltaA },
        [b.id]: { before: b.rating, after: b.rating + deltaB, delta: deltaB },
      },
    };
    // Both ratings, the battle's end (with its event counter), the two rating-change rows and the
    // battle_finished event in one statement: a round trip each was six, for every battle that ends.
    // The event is appended here rather than by #append, whose counter bump would update the battle
    // row a second time in the same statement, which Postgres does not allow.
    const [appended] = rowsOf<{ seq: number }>(
      await tx.execute(sql`
        with moved as (
          update ${users} set rating = v.rating, games_played = games_played + 1, wins = wins + v.won
          from (values (${a.id}::uuid, ${a.rating + deltaA}::int, ${winnerId === a.id ? 1 : 0}::int),
                       (${b.id}::uuid, ${b.rating + deltaB}::int, ${winnerId === b.id ? 1 : 0}::int)) as v(id, rating, won)
          where ${users}.id = v.id
        ), ended as (
          update ${battles}
          set status = 'finished', winner_id = ${winnerId}::uuid, end_reason = ${reason}::text, ended_at = ${now.toISOString()}::timestamptz,
              rating_change_a = ${deltaA}::int, rating_change_b = ${deltaB}::int, event_seq = event_seq + 1
          where id = ${battleId}::uuid
          returning event_seq
        ), changes as (
          insert into ${ratingChanges} (user_id, battle_id, before, after, at)
          values (${a.id}::uuid, ${battleId}::uuid, ${a.rating}::int, ${a.rating + deltaA}::int, ${now.getTime()}::bigint),
                 (${b.id}::uuid, ${battleId}::uuid, ${b.rating}::int, ${b.rating + deltaB}::int, ${now.getTime()}::bigint)
        )
        insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
        select ${battleId}::uuid, event_seq, ${data.type}::text, ${JSON.stringify(data)}::jsonb, ${now.toISOString()}::timestamptz from ended
        returning seq`),
    );
    if (!appended) throw new Error(`battle ${battleId} vanished`);
    return { events: [{ battleId, seq: Number(appended.seq), at: now.toISOString(), data }], players: [a.id, b.id] };
  }

  /** Ends a battle outside a verdict (forfeit, clock) and tells everyone. */
  async #end(battleId: string, winnerId: string | null, reason: EndReason): Promise<boolean> {
    const finished = await this.#d.db.transaction((tx) => this.#finish(tx, battleId, winnerId, reason));
    if (!finished) return false;
    await this.#ended(battleId, finished.players);
    await this.#d.bus.publishBattle(finished.events);
    return true;
  }

  /** Appends one event to an active battle and tells everyone; false when the battle is over. */
  async #note(battleId: string, data: BattleEventData): Promise<boolean> {
    const events = await this.#d.db.transaction(async (tx) => {
      const [active] = await tx
        .select({ id: battles.id })
        .from(battles)
        .where(and(eq(battles.id, battleId), eq(battles.status, "active")))
        .for("update");
      return active ? this.#append(tx, battleId, [data]) : undefined;
    });
    if (!events) return false;
    await this.#d.bus.publishBattle(events);
    return true;
  }

  /**
   * Acts on players' connections (any instance may run it; each change is handled once): tells the
   * battle when a player drops or comes back, and ends it for the opponent when the grace runs out.
   */
  async applyPresence(): Promise<number> {
    const { presence, log } = this.#d;
    const changes = await presence.sweep();
    for (const { battleId, userId, change } of changes) {
      let active: boolean;
      if (change === "disconnected") {
        const forfeitAt = new Date(Date.now() + presence.options.graceMs).toISOString();
        active = await this.#note(battleId, { type: "opponent_disconnected", userId, forfeitAt });
      } else if (change === "reconnected") {
        active = await this.#note(battleId, { type: "opponent_reconnected", userId });
      } else {
        const battle = await this.#row(battleId);
        const opponent = battle.playerAId === userId ? battle.playerBId : battle.playerAId;
        active = battle.status === "active" && (await this.#end(battleId, opponent, "abandoned"));
      }
      log.info({ battleId, userId, change, active }, "player presence changed");
      // A battle that ended without being untracked (its instance died first) is dropped here.
      if (!active) await presence.untrack(battleId);
    }
    return changes.length;
  }

  /** The player gives up: the opponent wins. */
  async forfeit(userId: string, battleId: string): Promise<void> {
    const battle = await this.#battleFor(battleId, userId);
    const opponent = battle.playerAId === userId ? battle.playerBId : battle.playerAId;
    if (battle.status !== "active" || !(await this.#end(battleId, opponent, "forfeit"))) {
      throw new TRPCError({ code: "CONFLICT", message: "This battle is over" });
    }
  }

  /**
   * Asks for a rematch of a finished battle. The opponent hears of it on `queue.events`; when both
   * have asked, a new battle starts for the two of them (with `matched`, as from the queue).
   */
  async rematch(userId: string, battleId: string): Promise<{ status: "waiting" | "started"; battleId?: string }> {
    const battle = await this.#battleFor(battleId, userId);
    if (battle.status !== "finished") throw new TRPCError({ code: "CONFLICT", message: "This battle is still being played" });
    const opponentId = battle.playerAId === userId ? battle.playerBId : battle.playerAId;
    const result = await this.#d.matchmaker.requestRematch(battleId, userId, opponentId);
    if (result === "busy") throw new TRPCError({ code: "CONFLICT", message: "One of you is already queued or in another battle" });
    if (result === "waiting") {
      const [me] = await this.#d.db
        .select({ id: users.id, username: users.username, rating: users.rating })
        .from(users)
        .where(eq(users.id, userId));
      if (me) await this.#d.bus.publishPlayer(opponentId, { type: "rematch_requested", battleId, by: me });
      return { status: "waiting" };
    }
    const next = await this.createFromPair({ pairId: `rematch-${battleId}`, a: userId, b: opponentId });
    return next ? { status: "started", battleId: next } : { status: "waiting" };
  }

  /** Ends every battle whose deadline passed, as a draw. Any instance may run it; each ends once. */
  async expireOverdue(): Promise<number> {
    const overdue = await this.#d.db
      .select({ id: battles.id })
      .from(battles)
      .where(and(eq(battles.status, "active"), lt(battles.deadlineAt, new Date())))
      .limit(200);
    let ended = 0;
    for (const { id } of overdue) if (await this.#end(id, null, "timeout")) ended++;
    return ended;
  }

  /** A finished battle's whole event log, to watch it again. */
  async replay(battleId: string): Promise<{ battle: BattleView; events: BattleEvent[] }> {
    const battle = await this.view(battleId);
    if (battle.status !== "finished") throw new TRPCError({ code: "CONFLICT", message: "This battle is still being played" });
    const events: BattleEvent[] = [];
    // A short page is the end of the log.
    for (let page: BattleEvent[] | undefined; !page || page.length === EVENT_PAGE; ) {
      page = await this.eventsAfter(battleId, events.at(-1)?.seq ?? 0);
      events.push(...page);
    }
    return { battle, events };
  }

  /**
   * Submissions still queued long after they were made: enqueued again (e.g. Redis was down at
   * submit), or given the verdict their job already has (judged, but its event-stream entry was
   * trimmed before any instance read it), or a final verdict if the judge gave up on them.
   */
  async requeueStuck(olderThanMs: number): Promise<number> {
    const stuck = await this.#d.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.status, "queued"), lt(submissions.createdAt, new Date(Date.now() - olderThanMs))))
      .limit(200);
    for (const s of stuck) {
      const job = await this.#d.judgeQueue.getJob(s.id);
      const state = await job?.getState();
      if (job && (state === "completed" || state === "failed")) {
        await this.recordVerdict(this.#finalResult(s, job, state));
        continue;
      }
      const [battle] = await this.#d.db.select({ challengeId: battles.challengeId }).from(battles).where(eq(battles.id, s.battleId));
      if (!battle) continue;
      await this.#enqueue({
        submissionId: s.id,
        battleId: s.battleId,
        userId: s.userId,
        challengeId: battle.challengeId,
        language: s.language as Language,
        code: s.code,
        enqueuedAt: s.createdAt.getTime(),
      });
    }
    return stuck.length;
  }

  /**
   * The verdict of a submission whose job the judge finished: its return value, or, when the job
   * failed for good (it kept killing workers or errored repeatedly) or returned something else, a
   * final verdict of our own, so that it is never left queued.
   */
  #finalResult(s: { id: string; battleId: string }, job: Job, state: "completed" | "failed"): JudgeResult {
    let verdict = verdictWithoutRun("internal_error", "The judge could not finish this submission; it was not your code");
    if (state === "completed") {
      const result = judgeResultSchema.safeParse(job.returnvalue);
      if (result.success) return result.data;
      this.#d.log.error({ submissionId: s.id, issues: result.error.issues }, "malformed judge result");
    } else {
      this.#d.log.error({ submissionId: s.id, reason: job.failedReason }, "judge job failed for good");
      if (/stalled/i.test(job.failedReason ?? "")) {
        verdict = verdictWithoutRun("memory_limit", "The submission repeatedly crashed the judge (most likely by exhausting memory)");
      }
    }
    return { submissionId: s.id, battleId: s.battleId, judgedAt: Date.now(), verdict };
  }
}
