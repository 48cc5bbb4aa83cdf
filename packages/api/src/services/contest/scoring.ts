// Contest scoring rules, DOMjudge/ICPC style: pure functions over one participant's one problem
// cell, so standings are updated one verdict at a time (the contest service) and ranked anywhere
// (the server's exports, the web app) with exactly the same rules. No I/O, no imports.
//
// Ranking and tie-breaking:
// - ICPC: more problems solved first; then less penalty time; then the earlier last accepted
//   submission that counts (the time the participant reached their score: who got there first);
//   then equal, sharing the rank.
// - Points: more points first; then the earlier time the last counting improvement was reached
//   (the latest `pointsMs` of the cells that score); then equal, sharing the rank.
// Ranks are standard competition ranking: equal rows share a rank and the next rank skips (1, 1, 3).
// A disqualified participant (proctoring, or an admin) has no rank: listed after everyone ranked,
// in the same order among themselves, and never first to solve a problem.
// Equal rows are listed by name, then userId (code-unit order, not locale order, so every machine
// shows the same order); that order is for display only and never changes a rank.
//
// Penalty (ICPC): a solved problem costs the minutes from the contest's start to its first accepted
// submission, rounded down, plus 20 minutes per counted rejection before it. Unsolved ones cost nothing.
//
// Pending, on submission and verdict: `submitted(cell)` adds one when a submission is made, on both
// boards. Its verdict removes it on each board that shows the verdict: always on the live board;
// on the public board only for a submission made before the freeze. One made at or after the
// freeze stays pending on the public board, judged or not, until `reveal` copies the live cell.
// Verdicts of one participant arrive in submission order (one submission in flight each), which
// "later submissions are ignored once accepted" relies on.

export type ScoringRule = "icpc" | "points";

export const PENALTY_MINUTES_PER_REJECTION = 20;

/** One participant × one problem, as stored (on each of the live and the public board). */
export interface Cell {
  /** Rejected judged submissions that count, before the first accepted (points: every counted one). */
  attempts: number;
  /** Ms from the contest's start of the first accepted submission. */
  acceptedMs: number | null;
  /** Best points so far (points rule). */
  points: number;
  /** When the best points were first reached. */
  pointsMs: number | null;
  /** Submissions not (yet) shown: being judged, or hidden by the freeze. */
  pending: number;
}

export type JudgedStatus =
  | "accepted"
  | "wrong_answer"
  | "time_limit"
  | "memory_limit"
  | "runtime_error"
  | "compile_error"
  | "output_limit"
  | "internal_error";

export interface JudgedSubmission {
  status: JudgedStatus;
  /** Submission time (not judging time), ms from the contest's start. */
  atMs: number;
  hiddenPassed: number;
  hiddenTotal: number;
}

export interface Row {
  userId: string;
  name: string;
  /** By problem label. */
  cells: Record<string, Cell>;
  /** Out of the ranking (see the top of this file). */
  disqualified?: boolean;
}

export interface Totals {
  solved: number;
  penalty: number;
  points: number;
  lastMs: number | null;
}

export interface Boards {
  live: Cell;
  public: Cell;
}

export function emptyCell(): Cell {
  return { attempts: 0, acceptedMs: null, points: 0, pointsMs: null, pending: 0 };
}

/**
 * Verdicts that never count: a compile error (DOMjudge's default: the program never ran) and an
 * internal error (the judge's fault, not the participant's; it is to be rejudged, not punished).
 */
function ignored(status: JudgedStatus): boolean {
  return status === "compile_error" || status === "internal_error";
}

/** The cell after one judged submission; never mutates `cell`. Pending is left to the caller. */
export function applyVerdict(cell: Cell, sub: JudgedSubmission, rule: ScoringRule, problemPoints: number): Cell {
  if (ignored(sub.status)) return { ...cell };
  const accepted = sub.status === "accepted";
  if (rule === "icpc") {
    if (cell.acceptedMs !== null) return { ...cell };
    return accepted ? { ...cell, acceptedMs: sub.atMs } : { ...cell, attempts: cell.attempts + 1 };
  }
  const earned = accepted
    ? problemPoints
    : sub.hiddenTotal > 0
      ? Math.min(problemPoints, Math.floor((problemPoints * sub.hiddenPassed) / sub.hiddenTotal))
      : 0;
  // Strictly better only: an equal score later does not move the time the best was reached.
  const better = earned > cell.points;
  return {
    ...cell,
    attempts: cell.attempts + 1,
    acceptedMs: cell.acceptedMs ?? (accepted ? sub.atMs : null),
    points: better ? earned : cell.points,
    pointsMs: better ? sub.atMs : cell.pointsMs,
  };
}

/** A submission was made: one more pending on the board this cell is on. */
export function submitted(cell: Cell): Cell {
  return { ...cell, pending: cell.pending + 1 };
}

/** Its verdict is shown: one fewer pending (never below 0, so a cell made before pending was tracked stays sane). */
function settled(cell: Cell): Cell {
  return { ...cell, pending: Math.max(0, cell.pending - 1) };
}

/**
 * One verdict on both boards. `freezeMs` is null when there is no freeze or it has been lifted:
 * then both boards show everything. At or after the freeze only the live board moves.
 */
export function applyToBoards(boards: Boards, sub: JudgedSubmission, rule: ScoringRule, points: number, freezeMs: number | null): Boards {
  const live = settled(applyVerdict(boards.live, sub, rule, points));
  const hidden = freezeMs !== null && sub.atMs >= freezeMs;
  return { live, public: hidden ? { ...boards.public } : settled(applyVerdict(boards.public, sub, rule, points)) };
}

/** ICPC penalty minutes of one cell: 0 unless solved. */
export function penaltyMinutes(cell: Cell): number {
  if (cell.acceptedMs === null) return 0;
  return Math.floor(cell.acceptedMs / 60_000) + PENALTY_MINUTES_PER_REJECTION * cell.attempts;
}

export function totals(row: Row, rule: ScoringRule): Totals {
  const t: Totals = { solved: 0, penalty: 0, points: 0, lastMs: null };
  for (const cell of Object.values(row.cells)) {
    if (cell.acceptedMs !== null) t.solved += 1;
    t.points += cell.points;
    if (rule === "icpc") {
      t.penalty += penaltyMinutes(cell);
      if (cell.acceptedMs !== null) t.lastMs = Math.max(t.lastMs ?? 0, cell.acceptedMs);
    } else if (cell.points > 0 && cell.pointsMs !== null) {
      t.lastMs = Math.max(t.lastMs ?? 0, cell.pointsMs);
    }
  }
  return t;
}

/** Negative when `a` ranks above `b`, 0 when they share a rank. */
function compareTotals(a: Totals, b: Totals, rule: ScoringRule): number {
  // No time at all (nothing scored) only meets another row with nothing scored: treat it as latest.
  const last = (a.lastMs ?? Number.POSITIVE_INFINITY) - (b.lastMs ?? Number.POSITIVE_INFINITY);
  const byTime = Number.isNaN(last) ? 0 : Math.sign(last);
  if (rule === "icpc") return Math.sign(b.solved - a.solved) || Math.sign(a.penalty - b.penalty) || byTime;
  return Math.sign(b.points - a.points) || byTime;
}

export function compareRows(a: Row, b: Row, rule: ScoringRule): number {
  return compareTotals(totals(a, rule), totals(b, rule), rule);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `rank` is null for a disqualified row. */
export function rank<R extends Row>(rows: R[], rule: ScoringRule): { row: R; totals: Totals; rank: number | null }[] {
  const scored = rows.map((row) => ({ row, totals: totals(row, rule), rank: null as number | null }));
  scored.sort(
    (a, b) =>
      Number(a.row.disqualified ?? false) - Number(b.row.disqualified ?? false) ||
      compareTotals(a.totals, b.totals, rule) ||
      byCodeUnits(a.row.name, b.row.name) ||
      byCodeUnits(a.row.userId, b.row.userId),
  );
  scored.forEach((s, i) => {
    if (s.row.disqualified) return;
    const prev = scored[i - 1];
    s.rank = prev && prev.rank !== null && compareTotals(prev.totals, s.totals, rule) === 0 ? prev.rank : i + 1;
  });
  return scored;
}

/** Per problem label, who solved it first (several when their accepted times are equal to the ms). */
export function firstSolvers(rows: Row[]): Record<string, string[]> {
  const best: Record<string, { ms: number; userIds: string[] }> = {};
  for (const row of rows) {
    if (row.disqualified) continue;
    for (const [label, cell] of Object.entries(row.cells)) {
      if (cell.acceptedMs === null) continue;
      const b = best[label];
      if (!b || cell.acceptedMs < b.ms) best[label] = { ms: cell.acceptedMs, userIds: [row.userId] };
      else if (cell.acceptedMs === b.ms) b.userIds.push(row.userId);
    }
  }
  return Object.fromEntries(Object.entries(best).map(([label, b]) => [label, b.userIds.sort(byCodeUnits)]));
}

/**
 * The resolver's next step: the lowest-ranked participant on the public board (last in display
 * order) with a pending cell, and of their pending cells the smallest label. Revealing from the
 * bottom up keeps the suspense where ICPC resolvers keep it: the top is settled last.
 */
export function nextReveal(publicRows: Row[], rule: ScoringRule): { userId: string; label: string } | undefined {
  const ranked = rank(publicRows, rule);
  for (let i = ranked.length - 1; i >= 0; i--) {
    const row = ranked[i]?.row;
    if (!row) continue;
    const labels = Object.keys(row.cells)
      .filter((label) => (row.cells[label]?.pending ?? 0) > 0)
      .sort(byCodeUnits);
    const label = labels[0];
    if (label !== undefined) return { userId: row.userId, label };
  }
  return undefined;
}

/** Every cell with something pending, for revealing all at once (the order does not matter then). */
export function pendingCells(rows: Row[]): { userId: string; label: string }[] {
  return rows.flatMap((row) =>
    Object.keys(row.cells)
      .filter((label) => (row.cells[label]?.pending ?? 0) > 0)
      .sort(byCodeUnits)
      .map((label) => ({ userId: row.userId, label })),
  );
}

/**
 * The public cell once revealed: the live one, nothing pending. The public cell is replaced whole,
 * not merged: everything it lacks happened after the freeze and the live cell has it all.
 */
export function reveal(_publicCell: Cell, liveCell: Cell): Cell {
  return { ...liveCell, pending: 0 };
}

/** Whether a board shows the freeze at `now`: the public one, from `freezeAt` until every result is revealed. */
export function boardFrozen(board: { board: "public" | "live"; freezeAt: string | null; unfrozen: boolean }, now = Date.now()): boolean {
  return board.board === "public" && board.freezeAt !== null && !board.unfrozen && now >= Date.parse(board.freezeAt);
}
