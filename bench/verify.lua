-- wrk script: POST each request with one of the secrets in the file named by the SECRETS environment variable
-- (one per line), round robin, with the instance key.
local secrets = {}
local i = 0
for line in io.lines(os.getenv("SECRETS")) do secrets[#secrets + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("INSTANCE_KEY")
request = function()
  i = i % #secrets + 1
  return wrk.format(nil, nil, nil, '{"secret":"' .. secrets[i] .. '"}')
end
