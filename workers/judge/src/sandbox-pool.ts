// The piscina pool of sandbox threads, one shape for the judge process and the benches that measure it.
import type { Verdict } from "@codeduel/judge";
import { Piscina } from "piscina";
import type { ThreadTask } from "./thread.ts";

export function sandboxPool(threads: number): Piscina<ThreadTask, Verdict> {
  return new Piscina<ThreadTask, Verdict>({
    filename: new URL("./thread.ts", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Deep Python recursion through C runs on the thread's own stack (packages/judge/src/sandbox/index.ts).
    resourceLimits: { stackSizeMb: 8 },
    // Threads never idle out: loading isolated-vm per thread is the expensive part.
    idleTimeout: Number.POSITIVE_INFINITY,
    // Between tasks a thread's event loop keeps turning (piscina's default blocks it in
    // Atomics.wait): a judged submission's isolate is disposed there, after its verdict has been
    // posted (packages/judge/src/sandbox/dispose-soon.ts), not before, nor piled up until later.
    atomics: "async",
  });
}
