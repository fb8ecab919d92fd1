#!/bin/sh
# demo.sh — creates demo.db (if missing) and serves it on 127.0.0.1:8080.
#   LUOSHI_DEMO_LISTEN=0.0.0.0:8080 to listen on every address.
set -e
cd "$(dirname "$0")/.."
listen=${LUOSHI_DEMO_LISTEN:-127.0.0.1:8080}
if [ ! -f demo.db ]; then
  ./luoshi init --db demo.db
  if ./luoshi help | grep -q '^  seed'; then
    ./luoshi seed --db demo.db --scale demo
  fi
fi
echo "落实 demo: http://$listen/  (Ctrl-C 停止 to stop)"
[ -f demo-logins.txt ] && cat demo-logins.txt
exec ./luoshi serve --db demo.db --listen "$listen"
