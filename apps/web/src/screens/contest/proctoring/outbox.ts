// The participant's reports on their way to the server: each made once (a fresh clientId and the
// browser's time when the signal was seen) and sent at once; one the server has not answered
// (socket down, server busy) is kept and sent again, the same report with the same clientId, so the
// server records it once. Kept in sessionStorage too: a reload does not lose one either.
import type { ProctorSignal } from "./words.ts";

export interface Report {
  contestId: string;
  signal: ProctorSignal;
  clientId: string;
  clientAt: string;
  detail: { chars?: number; awayMs?: number };
}

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface OutboxOptions {
  contestId: string;
  send(report: Report): Promise<unknown>;
  /** The server answered and would answer a resend the same (the contest is over, the signal is not collected). */
  isFinal(err: unknown): boolean;
  store?: Store | null;
  /** How many reports wait, whenever that changes. */
  onPending?(count: number): void;
  /** Waits before sending again after the nth failure in a row (from 1). */
  retryMs?(failures: number): number;
}

const defaultRetry = (failures: number) => Math.min(1000 * 2 ** (failures - 1), 30_000);

export class ReportOutbox {
  readonly #o: OutboxOptions;
  readonly #key: string;
  #queue: Report[];
  #sending = false;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: OutboxOptions) {
    this.#o = options;
    this.#key = `codeduel:proctor-outbox:${options.contestId}`;
    this.#queue = this.#load();
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** A signal seen now: recorded as a report and sent at once (behind any still waiting, in order). */
  add(signal: ProctorSignal, detail: Report["detail"] = {}): Report {
    const report: Report = {
      contestId: this.#o.contestId,
      signal,
      clientId: crypto.randomUUID(),
      clientAt: new Date().toISOString(),
      detail,
    };
    this.#queue.push(report);
    this.#changed();
    void this.flush();
    return report;
  }

  /** Sends what waits, oldest first, one at a time; called again when the connection is back. */
  async flush(): Promise<void> {
    if (this.#sending || this.#closed) return;
    clearTimeout(this.#timer);
    this.#sending = true;
    try {
      for (let head = this.#queue[0]; head && !this.#closed; head = this.#queue[0]) {
        try {
          await this.#o.send(head);
        } catch (err) {
          if (!this.#o.isFinal(err)) {
            this.#failures += 1;
            this.#timer = setTimeout(() => void this.flush(), (this.#o.retryMs ?? defaultRetry)(this.#failures));
            return;
          }
        }
        this.#failures = 0;
        this.#queue.shift();
        this.#changed();
      }
    } finally {
      this.#sending = false;
    }
  }

  /** Stops sending (the page left the contest); what waits stays stored for the next visit. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #changed(): void {
    try {
      if (this.#queue.length > 0) this.#o.store?.setItem(this.#key, JSON.stringify(this.#queue));
      else this.#o.store?.removeItem(this.#key);
    } catch {
      // Storage full or refused: the reports still wait in memory.
    }
    this.#o.onPending?.(this.#queue.length);
  }

  #load(): Report[] {
    try {
      const stored: unknown = JSON.parse(this.#o.store?.getItem(this.#key) ?? "[]");
      return Array.isArray(stored) ? (stored as Report[]) : [];
    } catch {
      return [];
    }
  }
}
