-- Adds one violation's weight to a participant's proctoring score and says whether this violation
-- is the one that disqualifies them: atomic, so two violations arriving at two instances at once
-- disqualify exactly once.
-- KEYS[1] the score; KEYS[2] the disqualification flag (set while disqualified).
-- ARGV[1] weight; ARGV[2] the score that disqualifies; ARGV[3] the score before any violation this
-- key has counted, read from Postgres ("" when the caller has not read it); ARGV[4] ttl, ms.
-- Returns { score, 1 when this violation disqualifies }, or { -1, 0 } when the score is unknown
-- here (never counted, or Redis lost it) and the caller must read it from Postgres and call again.
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[3] == '' then return { -1, 0 } end
  redis.call('SET', KEYS[1], ARGV[3])
end
local score = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local first = 0
if score >= tonumber(ARGV[2]) then
  first = redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) and 1 or 0
end
return { score, first }
