#!/bin/sh
# diagnose against an independent numpy: for each state in tests/ref/diag
# (made by tests/ref/make_diag.py), every mistake of the catalogue computed
# again in numpy must be named by `diagnose`, the right value called right
# and random values no known mistake; each case is one check.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
ref="$top/tests/ref/diag"

# the verdicts in order: "right", an entry's name, or "unknown"
verdicts() {
    awk '/^diagnose [^ ]*: yours/ { if (n++) print r; r = "(no verdict)" }
         /^verdict: right/ { r = "right" }
         /^it is a known mistake/ { known = 1; next }
         known && /^mistake [^ ]*:/ { r = $2; sub(/:$/, "", r); known = 0 }
         /^no known mistake/ { r = "unknown" }
         END { if (n) print r }'
}

for gl in "$ref"/*.gl; do
    state=$(basename "$gl" .gl)
    "$GRADLAB" "$gl" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc != 0 ] || [ -s "$tmp/err" ]; then
        bad "$state: the script runs without an error (exit $rc)" "$(head -5 "$tmp/err")"
        continue
    fi
    verdicts <"$tmp/out" >"$tmp/got"
    i=0
    while IFS= read -r want; do
        i=$((i + 1))
        got=$(sed -n "${i}p" "$tmp/got")
        check "$state case $i: $want" "$got" "$want"
    done <"$ref/$state.expect"
    check "$state: as many verdicts as cases" "$(wc -l <"$tmp/got")" "$(wc -l <"$ref/$state.expect")"
done
finish
