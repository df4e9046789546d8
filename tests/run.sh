#!/bin/sh
# Runs every test: the cmocka unit tests, the CLI transcripts, and every other
# tests/*/run-*.sh suite; ends with one line "N passed, N failed".
# Environment: B (build dir, default build), GRADLAB (binary, default ./gradlab).
B=${B:-build}
GRADLAB=${GRADLAB:-./gradlab}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
case $GRADLAB in /*) ;; *) GRADLAB="$top/$GRADLAB" ;; esac
export GRADLAB B
pass=0; fail=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

# unit tests: count cmocka's test cases
# (one per tests/unit/test_*.c: a stale binary of a deleted test is not run)
for src in tests/unit/test_*.c; do
    t="$B/$(basename "$src" .c)"
    if [ ! -x "$t" ]; then echo "FAIL $t: not built"; fail=$((fail + 1)); continue; fi
    "$t" >"$log" 2>&1; rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ $rc -ne 0 ]; then echo "FAIL $t"; sed 's/^/    /' "$log" | grep -v '^    \[ *\(RUN\|OK\) ' | tail -40; else echo "ok   $t ($p)"; fi
done

# suites that print "N passed, N failed" as their last line
for s in tests/*/run-*.sh; do
    [ -f "$s" ] || continue
    sh "$s" >"$log" 2>&1; rc=$?
    line=$(tail -1 "$log")
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
    f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
    if [ -z "$p" ]; then p=0; f=1; fi
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$f" != 0 ]; then echo "FAIL $s"; sed 's/^/    /' "$log" | tail -60; else echo "ok   $s ($p)"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
