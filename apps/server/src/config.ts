// Server settings, parsed once from the environment (see .env.example).
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Real Postgres when set; the embedded PGlite database otherwise. */
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().default(".data/pglite"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Namespaces every Redis key and BullMQ queue, so deployments and test runs never collide. */
  REDIS_PREFIX: z.string().min(1).default("codeduel"),
  /** Comma-separated usernames that are admins (the first admin comes from here). */
  ADMIN_USERNAMES: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  /** How often the server looks for submissions still queued long after they were made. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** A submission queued this long is re-enqueued, or given a final verdict if the judge gave up on it. */
  STUCK_SUBMISSION_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How long a battle lasts (challenges may set their own); at the deadline it ends as a draw. */
  BATTLE_TIME_LIMIT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3_600_000)
    .default(15 * 60_000),
  /** How long a player whose connection dropped has to come back before the battle is forfeited. */
  RECONNECT_GRACE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Silence (no open battle subscription on any instance) after which a player counts as disconnected. */
  PRESENCE_TIMEOUT_MS: z.coerce.number().int().min(1500).max(60_000).default(3000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ServerConfig = z.infer<typeof schema>;

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid server configuration: ${problems}`);
  }
  return parsed.data;
}
