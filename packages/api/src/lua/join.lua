-- Adds a player to the matchmaking queue unless they are already queued, pending or in a battle.
-- KEYS: queue, joined, state   ARGV: userId, rating, nowMs
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current then return current end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[1], 'queued')
return 'ok'
