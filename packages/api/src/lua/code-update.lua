-- A batch of code-mirror updates in one round trip. For each: only a player of the running battle
-- (the matchmaker's state says so), at most a number of updates per second, a per-player version,
-- the latest code kept for late subscribers, and the update published to every instance.
-- KEYS: matchmaker state, then per update: the player's throttle key, the battle's code hash, the
--       battle's code channel
-- ARGV: maxPerSecond, ttlSeconds, at (ISO time), then per update: userId, battleId, code, language
-- Returns one number per update: the new version, -1 when the user is not playing this battle,
-- -2 when throttled.
local maxPerSecond = tonumber(ARGV[1])
local results = {}
for i = 0, (#KEYS - 1) / 3 - 1 do
  local throttleKey, codeKey, channel = KEYS[2 + i * 3], KEYS[3 + i * 3], KEYS[4 + i * 3]
  local userId, battleId, code, language = ARGV[4 + i * 4], ARGV[5 + i * 4], ARGV[6 + i * 4], ARGV[7 + i * 4]
  local result
  if redis.call('HGET', KEYS[1], userId) ~= 'battle:' .. battleId then
    result = -1
  else
    -- A count per one-second window, not a minimum gap: updates a client spaced 100 ms apart may
    -- reach the server bunched together, and must not be refused for it.
    local sent = redis.call('INCR', throttleKey)
    if sent == 1 then redis.call('PEXPIRE', throttleKey, 1000) end
    if sent > maxPerSecond then
      result = -2
    else
      result = redis.call('HINCRBY', codeKey, userId .. ':version', 1)
      local update = cjson.encode({ battleId = battleId, userId = userId, code = code, language = language, version = result, at = ARGV[3] })
      redis.call('HSET', codeKey, userId, update)
      redis.call('EXPIRE', codeKey, ARGV[2])
      redis.call('PUBLISH', channel, update)
    end
  end
  results[i + 1] = result
end
return results
