// The admin queue dashboard (bull-board) at /admin/queues: admins only, by session token in an
// `Authorization: Bearer` header or in the `codeduel_session` cookie set by POST /admin/session.

import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { Services } from "@codeduel/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const ADMIN_BASE_PATH = "/admin/queues";
const COOKIE = "codeduel_session";

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function requestToken(req: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  return bearer ?? cookieToken(req.headers.cookie);
}

/** Who a request is: nobody (no or unknown token), a player, or an admin (role, or listed in ADMIN_USERNAMES). */
export function adminCheck(services: Services, adminUsernames: readonly string[]) {
  const listed = new Set(adminUsernames.map((u) => u.toLowerCase()));
  return async (req: FastifyRequest): Promise<"nobody" | "player" | "admin"> => {
    const token = requestToken(req);
    const user = token ? await services.sessions.resolve(token) : undefined;
    if (!user) return "nobody";
    return user.role === "admin" || listed.has(user.username.toLowerCase()) ? "admin" : "player";
  };
}

export async function registerAdmin(
  app: FastifyInstance,
  services: Services,
  adminUsernames: readonly string[],
  options: { behindTls: boolean },
): Promise<void> {
  const whoIs = adminCheck(services, adminUsernames);

  async function requireAdmin(req: FastifyRequest, reply: FastifyReply) {
    const who = await whoIs(req);
    if (who === "nobody") return reply.code(401).send({ error: "Sign in as an admin first" });
    if (who !== "admin") return reply.code(403).send({ error: "Admins only" });
  }

  // Exchanges a token for an HttpOnly cookie, so a browser can open the dashboard.
  app.post<{ Body: { token?: unknown } }>("/admin/session", async (req, reply) => {
    const token = typeof req.body?.token === "string" ? req.body.token : undefined;
    const user = token ? await services.sessions.resolve(token) : undefined;
    if (!token || !user) return reply.code(401).send({ error: "Unknown or expired session token" });
    // Secure when the server is served over HTTPS, whatever hop this request came through.
    const secure = options.behindTls || req.protocol === "https" ? "; Secure" : "";
    reply.header("set-cookie", `${COOKIE}=${encodeURIComponent(token)}; Path=/admin; HttpOnly; SameSite=Strict${secure}`);
    return { ok: true, dashboard: ADMIN_BASE_PATH };
  });

  const serverAdapter = new FastifyAdapter();
  createBullBoard({ queues: Object.values(services.judgeQueues).map((q) => new BullMQAdapter(q)), serverAdapter });
  serverAdapter.setBasePath(ADMIN_BASE_PATH);
  await app.register(async (scope) => {
    scope.addHook("onRequest", requireAdmin);
    await scope.register(serverAdapter.registerPlugin(), { prefix: ADMIN_BASE_PATH });
  });
}
