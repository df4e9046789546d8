#!/bin/sh
# Ctrl-C (and SIGTERM) stop every long operation within 100 ms, the state
# as it was: tests/robust/interrupt.py drives the REPL in a pseudo-terminal
# and batch runs, near the size limits (about 3 GB of memory, 40 s).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
    echo "skipped: no python3"
    finish
fi
python3 "$here/interrupt.py" "$tmp" >"$tmp/log" 2>&1
cat "$tmp/log"
pass=$((pass + $(grep -c '^ok ' "$tmp/log")))
fail=$((fail + $(grep -c '^FAIL' "$tmp/log")))
[ -s "$tmp/latencies.txt" ] && sed 's/^/     /' "$tmp/latencies.txt"
[ -n "$(grep -c . "$tmp/log")" ] || bad "interrupt.py said nothing"
finish
