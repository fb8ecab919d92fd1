#!/bin/sh
# run.sh — the benchmarks of `make bench`.  Prints figures; copy them into
# bench/RESULTS.md with the date and machine.  Every HTTP figure is quoted
# against GET /healthz measured in the same run.
#   BENCH_SECS (default 10), BENCH_CONNS (default 64)
set -e
cd "$(dirname "$0")/.."
secs=${BENCH_SECS:-10}
conns=${BENCH_CONNS:-64}
dir=$(mktemp -d /tmp/luoshi-bench-XXXXXX)
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
command -v wrk >/dev/null || { echo "wrk missing: sh scripts/deps.sh --bench"; exit 1; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -Iseconds)"
echo "== 1. writer queue (in-process)"
./build/bench/writer_bench "$dir" 5 "$conns"
echo "== 2. HTTP (wrk -t2 -c$conns -d${secs}s, loopback, client on the same 2 cores)"
./luoshi serve --db "$dir/http.db" --listen 127.0.0.1:0 --access-log off >"$dir/out" 2>"$dir/err" &
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
./luoshi serve --db "$dir/people.db" --listen 127.0.0.1:0 --access-log off --totp-required-admins off >"$dir/out2" 2>"$dir/err2" &
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
./luoshi serve --db "$dir4/l.db" --listen 127.0.0.1:0 >"$dir4/out" 2>"$dir4/err" &
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
