// A contest's standings in Postgres: the cells one verdict at a time, the two boards' event logs,
// and a board read whole. Nothing here recomputes standings from submissions: each change touches
// one participant's one problem, under that cell's row lock and the contest's.
import { type Database, schema } from "@codeduel/db";
import { TRPCError } from "@trpc/server";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "../sql.ts";
import type { Board, BoardProblem, ContestBoardName, ContestChange, ContestEvent } from "./events.ts";
import { type Boards, type Cell, emptyCell } from "./scoring.ts";

const { contests, contestCells, contestEvents, contestParticipants, users } = schema;

/** Page size when reading a board's event log. */
export const CONTEST_EVENT_PAGE = 500;

function sameCell(a: Cell, b: Cell): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Changes one cell with `change` (a pure function of both boards' cells) and returns the events
 * that tell each board about it: the live board hears of every change, the public board only of
 * one it shows. Run inside the transaction that also records the cause (a submission, a verdict).
 */
export async function changeCell(
  tx: Tx,
  contestId: string,
  userId: string,
  label: string,
  change: (boards: Boards) => Boards,
): Promise<{ board: ContestBoardName; change: ContestChange }[]> {
  const empty = emptyCell();
  await tx.insert(contestCells).values({ contestId, userId, label, live: empty, public: empty }).onConflictDoNothing();
  // The participant's name comes with the locked cell: a change names whom it is about.
  const [row] = await tx
    .select({ live: contestCells.live, public: contestCells.public, name: users.username })
    .from(contestCells)
    .innerJoin(users, eq(users.id, contestCells.userId))
    .where(and(eq(contestCells.contestId, contestId), eq(contestCells.userId, userId), eq(contestCells.label, label)))
    .for("update", { of: contestCells });
  if (!row) throw new Error(`cell ${contestId}/${userId}/${label} vanished`);
  const { name } = row;
  const before: Boards = { live: row.live as Cell, public: row.public as Cell };
  const after = change(before);
  await tx
    .update(contestCells)
    .set({ live: after.live, public: after.public })
    .where(and(eq(contestCells.contestId, contestId), eq(contestCells.userId, userId), eq(contestCells.label, label)));
  const events: { board: ContestBoardName; change: ContestChange }[] = [];
  if (!sameCell(before.live, after.live)) events.push({ board: "live", change: { type: "cell", userId, name, label, cell: after.live } });
  if (!sameCell(before.public, after.public)) {
    events.push({ board: "public", change: { type: "cell", userId, name, label, cell: after.public } });
  }
  return events;
}

/**
 * Appends events to the boards' logs under the contest's row lock, so each board's sequence
 * numbers are gapless and in commit order.
 */
export async function appendContestEvents(
  tx: Tx,
  contestId: string,
  events: { board: ContestBoardName; change: ContestChange }[],
): Promise<ContestEvent[]> {
  if (events.length === 0) return [];
  const nPublic = events.filter((e) => e.board === "public").length;
  const nLive = events.length - nPublic;
  const [counters] = await tx
    .update(contests)
    .set({ publicSeq: sql`${contests.publicSeq} + ${nPublic}`, liveSeq: sql`${contests.liveSeq} + ${nLive}` })
    .where(eq(contests.id, contestId))
    .returning({ publicSeq: contests.publicSeq, liveSeq: contests.liveSeq });
  if (!counters) throw new Error(`contest ${contestId} vanished`);
  const next = { public: counters.publicSeq - nPublic, live: counters.liveSeq - nLive };
  const at = new Date();
  const stamped: ContestEvent[] = events.map((e) => {
    next[e.board] += 1;
    return { contestId, board: e.board, seq: next[e.board], at: at.toISOString(), change: e.change };
  });
  await tx.insert(contestEvents).values(stamped.map((e) => ({ contestId, board: e.board, seq: e.seq, payload: e.change, createdAt: at })));
  return stamped;
}

export async function eventsAfter(
  db: Database,
  contestId: string,
  board: ContestBoardName,
  afterSeq: number,
  limit = CONTEST_EVENT_PAGE,
): Promise<ContestEvent[]> {
  const rows = await db
    .select()
    .from(contestEvents)
    .where(and(eq(contestEvents.contestId, contestId), eq(contestEvents.board, board), gt(contestEvents.seq, afterSeq)))
    .orderBy(asc(contestEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    contestId,
    board,
    seq: r.seq,
    at: r.createdAt.toISOString(),
    change: r.payload as ContestChange,
  }));
}

/** A whole board as of its latest event: every participant, with the cells they have. */
export async function readBoard(db: Database, contestId: string, board: ContestBoardName, problems: BoardProblem[]): Promise<Board> {
  // One snapshot: the contest's counters and freeze state and the rows read in one transaction, so
  // the board is exactly the state after event `seq` (events commit with the rows they describe).
  return db.transaction(
    async (tx) => {
      const [contest] = await tx
        .select({
          id: contests.id,
          scoring: contests.scoring,
          freezeAt: contests.freezeAt,
          unfrozenAt: contests.unfrozenAt,
          publicSeq: contests.publicSeq,
          liveSeq: contests.liveSeq,
        })
        .from(contests)
        .where(eq(contests.id, contestId));
      if (!contest) throw new TRPCError({ code: "NOT_FOUND", message: "No such contest" });
      const participants = await tx
        .select({ userId: contestParticipants.userId, name: users.username, disqualifiedAt: contestParticipants.disqualifiedAt })
        .from(contestParticipants)
        .innerJoin(users, eq(users.id, contestParticipants.userId))
        .where(eq(contestParticipants.contestId, contestId));
      const cells = await tx
        .select({ userId: contestCells.userId, label: contestCells.label, live: contestCells.live, public: contestCells.public })
        .from(contestCells)
        .where(eq(contestCells.contestId, contestId));
      const rows = new Map(
        participants.map((p) => [
          p.userId,
          { userId: p.userId, name: p.name, cells: {} as Record<string, Cell>, ...(p.disqualifiedAt ? { disqualified: true } : {}) },
        ]),
      );
      for (const c of cells) {
        const row = rows.get(c.userId);
        if (row) row.cells[c.label] = (board === "live" ? c.live : c.public) as Cell;
      }
      return {
        contestId: contest.id,
        board,
        scoring: contest.scoring,
        problems,
        rows: [...rows.values()],
        freezeAt: contest.freezeAt?.toISOString() ?? null,
        unfrozen: contest.unfrozenAt !== null,
        seq: board === "live" ? contest.liveSeq : contest.publicSeq,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
