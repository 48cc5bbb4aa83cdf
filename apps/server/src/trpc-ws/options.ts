// What a tRPC-over-WebSocket server is configured with: the router, context, error hooks, and the
// limits on what one socket may ask at once.
import type { AnyRouter, inferRouterContext } from "@trpc/server";
import type { ProcedureType, TRPCError } from "@trpc/server/unstable-core-do-not-import";
import type { ConnectionParams } from "./frames.ts";

/** What a connection keeps of its upgrade request. */
export interface ConnectionRequest {
  /** Path and query string: `?connectionParams=1` means the first message carries the params. */
  url: string;
  connId: string;
}

/** What one socket may ask of this server at once. */
export interface WsProtocolLimits {
  /** Subscriptions open on one socket; one more is refused with TOO_MANY_REQUESTS. */
  maxSubscriptions: number;
  /** Queries and mutations running for one socket; one more is refused with TOO_MANY_REQUESTS. */
  maxCallsInFlight: number;
  /** How long a socket that announced connection params may stay silent before it is closed. */
  connectionParamsTimeoutMs: number;
  /** Most calls one frame may carry; the client batches what it sends in one tick. */
  maxBatch: number;
}

export const DEFAULT_WS_PROTOCOL_LIMITS: WsProtocolLimits = {
  maxSubscriptions: 32,
  maxCallsInFlight: 64,
  connectionParamsTimeoutMs: 10_000,
  maxBatch: 100,
};

export interface TrpcWsOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext(opts: { req: ConnectionRequest; connectionParams: ConnectionParams }): Promise<inferRouterContext<TRouter>>;
  /** Every error a call ends with, as tRPC's adapters report them. */
  onError?(opts: {
    error: TRPCError;
    path: string | undefined;
    type: ProcedureType | "unknown";
    ctx: inferRouterContext<TRouter> | undefined;
  }): void;
  limits?: Partial<WsProtocolLimits>;
  /**
   * The JSON text of a subscription's value when it was made once for every socket that sends it
   * (the same object to many watchers); undefined to stringify it here. Used only without a
   * transformer, as the text is sent as it is.
   */
  sharedJson?(data: unknown): string | undefined;
  /** A socket closed for breaking the protocol, or that failed at the `ws` level (too big a frame...). */
  onRejected?(opts: { req: ConnectionRequest; reason: string; closeCode: number | undefined; message: string }): void;
}
