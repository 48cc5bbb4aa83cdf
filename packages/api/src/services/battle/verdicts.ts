// Recording a battle's verdict exactly once: a rejection in one statement, an acceptance in the
// transaction that also ends the battle.
import { type Database, schema } from "@codeduel/db";
import type { JudgeResult } from "@codeduel/judge";
import { and, eq, sql } from "drizzle-orm";
import type { BattleEvent } from "../events.ts";
import { rowsOf } from "../sql.ts";
import { type Finished, finishBattle } from "./ending.ts";
import { appendEvents } from "./rows.ts";

const { battles, battleEvents, submissions } = schema;

export interface VerdictOutcome {
  events: BattleEvent[];
  battleId: string;
  /** Set when this verdict ended the battle. */
  finished?: Finished | undefined;
}

/** Records the verdict; undefined when the submission was already judged (a duplicate verdict). */
export function recordVerdictRow(db: Database, result: JudgeResult): Promise<VerdictOutcome | undefined> {
  return result.verdict.status === "accepted" ? recordAccepted(db, result) : recordRejected(db, result);
}

/** Any verdict but `accepted`: one statement, one round trip; a no-op when already judged. */
async function recordRejected(db: Database, result: JudgeResult): Promise<VerdictOutcome | undefined> {
  const { verdict } = result;
  const at = new Date().toISOString();
  const data = { type: "verdict", submissionId: result.submissionId, ...verdict } as const;
  const rows = rowsOf<{ seq: number; user_id: string; battle_id: string }>(
    await db.execute(sql`
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

/** The first accepted submission wins: its verdict and the battle's end commit together. */
async function recordAccepted(db: Database, result: JudgeResult): Promise<VerdictOutcome | undefined> {
  const { verdict } = result;
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .update(submissions)
      .set({ status: verdict.status, verdict, cpuMs: verdict.cpuMs, wallMs: verdict.wallMs, judgedAt: new Date() })
      .where(and(eq(submissions.id, result.submissionId), eq(submissions.status, "queued")))
      .returning({ userId: submissions.userId, battleId: submissions.battleId });
    if (!sub) return undefined;
    const events = await appendEvents(tx, sub.battleId, [
      { type: "verdict", submissionId: result.submissionId, userId: sub.userId, ...verdict },
    ]);
    const finished = await finishBattle(tx, sub.battleId, sub.userId, "solved");
    return { events: [...events, ...(finished?.events ?? [])], finished, battleId: sub.battleId };
  });
}
