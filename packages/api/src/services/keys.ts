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
    /** Latest code of each player of a battle (hash: userId -> CodeUpdate JSON). */
    battleCode: (battleId: string) => `${prefix}:code:${battleId}`,
    codeThrottle: (userId: string) => `${prefix}:code-throttle:${userId}`,
    /** Players of a finished battle who asked for a rematch. */
    rematch: (battleId: string) => `${prefix}:rematch:${battleId}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
