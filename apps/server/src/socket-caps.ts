// Hard caps on the sockets one client address and one signed-in user hold on this instance. They
// bound what a single client can cost a process (memory, subscriptions, fan-out) whatever the rate
// limits allow; the rate of socket opens across instances is the rate limiter's job.

export interface SocketCapLimits {
  /** 0: no cap. */
  perAddress: number;
  /** 0: no cap. */
  perUser: number;
}

export class SocketCaps {
  readonly #limits: SocketCapLimits;
  readonly #byAddress = new Map<string, number>();
  readonly #byUser = new Map<string, number>();

  constructor(limits: SocketCapLimits) {
    this.#limits = limits;
  }

  get limits(): SocketCapLimits {
    return this.#limits;
  }

  /** Counts a socket from `address`, unless the address is at its cap (then nothing is counted). */
  openFromAddress(address: string): boolean {
    return claim(this.#byAddress, address, this.#limits.perAddress);
  }

  closeFromAddress(address: string): void {
    release(this.#byAddress, address);
  }

  /** Counts a socket signed in as `userId`, unless the user is at the cap (then nothing is counted). */
  openForUser(userId: string): boolean {
    return claim(this.#byUser, userId, this.#limits.perUser);
  }

  closeForUser(userId: string): void {
    release(this.#byUser, userId);
  }

  /** Addresses and users holding sockets now: back to 0 and 0 once every client left. */
  get tracked(): { addresses: number; users: number } {
    return { addresses: this.#byAddress.size, users: this.#byUser.size };
  }
}

function claim(counts: Map<string, number>, key: string, cap: number): boolean {
  const n = counts.get(key) ?? 0;
  if (cap > 0 && n >= cap) return false;
  counts.set(key, n + 1);
  return true;
}

function release(counts: Map<string, number>, key: string): void {
  const n = counts.get(key) ?? 0;
  if (n <= 1) counts.delete(key);
  else counts.set(key, n - 1);
}
