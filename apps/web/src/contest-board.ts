// A contest's standings folded from its subscription: the whole board, then one change at a time.
// Pure and immutable (each message makes a new board), so React sees every change.
import type { Board, StandingsMessage } from "@codeduel/api";
import type { Cell, ScoringRule, Totals } from "@codeduel/api/contest-scoring";

/**
 * The board after one message. A `board` message replaces everything (a fresh subscription); a
 * change applies only on top of the board it follows: one at or below the board's seq is already
 * in it (a resumed subscription never repeats one, but a board read may already include it).
 * Registrations are not changes: someone who registered after the board was read appears with
 * their first cell, which carries their name.
 */
export function applyStandings(board: Board | undefined, m: StandingsMessage): Board | undefined {
  if (m.type === "board") {
    const { type: _, ...whole } = m;
    return whole;
  }
  if (!board || m.seq <= board.seq) return board;
  const c = m.change;
  const next: Board = { ...board, seq: m.seq };
  if (c.type === "cell") {
    const known = board.rows.some((r) => r.userId === c.userId);
    next.rows = known
      ? board.rows.map((r) => (r.userId === c.userId ? { ...r, cells: { ...r.cells, [c.label]: c.cell } } : r))
      : [...board.rows, { userId: c.userId, name: c.name, cells: { [c.label]: c.cell } }];
  } else if (c.type === "standing") {
    const known = board.rows.some((r) => r.userId === c.userId);
    next.rows = known
      ? board.rows.map((r) => (r.userId === c.userId ? { ...r, disqualified: c.disqualified } : r))
      : [...board.rows, { userId: c.userId, name: c.name, cells: {}, disqualified: c.disqualified }];
  } else {
    next.unfrozen = true;
  }
  return next;
}

/** What one cell says, in words (for screen readers) and in the compact form the table shows. */
export function describeCell(
  cell: Cell | undefined,
  scoring: ScoringRule,
  first: boolean,
): { short: string; detail: string; words: string } {
  if (!cell || (cell.attempts === 0 && cell.acceptedMs === null && cell.pending === 0 && cell.points === 0)) {
    return { short: "", detail: "", words: "not tried" };
  }
  const pending = cell.pending > 0 ? ` ${cell.pending} pending` : "";
  const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;
  const firstWords = first ? ", first to solve" : "";
  if (scoring === "points") {
    const solved = cell.acceptedMs !== null;
    return {
      short: `${cell.points}${cell.pending > 0 ? " ?" : ""}`,
      detail: tries(cell.attempts),
      words: `${cell.points} points${solved ? ", solved" : ""} after ${tries(cell.attempts)}${pending}${firstWords}`,
    };
  }
  if (cell.acceptedMs !== null) {
    const minute = Math.floor(cell.acceptedMs / 60_000);
    const n = cell.attempts + 1;
    return { short: `✓ ${minute}`, detail: tries(n), words: `solved at minute ${minute} after ${tries(n)}${firstWords}` };
  }
  if (cell.pending > 0) {
    return {
      short: "?",
      detail: cell.attempts > 0 ? `${tries(cell.attempts)} · ${cell.pending} pending` : `${cell.pending} pending`,
      words: `${cell.attempts > 0 ? `${tries(cell.attempts)} rejected,` : ""}${pending}`.trim(),
    };
  }
  return { short: "✗", detail: tries(cell.attempts), words: `not solved, ${tries(cell.attempts)} rejected` };
}

/** The totals column(s) in words: "2 solved, 45 minutes penalty" or "170 points". */
export function describeTotals(t: Totals, scoring: ScoringRule): string {
  return scoring === "icpc" ? `${t.solved} solved, ${t.penalty} minutes penalty` : `${t.points} points`;
}
