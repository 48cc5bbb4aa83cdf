import { z } from "zod";
import { publicProcedure, router } from "../trpc.ts";

export const leaderboardRouter = router({
  top: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }).default({ limit: 20 }))
    .query(({ ctx, input }) => ctx.services.sessions.top(input.limit)),
});
