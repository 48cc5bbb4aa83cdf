// Every Redis key and channel codeduel uses, under one prefix so test runs and deployments never collide.
export function redisKeys(prefix: string) {
  return {
    mmQueue: `${prefix}:mm:queue`,
    mmJoined: `${prefix}:mm:joined`,
    mmState: `${prefix}:mm:state`,
    mmPending: `${prefix}:mm:pending`,
    mmPairSeq: `${prefix}:mm:pairseq`,
    battleChannel: (battleId: string) => `${prefix}:ch:battle:${battleId}`,
    userChannel: (userId: string) => `${prefix}:ch:user:${userId}`,
    codeChannel: (battleId: string) => `${prefix}:ch:code:${battleId}`,
    /** One channel per contest board ("public" or "live"). */
    contestChannel: (contestId: string, board: string) => `${prefix}:ch:contest:${contestId}:${board}`,
    /** Latest code of each player of a battle (hash: userId -> CodeUpdate JSON). */
    battleCode: (battleId: string) => `${prefix}:code:${battleId}`,
    codeThrottle: (userId: string) => `${prefix}:code-throttle:${userId}`,
    /** Battles whose players' connections are watched (set of battle ids). */
    presenceBattles: `${prefix}:presence:battles`,
    /** A battle's players by last-seen time (sorted set, ms). */
    presenceSeen: (battleId: string) => `${prefix}:presence:seen:${battleId}`,
    /** A battle's players currently counted as disconnected (hash: userId -> last seen, or "f"). */
    presenceAway: (battleId: string) => `${prefix}:presence:away:${battleId}`,
    /** Players of a finished battle who asked for a rematch. */
    rematch: (battleId: string) => `${prefix}:rematch:${battleId}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
