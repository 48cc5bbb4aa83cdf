// A new battle for a matched pair: its row and its `battle_started` event, once per pair.
import type { Challenge } from "@codeduel/challenges";
import { type Database, schema } from "@codeduel/db";
import { eq, sql } from "drizzle-orm";
import type { BattleEvent, BattleEventData, PlayerInfo } from "../events.ts";
import { rowsOf } from "../sql.ts";

const { battles, battleEvents } = schema;

export interface NewBattle {
  /** Unique per pair (and deployment): creating again for the same key finds the first battle. */
  matchKey: string;
  challenge: Challenge;
  a: PlayerInfo;
  b: PlayerInfo;
  lengthMs: number;
}

/**
 * Inserts the battle, or finds the one an earlier attempt for this pair made (recovery calls this
 * again). `events` holds `battle_started` only when this call created the battle.
 */
export async function insertBattle(db: Database, n: NewBattle): Promise<{ id: string; challengeId: string; events: BattleEvent[] }> {
  const { a, b, challenge } = n;
  const startedAt = new Date();
  const deadlineAt = new Date(startedAt.getTime() + n.lengthMs);
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
        values (${n.matchKey}::text, ${challenge.id}::text, ${a.id}::uuid, ${b.id}::uuid, ${a.rating}::int, ${b.rating}::int,
                ${startedAt.toISOString()}::timestamptz, ${deadlineAt.toISOString()}::timestamptz, 1)
        on conflict (match_key) do nothing
        returning id
      ), e as (
        insert into ${battleEvents} (battle_id, seq, type, payload, created_at)
        select id, 1, ${started.type}::text, ${JSON.stringify(started)}::jsonb, ${startedAt.toISOString()}::timestamptz from ins
      )
      select id from ins`),
  );
  if (inserted) {
    return {
      id: inserted.id,
      challengeId: challenge.id,
      events: [{ battleId: inserted.id, seq: 1, at: startedAt.toISOString(), data: started }],
    };
  }
  // Created before, by an earlier attempt for this pair (recovery): the caller tells the players again.
  const [existing] = await db.select().from(battles).where(eq(battles.matchKey, n.matchKey));
  if (!existing) throw new Error(`battle for ${n.matchKey} neither inserted nor found`);
  return { id: existing.id, challengeId: existing.challengeId, events: [] };
}
