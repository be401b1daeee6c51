-- wrk script: each request asks for a path drawn at random from the file named by
-- BENCH_URLS (one path a line); BENCH_COOKIE (optional) is sent as the session
-- cookie. At the end it prints one line "WRK {json}" with the figures bench/run.py
-- reads: requests, errors (non-2xx, sockets), duration and latency percentiles.
local paths = {}
local cookie = os.getenv("BENCH_COOKIE") or ""

local function load()
  local file = assert(io.open(os.getenv("BENCH_URLS"), "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

load()

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function request()
  local headers = {}
  if #cookie > 0 then headers["Cookie"] = "sessionid=" .. cookie end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    'WRK {"requests": %d, "errors": %d, "status_errors": %d, "duration_us": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, errors, e.status, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
