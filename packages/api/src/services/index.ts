// Builds the services one API process needs from its connections.
import type { Database } from "@codeduel/db";
import { JUDGE_QUEUES, type JudgeJob, type JudgeQueueName } from "@codeduel/judge";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { type ApiMetrics, NO_API_METRICS } from "../metrics.ts";
import { BattleService } from "./battle/service.ts";
import { CodeMirror } from "./code-mirror.ts";
import type { ContestEvent } from "./contest/events.ts";
import { ProblemService } from "./contest/problems.ts";
import { ContestService } from "./contest/service.ts";
import { ContestJudging } from "./contest/submissions.ts";
import { EventBus } from "./events.ts";
import { Judging } from "./judging.ts";
import { redisKeys } from "./keys.ts";
import { DEFAULT_MATCHMAKING, Matchmaker, type MatchmakingOptions } from "./matchmaker.ts";
import { PairingLoop } from "./pairing.ts";
import { DEFAULT_PRESENCE, Presence, type PresenceOptions } from "./presence.ts";
import { ProctoringService } from "./proctoring/service.ts";
import { DEFAULT_RATE_LIMITS, type RateLimitOptions, RateLimits } from "./rate-limits.ts";
import { SessionService } from "./sessions.ts";

export interface ServiceOptions {
  db: Database;
  /** Commands and publishing. */
  redis: Redis;
  /** A dedicated connection in subscriber mode. */
  redisSub: Redis;
  /**
   * The judge queue's own connection. BullMQ defines its 64 Lua scripts on the connection it is
   * given, and ioredis copies every defined script onto each auto-pipeline batch of that
   * connection: sharing `redis` made each batch cost about 86 us instead of 2 (one-off probe), on
   * every code update and event the server sends.
   */
  redisQueue: Redis;
  prefix: string;
  log: Logger;
  matchmaking?: MatchmakingOptions;
  /** When a dropped player counts as gone, and how long they have to come back. */
  presence?: PresenceOptions;
  /** Battle length for challenges that do not set their own (default 15 minutes). */
  battleTimeLimitMs?: number;
  rateLimits?: RateLimitOptions;
  /** Code updates one player may send a second (checked inside the update's own Redis script). */
  codeUpdatesPerSecond?: number;
  /** Where procedure calls and matches are reported (the server's /metrics); nowhere by default. */
  metrics?: ApiMetrics;
}

export type Services = ReturnType<typeof createServices>;

export function createServices(o: ServiceOptions) {
  const keys = redisKeys(o.prefix);
  const bus = new EventBus(o.redis, o.redisSub, keys, o.log);
  const matchmaker = new Matchmaker(o.redis, keys, o.matchmaking ?? DEFAULT_MATCHMAKING);
  const presence = new Presence(o.redis, keys, o.presence ?? DEFAULT_PRESENCE);
  const judgeQueue = (name: JudgeQueueName) => new Queue<JudgeJob>(name, { connection: o.redisQueue, prefix: o.prefix });
  const judgeQueues = { [JUDGE_QUEUES.battle]: judgeQueue(JUDGE_QUEUES.battle), [JUDGE_QUEUES.contest]: judgeQueue(JUDGE_QUEUES.contest) };
  const judging = new Judging(judgeQueues, o.redis, o.prefix, o.log);
  const battles = new BattleService({
    db: o.db,
    bus,
    matchmaker,
    presence,
    judging,
    log: o.log,
    prefix: o.prefix,
    battleTimeLimitMs: o.battleTimeLimitMs ?? 15 * 60_000,
  });
  judging.recordWith("battle", (result) => battles.recordVerdict(result));
  const problems = new ProblemService(o.db, judging, o.log);
  judging.recordWith("reference", (result) => problems.recordReference(result));
  const publishContest = (events: ContestEvent[]) => bus.publishContest(events);
  const contests = new ContestService(o.db, problems);
  const contestJudging = new ContestJudging({ db: o.db, judging, contests, problems, publish: publishContest, log: o.log });
  judging.recordWith("contest", (result) => contestJudging.recordVerdict(result));
  const proctoring = new ProctoringService({ db: o.db, redis: o.redis, keys, bus, contests, publishContest, log: o.log });
  const sessions = new SessionService(o.db);
  const metrics = o.metrics ?? NO_API_METRICS;
  const pairing = new PairingLoop(matchmaker, battles, o.log, metrics);
  const rateLimits = o.rateLimits ?? DEFAULT_RATE_LIMITS;
  const limits = new RateLimits(o.redis, o.prefix, rateLimits);
  const codeMirror = new CodeMirror(o.redis, keys, rateLimits.enabled ? (o.codeUpdatesPerSecond ?? 20) : 1_000_000_000);
  return {
    db: o.db,
    redis: o.redis,
    prefix: o.prefix,
    keys,
    bus,
    matchmaker,
    presence,
    /** Each judge queue by name, for the verdict feed, health and the dashboard. */
    judgeQueues,
    judging,
    battles,
    problems,
    contests,
    contestJudging,
    proctoring,
    sessions,
    pairing,
    codeMirror,
    limits,
    metrics,
    log: o.log,
  };
}
