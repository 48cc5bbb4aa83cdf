// The caps every submission runs under; challenges and the environment may override them.
export interface SandboxLimits {
  /** V8 heap cap of the isolate, in MB. */
  memoryMb: number;
  /** Wall-clock timeout of each call into user code, in ms. */
  timeoutMsPerTest: number;
  /** Total CPU time the isolate may use across all tests, in ms. */
  cpuMsTotal: number;
  /** Largest serialised return value, in bytes (checked inside the isolate). */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  memoryMb: 128,
  timeoutMsPerTest: 1000,
  cpuMsTotal: 2000,
  outputBytes: 64 * 1024,
};
