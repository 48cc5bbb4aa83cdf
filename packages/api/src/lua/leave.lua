-- Removes a waiting player; a player already matched cannot leave this way.
-- KEYS: queue, joined, state   ARGV: userId
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current ~= 'queued' then return current or 'none' end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 'ok'
