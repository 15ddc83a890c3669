-- A client past its quota, for wrk: the bench tenant's "Bench refused" client (token_quota.client_credentials.per_hour
-- 1) asks for a client-credentials token again and again, and every answer after the first is a 429, held before it is
-- sent (src/Authgate.Server/Protection/RefusalHold.cs). Beside the lane's paced refreshes in `all` and `lane`.
--   wrk -t2 -c48 -d15s -s bench/tools/wrk/refused_client.lua http://127.0.0.1:PORT/oauth/token
-- 200 and 429 are the expected answers; any other status is counted in each thread's "unexpected".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=benchRefusedClient00000000000004"
  .. "&client_secret=bench-refused-client-secret-0123456789-abcdefg&audience=https%3A%2F%2Fapi.bench.test%2F"
unexpected_threads = {}
unexpected = 0

function setup(thread)
  table.insert(unexpected_threads, thread)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 429 then
    unexpected = unexpected + 1
  end
end
