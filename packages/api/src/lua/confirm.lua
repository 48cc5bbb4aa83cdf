-- Marks a pending pair as in battle once its battle row exists.
-- KEYS: state, pending   ARGV: pairId, a, b, battleId
redis.call('HSET', KEYS[1], ARGV[2], 'battle:' .. ARGV[4], ARGV[3], 'battle:' .. ARGV[4])
redis.call('HDEL', KEYS[2], ARGV[1])
return 'ok'
