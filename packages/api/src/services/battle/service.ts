// The battle service: what the procedures and the background loops ask of battles. It keeps the
// orchestration (who is told what, when players are freed); the statements live beside it:
// creation.ts, submissions.ts, verdicts.ts, ending.ts, rows.ts.
import { randomUUID } from "node:crypto";
import { getChallenge, type PublicChallenge, pickChallenge, publicView } from "@codeduel/challenges";
import { type Database, schema } from "@codeduel/db";
import type { JudgeResult, Language } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { BattleEvent, BattleEventData, EndReason, EventBus, PlayerEvent, PlayerInfo } from "../events.ts";
import type { Judging } from "../judging.ts";
import type { Matchmaker, Pair } from "../matchmaker.ts";
import type { Presence } from "../presence.ts";
import { insertBattle } from "./creation.ts";
import { finishBattle } from "./ending.ts";
import { appendEvents, type BattleReads, type BattleRow, EVENT_PAGE, preparedBattleReads } from "./rows.ts";
import { insertSubmission } from "./submissions.ts";
import { recordVerdictRow } from "./verdicts.ts";

const { battles, submissions, users } = schema;

export interface BattleServiceDeps {
  db: Database;
  bus: EventBus;
  matchmaker: Matchmaker;
  presence: Presence;
  judging: Judging;
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

/**
 * How long a battle row read for a subscription's check is shared. Both players subscribe to a new
 * battle's events and code at once: four reads of one row, now one. Only those checks use it
 * (existence never changes; an active flag up to this stale only attaches presence to a battle
 * that just ended, which presence ignores); everything that acts on a battle reads it afresh.
 */
const RECENT_ROW_MS = 1000;

export class BattleService {
  readonly #d: BattleServiceDeps;
  /**
   * battleId -> a row read at `at` for subscription checks, oldest first. Each check first drops
   * the entries older than RECENT_ROW_MS, so it holds about a second's worth of battles.
   */
  readonly #recentRows = new Map<string, { at: number; row: Promise<BattleRow> }>();
  readonly #q: BattleReads;

  constructor(deps: BattleServiceDeps) {
    this.#d = deps;
    this.#q = preparedBattleReads(deps.db);
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
    const lengthMs = challenge.battleMinutes ? challenge.battleMinutes * 60_000 : this.#d.battleTimeLimitMs;
    const battle = await insertBattle(db, { matchKey: `${prefix}:${pair.pairId}`, challenge, a, b, lengthMs });
    await matchmaker.confirm(pair, battle.id);
    if (battle.events.length > 0) await this.#d.presence.track(battle.id, [a.id, b.id]);
    await bus.publishBattle(battle.events);
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

  /** A player's submission: recorded and announced, then judged. The slow path only explains a refusal. */
  async submit(userId: string, battleId: string, language: Language, code: string): Promise<{ submissionId: string }> {
    const submissionId = randomUUID();
    const inserted = await insertSubmission(this.#d.db, { submissionId, battleId, userId, language, code });
    if (!inserted) {
      await this.#battleFor(battleId, userId); // NOT_FOUND or FORBIDDEN
      throw new TRPCError({ code: "CONFLICT", message: "This battle is over" });
    }
    // Both at once rather than one after the other. Publishing before the job is in the queue is
    // harmless: the event is already in the battle's log, and a submission whose enqueue failed is
    // enqueued again by `requeueStuck`.
    await Promise.all([
      this.#d.judging.enqueue({
        submissionId,
        battleId,
        userId,
        challengeId: inserted.challengeId,
        language,
        code,
        enqueuedAt: Date.now(),
      }),
      this.#d.bus.publishBattle([inserted.event]),
    ]);
    return { submissionId };
  }

  /** Records a verdict exactly once, and ends the battle if it is the first accepted one. */
  async recordVerdict(result: JudgeResult): Promise<void> {
    const outcome = await recordVerdictRow(this.#d.db, result);
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

  /** Ends a battle outside a verdict (forfeit, clock) and tells everyone. */
  async #end(battleId: string, winnerId: string | null, reason: EndReason): Promise<boolean> {
    const finished = await this.#d.db.transaction((tx) => finishBattle(tx, battleId, winnerId, reason));
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
      return active ? appendEvents(tx, battleId, [data]) : undefined;
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

  /** Battle submissions still queued long after they were made: settled or enqueued again. */
  async requeueStuck(olderThanMs: number): Promise<number> {
    const stuck = await this.#d.db
      .select({ s: submissions, challengeId: battles.challengeId })
      .from(submissions)
      .innerJoin(battles, eq(battles.id, submissions.battleId))
      .where(and(eq(submissions.status, "queued"), lt(submissions.createdAt, new Date(Date.now() - olderThanMs))))
      .limit(200);
    for (const { s, challengeId } of stuck) {
      await this.#d.judging.settleOrRequeue({
        submissionId: s.id,
        battleId: s.battleId,
        userId: s.userId,
        challengeId,
        language: s.language as Language,
        code: s.code,
        enqueuedAt: s.createdAt.getTime(),
      });
    }
    return stuck.length;
  }
}
