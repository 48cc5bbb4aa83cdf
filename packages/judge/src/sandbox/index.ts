// The sandbox: judges one submission in a fresh isolate. Imported only by judge worker threads.
export { DEFAULT_LIMITS, type SandboxLimits } from "./limits.ts";
export { warmMicroPython } from "./python/boot.ts";
export { runSubmission, type SandboxRequest, type SandboxResult, type SandboxTest } from "./run-submission.ts";
