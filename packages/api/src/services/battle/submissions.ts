// A player's submission: its row and `submission_queued` event in one statement.
import { type Database, schema } from "@codeduel/db";
import type { Language } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import type { BattleEvent, BattleEventData } from "../events.ts";
import { isUniqueViolation, rowsOf } from "../sql.ts";

const { battles, battleEvents, submissions } = schema;

export interface NewSubmission {
  submissionId: string;
  battleId: string;
  userId: string;
  language: Language;
  code: string;
}

/**
 * One statement, one round trip: bump the battle's event counter (only for a player of an active
 * battle before its deadline), insert the submission and its `submission_queued` event. Undefined
 * when the battle refused it (the caller explains why); CONFLICT while the player's previous
 * submission is still being judged.
 */
export async function insertSubmission(db: Database, sub: NewSubmission): Promise<{ event: BattleEvent; challengeId: string } | undefined> {
  const at = new Date().toISOString();
  const data: BattleEventData = { type: "submission_queued", submissionId: sub.submissionId, userId: sub.userId, language: sub.language };
  let rows: { seq: number; challenge_id: string }[];
  try {
    rows = rowsOf(
      await db.execute(sql`
        with b as (
          update ${battles} set event_seq = event_seq + 1
          where id = ${sub.battleId}::uuid and status = 'active' and deadline_at > now()
            and (player_a_id = ${sub.userId}::uuid or player_b_id = ${sub.userId}::uuid)
          returning id, event_seq, challenge_id
        ), s as (
          insert into ${submissions} (id, battle_id, user_id, language, code)
          select ${sub.submissionId}::uuid, b.id, ${sub.userId}::uuid, ${sub.language}::text, ${sub.code}::text from b
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
  if (!row) return undefined;
  return { event: { battleId: sub.battleId, seq: Number(row.seq), at, data }, challengeId: row.challenge_id };
}
