-- wrk script of bench/run.sh: every request carries the cookie of one of the sessions listed, one
-- "Cookie" header value a line, in the file given after "--"; picked at random per request.
-- done() prints one line of JSON that RunWrk reads.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local cookies = {}

function init(args)
  for line in io.lines(args[1]) do
    cookies[#cookies + 1] = line
  end
  math.randomseed(os.time() * 1000 + id)
end

function request()
  return wrk.format(nil, nil, { ["Cookie"] = cookies[math.random(#cookies)] })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"socket_errors":%d,"status_errors":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
