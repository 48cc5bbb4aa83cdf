// Rate limits shared by every instance through Redis (rate-limiter-flexible), per client address
// and per player. A limited call gets TOO_MANY_REQUESTS with how long to wait (`RateLimitedError`).
// Sign-in follows the library's "login endpoint protection" recipe: failures are counted per
// account and address (a progressive delay, then a lockout) and per address (slow brute force);
// a success clears the account's count. Counting only failures keeps a classroom behind one NAT
// able to sign in at once.
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitOptions {
  /** false: nothing is limited (benchmarks and load tests from one address). */
  enabled: boolean;
  /** Guest accounts one address may create per 10 minutes. */
  guestsPerAddress: number;
  /** Accounts one address may register per 10 minutes. */
  signupsPerAddress: number;
  /** Failed sign-ins for one account from one address before each further try must wait (1 s, 2 s, 4 s...). */
  signinFreeFailures: number;
  /** Failed sign-ins for one account from one address that lock that pair out for an hour. */
  signinLockoutFailures: number;
  /** Failed sign-ins from one address, any account, per hour; past it the address waits out the hour. */
  signinFailuresPerAddress: number;
  /** Submissions per player per minute (one is judged at a time anyway). */
  submissionsPerUser: number;
  /** Submissions per address per minute. */
  submissionsPerAddress: number;
  /** WebSocket opens per address per minute. */
  socketOpensPerAddress: number;
  /** Subscriptions started per player (or per address, signed out) per minute. */
  subscriptionsPerClient: number;
  /** Proctoring signals one participant may report per minute (a browser reports a few at most). */
  proctorSignalsPerUser: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  enabled: true,
  guestsPerAddress: 300,
  signupsPerAddress: 100,
  signinFreeFailures: 3,
  signinLockoutFailures: 10,
  signinFailuresPerAddress: 200,
  submissionsPerUser: 30,
  submissionsPerAddress: 1000,
  socketOpensPerAddress: 600,
  subscriptionsPerClient: 600,
  proctorSignalsPerUser: 120,
};

/** TOO_MANY_REQUESTS that says how long to wait; the error formatter puts it in `data.retryAfterMs`. */
export class RateLimitedError extends TRPCError {
  readonly retryAfterMs: number;
  constructor(what: string, retryAfterMs: number) {
    const ms = Math.max(1, Math.ceil(retryAfterMs));
    super({ code: "TOO_MANY_REQUESTS", message: `${what}; try again in ${Math.ceil(ms / 1000)} s` });
    this.retryAfterMs = ms;
  }
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

const MINUTE = 60;
const HOUR = 3600;

export class RateLimits {
  readonly options: RateLimitOptions;
  readonly #limiters: Record<string, RateLimiterRedis>;

  constructor(redis: Redis, prefix: string, options: RateLimitOptions) {
    this.options = options;
    const limiter = (name: string, points: number, duration: number, blockDuration = 0) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rl:${name}`, points, duration, blockDuration });
    const o = options;
    this.#limiters = {
      guest: limiter("guest", o.guestsPerAddress, 10 * MINUTE),
      signup: limiter("signup", o.signupsPerAddress, 10 * MINUTE),
      // Consecutive failures per account+address, forgotten after an hour without one.
      signinFails: limiter("signin-fails", o.signinLockoutFailures, HOUR, HOUR),
      // The progressive delay: blocked for 2^(n - free - 1) s after the n-th consecutive failure.
      signinDelay: limiter("signin-delay", 1, 1),
      signinAddress: limiter("signin-address", o.signinFailuresPerAddress, HOUR, HOUR),
      submitUser: limiter("submit-user", o.submissionsPerUser, MINUTE),
      submitAddress: limiter("submit-address", o.submissionsPerAddress, MINUTE),
      socketOpen: limiter("socket-open", o.socketOpensPerAddress, MINUTE),
      subscribe: limiter("subscribe", o.subscriptionsPerClient, MINUTE),
      proctorSignal: limiter("proctor-signal", o.proctorSignalsPerUser, MINUTE),
    };
  }

  async guest(address: string): Promise<void> {
    await this.#consume("guest", address, "Too many guest accounts from your address");
  }

  async signup(address: string): Promise<void> {
    await this.#consume("signup", address, "Too many sign-ups from your address");
  }

  async submit(userId: string, address: string): Promise<void> {
    await this.#consume("submitUser", userId, "Too many submissions");
    await this.#consume("submitAddress", address, "Too many submissions from your address");
  }

  /** For the WebSocket upgrade, which answers with HTTP 429 rather than a tRPC error. */
  async socketOpen(address: string): Promise<Admission> {
    return this.#admit("socketOpen", address);
  }

  async proctorSignal(userId: string): Promise<void> {
    await this.#consume("proctorSignal", userId, "Too many proctoring reports");
  }

  async subscribe(client: string): Promise<void> {
    await this.#consume("subscribe", client, "Too many subscriptions");
  }

  /** Before a password is checked: refused while the account+address waits or is locked out. */
  async beforeSignin(username: string, address: string): Promise<void> {
    if (!this.options.enabled) return;
    const pair = signinKey(username, address);
    const [fails, delay, byAddress] = await Promise.all([
      this.#limiters.signinFails?.get(pair),
      this.#limiters.signinDelay?.get(pair),
      this.#limiters.signinAddress?.get(address),
    ]);
    const o = this.options;
    if (fails && fails.consumedPoints >= o.signinLockoutFailures)
      throw new RateLimitedError("Too many failed sign-ins: this account is locked for your address", fails.msBeforeNext);
    if (byAddress && byAddress.consumedPoints >= o.signinFailuresPerAddress)
      throw new RateLimitedError("Too many failed sign-ins from your address", byAddress.msBeforeNext);
    if (delay && delay.consumedPoints > 1)
      throw new RateLimitedError("Too many failed sign-ins: wait before trying again", delay.msBeforeNext);
  }

  async signinFailed(username: string, address: string): Promise<void> {
    if (!this.options.enabled) return;
    const pair = signinKey(username, address);
    const [fails] = await Promise.all([this.#limiters.signinFails?.penalty(pair, 1), this.#limiters.signinAddress?.penalty(address, 1)]);
    const n = fails?.consumedPoints ?? 0;
    if (n > this.options.signinFreeFailures) await this.#limiters.signinDelay?.block(pair, 2 ** (n - this.options.signinFreeFailures - 1));
  }

  async signinSucceeded(username: string, address: string): Promise<void> {
    if (!this.options.enabled) return;
    const pair = signinKey(username, address);
    await Promise.all([this.#limiters.signinFails?.delete(pair), this.#limiters.signinDelay?.delete(pair)]);
  }

  async #admit(name: string, key: string): Promise<Admission> {
    if (!this.options.enabled) return { ok: true };
    try {
      await this.#limiters[name]?.consume(key);
      return { ok: true };
    } catch (err) {
      // A Redis failure is not the client's fault: it is thrown on, as an internal error.
      if (err instanceof RateLimiterRes) return { ok: false, retryAfterMs: err.msBeforeNext };
      throw err;
    }
  }

  async #consume(name: string, key: string, what: string): Promise<void> {
    const admission = await this.#admit(name, key);
    if (!admission.ok) throw new RateLimitedError(what, admission.retryAfterMs);
  }
}

function signinKey(username: string, address: string): string {
  return `${username.trim().toLowerCase()}|${address}`;
}
