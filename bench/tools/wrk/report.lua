-- Appended by the benchmark (bench/Authgate.Bench/Wrk.cs) to the scenario's script: one line the benchmark reads
-- back, with the counts and latencies in microseconds. Not a script on its own, except for plain GETs. For a paced
-- run (paced.lua) the latencies are paced.lua's own, gathered from every thread.
local function percentile(sorted, q)
  if #sorted == 0 then
    return 0
  end
  return sorted[math.min(#sorted, math.floor(q * #sorted) + 1)]
end

local function gathered(name)
  local all = {}
  for _, thread in ipairs(paced_threads) do
    for _, value in ipairs(thread:get(name)) do
      all[#all + 1] = value * 1000
    end
  end
  table.sort(all)
  return all
end

function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.status + e.timeout
  if unexpected_threads ~= nil then
    -- A script whose expected answers are errors (wrong_password.lua) counts the unexpected ones itself.
    failed = e.connect + e.read + e.write + e.timeout
    for _, thread in ipairs(unexpected_threads) do
      failed = failed + thread:get("unexpected")
    end
  end
  local p50, p90, p99, max = latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
  local paced = ""
  if paced_threads ~= nil and #paced_threads > 0 then
    local all = gathered("latencies")
    p50, p90, p99, max = percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all[#all] or 0
    paced = string.format(',"p99_from_schedule_us":%d,"timer_late_p99_us":%d',
      percentile(gathered("from_schedule"), 0.99), percentile(gathered("timer_late"), 0.99))
  end
  io.write(string.format(
    'WRK-RESULT {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d%s}\n',
    summary.requests, summary.duration, failed, p50, p90, p99, max, paced))
end
