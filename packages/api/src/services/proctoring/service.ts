// Proctored contests on the server: a participant's signal becomes a violation stamped with the
// server's time, counted against the contest's policy atomically across instances (Redis), recorded
// append-only in Postgres, and told at once to the participant and the admins' feed. A
// disqualification refuses the participant's submissions, marks them on both boards, and can be
// undone by an admin; every admin action is in the same log, with its reason.
import { randomUUID } from "node:crypto";
import { type Database, schema } from "@codeduel/db";
import { TRPCError } from "@trpc/server";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { appendContestEvents } from "../contest/board.ts";
import type { ContestEvent } from "../contest/events.ts";
import { type ContestRow, type ContestService, phaseOf } from "../contest/service.ts";
import type { EventBus } from "../events.ts";
import type { RedisKeys } from "../keys.ts";
import { loadLua } from "../lua.ts";
import { rowsOf, type Tx } from "../sql.ts";
import type { ProctorEvent, ProctorStanding } from "./events.ts";
import {
  disqualificationReason,
  isViolation,
  outcomeOf,
  type ProctorPolicy,
  type ProctorSignal,
  proctorPolicySchema,
  type SignalDetail,
  weightOf,
} from "./policy.ts";

const { contestParticipants, proctorCounters, proctorEvents, users } = schema;
const scoreScript = loadLua("proctor-score");

/** How long Redis keeps a participant's score and flag: past any contest's end. */
const STATE_TTL_MS = 7 * 24 * 3600_000;
/** Page size when reading the log. */
export const PROCTOR_EVENT_PAGE = 500;

export interface ReportedSignal {
  signal: ProctorSignal;
  /** The browser's id for this report: a resend after a lost answer is recorded once. */
  clientId: string;
  clientAt: Date;
  detail: SignalDetail;
}

export interface ProctoringDeps {
  db: Database;
  redis: Redis;
  keys: RedisKeys;
  bus: EventBus;
  contests: ContestService;
  publishContest: (events: ContestEvent[]) => Promise<void>;
  log: Logger;
}

type EventRow = typeof proctorEvents.$inferSelect;

export class ProctoringService {
  readonly #d: ProctoringDeps;

  constructor(deps: ProctoringDeps) {
    this.#d = deps;
  }

  /** The contest's policy, or null when it is not proctored. */
  policyOf(c: Pick<ContestRow, "proctoring">): ProctorPolicy | null {
    if (c.proctoring === null) return null;
    const parsed = proctorPolicySchema.safeParse(c.proctoring);
    if (!parsed.success) {
      this.#d.log.error({ issues: parsed.error.issues }, "a contest's stored proctoring policy is invalid");
      return null;
    }
    return parsed.data;
  }

  /** A participant's standing under the policy; NOT_FOUND for a contest that is not proctored. */
  async standing(contestId: string, userId: string): Promise<ProctorStanding> {
    const c = await this.#d.contests.row(contestId);
    const policy = this.#requirePolicy(c);
    return { policy, disqualified: await this.disqualification(contestId, userId) };
  }

  /** Why the participant is disqualified, or null. */
  async disqualification(contestId: string, userId: string): Promise<{ at: string; reason: string } | null> {
    const [p] = await this.#d.db
      .select({ at: contestParticipants.disqualifiedAt, reason: contestParticipants.disqualifiedReason })
      .from(contestParticipants)
      .where(and(eq(contestParticipants.contestId, contestId), eq(contestParticipants.userId, userId)));
    return p?.at ? { at: p.at.toISOString(), reason: p.reason ?? "" } : null;
  }

  /**
   * A signal from a participant's browser while the contest runs. Recorded when the policy makes
   * it a violation; refused (BAD_REQUEST) when the policy does not collect it, so nothing is kept
   * that the policy does not use.
   */
  async report(
    contestId: string,
    user: { id: string; username: string },
    s: ReportedSignal,
  ): Promise<{ recorded: boolean; event?: ProctorEvent }> {
    // Read together, one round trip, then checked in order (a report waited on each in turn).
    const [c, participant, repeat] = await Promise.all([
      this.#d.contests.row(contestId),
      this.#d.db
        .select({ userId: contestParticipants.userId })
        .from(contestParticipants)
        .where(and(eq(contestParticipants.contestId, contestId), eq(contestParticipants.userId, user.id))),
      this.#d.db
        .select({ seq: proctorEvents.seq })
        .from(proctorEvents)
        .where(and(eq(proctorEvents.contestId, contestId), eq(proctorEvents.userId, user.id), eq(proctorEvents.clientId, s.clientId))),
    ]);
    const policy = this.#requirePolicy(c);
    if (phaseOf(c) !== "running") throw new TRPCError({ code: "CONFLICT", message: "The contest is not running" });
    const weight = weightOf(policy, s.signal);
    if (weight === undefined) {
      throw new TRPCError({ code: "BAD_REQUEST", message: `This contest's proctoring does not collect ${s.signal}` });
    }
    if (!isViolation(policy, s.signal, s.detail)) return { recorded: false };
    if (participant.length === 0) throw new TRPCError({ code: "FORBIDDEN", message: "Register for the contest first" });
    if (repeat.length > 0) return { recorded: true };

    const { score, first } = await this.#count(contestId, user.id, policy, weight);
    const outcome = outcomeOf(policy, score, first);
    try {
      return await this.#record(c, policy, user, s, { weight, score, outcome });
    } catch (err) {
      // Not recorded: take it back from the score, so a resend counts it once.
      await this.#uncount(contestId, user.id, weight, first).catch(() => {});
      throw err;
    }
  }

  /**
   * The participant's connection was gone `awayMs` (the server saw their last proctoring
   * subscription end, and a new one start): a `disconnect` violation when the policy counts one
   * that long. No browser cooperation needed.
   */
  async reconnected(contestId: string, user: { id: string; username: string }, awayMs: number): Promise<void> {
    const c = await this.#d.contests.row(contestId);
    const policy = this.policyOf(c);
    if (!policy || phaseOf(c) !== "running" || weightOf(policy, "disconnect") === undefined) return;
    const signal = { signal: "disconnect" as const, clientId: randomUUID(), clientAt: new Date(), detail: { awayMs } };
    if (!isViolation(policy, signal.signal, signal.detail)) return;
    await this.report(contestId, user, signal);
  }

  /** An admin disqualifies a participant, with a reason. */
  async disqualify(contestId: string, userId: string, admin: { id: string; username: string }, reason: string): Promise<void> {
    const c = await this.#d.contests.row(contestId);
    await this.#d.redis.set(this.#d.keys.proctorDisqualified(contestId, userId), "1", "PX", STATE_TTL_MS);
    const { events, board } = await this.#d.db.transaction(async (tx) => {
      const name = await this.#participantName(tx, contestId, userId);
      const [changed] = await tx
        .update(contestParticipants)
        .set({ disqualifiedAt: new Date(), disqualifiedReason: reason })
        .where(
          and(
            eq(contestParticipants.contestId, contestId),
            eq(contestParticipants.userId, userId),
            isNull(contestParticipants.disqualifiedAt),
          ),
        )
        .returning({ userId: contestParticipants.userId });
      if (!changed) throw new TRPCError({ code: "CONFLICT", message: "The participant is disqualified already" });
      const events = await this.#append(tx, contestId, [{ userId, kind: "disqualified", adminId: admin.id, reason }], {
        name,
        by: admin.username,
      });
      const board = await appendContestEvents(tx, c.id, standingChanges(userId, name, true));
      return { events, board };
    });
    await this.#publish(events, board);
  }

  /** An admin lifts a disqualification, with a reason; the score starts again from nothing. */
  async reinstate(contestId: string, userId: string, admin: { id: string; username: string }, reason: string): Promise<void> {
    const c = await this.#d.contests.row(contestId);
    const { events, board } = await this.#d.db.transaction(async (tx) => {
      const name = await this.#participantName(tx, contestId, userId);
      const [changed] = await tx
        .update(contestParticipants)
        .set({ disqualifiedAt: null, disqualifiedReason: null })
        .where(
          and(
            eq(contestParticipants.contestId, contestId),
            eq(contestParticipants.userId, userId),
            sql`${contestParticipants.disqualifiedAt} is not null`,
          ),
        )
        .returning({ userId: contestParticipants.userId });
      if (!changed) throw new TRPCError({ code: "CONFLICT", message: "The participant is not disqualified" });
      const events = await this.#append(tx, contestId, [{ userId, kind: "reinstated", adminId: admin.id, reason }], {
        name,
        by: admin.username,
      });
      const board = await appendContestEvents(tx, c.id, standingChanges(userId, name, false));
      return { events, board };
    });
    // Committed first: a violation counted in between is in the log before the reinstatement.
    await this.#d.redis.del(this.#d.keys.proctorScore(contestId, userId), this.#d.keys.proctorDisqualified(contestId, userId));
    await this.#publish(events, board);
  }

  /** The log after `afterSeq`, oldest first: the whole contest's, or one participant's. */
  async eventsAfter(contestId: string, afterSeq: number, userId?: string, limit = PROCTOR_EVENT_PAGE): Promise<ProctorEvent[]> {
    const admins = sql`(select username from ${users} a where a.id = ${proctorEvents.adminId})`;
    const rows = await this.#d.db
      .select({ e: proctorEvents, name: users.username, by: sql<string | null>`${admins}` })
      .from(proctorEvents)
      .innerJoin(users, eq(users.id, proctorEvents.userId))
      .where(
        and(eq(proctorEvents.contestId, contestId), gt(proctorEvents.seq, afterSeq), userId ? eq(proctorEvents.userId, userId) : undefined),
      )
      .orderBy(asc(proctorEvents.seq))
      .limit(limit);
    return rows.map((r) => eventOf(r.e, r.name, r.by));
  }

  /** Every entry of the log, for the admins' report. */
  async all(contestId: string): Promise<ProctorEvent[]> {
    const out: ProctorEvent[] = [];
    for (let after = 0; ; ) {
      const page = await this.eventsAfter(contestId, after);
      out.push(...page);
      const last = page.at(-1);
      if (!last || page.length < PROCTOR_EVENT_PAGE) return out;
      after = last.seq;
    }
  }

  /** A participant's proctoring subscription ended: the time a disconnection is measured from. */
  async left(contestId: string, userId: string): Promise<void> {
    await this.#d.redis.set(this.#d.keys.proctorLeft(contestId, userId), String(Date.now()), "PX", STATE_TTL_MS);
  }

  /** A participant's proctoring subscription started: how long they were away, if they had left. */
  async returned(contestId: string, userId: string): Promise<number | undefined> {
    const left = await this.#d.redis.getdel(this.#d.keys.proctorLeft(contestId, userId));
    return left === null ? undefined : Date.now() - Number(left);
  }

  #requirePolicy(c: ContestRow): ProctorPolicy {
    const policy = this.policyOf(c);
    if (!policy) throw new TRPCError({ code: "NOT_FOUND", message: "This contest is not proctored" });
    return policy;
  }

  /** The participant's score after this violation, and whether it is the one that disqualifies. */
  async #count(contestId: string, userId: string, policy: ProctorPolicy, weight: number): Promise<{ score: number; first: boolean }> {
    const keys = [this.#d.keys.proctorScore(contestId, userId), this.#d.keys.proctorDisqualified(contestId, userId)];
    const run = (seed: string) =>
      scoreScript.run(this.#d.redis, keys, [weight, policy.disqualifyAt, seed, STATE_TTL_MS]) as Promise<[number, number]>;
    let [score, first] = await run("");
    if (score === -1) {
      // Never counted here, or Redis lost it: the score since the last reinstatement, from the log.
      [score, first] = await run(String(await this.#scoreFromLog(contestId, userId)));
    }
    return { score, first: first === 1 };
  }

  async #uncount(contestId: string, userId: string, weight: number, first: boolean): Promise<void> {
    await this.#d.redis.decrby(this.#d.keys.proctorScore(contestId, userId), weight);
    if (first) await this.#d.redis.del(this.#d.keys.proctorDisqualified(contestId, userId));
  }

  async #scoreFromLog(contestId: string, userId: string): Promise<number> {
    const [row] = await this.#d.db
      .select({ total: sql<number>`coalesce(sum(${proctorEvents.weight}), 0)::int` })
      .from(proctorEvents)
      .where(
        and(
          eq(proctorEvents.contestId, contestId),
          eq(proctorEvents.userId, userId),
          eq(proctorEvents.kind, "violation"),
          sql`${proctorEvents.seq} > coalesce((select max(r.seq) from ${proctorEvents} r where r.contest_id = ${contestId} and r.user_id = ${userId} and r.kind = 'reinstated'), 0)`,
        ),
      );
    return row?.total ?? 0;
  }

  /**
   * The violation: in one statement when it disqualifies nobody; otherwise with the
   * disqualification and its standings change, in one transaction.
   */
  async #record(
    c: ContestRow,
    policy: ProctorPolicy,
    user: { id: string; username: string },
    s: ReportedSignal,
    counted: { weight: number; score: number; outcome: "none" | "warning" | "disqualified" },
  ): Promise<{ recorded: boolean; event: ProctorEvent }> {
    if (counted.outcome !== "disqualified") {
      const event = await this.#appendViolation(c.id, user, s, { weight: counted.weight, score: counted.score, outcome: counted.outcome });
      await this.#publish([event], []);
      return { recorded: true, event };
    }
    const reason = disqualificationReason(policy, counted.score, s.signal);
    const { events, board } = await this.#d.db.transaction(async (tx) => {
      const [changed] = await tx
        .update(contestParticipants)
        .set({ disqualifiedAt: new Date(), disqualifiedReason: reason })
        .where(
          and(eq(contestParticipants.contestId, c.id), eq(contestParticipants.userId, user.id), isNull(contestParticipants.disqualifiedAt)),
        )
        .returning({ userId: contestParticipants.userId });
      // Disqualified already (an admin did it, and Redis had lost the flag): nothing more to do.
      const board = changed ? await appendContestEvents(tx, c.id, standingChanges(user.id, user.username, true)) : [];
      const events = await this.#append(
        tx,
        c.id,
        [{ ...violationFields(user.id, s, counted), outcome: changed ? "disqualified" : "none", reason: changed ? reason : null }],
        { name: user.username, by: null },
      );
      return { events, board };
    });
    await this.#publish(events, board);
    const [event] = events;
    if (!event) throw new Error("a recorded violation returned no event");
    return { recorded: true, event };
  }

  /**
   * A violation that disqualifies nobody, appended as `#append` does but in one statement: the
   * counter's bump and the row commit together, with no transaction to open and close (four round
   * trips to one: reports waited behind a thousand arrivals' queries, bench:proctoring).
   */
  async #appendViolation(
    contestId: string,
    user: { id: string; username: string },
    s: ReportedSignal,
    counted: { weight: number; score: number; outcome: "none" | "warning" },
  ): Promise<ProctorEvent> {
    const createdAt = new Date();
    const rows = rowsOf<{ seq: number }>(
      await this.#d.db.execute(sql`
      with counter as (
        insert into ${proctorCounters} (contest_id, seq) values (${contestId}::uuid, 1)
        on conflict (contest_id) do update set seq = ${proctorCounters}.seq + 1
        returning seq
      )
      insert into ${proctorEvents}
        (contest_id, seq, user_id, kind, signal, client_at, client_id, detail, weight, score, outcome, created_at)
      select ${contestId}::uuid, counter.seq, ${user.id}::uuid, 'violation', ${s.signal}::text, ${s.clientAt.toISOString()}::timestamptz,
        ${s.clientId}::uuid, ${JSON.stringify(s.detail)}::jsonb, ${counted.weight}::int, ${counted.score}::int, ${counted.outcome}::text,
        ${createdAt.toISOString()}::timestamptz
      from counter
      returning seq`),
    );
    const seq = rows[0]?.seq;
    if (seq === undefined) throw new Error("a recorded violation returned no seq");
    // The row as inserted, told the way every other event of the log is (`eventOf`).
    const row: EventRow = {
      ...violationFields(user.id, s, counted),
      contestId,
      seq,
      outcome: counted.outcome,
      adminId: null,
      reason: null,
      createdAt,
    };
    return eventOf(row, user.username, null);
  }

  /** Appends to the contest's log under its counter's row lock: gapless, in commit order. */
  async #append(
    tx: Tx,
    contestId: string,
    rows: Omit<typeof proctorEvents.$inferInsert, "contestId" | "seq" | "createdAt">[],
    names: { name: string; by: string | null },
  ): Promise<ProctorEvent[]> {
    const [counter] = await tx
      .insert(proctorCounters)
      .values({ contestId, seq: rows.length })
      .onConflictDoUpdate({ target: proctorCounters.contestId, set: { seq: sql`${proctorCounters.seq} + ${rows.length}` } })
      .returning({ seq: proctorCounters.seq });
    if (!counter) throw new Error("proctor counter upsert returned nothing");
    const createdAt = new Date();
    const stamped = rows.map((r, i) => ({ ...r, contestId, seq: counter.seq - rows.length + 1 + i, createdAt }));
    const inserted = await tx.insert(proctorEvents).values(stamped).returning();
    return inserted.map((e) => eventOf(e, names.name, names.by));
  }

  async #participantName(tx: Tx, contestId: string, userId: string): Promise<string> {
    const [p] = await tx
      .select({ name: users.username })
      .from(contestParticipants)
      .innerJoin(users, eq(users.id, contestParticipants.userId))
      .where(and(eq(contestParticipants.contestId, contestId), eq(contestParticipants.userId, userId)))
      .for("no key update", { of: contestParticipants });
    if (!p) throw new TRPCError({ code: "NOT_FOUND", message: "No such participant in this contest" });
    return p.name;
  }

  async #publish(events: ProctorEvent[], board: ContestEvent[]): Promise<void> {
    await Promise.all([this.#d.bus.publishProctor(events), this.#d.publishContest(board)]);
  }
}

/** What a violation's row holds whatever the policy made of it. */
function violationFields(userId: string, s: ReportedSignal, counted: { weight: number; score: number }) {
  return {
    userId,
    kind: "violation" as const,
    signal: s.signal,
    clientAt: s.clientAt,
    clientId: s.clientId,
    detail: s.detail,
    weight: counted.weight,
    score: counted.score,
  };
}

/** A disqualification or reinstatement shows on both boards. */
function standingChanges(userId: string, name: string, disqualified: boolean) {
  return (["live", "public"] as const).map((board) => ({ board, change: { type: "standing" as const, userId, name, disqualified } }));
}

function eventOf(e: EventRow, name: string, by: string | null): ProctorEvent {
  return {
    contestId: e.contestId,
    seq: e.seq,
    userId: e.userId,
    name,
    kind: e.kind,
    at: e.createdAt.toISOString(),
    signal: (e.signal as ProctorEvent["signal"]) ?? null,
    clientAt: e.clientAt?.toISOString() ?? null,
    clientId: e.clientId,
    detail: (e.detail as ProctorEvent["detail"]) ?? null,
    weight: e.weight,
    score: e.score,
    outcome: (e.outcome as ProctorEvent["outcome"]) ?? null,
    by,
    reason: e.reason,
  };
}
