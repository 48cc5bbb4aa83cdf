// The sandbox threads of one judge process, shared in turn by its queues (battles', contests').
// Each queue's BullMQ worker takes jobs as fast as it likes; a job runs only once it holds a slot,
// and a freed slot goes to the queue after the one served last that has a job waiting. So a flood
// on one queue leaves the other at least an equal share of the threads, and a queue alone gets
// them all.
//
// Why not piscina's own `taskQueue` option: piscina keeps an abortable task (ours all are, for
// the job deadline) that finds no free thread in an internal FIFO of its own, which a custom
// queue never sees.
export class FairSlots<Lane extends string> {
  readonly #lanes: readonly Lane[];
  readonly #waiting = new Map<Lane, (() => void)[]>();
  #free: number;
  #queued = 0;
  #lastServed = -1;

  constructor(slots: number, lanes: readonly Lane[]) {
    this.#free = slots;
    this.#lanes = lanes;
    for (const lane of lanes) this.#waiting.set(lane, []);
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
      this.#served(lane);
      return Promise.resolve();
    }
    this.#queued++;
    return new Promise((resolve) => queue.push(resolve));
  }

  #release(): void {
    for (let i = 1; i <= this.#lanes.length; i++) {
      const index = (this.#lastServed + i) % this.#lanes.length;
      const next = this.#waiting.get(this.#lanes[index] as Lane)?.shift();
      if (next) {
        this.#queued--;
        this.#lastServed = index;
        next();
        return;
      }
    }
    this.#free++;
  }

  #served(lane: Lane): void {
    this.#lastServed = this.#lanes.indexOf(lane);
  }
}
