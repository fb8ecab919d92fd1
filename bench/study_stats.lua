-- study_stats.lua — wrk script: GET $BENCH_PATH (the statistics of one
-- 党支部 per member, /api/v1/study-stats?unit_id=…&level=member) with the
-- branch secretary's session cookie in $LUOSHI_COOKIE.
local cookie = os.getenv("LUOSHI_COOKIE") or ""
local path = os.getenv("BENCH_PATH") or "/api/v1/study-stats"
request = function()
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
