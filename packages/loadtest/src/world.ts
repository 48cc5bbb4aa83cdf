// What every player of this process shares; main.ts builds it. A module of its own so that the
// player's parts (connection.ts, battle*.ts) can read it without importing player.ts.
import type { AppRouter } from "@codeduel/api";
import type { TRPCClient } from "@trpc/client";
import type { Options, Target } from "./args.ts";
import type { Metrics } from "./metrics.ts";
import type { RelayTracker } from "./relay.ts";

/** What every player shares: the options, the counters and which users are played by this process. */
export interface World {
  options: Options;
  metrics: Metrics;
  relay: RelayTracker;
  /** User ids played by this process: relay latency is measured only when both ends are here. */
  localUsers: Set<string>;
  /** Battles with local players: the first of them to see the battle end counts it. */
  localBattles: Set<string>;
  /** The WebSocket class for tRPC (socket.ts: ws, counting sockets and handshake errors). */
  WebSocket: typeof globalThis.WebSocket;
  /** A server's tRPC client over HTTP (sign-in only), shared by every player of that server. */
  http(target: Target): TRPCClient<AppRouter>;
  now(): number;
}
