// The sandbox threads of one judge process, shared in turn by its queues (battles', contests').
// Each queue's BullMQ worker takes jobs as fast as it likes; a job runs only once it holds a slot,
// and a freed slot goes to the next queue in a weighted round (battles 3, contests 1 in the judge:
// `JUDGE_BATTLE_TURNS`) that has a job waiting. So a flood on one queue still leaves the other its
// turns, and a queue alone gets every slot.
//
// Why weighted: a battle is two people racing the clock, a contest's verdict feeds a board; with
// equal turns, battles during a 1,000-participant contest waited 39x longer than alone on a
// machine short of CPU (bench:contest (c)), with strict priority a battle flood starved contests.
//
// Why not piscina's own `taskQueue` option: piscina keeps an abortable task (ours all are, for
// the job deadline) that finds no free thread in an internal FIFO of its own, which a custom
// queue never sees.
export class FairSlots<Lane extends string> {
  /** The round: each lane as many times as its weight, spread out (a, a, b, a rather than a, a, a, b). */
  readonly #turns: readonly Lane[];
  readonly #waiting = new Map<Lane, (() => void)[]>();
  #free: number;
  #queued = 0;
  #lastTurn = -1;

  constructor(slots: number, weights: Readonly<Record<Lane, number>>) {
    this.#free = slots;
    this.#turns = roundOf(weights);
    for (const lane of Object.keys(weights) as Lane[]) this.#waiting.set(lane, []);
  }

  /** Jobs waiting for a slot, per lane. */
  waiting(lane: Lane): number {
    return this.#waiting.get(lane)?.length ?? 0;
  }

  /** Runs `fn` once `lane` gets a slot, and frees the slot when it settles. */
  async run<T>(lane: Lane, fn: () => Promise<T>): Promise<T> {
    await this.#acquire(lane);
    try {
      return await fn();
    } finally {
      this.#release();
    }
  }

  #acquire(lane: Lane): Promise<void> {
    const queue = this.#waiting.get(lane);
    if (!queue) throw new Error(`unknown lane ${lane}`);
    if (this.#free > 0 && this.#queued === 0) {
      this.#free--;
      return Promise.resolve();
    }
    this.#queued++;
    return new Promise((resolve) => queue.push(resolve));
  }

  #release(): void {
    for (let i = 1; i <= this.#turns.length; i++) {
      const turn = (this.#lastTurn + i) % this.#turns.length;
      const next = this.#waiting.get(this.#turns[turn] as Lane)?.shift();
      if (next) {
        this.#queued--;
        this.#lastTurn = turn;
        next();
        return;
      }
    }
    this.#free++;
  }
}

/** Lanes repeated by weight and interleaved: weights { a: 3, b: 1 } give a, a, b, a. */
function roundOf<Lane extends string>(weights: Readonly<Record<Lane, number>>): Lane[] {
  const entries = (Object.entries(weights) as [Lane, number][]).filter(([, w]) => w > 0);
  if (entries.length === 0) throw new Error("every lane has weight 0");
  const round: Lane[] = [];
  const given = new Map<Lane, number>(entries.map(([lane]) => [lane, 0]));
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  // Each turn to the lane furthest behind its share so far: a smooth weighted round robin.
  for (let t = 1; t <= total; t++) {
    let best = entries[0] as [Lane, number];
    for (const entry of entries) {
      if (t * entry[1] - total * (given.get(entry[0]) ?? 0) > t * best[1] - total * (given.get(best[0]) ?? 0)) best = entry;
    }
    round.push(best[0]);
    given.set(best[0], (given.get(best[0]) ?? 0) + 1);
  }
  return round;
}
