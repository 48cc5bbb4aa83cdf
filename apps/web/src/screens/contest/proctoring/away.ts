// Leaving the contest page: the tab hidden, or the window losing focus. One time away is one
// violation: switching tabs fires both `blur` and `visibilitychange`, and counting both would
// double the score for one act. The policy's grace applies here, in the browser: a time away that
// ends before it is not sent; one that lasts is sent when the grace passes; with no grace, at once.

export type AwaySignal = "tab_hidden" | "window_blur";

export interface AwayOptions {
  /** Which of the two the policy collects. */
  collects: Record<AwaySignal, boolean>;
  graceMs: number;
  report(signal: AwaySignal, awayMs: number | undefined): void;
  now?(): number;
}

export class AwayTracker {
  readonly #o: AwayOptions;
  #hidden = false;
  #blurred = false;
  /** When the current time away began (null: here). */
  #since: number | null = null;
  #reported = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AwayOptions) {
    this.#o = options;
  }

  /** `visibilitychange`: the page hidden or shown again. */
  hidden(hidden: boolean): void {
    this.#hidden = hidden;
    this.#update();
  }

  /** Window `blur` (true) or `focus` (false). */
  blurred(blurred: boolean): void {
    this.#blurred = blurred;
    this.#update();
  }

  /** Forgets the current time away, unsent (the page is being unloaded, or the watch ends). */
  reset(): void {
    clearTimeout(this.#timer);
    this.#hidden = false;
    this.#blurred = false;
    this.#since = null;
    this.#reported = false;
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  /** Away, as far as the policy cares: a state it collects holds. */
  #away(): boolean {
    return (this.#hidden && this.#o.collects.tab_hidden) || (this.#blurred && this.#o.collects.window_blur);
  }

  #update(): void {
    if (!this.#away()) {
      // Back before the grace ran out: nothing is sent. Back after: the next time away counts again.
      clearTimeout(this.#timer);
      this.#since = null;
      this.#reported = false;
      return;
    }
    if (this.#since !== null) return;
    this.#since = this.#now();
    if (this.#o.graceMs === 0) this.#fire();
    else this.#timer = setTimeout(() => this.#fire(), this.#o.graceMs);
  }

  #fire(): void {
    if (this.#reported || this.#since === null || !this.#away()) return;
    this.#reported = true;
    // The stronger signal when both hold by now: the page is not even visible.
    const signal: AwaySignal = this.#hidden && this.#o.collects.tab_hidden ? "tab_hidden" : "window_blur";
    this.#o.report(signal, this.#o.graceMs > 0 ? this.#now() - this.#since : undefined);
  }
}
