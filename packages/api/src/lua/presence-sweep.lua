-- Turns the players' last-seen times into presence transitions, each returned exactly once, however
-- many server instances sweep at the same moment.
-- KEYS: the set of tracked battle ids
-- ARGV: now (ms), awayAfterMs, graceMs, seen-key prefix, away-key prefix
-- Per battle: <seen prefix><battleId> is a sorted set userId -> last seen (ms);
-- <away prefix><battleId> is a hash userId -> last seen when they were found gone, or "f" once
-- their grace ran out.
-- Returns a flat list: battleId, userId, "disconnected" | "reconnected" | "forfeit", ...
local now, awayAfter, grace = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for _, battleId in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local seenKey, awayKey = ARGV[4] .. battleId, ARGV[5] .. battleId
  local seen = redis.call('ZRANGE', seenKey, 0, -1, 'WITHSCORES')
  if #seen == 0 then
    -- Untracked without being removed from the set (an instance died halfway): forget it.
    redis.call('SREM', KEYS[1], battleId)
  end
  for i = 1, #seen, 2 do
    local userId, lastSeen = seen[i], tonumber(seen[i + 1])
    local away = redis.call('HGET', awayKey, userId)
    if not away then
      if now - lastSeen > awayAfter then
        redis.call('HSET', awayKey, userId, lastSeen)
        table.insert(out, battleId); table.insert(out, userId); table.insert(out, 'disconnected')
      end
    elseif away ~= 'f' then
      if lastSeen > tonumber(away) then
        redis.call('HDEL', awayKey, userId)
        table.insert(out, battleId); table.insert(out, userId); table.insert(out, 'reconnected')
      elseif now - tonumber(away) >= grace then
        redis.call('HSET', awayKey, userId, 'f')
        table.insert(out, battleId); table.insert(out, userId); table.insert(out, 'forfeit')
      end
    end
  end
end
return out
