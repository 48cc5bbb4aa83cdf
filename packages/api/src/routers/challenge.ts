import { getChallenge, publicView } from "@codeduel/challenges";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { playerProcedure, router } from "../trpc.ts";

export const challengeRouter = router({
  get: playerProcedure.input(z.object({ id: z.string().min(1).max(100) })).query(({ input }) => {
    const challenge = getChallenge(input.id);
    if (!challenge) throw new TRPCError({ code: "NOT_FOUND", message: "No such challenge" });
    return publicView(challenge);
  }),
});
