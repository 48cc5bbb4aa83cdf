-- Records that a player wants a rematch; when both players of the battle do, and both are free,
-- marks them as a pending pair in the same step (so neither can join the queue in between).
-- KEYS: rematchSet, state, pending   ARGV: userId, otherUserId, pairId, nowMs, ttlSeconds
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'busy' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[5])
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 0 then return 'waiting' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'busy' end
redis.call('HSET', KEYS[2], ARGV[1], 'pending:' .. ARGV[3], ARGV[2], 'pending:' .. ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[4])
redis.call('DEL', KEYS[1])
return 'paired'
