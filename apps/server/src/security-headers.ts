// Security headers (@fastify/helmet) and CORS (@fastify/cors) for every response.
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

export interface SecurityHeaderOptions {
  /** Served over HTTPS (directly or behind a TLS-terminating proxy): HSTS and Secure cookies. */
  behindTls: boolean;
  /** Other origins whose pages may call the API from a browser; none by default. */
  corsOrigins: readonly string[];
}

export async function registerSecurityHeaders(app: FastifyInstance, o: SecurityHeaderOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        // The Vite build is one module script from /assets; nothing inline.
        "script-src": ["'self'"],
        // CodeMirror and React set styles from script (style elements, style attributes); styles
        // cannot run code, so inline styles are allowed and inline scripts are not.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // tRPC over HTTP and the WebSocket at /ws, on this origin only ('self' covers ws: and wss:
        // to the same host in current browsers).
        "connect-src": ["'self'"],
        // bull-board's Google Fonts stylesheet is refused too: the dashboard falls back to system fonts.
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(o.behindTls ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    // HSTS over plain HTTP would pin browsers to an HTTPS the server does not have.
    strictTransportSecurity: o.behindTls ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    // The SPA loads nothing cross-origin; COEP would only break what a future embed needs.
    crossOriginEmbedderPolicy: false,
  });
  // Same-origin needs no CORS at all; only listed origins get Access-Control-Allow-Origin.
  const allowed = new Set(o.corsOrigins);
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    credentials: false,
    methods: ["GET", "POST"],
    allowedHeaders: ["authorization", "content-type"],
    exposedHeaders: ["x-request-id", "retry-after"],
  });
}
