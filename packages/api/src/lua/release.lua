-- Frees players when their battle ends; only clears a state that still points at that battle.
-- KEYS: state   ARGV: battleId, userId...
local n = 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == 'battle:' .. ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    n = n + 1
  end
end
return n
