-- people.lua — wrk script: GET /api/v1/people?unit_id=U&subtree=1 for a
-- random unit U (1..BENCH_UNITS, default 600), logged in with the cookie
-- in $LUOSHI_COOKIE ("luoshi_session=…").
local cookie = os.getenv("LUOSHI_COOKIE") or ""
local units = tonumber(os.getenv("BENCH_UNITS") or "600")
request = function()
  local u = math.random(1, units)
  return wrk.format("GET", "/api/v1/people?unit_id=" .. u .. "&subtree=1&limit=20",
                    { ["Cookie"] = cookie })
end
