// Disposes an isolate just after the verdict it served has gone back to the judge process.
import type ivm from "isolated-vm";

/**
 * Disposing an isolate takes well under a millisecond, except while another isolate in the same
 * process fills its heap up to the cap: then one dispose waited 12 to 47 ms (bench:blast, timed
 * around `dispose()`), longer than the whole judging of a small submission, presumably queued
 * behind the killer's heap growth for the process's memory map. Deferred to the next turn of this
 * thread's event loop, it runs after the verdict has been posted, so the player never waits for it.
 * `release` frees handles into the isolate first (with it, not left to the garbage collector).
 */
export function disposeSoon(isolate: ivm.Isolate, release?: () => void): void {
  setImmediate(() => {
    if (isolate.isDisposed) return;
    release?.();
    isolate.dispose();
  });
}
