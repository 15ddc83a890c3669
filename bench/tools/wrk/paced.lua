-- Appended by the benchmark (bench/Authgate.Bench/Wrk.cs) after a scenario's script to send at a fixed rate instead
-- of as fast as answers come: WRK_RATE requests a second in all, shared by the threads, one connection per thread
-- (wrk -tN -cN), each thread keeping its own schedule through wrk's delay(). wrk times a request from when it is
-- sent, which hides a stall (the requests that should have gone out meanwhile are sent late, and each is timed as
-- if nothing happened); so latencies are taken here, with a monotonic clock: a request whose connection was still
-- waiting for its previous answer when its turn came is timed from its scheduled time, one sent late only because
-- the event loop's timer (whole milliseconds) woke it late is timed from its send, that lateness being the
-- generator's. report.lua reads them in done(), with the p99 counted from every scheduled time and the timer's
-- lateness beside (the same rules as the benchmark's own paced client, LoadGenerator.cs).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } authgate_timespec;
  int clock_gettime(int clock, authgate_timespec *time);
]]
local clock = ffi.new("authgate_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local scenario_setup, scenario_init, scenario_request, scenario_response = setup, init, request, response
paced_threads = {}

function setup(thread)
  thread:set("paced_index", #paced_threads)
  table.insert(paced_threads, thread)
  if scenario_setup then
    scenario_setup(thread)
  end
end

local step, slot, scheduled, timed_from, free_since = 0, 0, 0, 0, 0
latencies, from_schedule, timer_late = {}, {}, {}

function init(args)
  if scenario_init then
    scenario_init(args)
  end
  local threads = tonumber(os.getenv("WRK_THREADS"))
  step = 1000 * threads / tonumber(os.getenv("WRK_RATE"))
  -- The threads' schedules are staggered across one step, so that the rate is even, not in bursts.
  slot = now_ms() + step * (paced_index or 0) / threads
  free_since = 0
end

function delay()
  slot = slot + step
  -- Whole milliseconds, rounded up: a request never goes out before its time.
  return math.max(0, math.ceil(slot - now_ms()))
end

function request()
  local sent = now_ms()
  scheduled = slot
  if free_since <= slot then
    -- Free when its turn came: any lateness is the event loop's timer, the generator's.
    timed_from = sent
    timer_late[#timer_late + 1] = math.max(0, sent - slot)
  else
    timed_from = slot
  end
  if scenario_request then
    return scenario_request()
  end
  return wrk.request()
end

function response(status, headers, body)
  local answered = now_ms()
  free_since = answered
  latencies[#latencies + 1] = answered - timed_from
  from_schedule[#from_schedule + 1] = answered - scheduled
  if scenario_response then
    scenario_response(status, headers, body)
  end
end
