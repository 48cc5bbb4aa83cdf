import { languageSchema, MAX_CODE_BYTES } from "@codeduel/judge";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { EVENT_PAGE } from "../services/battle/rows.ts";
import { withLanguage } from "../services/code-mirror.ts";
import type { BattleEvent, CodeUpdate } from "../services/events.ts";
import { playerProcedure, router } from "../trpc.ts";
import { submissionCode as code, lastEventId } from "./inputs.ts";
import { FollowedLog } from "./tracked-log.ts";

const battleId = z.uuid();
/** Mirrored code may be empty (a cleared editor), unlike a submission. */
const mirroredCode = z
  .string()
  .refine((c) => Buffer.byteLength(c, "utf8") <= MAX_CODE_BYTES, `code is larger than ${MAX_CODE_BYTES / 1024} KB`);

export const battleRouter = router({
  /** Players and spectators alike (read only). */
  get: playerProcedure.input(z.object({ battleId })).query(({ ctx, input }) => ctx.services.battles.view(input.battleId)),

  /** Battles being played now, for spectators. */
  live: playerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => ctx.services.battles.live(input.limit)),

  /**
   * The player's current editor content and mode, sent at most every 100 ms; mirrored to the
   * opponent and spectators. Clients that send no language are taken to type JavaScript.
   */
  updateCode: playerProcedure
    .input(z.object({ battleId, code: mirroredCode, language: languageSchema.default("javascript") }))
    .mutation(async ({ ctx, input }) => {
      const updated = await ctx.services.codeMirror.update(input.battleId, ctx.user.id, input.code, input.language);
      if (updated) return updated;
      // Not a player of this running battle: the database says why (NOT_FOUND, FORBIDDEN, CONFLICT).
      await ctx.services.battles.assertActivePlayer(input.battleId, ctx.user.id);
      throw new TRPCError({ code: "CONFLICT", message: "This battle is not running" });
    }),

  /** Both players' code: the latest of each at once, then every update (a player's own only in that first snapshot). Anyone signed in may watch. */
  code: playerProcedure.input(z.object({ battleId })).subscription(async function* ({ ctx, input, signal }) {
    const { battles, bus, codeMirror } = ctx.services;
    await battles.assertExists(input.battleId);
    // A player's own keystrokes are already in their editor: only the snapshot below echoes them.
    const live = bus.code(input.battleId, ctx.user.id, signal);
    await live.ready;
    const latest = new Map<string, number>();
    for (const update of await codeMirror.snapshot(input.battleId)) {
      latest.set(update.userId, update.version);
      yield update;
    }
    for await (const update of live) {
      if (update.version <= (latest.get(update.userId) ?? 0)) continue;
      latest.set(update.userId, update.version);
      yield withLanguage(update) satisfies CodeUpdate;
    }
  }),

  forfeit: playerProcedure.input(z.object({ battleId })).mutation(async ({ ctx, input }) => {
    await ctx.services.battles.forfeit(ctx.user.id, input.battleId);
    return { forfeited: true };
  }),

  /** Both players of a finished battle ask for another one; the second request starts it. */
  rematch: playerProcedure
    .input(z.object({ battleId }))
    .mutation(({ ctx, input }) => ctx.services.battles.rematch(ctx.user.id, input.battleId)),

  /** Every event of a finished battle, in order, to watch it again. Open to anyone signed in. */
  replay: playerProcedure.input(z.object({ battleId })).query(({ ctx, input }) => ctx.services.battles.replay(input.battleId)),

  submit: playerProcedure
    .input(z.object({ battleId, language: languageSchema.default("javascript"), code }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.limits.submit(ctx.user.id, ctx.address);
      return ctx.services.battles.submit(ctx.user.id, input.battleId, input.language, input.code);
    }),

  /**
   * Every event of the battle, each tracked by its sequence number. A client that reconnects
   * sends the last id it saw and gets exactly the events after it: none missed, none repeated.
   */
  events: playerProcedure
    .input(
      z.object({
        battleId,
        lastEventId,
      }),
    )
    .subscription(async ({ ctx, input, signal }) => {
      const { battles, bus, presence } = ctx.services;
      // A player's open subscription is their presence in the battle: while none is open on any
      // instance, the opponent hears `opponent_disconnected` and the grace period runs.
      const detach = (await battles.isActivePlayer(input.battleId, ctx.user.id)) ? presence.attach(input.battleId, ctx.user.id) : () => {};
      signal?.addEventListener("abort", detach, { once: true });
      // Listen before reading the backlog, so nothing published in between is lost.
      const live = bus.battle(input.battleId, signal);
      await live.ready;
      return new FollowedLog({
        live,
        after: input.lastEventId ? Number(input.lastEventId) : 0,
        read: (after) => battles.eventsAfter(input.battleId, after),
        pageSize: EVENT_PAGE,
        message: (event): BattleEvent => event,
        onEnd: detach,
      });
    }),
});
