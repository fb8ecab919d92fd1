#!/bin/sh
# run.sh — runs every test binary of the release build and of the
# AddressSanitizer + UndefinedBehaviorSanitizer build, then the browser
# tests, and prints one summary line "N passed, N failed".
# Each binary is a cmocka suite; its "[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)" lines are added up.
cd "$(dirname "$0")/.." || exit 2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

run_suite() { # $1 = binary, $2 = luoshi binary it should spawn
  name=$(echo "$1" | tr '/' '_')
  log="$logdir/$name.log"
  LUOSHI_BIN="$2" CMOCKA_MESSAGE_OUTPUT=stdout timeout 600 "$1" >"$log" 2>&1
  code=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  p=${p:-0}
  f=${f:-0}
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1 # crashed, sanitizer report, or setup failure
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    echo "FAIL $1 (exit $code) — log $log"
    tail -40 "$log"
  else
    echo "ok   $1 ($p)"
  fi
}

for t in build/tests/*; do
  [ -x "$t" ] && run_suite "$t" ./luoshi
done
for t in build-asan/tests/*; do
  [ -x "$t" ] && run_suite "$t" ./build-asan/luoshi
done

if [ -d tests/e2e ] && [ -z "$LUOSHI_SKIP_E2E" ]; then
  out="$logdir/e2e.log"
  sh tests/run_e2e.sh >"$out" 2>&1
  code=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1)
  p=${p:-0}
  f=${f:-0}
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    echo "FAIL browser tests (exit $code) — log $out"
    tail -60 "$out"
  else
    echo "ok   browser tests ($p)"
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
