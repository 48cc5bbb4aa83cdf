// Composes the domain routers into the API clients talk to.
import { authRouter } from "./routers/auth.ts";
import { battleRouter } from "./routers/battle.ts";
import { challengeRouter } from "./routers/challenge.ts";
import { contestRouter } from "./routers/contest.ts";
import { contestAdminRouter } from "./routers/contest-admin.ts";
import { leaderboardRouter } from "./routers/leaderboard.ts";
import { problemRouter } from "./routers/problem.ts";
import { proctorAdminRouter } from "./routers/proctor-admin.ts";
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
  problem: problemRouter,
  contest: contestRouter,
  contestAdmin: contestAdminRouter,
  proctorAdmin: proctorAdminRouter,
});

export type AppRouter = typeof appRouter;
