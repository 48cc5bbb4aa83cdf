import { TRPCError } from "@trpc/server";
import type { PlayerEvent } from "../services/events.ts";
import { playerProcedure, router } from "../trpc.ts";

/** How often a waiting player hears the current wait and rating window. */
const STATUS_INTERVAL_MS = 1000;

export const queueRouter = router({
  join: playerProcedure.mutation(async ({ ctx }) => {
    const { sessions, matchmaker, pairing, bus } = ctx.services;
    const me = await sessions.get(ctx.user.id);
    if (!me) throw new TRPCError({ code: "UNAUTHORIZED", message: "This account no longer exists" });
    const result = await matchmaker.join(me.id, me.rating);
    if (result === "queued") throw new TRPCError({ code: "CONFLICT", message: "You are already in the queue" });
    if (result !== "ok") throw new TRPCError({ code: "CONFLICT", message: "You are already in a battle" });
    void pairing.request();
    const [state, queueSize] = await Promise.all([matchmaker.state(me.id), matchmaker.queueSize()]);
    // The player's `queue.events` subscription (on whichever instance) starts its status updates.
    if (state.kind === "queued") {
      await bus.publishPlayer(me.id, { type: "waiting", waitedMs: state.waitedMs, ratingWindow: state.ratingWindow, queueSize });
    }
    return state;
  }),
  leave: playerProcedure.mutation(async ({ ctx }) => {
    const result = await ctx.services.matchmaker.leave(ctx.user.id);
    if (result === "none") throw new TRPCError({ code: "CONFLICT", message: "You are not in the queue" });
    if (result !== "ok") throw new TRPCError({ code: "CONFLICT", message: "You were already matched" });
    return { left: true };
  }),
  status: playerProcedure.query(async ({ ctx }) => {
    const { matchmaker } = ctx.services;
    const [state, queueSize] = await Promise.all([matchmaker.state(ctx.user.id), matchmaker.queueSize()]);
    return { ...state, queueSize };
  }),
  /**
   * Waiting updates (rating window, wait so far, queue size) every second while queued, then
   * `matched` with the challenge. Resends `matched` on (re)subscribe. A subscriber that is not
   * queued costs nothing until `queue.join` announces the player is waiting.
   */
  events: playerProcedure.subscription(async function* ({ ctx, signal }) {
    const { bus, matchmaker, battles } = ctx.services;
    const userId = ctx.user.id;
    const events = bus.player(userId, signal);
    await events.ready;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    /** Status updates run only while the player waits: an idle subscriber holds no timer. */
    const setQueued = (queued: boolean) => {
      if (queued && !timer && !ended) {
        timer = setInterval(() => {
          pushStatus(false).catch((err: unknown) => ctx.log.warn({ err }, "queue status failed"));
        }, STATUS_INTERVAL_MS);
      } else if (!queued && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    };
    /** `waiting` while queued; on (re)subscribe only, `matched` for a battle already running. */
    const pushStatus = async (onSubscribe: boolean) => {
      const [state, queueSize] = await Promise.all([matchmaker.state(userId), matchmaker.queueSize()]);
      setQueued(state.kind === "queued");
      if (state.kind === "queued") events.push({ type: "waiting", waitedMs: state.waitedMs, ratingWindow: state.ratingWindow, queueSize });
      if (state.kind === "battle" && onSubscribe) {
        const matched = await battles.matchedEvent(state.battleId, userId);
        if (matched) events.push(matched);
      }
    };
    try {
      await pushStatus(true);
      for await (const event of events) {
        if (event.type === "waiting") setQueued(true);
        if (event.type === "matched") setQueued(false);
        yield event satisfies PlayerEvent;
      }
    } finally {
      // A status read still in flight must not restart the timer after this.
      ended = true;
      setQueued(false);
    }
  }),
});
