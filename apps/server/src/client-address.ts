// The address a request comes from, for per-address limits: the socket's peer, or the client named
// in X-Forwarded-For when (and only as far as) the hops are trusted proxies (TRUSTED_PROXIES).
// The same rule for HTTP (Fastify's `trustProxy` is given the same list) and WebSocket upgrades.
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

export type TrustedProxies = readonly string[];

export function clientAddressResolver(trusted: TrustedProxies): (req: IncomingMessage) => string {
  if (trusted.length === 0) return (req) => req.socket.remoteAddress ?? "unknown";
  const trust = proxyaddr.compile([...trusted]);
  return (req) => proxyaddr(req, trust);
}
