#!/bin/sh
# deps.sh — makes sure the Debian 12 packages luoshi needs are installed.
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get line and stops (exit 1).  With --test it also installs what
# `make check` needs (cmocka, chromium for the browser tests, the sqlite3
# shell) and with --bench what `make bench` needs (wrk).
set -e
BUILD="build-essential pkg-config git ca-certificates libmicrohttpd-dev libjansson-dev libsqlite3-dev libargon2-dev libssl-dev libicu-dev zlib1g-dev libxlsxwriter-dev libzip-dev libexpat1-dev libfriso-dev friso-dict libcmark-dev nodejs npm"
TEST="libcmocka-dev sqlite3 unzip chromium fonts-wqy-microhei"
BENCH="wrk"
want="$BUILD"
for a in "$@"; do
  case "$a" in
    --test) want="$want $TEST" ;;
    --bench) want="$want $BENCH" ;;
    --all) want="$want $TEST $BENCH" ;;
  esac
done
missing=""
for p in $want; do
  # a nodejs that bundles npm (e.g. NodeSource's) satisfies both
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "缺少软件包 missing packages:$missing"
  echo "请以 root 运行 run as root:"
  echo "  apt-get update && apt-get install -y$missing"
  exit 1
fi
echo "安装 installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
