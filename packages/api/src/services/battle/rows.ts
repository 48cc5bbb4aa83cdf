// What every part of a battle's life shares: the row type, the reads built once, and appending to
// a battle's event log.
import { type Database, schema } from "@codeduel/db";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { BattleEvent, BattleEventData } from "../events.ts";
import { rowsOf, type Tx } from "../sql.ts";

const { battles, battleEvents, users } = schema;
export type BattleRow = typeof battles.$inferSelect;

/** Page size when reading a battle's event log. */
export const EVENT_PAGE = 500;

/**
 * The reads every battle and subscription runs, built once: drizzle builds a query's SQL from its
 * builder chain on every call, 50-100 us each on this machine (one-off probe), more than Postgres
 * takes to answer them. (Statements inside a transaction run on its connection, so they are built
 * there.)
 */
export function preparedBattleReads(db: Database) {
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
export type BattleReads = ReturnType<typeof preparedBattleReads>;

/**
 * Appends events under the battle's row lock, so sequence numbers are gapless and ordered. One
 * statement (bump the counter, insert the events), not two: each round trip to Postgres is a
 * socket write and a wake-up of its backend, and this runs for every verdict and battle end.
 */
export async function appendEvents(tx: Tx, battleId: string, data: BattleEventData[]): Promise<BattleEvent[]> {
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
