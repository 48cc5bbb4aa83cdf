-- Pairs waiting players atomically. Walks the queue in rating order and pairs neighbours whose
-- gap fits the allowed window, which widens with the longer wait of the two. A paired player
-- leaves the queue and is marked pending in the same script, so nobody is paired twice.
-- KEYS: queue, joined, state, pending, pairseq
-- ARGV: nowMs, baseWindow, widenPerSecond, maxWindow, maxPairs
local now = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local widen = tonumber(ARGV[3])
local maxWindow = tonumber(ARGV[4])
local maxPairs = tonumber(ARGV[5])
local flat = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local ids, ratings, waits = {}, {}, {}
for i = 1, #flat, 2 do
  local id = flat[i]
  ids[#ids + 1] = id
  ratings[#ratings + 1] = tonumber(flat[i + 1])
  local joined = tonumber(redis.call('HGET', KEYS[2], id) or now)
  waits[#waits + 1] = math.max(0, now - joined)
end
local pairs_out = {}
local i = 1
while i < #ids and #pairs_out < maxPairs do
  local wait = math.max(waits[i], waits[i + 1])
  local window = math.min(maxWindow, base + widen * wait / 1000)
  if ratings[i + 1] - ratings[i] <= window then
    local a, b = ids[i], ids[i + 1]
    local pairId = tostring(redis.call('INCR', KEYS[5]))
    redis.call('ZREM', KEYS[1], a, b)
    redis.call('HDEL', KEYS[2], a, b)
    redis.call('HSET', KEYS[3], a, 'pending:' .. pairId, b, 'pending:' .. pairId)
    redis.call('HSET', KEYS[4], pairId, a .. '|' .. b .. '|' .. now)
    -- Each player's wait since joining follows, for the time-to-match histogram.
    pairs_out[#pairs_out + 1] = pairId .. '|' .. a .. '|' .. b .. '|' .. waits[i] .. '|' .. waits[i + 1]
    i = i + 2
  else
    i = i + 1
  end
end
return pairs_out
