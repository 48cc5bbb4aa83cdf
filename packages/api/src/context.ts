// Builds the per-request (HTTP) or per-connection (WebSocket) context from a bearer token.
import type { Logger } from "pino";
import type { Services } from "./services/index.ts";
import type { Context } from "./trpc.ts";

/**
 * `bindings` (a WebSocket's connection id) and the user id go into one child logger: a connection
 * holds its context for its whole life, so it should hold one logger, not a chain of them.
 */
export async function createContext(
  services: Services,
  token: string | undefined,
  log: Logger,
  bindings: Record<string, string> = {},
  /** The client's address, as the server trusts it (X-Forwarded-For only from a trusted proxy). */
  address = "unknown",
): Promise<Context> {
  const user = token ? ((await services.sessions.resolve(token)) ?? null) : null;
  const all = user ? { ...bindings, userId: user.id } : bindings;
  return {
    services,
    user,
    token: token ?? null,
    badToken: token !== undefined && user === null,
    address,
    log: Object.keys(all).length > 0 ? log.child(all) : log,
  };
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}
