-- Marks players as seen now: one call per heartbeat however many players this instance holds,
-- instead of one command each.
-- ARGV: now (ms), seen-key prefix, then battleId, userId pairs
-- XX: a battle that was untracked (it ended) is not brought back by a late heartbeat; GT: a
-- heartbeat from a slower instance never moves a time back.
local now, prefix = ARGV[1], ARGV[2]
for i = 3, #ARGV, 2 do
  redis.call('ZADD', prefix .. ARGV[i], 'XX', 'GT', now, ARGV[i + 1])
end
return 0
