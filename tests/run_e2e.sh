#!/bin/sh
# run_e2e.sh — the browser tests: a real `luoshi serve` on loopback with a
# fresh demo district, Debian's chromium driven by playwright-core
# (tests/e2e, node's test runner).  Prints node's "# pass N" / "# fail N".
set -e
cd "$(dirname "$0")/.."
[ -x /usr/bin/chromium ] || { echo "chromium missing: sh scripts/deps.sh --test"; exit 1; }
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
bin=${LUOSHI_BIN:-./luoshi}
dir=$(mktemp -d /tmp/luoshi-e2e-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$bin" init --db "$dir/e2e.db" >/dev/null
"$bin" seed --db "$dir/e2e.db" --scale demo >/dev/null
printf 'Temp#2026start\n' | "$bin" user add e2eadmin --role sysadmin --db "$dir/e2e.db" --temporary yes >/dev/null
# the tests log in far more often than people do: a higher login limit
"$bin" serve --db "$dir/e2e.db" --listen 127.0.0.1:0 --totp-required-admins off --rate-login 600 \
  --access-log off >"$dir/out" 2>"$dir/err" &
pid=$!
i=0
until grep -q listening "$dir/out" 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 100 ] && { cat "$dir/err"; exit 1; }; sleep 0.1
done
export LUOSHI_URL=$(grep -o 'http://[^ ]*' "$dir/out" | sed 's:/$::')
export LUOSHI_ADMIN_USER=e2eadmin LUOSHI_ADMIN_PASS='Temp#2026start' LUOSHI_ADMIN_NEWPASS='Changed#2026ok'
export LUOSHI_MEMBER_USER=dangyuan LUOSHI_MEMBER_PASS='Demo#2026luoshi'
export LUOSHI_DEMO_PASS='Demo#2026luoshi'
export LUOSHI_SECADMIN_USER=secadmin LUOSHI_SECADMIN_PASS='Demo#2026luoshi'
export LUOSHI_AUDITOR_USER=auditor LUOSHI_AUDITOR_PASS='Demo#2026luoshi'
# E2E_SPECS="tests/e2e/a.spec.mjs …" runs only those specs (while developing)
node --test ${E2E_SPECS:-tests/e2e/} 2>&1
