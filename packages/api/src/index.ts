export { bearerToken, createContext } from "./context.ts";
export { type AppRouter, appRouter } from "./root.ts";
export type { PastBattle, RatingPoint } from "./routers/profile.ts";
export type { BattleView } from "./services/battle/service.ts";
export {
  type Board,
  type BoardRow,
  boardFrozen,
  type ContestChange,
  type ContestEvent,
  type StandingsMessage,
} from "./services/contest/events.ts";
export type { ContestProblemView, ContestSummary } from "./services/contest/service.ts";
export type { ContestSubmissionView } from "./services/contest/submissions.ts";
export type { BattleEvent, BattleEventData, CodeUpdate, PlayerEvent, PlayerInfo } from "./services/events.ts";
export { createServices, type ServiceOptions, type Services } from "./services/index.ts";
export { DEFAULT_RATE_LIMITS, RateLimitedError, type RateLimitOptions } from "./services/rate-limits.ts";
export type { SessionUser } from "./services/sessions.ts";
export type { Context } from "./trpc.ts";
