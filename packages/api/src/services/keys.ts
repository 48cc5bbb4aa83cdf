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
    /** A contest's proctoring log, all of it (admins) and one participant's part (theirs). */
    proctorChannel: (contestId: string) => `${prefix}:ch:proctor:${contestId}`,
    proctorUserChannel: (contestId: string, userId: string) => `${prefix}:ch:proctor:${contestId}:${userId}`,
    /** A participant's proctoring score since their last reinstatement, and the flag set while disqualified. */
    proctorScore: (contestId: string, userId: string) => `${prefix}:proctor:score:${contestId}:${userId}`,
    proctorDisqualified: (contestId: string, userId: string) => `${prefix}:proctor:dq:${contestId}:${userId}`,
    /** When a participant's last proctoring subscription ended (ms), to measure a disconnection. */
    proctorLeft: (contestId: string, userId: string) => `${prefix}:proctor:left:${contestId}:${userId}`,
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
