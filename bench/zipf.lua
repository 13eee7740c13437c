-- wrk script: POST each request with one of the secrets in the file named by SECRETS (one per line), the one of
-- rank k drawn with probability proportional to 1/k (Zipf, s = 1: a few keys verified most of the time, most keys
-- rarely), with the instance key. The file's order is the ranking, so the benchmark shuffles it.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local secrets, cdf = {}, {}
-- in the threads only: the main Lua state needs no copy of a million secrets
function init(args)
  math.randomseed(os.time() * 1000 + tid)
  local total = 0
  for line in io.lines(os.getenv("SECRETS")) do
    secrets[#secrets + 1] = line
    total = total + 1 / #secrets
    cdf[#secrets] = total
  end
  for k = 1, #cdf do cdf[k] = cdf[k] / total end
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("INSTANCE_KEY")
request = function()
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do -- the first rank whose cumulative probability reaches u
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return wrk.format(nil, nil, nil, '{"secret":"' .. secrets[lo] .. '"}')
end
