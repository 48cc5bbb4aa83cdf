// Nothing leaks: thousands of clients connect, subscribe and drop, and the server's per-player
// state (connections, Redis channel listeners, presence entries) returns to where it started.
import { setTimeout as sleep } from "node:timers/promises";
import type { AppRouter } from "@codeduel/api";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { expect, it } from "vitest";
import { WebSocket } from "ws";
import { startBattle, useServer } from "./harness.ts";

const CYCLES = Number(process.env.LEAK_TEST_CYCLES ?? 10_000);
const PARALLEL = 100;
// 10,000 sockets and subscriptions from one address in seconds: load, not a stranger, so the
// limits meant for strangers are off (as for the benches).
const server = useServer({ RATE_LIMITS: "off" });

interface Health {
  connectedPlayers: number;
  redisChannels: number;
  presentPlayers: number;
}

async function health(): Promise<Health> {
  const res = await fetch(`http://127.0.0.1:${server.port}/health`);
  return (await res.json()) as Health;
}

/** One player's visit: connect, subscribe to the battle's events and code, then drop. */
async function visit(token: string, battleId: string): Promise<void> {
  const wsClient = createWSClient({
    url: `ws://127.0.0.1:${server.port}/ws`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  try {
    await new Promise<void>((resolve, reject) => {
      const subs = [
        client.battle.code.subscribe({ battleId }, {}),
        client.battle.events.subscribe(
          { battleId },
          {
            // The first event proves the subscription is live on the server before the drop.
            onData: () => resolve(),
            onError: reject,
          },
        ),
      ];
      setTimeout(() => reject(new Error("no event within 10 s")), 10_000).unref();
      void subs;
    });
  } finally {
    // Closing the socket without unsubscribing first, as a dropped connection would.
    await wsClient.close();
  }
}

it(`returns to its starting state after ${CYCLES} connect/subscribe/disconnect cycles`, async () => {
  const { a, b, battleId } = await startBattle(server.port, ["leaky", "tap"]);
  server.closers.push(a.close, b.close);
  const before = await health();
  let done = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async (_, lane) => {
      const token = lane % 2 === 0 ? a.token : b.token;
      while (done < CYCLES) {
        done++;
        await visit(token, battleId);
      }
    }),
  );
  let after = await health();
  for (
    let i = 0;
    i < 50 &&
    (after.connectedPlayers > before.connectedPlayers ||
      after.redisChannels > before.redisChannels ||
      after.presentPlayers > before.presentPlayers);
    i++
  ) {
    await sleep(100);
    after = await health();
  }
  expect(done).toBeGreaterThanOrEqual(CYCLES);
  expect({ connectedPlayers: after.connectedPlayers, redisChannels: after.redisChannels, presentPlayers: after.presentPlayers }).toEqual({
    connectedPlayers: before.connectedPlayers,
    redisChannels: before.redisChannels,
    presentPlayers: before.presentPlayers,
  });
}, 180_000);
