-- ledger.lua — wrk script: GET $BENCH_PATH (default the first page of the
-- item list) with the session cookie in $LUOSHI_COOKIE
-- ("luoshi_session=…").  wrk --latency prints the percentiles and a
-- "Non-2xx or 3xx responses" line when any answer was not a success.
local cookie = os.getenv("LUOSHI_COOKIE") or ""
local path = os.getenv("BENCH_PATH") or "/api/v1/items?limit=20"
request = function()
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
