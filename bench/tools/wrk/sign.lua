-- The measured sign-and-answer bound's request, for wrk: a token-shaped form POST to the bench's no-op server's
-- /sign endpoint, which reads the form, signs the RS256 ceiling's token and answers it as JSON.
--   wrk -t2 -c32 -d10s -s bench/tools/wrk/sign.lua http://127.0.0.1:PORT/sign
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=benchClient"
