// Proctoring for admins: the live feed of a contest's violations and actions (all participants, or
// one), a participant's timeline, disqualifying and reinstating with a reason (both kept in the
// contest's append-only proctoring log, its audit log), and the violation report as CSV.
import { z } from "zod";
import { toCsv } from "../services/contest/export.ts";
import type { ProctorEvent } from "../services/proctoring/events.ts";
import { PROCTOR_EVENT_PAGE } from "../services/proctoring/service.ts";
import { adminProcedure, router } from "../trpc.ts";
import { lastEventId } from "./inputs.ts";
import { FollowedLog } from "./tracked-log.ts";

const contestId = z.uuid();
const userId = z.uuid();
const reason = z.string().trim().min(1, "say why").max(500);

export const proctorAdminRouter = router({
  /** Every violation and action as it happens (or one participant's), tracked: a reconnect resumes exactly. */
  feed: adminProcedure
    .input(z.object({ contestId, userId: userId.optional(), lastEventId }))
    .subscription(async ({ ctx, input, signal }) => {
      const { proctoring, bus, contests } = ctx.services;
      await contests.row(input.contestId); // NOT_FOUND before anything is sent
      const live = bus.proctor(input.contestId, input.userId, signal);
      await live.ready;
      return new FollowedLog({
        live,
        after: input.lastEventId ? Number(input.lastEventId) : 0,
        read: (from) => proctoring.eventsAfter(input.contestId, from, input.userId),
        pageSize: PROCTOR_EVENT_PAGE,
        message: (event): ProctorEvent => event,
      });
    }),

  /** One participant's record, oldest first, with where they stand now. */
  timeline: adminProcedure.input(z.object({ contestId, userId })).query(async ({ ctx, input }) => {
    const { proctoring } = ctx.services;
    const [events, disqualified] = await Promise.all([
      proctoring.eventsAfter(input.contestId, 0, input.userId, 10_000),
      proctoring.disqualification(input.contestId, input.userId),
    ]);
    return { events, disqualified };
  }),

  disqualify: adminProcedure.input(z.object({ contestId, userId, reason })).mutation(async ({ ctx, input }) => {
    await ctx.services.proctoring.disqualify(input.contestId, input.userId, ctx.user, input.reason);
    return { disqualified: true };
  }),

  reinstate: adminProcedure.input(z.object({ contestId, userId, reason })).mutation(async ({ ctx, input }) => {
    await ctx.services.proctoring.reinstate(input.contestId, input.userId, ctx.user, input.reason);
    return { disqualified: false };
  }),

  /** The whole log as CSV: one line per violation, disqualification and reinstatement. */
  report: adminProcedure.input(z.object({ contestId })).query(async ({ ctx, input }) => {
    await ctx.services.contests.row(input.contestId);
    const events = await ctx.services.proctoring.all(input.contestId);
    const text = toCsv(
      ["seq", "server_time", "user_id", "name", "kind", "signal", "client_time", "detail", "weight", "score", "outcome", "by", "reason"],
      events.map((e) => [
        e.seq,
        e.at,
        e.userId,
        e.name,
        e.kind,
        e.signal,
        e.clientAt,
        e.detail ? JSON.stringify(e.detail) : null,
        e.weight,
        e.score,
        e.outcome,
        e.by,
        e.reason,
      ]),
    );
    return { contentType: "text/csv", text };
  }),
});
