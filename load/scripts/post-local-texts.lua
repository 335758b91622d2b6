-- wrk script: POST one input per request, cycling through 256 different sentences of about 20 word-pieces,
-- the same texts the raw encoder embeds in load/WebDemo.Benchmarks (local model benchmark).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local i = 0
request = function()
  local n = i % 256
  i = i + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"input": "Sentence number %d asks how to reset a password after %d failed attempts today"}', n, n % 7))
end
