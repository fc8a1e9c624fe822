-- Replays prepared raw HTTP/1.1 requests ('<length>\n<bytes>' records, written by
-- harness/requests.py) round-robin on every keep-alive connection, each thread from its own
-- offset, and prints the run's statistics as one JSON line for harness/wrk.py.
-- Usage: wrk -s replay.lua URL -- <request file>

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local reqs = {}
local idx = 1

function init(args)
  local f = assert(io.open(args[1], "rb"))
  while true do
    local line = f:read("*l")
    if not line then break end
    reqs[#reqs + 1] = f:read(tonumber(line))
  end
  f:close()
  -- Threads start at different places so they do not ask for the same keys in lockstep.
  idx = ((tid or 0) * 7919) % #reqs + 1
end

function request()
  local r = reqs[idx]
  idx = idx + 1
  if idx > #reqs then idx = 1 end
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
