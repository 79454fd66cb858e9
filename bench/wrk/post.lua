-- wrk script for scripts/bench: POSTs one fixed body to one path, on every connection, as fast as answers come.
-- Configured by environment (wrk passes no arguments to threads):
--   BENCH_BODY  file holding the request body      BENCH_KEY   Bearer key (optional)
--   BENCH_NODES "host:port,host:port,..." (optional): wrk thread i sends to node i % n instead of the URL's host,
--               so `wrk -tN` with N a multiple of n spreads its connections evenly over the nodes (cluster rows)
-- The path is the one in wrk's URL. done() prints one machine-readable line that scripts/bench parses.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
local extra = os.getenv("BENCH_HEADERS") -- "Name: value|Name: value", e.g. a webhook's signature headers
if extra and extra ~= "" then
  for name, value in string.gmatch(extra, "([^:|]+):%s*([^|]+)") do wrk.headers[name] = value end
end

local nodes = os.getenv("BENCH_NODES")
if nodes and nodes ~= "" then
  local addrs, next = nil, 0
  function setup(thread) -- runs once per thread, in wrk's main state, before the thread connects
    if not addrs then
      addrs = {}
      for host, port in string.gmatch(nodes, "([^:,]+):(%d+)") do table.insert(addrs, wrk.lookup(host, port)[1]) end
    end
    thread.addr = addrs[next % #addrs + 1]
    next = next + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk_result requests=%d seconds=%.3f rps=%.1f status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
