-- study_heartbeat.lua — wrk script: POST /api/v1/reading/heartbeat
-- {material_id, progress} rotating over many members' sessions.
-- $BENCH_SESSIONS names a file of lines "luoshi_session=… <csrf> <material_id>"
-- (bench/run.sh section 6 logs in bench01..bench64 and picks a material
-- each may read).  Each wrk thread starts at a different line.
local sessions = {}
local file = os.getenv("BENCH_SESSIONS") or ""
for line in io.lines(file) do
  local cookie, csrf, mid = line:match("^(%S+)%s+(%S+)%s+(%d+)")
  if cookie then
    sessions[#sessions + 1] = { cookie = cookie, csrf = csrf, mid = mid }
  end
end
local n = 0
local threads = 0
setup = function(thread)
  thread:set("start", threads * 7)
  threads = threads + 1
end
init = function()
  n = tonumber(start) or 0
end
request = function()
  n = n + 1
  local s = sessions[(n % #sessions) + 1]
  local body = '{"material_id":' .. s.mid .. ',"progress":' .. (n % 100) .. '}'
  return wrk.format("POST", "/api/v1/reading/heartbeat", {
    ["Cookie"] = s.cookie,
    ["X-CSRF-Token"] = s.csrf,
    ["Content-Type"] = "application/json",
  }, body)
end
