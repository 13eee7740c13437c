-- wrk script: POST /v1/api_keys/import with KEYS keys per request (default 1000), each a name no other request of
-- the benchmark uses (run, thread, request, index), with the instance key. KIND chooses the secret: issued (the
-- ledger makes it, as on create), secret (the request brings one, sealed by the ledger) or sha256 (only its hash).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local run = os.getenv("RUN")
local per = tonumber(os.getenv("KEYS") or "1000")
local kind = os.getenv("KIND") or "issued"
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("INSTANCE_KEY")
local function secret(i)
  local s = string.format("sk_live_%s_%d_%d_%d_%012d", run, tid, n, i, math.random(0, 999999999999))
  if kind == "secret" then return ',"secret":"' .. s .. '"' end
  if kind == "sha256" then -- 64 hex digits, unique per run (its name's length), thread, request and key
    return string.format(',"secret_sha256":"%s%08x%08x%08x"', string.rep(string.format("%x", #run % 16), 40),
      tid, n, i)
  end
  return ""
end
request = function()
  n = n + 1
  local keys = {}
  for i = 1, per do
    keys[i] = string.format('{"name":"%s-%d-%d-%d","subject":"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk",' ..
      '"scopes":["read"],"claims":{"tenant":"t_%d"}%s}', run, tid, n, i, i, secret(i))
  end
  return wrk.format(nil, nil, nil, '{"keys":[' .. table.concat(keys, ",") .. ']}')
end
