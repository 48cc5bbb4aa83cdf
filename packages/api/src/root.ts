// Composes the domain routers into the API clients talk to.
import { authRouter } from "./routers/auth.ts";
import { battleRouter } from "./routers/battle.ts";
import { challengeRouter } from "./routers/challenge.ts";
import { leaderboardRouter } from "./routers/leaderboard.ts";
import { profileRouter } from "./routers/profile.ts";
import { queueRouter } from "./routers/queue.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  queue: queueRouter,
  battle: battleRouter,
  challenge: challengeRouter,
  leaderboard: leaderboardRouter,
  profile: profileRouter,
});

export type AppRouter = typeof appRouter;
