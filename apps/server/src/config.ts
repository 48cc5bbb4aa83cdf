// Server settings, parsed once from the environment (see .env.example).
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from "@codeduel/api";
import { z } from "zod";

/** A comma-separated list. */
const list = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
  );

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /**
   * Prometheus /metrics, on a listener of its own, never the public port. 0 picks a free port (the
   * address is logged; tests use it). Loopback by default: set METRICS_HOST=0.0.0.0 where the
   * scraper reaches the pod (Kubernetes) and the network keeps the port private.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
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
  ADMIN_USERNAMES: list,
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
  /** Largest WebSocket frame a client may send, bytes; a larger one closes its socket (1009). */
  WS_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Subscriptions one socket may hold open; one more is refused with TOO_MANY_REQUESTS. */
  WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Queries and mutations one socket may have running at once; one more is refused with TOO_MANY_REQUESTS. */
  WS_MAX_CALLS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Sockets one signed-in user may hold on one instance (tabs, devices); 0 for no cap. */
  WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(0).max(1_000_000).default(10),
  /** Sockets one client address may hold on one instance (a classroom behind one NAT shares one); 0 for no cap. */
  WS_MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** How long a socket that announced connection params may wait before sending them, ms. */
  WS_CONNECTION_PARAMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * Addresses or CIDRs of the proxies in front (nginx, a load balancer): X-Forwarded-For is believed
   * only from them. Empty: the socket's peer is the client.
   */
  TRUSTED_PROXIES: list,
  /** Served over HTTPS (directly or behind a TLS proxy): sends HSTS and marks the admin cookie Secure. */
  BEHIND_TLS: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** Other origins (e.g. https://contest.example.org) whose pages may call the API; none by default. */
  CORS_ORIGINS: list,
  /** "public": /health shows the process's pid, CPU and memory to anyone (load tests); otherwise admins only. */
  HEALTH_DETAILS: z.enum(["admins", "public"]).default("admins"),
  /** "off" lifts every rate limit and the per-address and per-player socket caps: for benchmarks and load tests only. */
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  RATE_LIMIT_GUESTS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.guestsPerAddress),
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signupsPerAddress),
  RATE_LIMIT_SIGNIN_FREE_FAILURES: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.signinFreeFailures),
  RATE_LIMIT_SIGNIN_LOCKOUT_FAILURES: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signinLockoutFailures),
  RATE_LIMIT_SIGNIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signinFailuresPerAddress),
  RATE_LIMIT_SUBMISSIONS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.submissionsPerUser),
  RATE_LIMIT_SUBMISSIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.submissionsPerAddress),
  RATE_LIMIT_SOCKET_OPENS_PER_ADDRESS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.socketOpensPerAddress),
  RATE_LIMIT_SUBSCRIPTIONS_PER_CLIENT: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.subscriptionsPerClient),
  RATE_LIMIT_CODE_UPDATES_PER_SECOND: z.coerce.number().int().min(1).default(20),
  /** On SIGTERM, how long WebSocket clients get to move to another instance before their sockets are cut. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  RATE_LIMIT_PROCTOR_SIGNALS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.proctorSignalsPerUser),
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

export function rateLimitsFrom(c: ServerConfig): RateLimitOptions {
  return {
    enabled: c.RATE_LIMITS === "on",
    guestsPerAddress: c.RATE_LIMIT_GUESTS_PER_ADDRESS,
    signupsPerAddress: c.RATE_LIMIT_SIGNUPS_PER_ADDRESS,
    signinFreeFailures: c.RATE_LIMIT_SIGNIN_FREE_FAILURES,
    signinLockoutFailures: c.RATE_LIMIT_SIGNIN_LOCKOUT_FAILURES,
    signinFailuresPerAddress: c.RATE_LIMIT_SIGNIN_FAILURES_PER_ADDRESS,
    submissionsPerUser: c.RATE_LIMIT_SUBMISSIONS_PER_USER,
    submissionsPerAddress: c.RATE_LIMIT_SUBMISSIONS_PER_ADDRESS,
    socketOpensPerAddress: c.RATE_LIMIT_SOCKET_OPENS_PER_ADDRESS,
    subscriptionsPerClient: c.RATE_LIMIT_SUBSCRIPTIONS_PER_CLIENT,
    proctorSignalsPerUser: c.RATE_LIMIT_PROCTOR_SIGNALS_PER_USER,
  };
}
