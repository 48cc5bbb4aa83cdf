// The one place that defines the tRPC context and base procedures.
import { initTRPC, TRPCError } from "@trpc/server";
import type { Logger } from "pino";
import { ZodError } from "zod";
import type { Services } from "./services/index.ts";
import { RateLimitedError } from "./services/rate-limits.ts";
import type { SessionUser } from "./services/sessions.ts";

export interface Context {
  services: Services;
  /** The signed-in user, or null when no (valid) token came with the request or connection. */
  user: SessionUser | null;
  /** The session token the request or connection presented, if any. */
  token: string | null;
  /** True when a token was presented but did not resolve to a session. */
  badToken: boolean;
  /** The client's address, for per-address rate limits. */
  address: string;
  log: Logger;
}

const t = initTRPC.context<Context>().create({
  // Never ship stack traces to clients, and never the text of an unexpected internal error.
  isDev: false,
  errorFormatter({ shape, error }) {
    // How long a rate-limited client should wait, for clients that retry by themselves.
    if (error instanceof RateLimitedError) return { ...shape, data: { ...shape.data, stack: undefined, retryAfterMs: error.retryAfterMs } };
    if (error.code === "INTERNAL_SERVER_ERROR") {
      return { ...shape, message: "Internal server error", data: { ...shape.data, stack: undefined } };
    }
    // Input validation: one readable line ("code: too big; battleId: invalid UUID") plus the issues.
    if (error.cause instanceof ZodError) {
      const issues = error.cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
      return { ...shape, message, data: { ...shape.data, stack: undefined, issues } };
    }
    return { ...shape, data: { ...shape.data, stack: undefined } };
  },
});

export const router = t.router;

/**
 * Subscriptions started per player (or per address when signed out) are rate limited, across instances.
 * Every call's outcome and duration go to the instance's /metrics from here, the first middleware
 * of every procedure (not one of its own: each layer costs tRPC some objects per call), so refusals
 * further in (sign-in, rate limits, input parsing) count with their code. Only procedures that
 * exist get here, so `path` is one of the router's (bounded) paths.
 */
export const publicProcedure = t.procedure.use(async ({ ctx, path, type, next }) => {
  const start = performance.now();
  let code = "INTERNAL_SERVER_ERROR";
  try {
    if (type === "subscription") await ctx.services.limits.subscribe(ctx.user ? `user:${ctx.user.id}` : `address:${ctx.address}`);
    const result = await next();
    code = result.ok ? "OK" : result.error.code;
    return result;
  } catch (err) {
    if (err instanceof TRPCError) code = err.code;
    throw err;
  } finally {
    ctx.services.metrics.procedureCalled(path, type, code, (performance.now() - start) / 1000);
  }
});

export const playerProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.badToken ? "Unknown or expired session token" : "Sign in first" });
  }
  // Only what changes: tRPC merges it into the context (spreading the whole context here too cost
  // a copy per call, visible in bench:realtime's relay profile).
  return next({ ctx: { user: ctx.user } });
});

/** Organisers: authoring problems, running contests, exports, the live board during a freeze. */
export const adminProcedure = playerProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next();
});
