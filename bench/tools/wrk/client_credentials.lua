-- Client credentials against the bench tenant, for wrk (bench/ANALYSIS.md, twelfth pass):
--   wrk -t2 -c16 -d10s -s bench/tools/wrk/client_credentials.lua http://127.0.0.1:PORT/oauth/token [-- distinct]
-- With "distinct", the audience is the bench's RFC 9068 API: every token has its own jti, so every token is signed.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local body = "grant_type=client_credentials&client_id=benchMachineClient00000000000002"
  .. "&client_secret=bench-machine-client-secret-0123456789-abcdefg&audience="
wrk.body = body .. "https%3A%2F%2Fapi.bench.test%2F"

function init(args)
  if args[1] == "distinct" then
    wrk.body = body .. "https%3A%2F%2Fapi-rfc9068.bench.test%2F"
  end
end
