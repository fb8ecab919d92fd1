#!/bin/sh
# run.sh — the benchmarks of `make bench`.  Prints figures; copy them into
# bench/RESULTS.md with the date and machine.  Every HTTP figure is quoted
# against GET /healthz measured in the same run.
#   BENCH_SECS (default 10), BENCH_CONNS (default 64),
#   BENCH_ONLY=ledger runs section 5 alone, BENCH_ONLY=study section 6.
set -e
cd "$(dirname "$0")/.."
secs=${BENCH_SECS:-10}
conns=${BENCH_CONNS:-64}
dir=$(mktemp -d /tmp/luoshi-bench-XXXXXX)
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
command -v wrk >/dev/null || { echo "wrk missing: sh scripts/deps.sh --bench"; exit 1; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -Iseconds)"
if [ "${BENCH_ONLY:-all}" = all ]; then
echo "== 1. writer queue (in-process)"
./build/bench/writer_bench "$dir" 5 "$conns"
echo "== 2. HTTP (wrk -t2 -c$conns -d${secs}s, loopback, client on the same 2 cores)"
./luoshi serve --db "$dir/http.db" --listen 127.0.0.1:0 --rate-api 0 --rate-login 0 --rate-export 0 --access-log off >"$dir/out" 2>"$dir/err" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.3; done
url=$(grep -o 'http://[^ ]*' "$dir/out" | sed 's:/$::')
echo "-- GET /healthz (baseline)"
wrk -t2 -c"$conns" -d"${secs}s" --latency "$url/healthz" | grep -E 'Requests/sec|Latency|99%|50%'
echo "-- POST /api/v1/client-errors (JSON body, one durable row per request)"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/post.lua "$url/api/v1/client-errors" | grep -E 'Requests/sec|Latency|99%|50%|Non-2xx'
curl -s "$url/metrics" | grep -E '^luoshi_db_(commits_total|write_jobs_total)'
rows=$(sqlite3 "$dir/http.db" 'SELECT count(*) FROM client_error' 2>/dev/null || echo '?')
echo "rows in table: $rows"
echo "== 3. people list at district scale (600 units, 30,000 people)"
echo "-- in-process: unit lookup + scoped query + JSON of one page"
./build/bench/people_bench "$dir" 2000
echo "-- HTTP: GET /api/v1/people?unit_id=U&subtree=1 (random U), luoshi seed --scale district"
kill $pid 2>/dev/null; wait $pid 2>/dev/null
./luoshi seed --scale district --db "$dir/people.db" >/dev/null 2>&1
./luoshi serve --db "$dir/people.db" --listen 127.0.0.1:0 --rate-api 0 --rate-login 0 --rate-export 0 --access-log off --totp-required-admins off >"$dir/out2" 2>"$dir/err2" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$dir/out2" 2>/dev/null && break; sleep 0.3; done
url=$(grep -o 'http://[^ ]*' "$dir/out2" | sed 's:/$::')
LUOSHI_COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"sysadmin","password":"Demo#2026luoshi"}' "$url/api/v1/auth/login" |
  grep -io 'luoshi_session=[0-9a-f]*')
export LUOSHI_COOKIE
for c in 1 4 "$conns"; do
  echo "-- $c connection(s)"
  wrk -t1 -c"$c" -d"${secs}s" --latency -s bench/people.lua "$url" | grep -E 'Requests/sec|50%|90%|99%|Non-2xx'
done
echo "== 4. login (argon2id m=19456 KiB, t=2, p=1): server time of 50 sequential logins"
dir4=$(mktemp -d /tmp/luoshi-bench-login-XXXXXX)
./luoshi init --db "$dir4/l.db" >/dev/null
printf 'Bench#2026login\n' | ./luoshi user add benchuser --role member --db "$dir4/l.db" >/dev/null
./luoshi serve --db "$dir4/l.db" --listen 127.0.0.1:0 --rate-api 0 --rate-login 0 --rate-export 0 >"$dir4/out" 2>"$dir4/err" &
pid4=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$dir4/out" 2>/dev/null && break; sleep 0.3; done
url4=$(grep -o 'http://[^ ]*' "$dir4/out" | sed 's:/$::')
for i in $(seq 50); do
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"benchuser","password":"Bench#2026login"}' "$url4/api/v1/auth/login"
done
kill $pid4; wait $pid4 2>/dev/null
grep 'POST /api/v1/auth/login 200' "$dir4/err" | sed -E 's/.* ([0-9]+)us .*/\1/' | sort -n |
  awk '{a[NR]=$1} END {printf "login server time: min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)\n", a[1]/1000, a[int((NR+1)/2)]/1000, a[int(NR*0.95)]/1000, a[NR]/1000, NR}'
rm -rf "$dir4"
fi
if [ "${BENCH_ONLY:-all}" != study ]; then
echo "== 5. ledger list at district scale (15,000 items, 150,000 progress reports)"
# The district db is cached between runs (build/bench/ledger-district.db);
# it is rebuilt when the binary's seed or schema changes, or on a new day
# (health depends on the date).
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: sh scripts/deps.sh"; exit 1; }
cache=build/bench/ledger-district.db
key="$(cat src/cli/seed_ledger.c src/cli/seed_study.c src/cli/seed_study_lib.inc src/cli/cmd_seed.c src/store/migrations/*.sql | sha256sum | cut -c1-16)-$(date +%F)"
if [ ! -f "$cache" ] || [ "$(cat "$cache.key" 2>/dev/null)" != "$key" ]; then
  rm -f "$cache" "$cache-wal" "$cache-shm" "$cache.key"
  mkdir -p build/bench
  /usr/bin/time -f "seed: %e s wall, %M KiB max RSS" ./luoshi seed --scale district --db "$cache" 2>&1 | grep -E '已生成|seed:'
  [ -s "$cache" ] || { echo "seed failed"; exit 1; }
  echo "$key" >"$cache.key"
else
  echo "(cached $cache, key $key)"
fi
cp "$cache" "$dir/ledger.db"
town=$(sqlite3 "$dir/ledger.db" "SELECT id FROM unit WHERE name = '城关街道'")
sqlite3 "$dir/ledger.db" "SELECT '   items ' || count(*) || ', in the 城关街道 subtree (lead or co-unit) ' || (SELECT count(*) FROM ledger_item i WHERE i.lead_unit_path >= u.path AND i.lead_unit_path < substr(u.path, 1, length(u.path) - 1) || '0' OR EXISTS (SELECT 1 FROM item_co_unit c WHERE c.item_id = i.id AND c.unit_path >= u.path AND c.unit_path < substr(u.path, 1, length(u.path) - 1) || '0')) || ', progress reports ' || (SELECT count(*) FROM item_progress) FROM ledger_item, unit u WHERE u.id = $town"
printf 'Bench#2026liaison\n' | ./luoshi user add benchlia --role liaison --unit "$town" --scope subtree --name '城关街道联络员' --db "$dir/ledger.db" >/dev/null
if [ -n "$pid" ]; then kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; fi
./luoshi serve --db "$dir/ledger.db" --listen 127.0.0.1:0 --rate-api 0 --rate-login 0 --rate-export 0 --access-log off --totp-required-admins off >"$dir/out5" 2>"$dir/err5" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$dir/out5" 2>/dev/null && break; sleep 0.3; done
url=$(grep -o 'http://[^ ]*' "$dir/out5" | sed 's:/$::')
login() {
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/auth/login" |
    grep -io 'luoshi_session=[0-9a-f]*'
}
LUOSHI_COOKIE=$(login benchlia 'Bench#2026liaison')
export LUOSHI_COOKIE
[ -n "$LUOSHI_COOKIE" ] || { echo "liaison login failed"; exit 1; }
mstype=$(sqlite3 "$dir/ledger.db" "SELECT id FROM ledger_type WHERE code = 'MS'")
for p in "/api/v1/items?limit=20&state=in_progress" \
         "/api/v1/items?limit=20&type_id=$mstype&health=warning"; do
  n=$(curl -s -H "Cookie: $LUOSHI_COOKIE" "$url$p" | grep -o '"code":"[A-Z]*-[0-9]*-[0-9]*"' | wc -l)
  echo "   $p: $n rows on the first page"
done
# run_wrk LABEL PATH [lua]: req/s, p50, p99, non-2xx and the server's CPU
# time per request (utime+stime from /proc, the steadiest figure here)
run_wrk() {
  t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
  if [ -n "${3:-}" ]; then BENCH_PATH="$2" wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$3" "$url" >"$dir/wrk.txt"; else wrk -t2 -c"$conns" -d"${secs}s" --latency "$url$2" >"$dir/wrk.txt"; fi
  t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
  n=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
  awk -v label="$1" -v ticks=$((t1 - t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec/ {rps = $2} / 50%/ {p50 = $2} / 99%/ {p99 = $2}
    /Non-2xx/ {bad = $NF}
    END {printf "   %-44s %9.0f req/s  p50 %-8s p99 %-8s server CPU %.1f us/req%s\n",
         label, rps, p50, p99, ticks * 1e6 / hz / n, bad ? "  NON-2xx: " bad : ""}' "$dir/wrk.txt"
}
# warm-up (not reported): the first seconds after start pay for cold
# page-cache pages and each connection's first prepared statements
BENCH_PATH="/api/v1/items?limit=20&state=in_progress" wrk -t2 -c"$conns" -d3s -s bench/ledger.lua "$url" >/dev/null
echo "-- wrk -t2 -c$conns -d${secs}s, liaison of 城关街道 (ledger.read scope: subtree)"
run_wrk "GET /healthz (baseline)" /healthz
run_wrk "GET /api/v1/items?limit=20&state=in_progress" "/api/v1/items?limit=20&state=in_progress" bench/ledger.lua
run_wrk "GET /api/v1/items?limit=20&type_id=MS&health=warning" "/api/v1/items?limit=20&type_id=$mstype&health=warning" bench/ledger.lua
run_wrk "GET /healthz (baseline, again)" /healthz
echo "-- export every item to xlsx (督查室, GET /api/v1/items/export), 3 runs"
sup=$(login duchashi 'Demo#2026luoshi')
for i in 1 2 3; do
  curl -s -o "$dir/items.xlsx" -w '   export: HTTP %{http_code}, %{size_download} bytes, %{time_total} s\n' \
    -H "Cookie: $sup" "$url/api/v1/items/export"
done
echo "   rows in the sheet: $(unzip -p "$dir/items.xlsx" xl/worksheets/sheet1.xml 2>/dev/null | grep -o '<row ' | wc -l) (with the header)"
fi
if [ "${BENCH_ONLY:-all}" = all ] || [ "${BENCH_ONLY:-all}" = study ]; then
echo "== 6. study at district scale (10,000 materials, 30,000 members, 3,000,000 readings)"
# The same cached district db as section 5 (its key covers the study seed).
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: sh scripts/deps.sh"; exit 1; }
cache=build/bench/ledger-district.db
key="$(cat src/cli/seed_ledger.c src/cli/seed_study.c src/cli/seed_study_lib.inc src/cli/cmd_seed.c src/store/migrations/*.sql | sha256sum | cut -c1-16)-$(date +%F)"
if [ ! -f "$cache" ] || [ "$(cat "$cache.key" 2>/dev/null)" != "$key" ]; then
  rm -f "$cache" "$cache-wal" "$cache-shm" "$cache.key"
  mkdir -p build/bench
  /usr/bin/time -f "seed: %e s wall, %U s user, %M KiB max RSS" ./luoshi seed --scale district --db "$cache" 2>&1 | grep -E '已生成|学习|seed:'
  [ -s "$cache" ] || { echo "seed failed"; exit 1; }
  echo "$key" >"$cache.key"
else
  echo "(cached $cache, key $key)"
fi
cp "$cache" "$dir/study.db"
branch=$(sqlite3 "$dir/study.db" "SELECT unit_id FROM account WHERE username = 'shuji'")
root=$(sqlite3 "$dir/study.db" "SELECT id FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1")
sqlite3 "$dir/study.db" "SELECT '   materials ' || (SELECT count(*) FROM material) || ', readings ' || (SELECT count(*) FROM reading) || ', study_day rows ' || (SELECT count(*) FROM study_day) || ', members in the bench branch ' || (SELECT count(*) FROM person WHERE unit_id = $branch)"
if [ -n "$pid" ]; then kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; fi
./luoshi serve --db "$dir/study.db" --listen 127.0.0.1:0 --rate-api 0 --rate-login 0 --rate-export 0 --access-log off --totp-required-admins off >"$dir/out6" 2>"$dir/err6" &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do grep -q listening "$dir/out6" 2>/dev/null && break; sleep 0.5; done
url=$(grep -o 'http://[^ ]*' "$dir/out6" | sed 's:/$::')
# login6 USER: "cookie csrf" of a new session
login6() {
  curl -s -D "$dir/h6" -o "$dir/b6" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Demo#2026luoshi\"}" "$url/api/v1/auth/login"
  printf '%s %s\n' "$(grep -io 'luoshi_session=[0-9a-f]*' "$dir/h6")" \
    "$(grep -o '"csrf_token":"[^"]*"' "$dir/b6" | cut -d'"' -f4)"
}
LUOSHI_COOKIE=$(login6 shuji | cut -d' ' -f1)
export LUOSHI_COOKIE
[ -n "$LUOSHI_COOKIE" ] || { echo "shuji login failed"; exit 1; }
org=$(login6 zuzhibu | cut -d' ' -f1)
# 64 members' sessions, each with a published material everyone may read
sqlite3 "$dir/study.db" "SELECT id FROM material WHERE status = 'published' AND visible_all = 1 ORDER BY id LIMIT 64" >"$dir/mids"
: >"$dir/sessions"
i=0
for m in $(cat "$dir/mids"); do
  i=$((i + 1))
  u=$(printf 'bench%02d' $i)
  echo "$(login6 "$u") $m" >>"$dir/sessions"
done
echo "   bench sessions: $(grep -c 'luoshi_session=' "$dir/sessions") of 64"
export BENCH_SESSIONS="$dir/sessions"
month_from=$(date +%Y-%m-01)
month_to=$(date -d "$month_from +1 month -1 day" +%F)
stats="/api/v1/study-stats?unit_id=$branch&level=member&from=$month_from&to=$month_to"
district="/api/v1/study-stats?unit_id=$root&from=$month_from&to=$month_to"
n=$(curl -s -H "Cookie: $LUOSHI_COOKIE" "$url$stats" | grep -o '"active_days"' | wc -l)
echo "   branch statistics: $n member rows"
echo "   district statistics (组织部, per child unit, this month), 3 runs:"
for i in 1 2 3; do
  curl -s -o "$dir/district.json" -w '     HTTP %{http_code}, %{size_download} bytes, %{time_total} s\n' -H "Cookie: $org" "$url$district"
done
q=$(printf '学史明理' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
echo "   search 学史明理: $(curl -s -H "Cookie: $LUOSHI_COOKIE" "$url/api/v1/search/materials?q=$q" | grep -o '"id":[0-9]*' | wc -l) ids on the first page"
# run_wrk6 LABEL PATH [lua]: as run_wrk of section 5 (T6/C6: threads and
# connections, default 2 and $conns)
run_wrk6() {
  t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
  if [ -n "${3:-}" ]; then BENCH_PATH="$2" wrk -t"${T6:-2}" -c"${C6:-$conns}" -d"${secs}s" --latency -s "$3" "$url" >"$dir/wrk.txt"; else wrk -t"${T6:-2}" -c"${C6:-$conns}" -d"${secs}s" --latency "$url$2" >"$dir/wrk.txt"; fi
  t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
  n=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
  awk -v label="$1" -v ticks=$((t1 - t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" '
    /Requests\/sec/ {rps = $2} / 50%/ {p50 = $2} / 99%/ {p99 = $2}
    /Non-2xx/ {bad = $NF}
    END {printf "   %-44s %9.0f req/s  p50 %-8s p99 %-8s server CPU %.1f us/req%s\n",
         label, rps, p50, p99, ticks * 1e6 / hz / n, bad ? "  NON-2xx: " bad : ""}' "$dir/wrk.txt"
}
# warm-up (not reported)
wrk -t2 -c"$conns" -d3s -s bench/study_search.lua "$url" >/dev/null
BENCH_PATH="$stats" wrk -t2 -c"$conns" -d2s -s bench/study_stats.lua "$url" >/dev/null
echo "-- wrk -t2 -c$conns -d${secs}s"
run_wrk6 "GET /healthz (baseline)" /healthz
run_wrk6 "GET /api/v1/search/materials?q= (5 queries)" "" bench/study_search.lua
run_wrk6 "POST /api/v1/reading/heartbeat (64 members)" "" bench/study_heartbeat.lua
run_wrk6 "GET /api/v1/study-stats (branch, per member)" "$stats" bench/study_stats.lua
run_wrk6 "GET /healthz (baseline, again)" /healthz
echo "-- one connection (wrk -t1 -c1): the latency of one request without queueing"
T6=1; C6=1
run_wrk6 "GET /api/v1/search/materials?q= (5 queries)" "" bench/study_search.lua
run_wrk6 "POST /api/v1/reading/heartbeat (64 members)" "" bench/study_heartbeat.lua
run_wrk6 "GET /api/v1/study-stats (branch, per member)" "$stats" bench/study_stats.lua
unset T6 C6
echo "   readings after the heartbeats: $(sqlite3 "$dir/study.db" 'SELECT count(*) FROM reading'), reading_state rows: $(sqlite3 "$dir/study.db" 'SELECT count(*) FROM reading_state')"
fi
