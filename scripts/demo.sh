#!/bin/sh
# demo.sh — creates demo.db with a realistic demo district (if missing) and
# serves it.  LUOSHI_DEMO_LISTEN=0.0.0.0:8080 listens on every address.
# The demo turns off the 三员 two-factor requirement so every demo login
# works with a password alone; production keeps it on (the default).
set -e
cd "$(dirname "$0")/.."
listen=${LUOSHI_DEMO_LISTEN:-127.0.0.1:8080}
if [ ! -f demo.db ]; then
  ./luoshi init --db demo.db
  ./luoshi seed --db demo.db --scale demo
fi
echo
echo "落实 演示 demo: http://$listen/   (Ctrl-C 停止 stop)"
cat demo.db.logins.txt 2>/dev/null || true
echo
exec ./luoshi serve --db demo.db --listen "$listen" --totp-required-admins off
