// Python recursion that passes through C (a function under functools.lru_cache, a key function
// calling itself) runs wasm frames on the judging thread's native stack, and V8's default limit
// (984 KB) stopped an lru_cache recursion short of 1,000 levels. Judge threads get an 8 MB stack
// (workers/judge), and V8 may use three quarters of whatever this thread has, so such recursion
// reaches the harness's recursion limit before the stack ends. V8 reads the flag as each isolate is
// created; a main thread's stack is the process's soft limit.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { isMainThread, resourceLimits } from "node:worker_threads";

function threadStackKb(): number {
  if (!isMainThread) return (resourceLimits.stackSizeMb ?? 4) * 1024;
  try {
    const limit = /Max stack size\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
    if (limit) return Math.min(Number(limit) / 1024, 64 * 1024);
  } catch {}
  return 1312; // V8's own default (984 KB) is three quarters of this
}

/** Lets isolates created from now on, on this thread, use most of its native stack. */
export function useThreadStack(): void {
  setFlagsFromString(`--stack-size=${Math.floor(threadStackKb() * 0.75)}`);
}
