// One participant's copy of a contest's standings, kept as a client keeps it: the `board` message
// replaces it whole, each `change` (tracked by the board's gapless seq) moves one participant or one
// cell. Applying a message says what it meant for the measurements: a gap in the seq (a change
// lost), and whether a cell settled (one fewer pending: a verdict shown), which is what the
// `standings` latency and a participant's own verdict are taken from.
import type { BoardRow } from "@codeduel/api";

type Cell = BoardRow["cells"][string];

/**
 * The fields of a standings message this reads. Structural on purpose: the server may add fields
 * and change types, and those are ignored.
 */
export interface StandingsView {
  type: string;
  seq: number;
  /** A change's: the server's clock when it was recorded (ISO). */
  at?: string;
  rows?: BoardRow[];
  freezeAt?: string | null;
  unfrozen?: boolean;
  change?: { type: string; userId?: string; name?: string; label?: string; cell?: Cell };
}

export interface Applied {
  /** Changes skipped before this one (0 when none was lost). */
  gap: number;
  /** The change settled a cell: it shows a verdict (or a revealed one). */
  settled: { userId: string; label: string } | undefined;
  /** A change at or before the board's seq: a repeat, ignored. */
  stale: boolean;
}

const NOTHING: Applied = { gap: 0, settled: undefined, stale: false };

export class StandingsBoard {
  readonly #rows = new Map<string, BoardRow>();
  #seq: number | undefined;
  #freezeAt: string | null = null;
  #unfrozen = false;

  /** The seq of the last message applied: the resume position; undefined before the first board. */
  get seq(): number | undefined {
    return this.#seq;
  }

  get participants(): number {
    return this.#rows.size;
  }

  cell(userId: string, label: string): Cell | undefined {
    return this.#rows.get(userId)?.cells[label];
  }

  /** Whether the board shows the freeze now (others' new results, and one's own, stay pending). */
  frozen(now = Date.now()): boolean {
    return this.#freezeAt !== null && !this.#unfrozen && now >= Date.parse(this.#freezeAt);
  }

  apply(m: StandingsView): Applied {
    if (m.type === "board") {
      this.#rows.clear();
      for (const row of m.rows ?? []) this.#rows.set(row.userId, row);
      this.#seq = m.seq;
      this.#freezeAt = m.freezeAt ?? null;
      this.#unfrozen = m.unfrozen === true;
      return NOTHING;
    }
    if (m.type !== "change" || this.#seq === undefined) return NOTHING;
    if (m.seq <= this.#seq) return { ...NOTHING, stale: true };
    const gap = m.seq - this.#seq - 1;
    this.#seq = m.seq;
    return { ...NOTHING, gap, settled: this.#change(m.change) };
  }

  #change(c: StandingsView["change"]): Applied["settled"] {
    if (c?.type === "cell" && c.userId && c.label && c.cell) {
      let row = this.#rows.get(c.userId);
      if (!row) {
        row = { userId: c.userId, name: c.name ?? "", cells: {} };
        this.#rows.set(c.userId, row);
      }
      const before = row.cells[c.label]?.pending ?? 0;
      row.cells[c.label] = c.cell;
      if (c.cell.pending < before) return { userId: c.userId, label: c.label };
    } else if (c?.type === "unfrozen") {
      this.#unfrozen = true;
    }
    return undefined;
  }
}
