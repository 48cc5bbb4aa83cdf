import { getChallenge, library, publicView } from "@codeduel/challenges";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { playerProcedure, router } from "../trpc.ts";

export const challengeRouter = router({
  /** The library by tier: what an organiser may put in a contest beside their own problems. */
  list: playerProcedure.query(() => library.map((c) => ({ id: c.id, title: c.title, tier: c.tier }))),

  get: playerProcedure.input(z.object({ id: z.string().min(1).max(100) })).query(({ input }) => {
    const challenge = getChallenge(input.id);
    if (!challenge) throw new TRPCError({ code: "NOT_FOUND", message: "No such challenge" });
    return publicView(challenge);
  }),
});
