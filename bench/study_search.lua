-- study_search.lua — wrk script: GET /api/v1/search/materials?q=… rotating
-- over the queries of bench/run.sh section 6 (2, 4 and 5 characters), with
-- the session cookie in $LUOSHI_COOKIE ("luoshi_session=…").
local cookie = os.getenv("LUOSHI_COOKIE") or ""
local queries = { "党史", "学史明理", "初心使命", "为民办实事", "乡村振兴" }
local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/api/v1/search/materials?q=" .. enc(q)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie })
end
