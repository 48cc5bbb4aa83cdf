// The sandbox: judges one submission in a fresh isolate. Imported only by judge worker threads
// (and the benchmarks and tests that judge in-process).
import { setFlagsFromString } from "node:v8";

// No Maglev in a process that judges. Every submission runs in a fresh isolate, where the functions
// that grow warm (Pyodide's glue's, the player's) were compiled by Maglev on a background
// thread, again for each isolate, and thrown away with it: about a quarter of a Python
// submission's CPU time when Python was MicroPython (docs/BENCHMARKS.md). Truly hot code still reaches TurboFan (a loop that runs for long
// is optimised on stack as before), so a player's CPU-heavy solution runs as fast (measured in
// docs/BENCHMARKS.md). V8 flags are per process; setting it again from each thread is harmless.
setFlagsFromString("--no-maglev");

export { CallDeadline } from "./call-deadline.ts";
export { DEFAULT_LIMITS, type SandboxLimits } from "./limits.ts";
export { warmPython } from "./python/snapshot.ts";
export type { SandboxRequest, SandboxTest } from "./request.ts";
export { runSubmission } from "./run-submission.ts";
