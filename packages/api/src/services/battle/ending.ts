// The end of a battle: the one transaction that ends it, with a winner or as a draw, and moves both
// ratings.
import { schema } from "@codeduel/db";
import { sql } from "drizzle-orm";
import { eloChanges, eloDraw } from "../elo.ts";
import type { BattleEvent, BattleEventData, EndReason } from "../events.ts";
import { rowsOf, type Tx } from "../sql.ts";

const { battles, battleEvents, users, ratingChanges } = schema;

export interface Finished {
  events: BattleEvent[];
  players: string[];
}

/**
 * Ends an active battle, with a winner or (winnerId null) as a draw, and moves both ratings in
 * the same transaction. A no-op when it already ended: a battle ends exactly once, even when both
 * players pass at the same moment or a forfeit races the clock.
 */
export async function finishBattle(tx: Tx, battleId: string, winnerId: string | null, reason: EndReason): Promise<Finished | undefined> {
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
  // The event is appended here rather than by appendEvents, whose counter bump would update the
  // battle row a second time in the same statement, which Postgres does not allow.
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
