// Code-mirror relay latency: from a player's battle.updateCode being written to its socket to the
// opponent's battle.code subscription receiving that version. Both players live in this process, so the two
// ends meet here, keyed by battle, author and version. Either end may come first: the sender only
// learns the version from the mutation's reply, which can arrive after the opponent's copy.

interface Pending {
  sentAt?: number;
  receivedAt?: number;
  /** When the entry was created, for pruning. */
  at: number;
}

/** Entries kept at most, whatever happens (e.g. an opponent whose subscription died). */
const MAX_PENDING = 200_000;

export class RelayTracker {
  // A Map iterates in insertion order, so the oldest entries are always at the front.
  readonly #pending = new Map<string, Pending>();
  readonly #onMeasured: (ms: number) => void;

  constructor(onMeasured: (ms: number) => void) {
    this.#onMeasured = onMeasured;
  }

  get size(): number {
    return this.#pending.size;
  }

  sent(battleId: string, userId: string, version: number, sentAt: number): void {
    this.#meet(`${battleId}:${userId}:${version}`, "sentAt", sentAt);
  }

  received(battleId: string, userId: string, version: number, receivedAt: number): void {
    this.#meet(`${battleId}:${userId}:${version}`, "receivedAt", receivedAt);
  }

  /** Drops entries older than maxAgeMs (an update whose other end never came); returns how many. */
  prune(now: number, maxAgeMs: number): number {
    let dropped = 0;
    for (const [key, entry] of this.#pending) {
      if (entry.at > now - maxAgeMs && this.#pending.size <= MAX_PENDING) break;
      this.#pending.delete(key);
      dropped++;
    }
    return dropped;
  }

  #meet(key: string, end: "sentAt" | "receivedAt", at: number): void {
    const entry = this.#pending.get(key);
    if (!entry) {
      this.#pending.set(key, { [end]: at, at });
      return;
    }
    entry[end] = at;
    if (entry.sentAt !== undefined && entry.receivedAt !== undefined) {
      this.#pending.delete(key);
      this.#onMeasured(Math.max(0, entry.receivedAt - entry.sentAt));
    }
  }
}
