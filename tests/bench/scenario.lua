-- One wrk scenario, configured by the environment:
--   BENCH_METHOD (GET or POST), BENCH_BODY (a urlencoded form), BENCH_COOKIE (one session for every request),
--   BENCH_PAIRS (a file of "cookie<TAB>csrf" lines: each request takes the next one, for final submits).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local pairs_file = os.getenv("BENCH_PAIRS")
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

local pairs_list = {}
local next_pair = 1
local step = 1

function init(args)
  if pairs_file then
    -- Each thread takes every n-th line, so no two requests share a draft.
    local n = tonumber(os.getenv("BENCH_THREADS"))
    local i = 0
    for line in io.lines(pairs_file) do
      if i % n == (id - 1) then
        local c, t = line:match("([^\t]+)\t([^\t]+)")
        table.insert(pairs_list, {c, t})
      end
      i = i + 1
    end
  end
end

function request()
  local headers = {}
  if pairs_file then
    local pair = pairs_list[next_pair]
    next_pair = next_pair + 1
    if pair == nil then
      -- Out of fresh drafts: a request that fails (404) and shows as an error, rather than
      -- repeats of a finished submission that would flatter the figure.
      return wrk.format("GET", "/bench-ran-out-of-drafts")
    end
    headers["Cookie"] = "intake_session=" .. pair[1]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", nil, headers, body .. "&csrf_token=" .. pair[2])
  end
  if cookie then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format(method, nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
