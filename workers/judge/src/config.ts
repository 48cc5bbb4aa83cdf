// Judge worker settings, parsed once from the environment.

import { availableParallelism } from "node:os";
import { z } from "zod";

const schema = z.object({
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().min(1).default("codeduel"),
  /**
   * Prometheus /metrics of the whole worker (the supervisor merges its judge processes' figures).
   * 0 picks a free port (the address is logged). Loopback by default; 0.0.0.0 in Kubernetes.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Sandbox threads; more threads than cores keeps fast jobs from waiting behind slow ones. */
  JUDGE_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(Math.max(2, availableParallelism() * 2)),
  /**
   * When battles' and contests' jobs both wait, battles get this many sandbox threads to each one
   * contests get (fair-slots.ts): a battle is a race against the clock; contests still progress.
   */
  JUDGE_BATTLE_TURNS: z.coerce.number().int().min(1).max(100).default(3),
  JUDGE_MEMORY_MB: z.coerce.number().int().min(8).max(4096).default(128),
  JUDGE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  JUDGE_CPU_MS: z.coerce.number().int().min(50).max(120_000).default(2000),
  /** How long a job's lock lasts; a dead worker's jobs are taken over after about this long. */
  JUDGE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** How often workers look for jobs whose worker died. */
  JUDGE_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(5_000),
  /** RSS ceiling of a judge process, MB; past it the supervisor kills it. Default: 512 + threads x memory x 4. */
  JUDGE_MAX_RSS_MB: z.coerce.number().int().min(64).max(1_000_000).optional(),
  /**
   * CPU priority of the judge process (nice, 0-19). On a machine it shares with the API server,
   * sandboxed code yields to the real-time path instead of delaying every player's updates.
   */
  JUDGE_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * Keep a second judge process booted and idle, so a process that must be replaced (a submission
   * wedged or killed it) is replaced at once rather than after a cold start: "0" saves its memory.
   */
  JUDGE_STANDBY: z.enum(["0", "1"]).default("1"),
  /**
   * Set by the supervisor, not by hand: what this judge process is for. "active" takes jobs from
   * the queue; "standby" boots and waits to be told to take them; "solo" (with JUDGE_THREADS=1)
   * takes no jobs from the queue and judges, one at a time, the jobs a dead process held.
   */
  JUDGE_ROLE: z.enum(["active", "standby", "solo"]).default("active"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type WorkerConfig = z.infer<typeof schema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid judge worker configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * The RSS ceiling of a judge process with `threads` sandbox threads, in bytes: past it the
 * supervisor kills the process. isolated-vm's memoryLimit is a guideline; this is the hard line.
 */
export function maxRssBytes(config: WorkerConfig, threads: number): number {
  return (config.JUDGE_MAX_RSS_MB ?? 512 + threads * config.JUDGE_MEMORY_MB * 4) * 1024 * 1024;
}
