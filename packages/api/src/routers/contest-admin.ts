// Running contests (admins only): creating and editing them, participants, revealing frozen
// results after the end, and exports.
import { schema } from "@codeduel/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { contestInputSchema } from "../services/contest/contest-input.ts";
import { standingsExport, submissionsExport } from "../services/contest/export.ts";
import { adminProcedure, router } from "../trpc.ts";

const contestId = z.uuid();

export const contestAdminRouter = router({
  create: adminProcedure.input(contestInputSchema).mutation(async ({ ctx, input }) => {
    const row = await ctx.services.contests.create(ctx.user.id, input);
    return { contestId: row.id, joinCode: row.joinCode };
  }),

  /** Until the contest starts; after that its problems, times and scoring are fixed. */
  update: adminProcedure.input(z.object({ contestId, contest: contestInputSchema })).mutation(async ({ ctx, input }) => {
    const row = await ctx.services.contests.update(input.contestId, input.contest);
    return { contestId: row.id, joinCode: row.joinCode };
  }),

  /** Every setting of a contest, as `update` takes them. */
  get: adminProcedure.input(z.object({ contestId })).query(({ ctx, input }) => ctx.services.contests.editable(input.contestId)),

  participants: adminProcedure.input(z.object({ contestId })).query(async ({ ctx, input }) => {
    const { contestParticipants, users } = schema;
    return ctx.services.db
      .select({ userId: users.id, name: users.username, isGuest: users.isGuest, registeredAt: contestParticipants.registeredAt })
      .from(contestParticipants)
      .innerJoin(users, eq(users.id, contestParticipants.userId))
      .where(eq(contestParticipants.contestId, input.contestId));
  }),

  /** After the end: every frozen result at once, or the next one, resolver style. */
  reveal: adminProcedure
    .input(z.object({ contestId, all: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => ctx.services.contestJudging.reveal(input.contestId, input.all)),

  /** The final standings (the live board) or every submission with a hash of its code. */
  export: adminProcedure
    .input(z.object({ contestId, what: z.enum(["standings", "submissions"]), format: z.enum(["json", "csv"]) }))
    .query(async ({ ctx, input }) => {
      const { contests, db } = ctx.services;
      await contests.row(input.contestId); // NOT_FOUND
      const text =
        input.what === "standings"
          ? standingsExport(await contests.board(input.contestId, "live"), input.format)
          : await submissionsExport(db, input.contestId, input.format);
      return { contentType: input.format === "csv" ? "text/csv" : "application/json", text };
    }),
});
