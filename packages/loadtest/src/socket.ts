// The WebSocket class handed to tRPC's createWSClient: `ws`'s, counting every socket it opens and
// every handshake or socket error. tRPC retries a failed handshake by itself, so without this a
// server refusing connections would only show up as slow sign-ins.
import { WebSocket } from "ws";
import type { Metrics } from "./metrics.ts";

export function countingWebSocket(metrics: Metrics): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      metrics.call();
      let open = false;
      this.once("open", () => {
        open = true;
        metrics.socketOpened();
      });
      this.once("close", () => {
        if (open) metrics.socketClosed();
      });
      this.on("error", (err) => metrics.error(open ? "socket" : "handshake", err));
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket;
}
