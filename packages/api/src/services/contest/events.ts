// What a contest's standings subscription carries: the board to start from, then one change at a
// time, each tracked by its board's sequence number so a client that reconnects resumes exactly.
import type { Cell, ScoringRule } from "./scoring.ts";

export type ContestBoardName = "public" | "live";

export interface BoardProblem {
  label: string;
  title: string;
  points: number;
}

export interface BoardRow {
  userId: string;
  name: string;
  cells: Record<string, Cell>;
  /** Out of the ranking: disqualified by proctoring or an admin. */
  disqualified?: boolean;
}

/** A whole board, as of its event `seq`. */
export interface Board {
  contestId: string;
  board: ContestBoardName;
  scoring: ScoringRule;
  problems: BoardProblem[];
  rows: BoardRow[];
  /** From here on the public board shows new attempts as pending (null: no freeze)... */
  freezeAt: string | null;
  /** ...until the organiser revealed every result after the end. */
  unfrozen: boolean;
  seq: number;
}

/**
 * A registration is not a change: told to every watcher at once, a thousand arrivals were a million
 * messages. A participant appears on the board with their first cell, which names them (the board
 * itself lists everyone registered by then).
 */
export type ContestChange =
  | { type: "cell"; userId: string; name: string; label: string; cell: Cell }
  /** The public board stopped being frozen: every result is revealed. */
  | { type: "unfrozen" }
  /** A participant was disqualified, or reinstated: on both boards at once. */
  | { type: "standing"; userId: string; name: string; disqualified: boolean };

export interface ContestEvent {
  contestId: string;
  board: ContestBoardName;
  /** Gapless per board, starting at 1. */
  seq: number;
  at: string;
  change: ContestChange;
}

export type StandingsMessage = ({ type: "board" } & Board) | ({ type: "change" } & ContestEvent);
