// Contests for participants: the list, registering, the problems, submitting, one's own
// submissions, the live standings, and a proctored contest's signals and one's own record.
// Organisers' procedures are in contest-admin.ts and proctor-admin.ts.
import { languageSchema } from "@codeduel/judge";
import { TRPCError, type TrackedEnvelope, tracked } from "@trpc/server";
import { z } from "zod";
import { CONTEST_EVENT_PAGE, eventsAfter } from "../services/contest/board.ts";
import type { ContestBoardName, ContestEvent, StandingsMessage } from "../services/contest/events.ts";
import { phaseOf } from "../services/contest/service.ts";
import type { ProctorMessage } from "../services/proctoring/events.ts";
import { proctorSignalSchema, signalDetailSchema } from "../services/proctoring/policy.ts";
import { PROCTOR_EVENT_PAGE } from "../services/proctoring/service.ts";
import { shareJson } from "../services/shared-json.ts";
import { playerProcedure, router } from "../trpc.ts";
import { lastEventId, submissionCode } from "./inputs.ts";
import { FollowedLog } from "./tracked-log.ts";

const contestId = z.uuid();
const label = z.string().regex(/^[A-Z]$/, "a problem label: one capital letter");

/**
 * A live change as every watcher on this instance receives it: the bus hands them all the same
 * event object, so the message is made, and serialised, once.
 */
const changeMessages = new WeakMap<ContestEvent, StandingsMessage>();
function changeMessage(event: ContestEvent): StandingsMessage {
  let message = changeMessages.get(event);
  if (!message) {
    message = shareJson({ type: "change", ...event } satisfies StandingsMessage);
    changeMessages.set(event, message);
  }
  return message;
}

export const contestRouter = router({
  list: playerProcedure.query(({ ctx }) => ctx.services.contests.list(ctx.user)),

  /** One contest: unlisted ones too, by id (the id is as good as the link). */
  get: playerProcedure.input(z.object({ contestId })).query(async ({ ctx, input }) => {
    const { contests } = ctx.services;
    const c = await contests.row(input.contestId);
    const [registered, participants, board] = await Promise.all([
      contests.isParticipant(c.id, ctx.user.id),
      contests.participantCount(c.id),
      contests.boardProblems(c.id),
    ]);
    return {
      ...contests.summary(c, participants, registered),
      description: c.description,
      /** What the contest page collects and what it leads to (null: not proctored). */
      proctoring: ctx.services.proctoring.policyOf(c),
      problems: board,
      /** For admins: the code participants need for an unlisted contest. */
      joinCode: ctx.user.role === "admin" ? c.joinCode : null,
      serverNow: new Date().toISOString(),
    };
  }),

  register: playerProcedure.input(z.object({ contestId, joinCode: z.string().max(64).optional() })).mutation(async ({ ctx, input }) => {
    await ctx.services.contests.register(input.contestId, ctx.user, input.joinCode);
    return { registered: true };
  }),

  /** The statements, signatures and examples, once the contest has started, for its participants (and admins). */
  problems: playerProcedure.input(z.object({ contestId })).query(async ({ ctx, input }) => {
    const { contests } = ctx.services;
    const c = await contests.row(input.contestId);
    if (ctx.user.role !== "admin") {
      if (phaseOf(c) === "upcoming") throw new TRPCError({ code: "CONFLICT", message: "The problems are shown when the contest starts" });
      if (!(await contests.isParticipant(c.id, ctx.user.id)))
        throw new TRPCError({ code: "FORBIDDEN", message: "Register for the contest first" });
    }
    return contests.problems(c.id);
  }),

  submit: playerProcedure
    .input(z.object({ contestId, label, language: languageSchema, code: submissionCode }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.limits.submit(ctx.user.id, ctx.address);
      return ctx.services.contestJudging.submit(input.contestId, ctx.user.id, input.label, input.language, input.code);
    }),

  /** The caller's own submissions and verdicts; nobody sees another's code. */
  mySubmissions: playerProcedure
    .input(z.object({ contestId }))
    .query(({ ctx, input }) => ctx.services.contestJudging.mine(input.contestId, ctx.user.id)),

  /**
   * The standings: the whole board first, then every change, each tracked by the board's sequence
   * number; a client that reconnects with the last id gets exactly the changes after it. Admins
   * follow the live board, everyone else the public one (frozen after the freeze time).
   */
  standings: playerProcedure.input(z.object({ contestId, lastEventId })).subscription(async ({ ctx, input, signal }) => {
    const { contests, bus, db } = ctx.services;
    const board: ContestBoardName = ctx.user.role === "admin" ? "live" : "public";
    await contests.row(input.contestId); // NOT_FOUND before anything is sent
    // Listen before reading, so nothing published in between is lost.
    const live = bus.contest(input.contestId, board, signal);
    await live.ready;
    let after = input.lastEventId ? Number(input.lastEventId) : undefined;
    let first: TrackedEnvelope<StandingsMessage> | undefined;
    if (after === undefined) {
      const snapshot = await contests.snapshots.get(input.contestId, board, ctx.user);
      after = snapshot.seq;
      first = tracked(String(after), snapshot.message);
    }
    return new FollowedLog({
      live,
      after,
      first,
      read: (from) => eventsAfter(db, input.contestId, board, from),
      pageSize: CONTEST_EVENT_PAGE,
      message: changeMessage,
    });
  }),

  /**
   * A proctoring signal from the participant's browser, sent the moment it is seen. Recorded with
   * the server's time when the contest's policy makes it a violation (`recorded`); refused when the
   * policy does not collect it. `clientId` makes a resend after a lost answer count once.
   */
  report: playerProcedure
    .input(
      z.object({
        contestId,
        signal: proctorSignalSchema,
        clientId: z.uuid(),
        clientAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
        detail: signalDetailSchema.default({}),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.services.limits.proctorSignal(ctx.user.id);
      const { recorded, event } = await ctx.services.proctoring.report(input.contestId, ctx.user, input);
      return { recorded, seq: event?.seq ?? null, score: event?.score ?? null, outcome: event?.outcome ?? null };
    }),

  /**
   * The participant's own proctoring record: the policy and their standing first, then each of
   * their violations, warnings, disqualification or reinstatement as it happens, tracked so a
   * reconnect resumes exactly. Coming back after the policy's disconnection limit is itself
   * recorded as a violation, measured by the server from when this subscription last ended.
   */
  proctoring: playerProcedure.input(z.object({ contestId, lastEventId })).subscription(async ({ ctx, input, signal }) => {
    const { proctoring, bus, contests } = ctx.services;
    if (!(await contests.isParticipant(input.contestId, ctx.user.id))) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Register for the contest first" });
    }
    const live = bus.proctor(input.contestId, ctx.user.id, signal);
    await live.ready;
    const awayMs = await proctoring.returned(input.contestId, ctx.user.id);
    const after = input.lastEventId ? Number(input.lastEventId) : 0;
    const left = () => proctoring.left(input.contestId, ctx.user.id).catch(() => {});
    try {
      // Tracked at the client's position, so every message carries an id and a resume starts here.
      const state = { type: "state", ...(await proctoring.standing(input.contestId, ctx.user.id)) } satisfies ProctorMessage;
      if (awayMs !== undefined) await proctoring.reconnected(input.contestId, ctx.user, awayMs);
      return new FollowedLog({
        live,
        after,
        first: tracked(String(after), state as ProctorMessage),
        read: (from) => proctoring.eventsAfter(input.contestId, from, ctx.user.id),
        pageSize: PROCTOR_EVENT_PAGE,
        message: (event): ProctorMessage => ({ type: "event", ...event }),
        onEnd: left,
      });
    } catch (err) {
      await left();
      throw err;
    }
  }),
});
