// Turns matchmaker pairs into battles. Runs on every API instance: pairing is atomic in Redis, so
// instances never compete for a player, and any instance can finish a pair another one dropped.
import type { Logger } from "pino";
import { type ApiMetrics, NO_API_METRICS } from "../metrics.ts";
import type { BattleService } from "./battle/service.ts";
import type { Matchmaker, Pair } from "./matchmaker.ts";

/** A pair not turned into a battle after this long is taken over by whichever instance sees it. */
const STALE_PAIR_MS = 10_000;

export class PairingLoop {
  readonly #matchmaker: Matchmaker;
  readonly #battles: BattleService;
  readonly #log: Logger;
  readonly #metrics: ApiMetrics;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(matchmaker: Matchmaker, battles: BattleService, log: Logger, metrics: ApiMetrics = NO_API_METRICS) {
    this.#matchmaker = matchmaker;
    this.#battles = battles;
    this.#log = log;
    this.#metrics = metrics;
  }

  /** Asks for a pairing pass soon; calls made while one runs coalesce into one more pass. */
  request(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#pass();
      } catch (err) {
        this.#log.error({ err }, "pairing pass failed");
      }
    } while (this.#again);
  }

  async #pass(): Promise<void> {
    const pairs = await this.#matchmaker.pair();
    // Counted where the pair is made, once across instances (stale pairs were counted already).
    for (const pair of pairs) for (const waited of pair.waitedMs ?? []) this.#metrics.matched(waited);
    const stale = await this.#matchmaker.stalePending(STALE_PAIR_MS);
    await Promise.all([...pairs, ...stale].map((p) => this.#create(p)));
  }

  async #create(pair: Pair): Promise<void> {
    try {
      await this.#battles.createFromPair(pair);
    } catch (err) {
      // The pair stays pending in Redis; the stale-pair sweep retries it.
      this.#log.error({ err, pair }, "creating battle failed");
    }
  }
}
