-- A wrong-password flood against the bench tenant, for wrk: every request names a user that does not exist, a new
-- name each time, so each one costs the server a full hash (the same answer and timing as a wrong password).
--   wrk -t2 -c16 -d15s -s bench/tools/wrk/wrong_password.lua http://127.0.0.1:PORT/oauth/token
-- 403 (invalid_grant) and 429 are the expected answers; any other status is counted in each thread's "unexpected",
-- which report.lua adds to the run's errors.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
unexpected_threads = {}
local counter, prefix = 0, ""
unexpected = 0

function setup(thread)
  thread:set("thread_index", #unexpected_threads)
  table.insert(unexpected_threads, thread)
end

function init(args)
  prefix = "nobody-" .. os.time() .. "-" .. (thread_index or 0) .. "-"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, "grant_type=password&username=" .. prefix .. counter .. "%40bench.test"
    .. "&password=not-the-password&audience=https%3A%2F%2Fapi.bench.test%2F&scope=read%3Abench"
    .. "&client_id=benchWebClient000000000000000001&client_secret=bench-web-client-secret-0123456789-abcdefghijk")
end

function response(status, headers, body)
  if status ~= 403 and status ~= 429 then
    unexpected = unexpected + 1
  end
end
