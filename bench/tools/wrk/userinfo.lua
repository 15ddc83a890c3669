-- /userinfo against the bench tenant, for wrk (bench/ANALYSIS.md, fifteenth pass):
--   wrk -t2 -c32 -d20s -s bench/tools/wrk/userinfo.lua http://127.0.0.1:PORT/userinfo -- TOKENS_FILE
-- TOKENS_FILE holds one access token per line (scope "openid profile email", audience the bench API), ideally one
-- per user: the requests cycle through them, so concurrent requests ask for different users (the bench's own
-- userinfo scenario sends one user's token from every connection).
local tokens = {}
local next_token = 0

function init(args)
  for line in io.lines(args[1]) do
    table.insert(tokens, line)
  end
  -- Each thread starts at a different place in the list.
  next_token = math.random(#tokens)
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[next_token] }, nil)
end

function response(status, headers, body)
  if status ~= 200 then
    print(status, body)
  end
end
