// A player's profile: rating history (from rating_changes) and recent finished battles.
import { getChallenge } from "@codeduel/challenges";
import { schema } from "@codeduel/db";
import { TRPCError } from "@trpc/server";
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { EndReason } from "../services/events.ts";
import { playerProcedure, router } from "../trpc.ts";

const { users, battles, ratingChanges } = schema;

/** Points on the rating chart: the latest ones, oldest first. */
const HISTORY_LIMIT = 200;

export interface RatingPoint {
  battleId: string;
  before: number;
  after: number;
  at: string;
}

export interface PastBattle {
  id: string;
  challengeId: string;
  challengeTitle: string;
  opponent: { id: string; username: string } | null;
  result: "win" | "loss" | "draw";
  endReason: EndReason | null;
  /** The player's rating before the battle and how it moved. */
  ratingBefore: number;
  ratingDelta: number;
  startedAt: string;
  endedAt: string | null;
}

export const profileRouter = router({
  /** Anyone signed in may look at any player's profile; without `userId`, one's own. */
  get: playerProcedure
    .input(z.object({ userId: z.uuid().optional(), battles: z.number().int().min(1).max(100).default(20) }).default({ battles: 20 }))
    .query(async ({ ctx, input }) => {
      const { db } = ctx.services;
      const userId = input.userId ?? ctx.user.id;
      const [user] = await db
        .select({
          id: users.id,
          username: users.username,
          isGuest: users.isGuest,
          rating: users.rating,
          gamesPlayed: users.gamesPlayed,
          wins: users.wins,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(eq(users.id, userId));
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "No such player" });

      const [history, rows] = await Promise.all([
        db.select().from(ratingChanges).where(eq(ratingChanges.userId, userId)).orderBy(desc(ratingChanges.at)).limit(HISTORY_LIMIT),
        db
          .select()
          .from(battles)
          .where(and(eq(battles.status, "finished"), or(eq(battles.playerAId, userId), eq(battles.playerBId, userId))))
          .orderBy(desc(battles.endedAt))
          .limit(input.battles),
      ]);
      const opponentIds = [...new Set(rows.map((b) => (b.playerAId === userId ? b.playerBId : b.playerAId)))];
      const opponents =
        opponentIds.length === 0
          ? []
          : await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, opponentIds));
      const byId = new Map(opponents.map((o) => [o.id, o]));

      const ratingHistory: RatingPoint[] = history
        .map((h) => ({ battleId: h.battleId, before: h.before, after: h.after, at: new Date(h.at).toISOString() }))
        .reverse();
      const pastBattles: PastBattle[] = rows.map((b) => {
        const isA = b.playerAId === userId;
        return {
          id: b.id,
          challengeId: b.challengeId,
          challengeTitle: getChallenge(b.challengeId)?.title ?? b.challengeId,
          opponent: byId.get(isA ? b.playerBId : b.playerAId) ?? null,
          result: b.winnerId === null ? "draw" : b.winnerId === userId ? "win" : "loss",
          endReason: b.endReason,
          ratingBefore: isA ? b.ratingA : b.ratingB,
          ratingDelta: (isA ? b.ratingChangeA : b.ratingChangeB) ?? 0,
          startedAt: b.startedAt.toISOString(),
          endedAt: b.endedAt?.toISOString() ?? null,
        };
      });
      return { user: { ...user, createdAt: user.createdAt.toISOString() }, ratingHistory, battles: pastBattles };
    }),
});
