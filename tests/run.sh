#!/bin/sh
# Runs every test: the cmocka unit tests, then every tests/*/run-*.sh suite;
# ends with one line "N passed, N failed".
# Environment: B (build dir, default build), GRADLAB (binary, default ./gradlab).
# Everything runs in a folder of this run's own (tests/lib.sh), which is
# also TMPDIR for the suites, so two runs at once share nothing.
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
cd "$top" || exit 1
export TMPDIR="$tmp"
log="$tmp/log"

# unit tests: count cmocka's test cases
# (one per tests/unit/test_*.c: a stale binary of a deleted test is not run)
for src in tests/unit/test_*.c; do
    t="$B/$(basename "$src" .c)"
    name="${t#"$top"/}"
    if [ ! -x "$t" ]; then bad "$name: not built"; continue; fi
    "$t" >"$log" 2>&1; rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ $rc -ne 0 ]; then echo "FAIL $name"; grep -v '^\[ *\(RUN\|OK\) ' "$log" | tail -40 | sed 's/^/    /'
    else echo "ok   $name ($p)"; fi
done

# suites that print "N passed, N failed" as their last line; on a failure,
# what they said apart from their passing checks
for s in tests/*/run-*.sh; do
    [ -f "$s" ] || continue
    sh "$s" >"$log" 2>&1; rc=$?
    line=$(tail -1 "$log")
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
    f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
    if [ -z "$p" ]; then p=0; f=1; fi
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    if [ "$f" != 0 ]; then echo "FAIL $s"; grep -v '^ok   ' "$log" | tail -60 | sed 's/^/    /'
    else echo "ok   $s ($p)"; fi
done

finish
