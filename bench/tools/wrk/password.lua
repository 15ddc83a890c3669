-- Password grant against the bench tenant, for wrk: each request logs in the next of the seed's users.
--   wrk -t2 -c8 -d15s -s bench/tools/wrk/password.lua http://127.0.0.1:PORT/oauth/token [-- USERS [realm]]
-- USERS defaults to 64 (the seed's); with "realm", the password-realm grant names the bench's database connection.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local users, realm, counter = 64, false, 0

function init(args)
  users = tonumber(args[1] or "64")
  realm = args[2] == "realm"
  counter = math.random(0, users - 1)
end

function request()
  counter = (counter + 1) % users
  local grant = realm and "http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fpassword-realm&realm=Username-Password-Authentication"
    or "password"
  local body = "grant_type=" .. grant .. "&username=user" .. counter .. "%40bench.test&password=Bench-passw0rd-for-everyone"
    .. "&audience=https%3A%2F%2Fapi.bench.test%2F&scope=read%3Abench"
    .. "&client_id=benchWebClient000000000000000001&client_secret=bench-web-client-secret-0123456789-abcdefghijk"
  return wrk.format(nil, nil, nil, body)
end
