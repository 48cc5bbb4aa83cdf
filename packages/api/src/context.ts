// Builds the per-request (HTTP) or per-connection (WebSocket) context from a bearer token.
import type { Logger } from "pino";
import type { Services } from "./services/index.ts";
import type { Context } from "./trpc.ts";

export async function createContext(services: Services, token: string | undefined, log: Logger): Promise<Context> {
  if (!token) return { services, user: null, token: null, badToken: false, log };
  const user = (await services.sessions.resolve(token)) ?? null;
  return { services, user, token, badToken: user === null, log: user ? log.child({ userId: user.id }) : log };
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}
