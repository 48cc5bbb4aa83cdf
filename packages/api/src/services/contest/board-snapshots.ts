// The whole board a standings subscription starts from, shared by the watchers who subscribe within
// a moment of each other on this instance: one read of the board instead of one per arrival (a
// thousand participants arriving read a thousand boards of up to a thousand rows each, seconds of
// database time, bench:contest). A slightly old snapshot is still exact: the subscriber follows the
// event log from the snapshot's seq, reading what happened since from the database. A participant
// who registered after it was read gets it with their own (empty) row added.
import { shareJson } from "../shared-json.ts";
import type { Board, ContestBoardName, StandingsMessage } from "./events.ts";

/** How long a snapshot is handed to new subscribers. */
export const SNAPSHOT_MAX_AGE_MS = 1000;

export interface BoardSnapshot {
  seq: number;
  /** The `board` message itself, the same object for every subscriber (serialised once). */
  message: StandingsMessage & { type: "board" };
}

interface Entry {
  readAt: number;
  snapshot: Promise<{ snapshot: BoardSnapshot; userIds: Set<string> }>;
}

export class BoardSnapshots {
  readonly #read: (contestId: string, board: ContestBoardName) => Promise<Board>;
  readonly #isParticipant: (contestId: string, userId: string) => Promise<boolean>;
  readonly #maxAgeMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(
    read: (contestId: string, board: ContestBoardName) => Promise<Board>,
    isParticipant: (contestId: string, userId: string) => Promise<boolean>,
    maxAgeMs = SNAPSHOT_MAX_AGE_MS,
  ) {
    this.#read = read;
    this.#isParticipant = isParticipant;
    this.#maxAgeMs = maxAgeMs;
  }

  /** A recent snapshot of the board, with `viewer`'s row if they are a participant. */
  async get(contestId: string, board: ContestBoardName, viewer: { id: string; username: string }): Promise<BoardSnapshot> {
    const now = Date.now();
    this.#evict(now);
    const key = `${contestId}:${board}`;
    const { snapshot, userIds } = await (this.#entries.get(key)?.snapshot ?? this.#fresh(key, contestId, board, now));
    if (userIds.has(viewer.id) || !(await this.#isParticipant(contestId, viewer.id))) return snapshot;
    // Registered after the snapshot was read, so none of their results is in it (each is recorded
    // after the registration, as an event past the snapshot's seq): their row is empty there.
    const own = { userId: viewer.id, name: viewer.username, cells: {} };
    return { seq: snapshot.seq, message: { ...snapshot.message, rows: [...snapshot.message.rows, own] } };
  }

  #fresh(key: string, contestId: string, board: ContestBoardName, now: number): Entry["snapshot"] {
    const snapshot = this.#read(contestId, board).then((b) => ({
      snapshot: { seq: b.seq, message: shareJson({ type: "board" as const, ...b }) },
      userIds: new Set(b.rows.map((r) => r.userId)),
    }));
    const entry = { readAt: now, snapshot };
    this.#entries.set(key, entry);
    // A failed read is not handed to the next subscriber.
    snapshot.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return snapshot;
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) if (now - entry.readAt >= this.#maxAgeMs) this.#entries.delete(key);
  }
}
