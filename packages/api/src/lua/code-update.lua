-- One code-mirror update in one round trip: only a player of the running battle (the matchmaker's
-- state says so), at most one update per interval, a per-player version, the latest code kept for
-- late subscribers, and the update published to every instance.
-- KEYS: matchmaker state, the player's throttle key, the battle's code hash, the battle's code channel
-- ARGV: userId, battleId, code, minIntervalMs, ttlSeconds, at (ISO time)
-- Returns the new version, -1 when the user is not playing this battle, -2 when throttled.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= 'battle:' .. ARGV[2] then return -1 end
if not redis.call('SET', KEYS[2], '1', 'PX', ARGV[4], 'NX') then return -2 end
local version = redis.call('HINCRBY', KEYS[3], ARGV[1] .. ':version', 1)
local update = cjson.encode({ battleId = ARGV[2], userId = ARGV[1], code = ARGV[3], version = version, at = ARGV[6] })
redis.call('HSET', KEYS[3], ARGV[1], update)
redis.call('EXPIRE', KEYS[3], ARGV[5])
redis.call('PUBLISH', KEYS[4], update)
return version
