-- The HTTP ceiling's request, for wrk: a small form POST to the bench's no-op server (`noop-server`), the same
-- shape as a token request without the work.
--   wrk -t2 -c32 -d10s -s bench/tools/wrk/noop.lua http://127.0.0.1:PORT/noop
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=password&client_id=x"
