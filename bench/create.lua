-- wrk script: POST a new API key per request (a name no other request of the benchmark uses: run, thread, count),
-- with the instance key.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local run = os.getenv("RUN")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("INSTANCE_KEY")
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"name":"%s-%d-%d","subject":"user_2xhFjEI5X2qWRvtV13BzSj8H6Dk","scopes":["read","write"],' ..
    '"claims":{"tenant":"t_%d"}}', run, tid, n, n))
end
