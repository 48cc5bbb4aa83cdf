-- One code-mirror update in one round trip: only a player of the running battle (the matchmaker's
-- state says so), at most a number of updates per second, a per-player version, the latest code
-- kept for late subscribers, and the update published to every instance.
-- KEYS: matchmaker state, the player's throttle key, the battle's code hash, the battle's code channel
-- ARGV: userId, battleId, code, maxPerSecond, ttlSeconds, at (ISO time), language
-- Returns the new version, -1 when the user is not playing this battle, -2 when throttled.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= 'battle:' .. ARGV[2] then return -1 end
-- A count per one-second window, not a minimum gap: updates a client spaced 100 ms apart may reach
-- the server bunched together, and must not be refused for it.
local sent = redis.call('INCR', KEYS[2])
if sent == 1 then redis.call('PEXPIRE', KEYS[2], 1000) end
if sent > tonumber(ARGV[4]) then return -2 end
local version = redis.call('HINCRBY', KEYS[3], ARGV[1] .. ':version', 1)
local update = cjson.encode({ battleId = ARGV[2], userId = ARGV[1], code = ARGV[3], language = ARGV[7], version = version, at = ARGV[6] })
redis.call('HSET', KEYS[3], ARGV[1], update)
redis.call('EXPIRE', KEYS[3], ARGV[5])
redis.call('PUBLISH', KEYS[4], update)
return version
