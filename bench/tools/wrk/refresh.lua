-- Rotating refresh against the bench tenant, for wrk (bench/ANALYSIS.md, twelfth pass):
--   wrk -t2 -c16 -d20s -s bench/tools/wrk/refresh.lua http://127.0.0.1:PORT/oauth/token -- TOKENS_FILE
-- TOKENS_FILE holds one refresh token per line (scope "offline_access read:bench", client benchWebClient…), at least
-- connections + 1 of them: wrk calls request() once on the first thread to check the script, which takes a token
-- that is never sent. Each answer's new token goes back into its thread's pool, so a chain is never used twice.
-- The tokens are spent by the run: fetch new ones for the next.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local tokens = {}
local prefix = "grant_type=refresh_token&client_id=benchWebClient000000000000000001"
  .. "&client_secret=bench-web-client-secret-0123456789-abcdefghijk&refresh_token="

function init(args)
  local all = {}
  for line in io.lines(args[1]) do
    table.insert(all, line)
  end
  -- Thread i takes lines i, i + n, i + 2n, … (n threads); the first thread gets the extra token.
  local n = tonumber(os.getenv("WRK_THREADS") or "2")
  for i = id + 1, #all, n do
    table.insert(tokens, all[i])
  end
end

function request()
  local token = table.remove(tokens, 1)
  if token == nil then
    error("no refresh token left in this thread's pool: give the script more tokens than connections")
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, prefix .. token)
end

function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then
    table.insert(tokens, token)
  else
    print(status, body)
  end
end
