#!/bin/sh
# Training from CSV data and CSV weights against numpy: each fixture folder
# tests/ref/train/CASE (made by tests/ref/make_ref.py) holds the data and the
# start weights (or the commands that make them), a gradlab script that
# trains and saves the result as out_NAME.csv, and numpy's results:
#   expect_NAME.csv  every number of out_NAME.csv (weights, biases, losses,
#                    data) within 1e-12 relative of numpy's (|a - b| <= 1e-12 |b|;
#                    a floor of 1e-300 on |b| only, so a value near 0 is held
#                    just as tight)
#   expect_log       lines KEY VALUE RELTOL: the loss that train printed after
#                    iteration KEY ("loss after iteration KEY: L"), or at the end
#                    ("trained P passes: loss L") for KEY final, within half a
#                    unit of its printed last digit plus RELTOL |VALUE|
#   expect_right     the "(R of N rows" that accuracy printed
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
fixtures="$top/tests/ref/train"
[ -d "$fixtures" ] || { bad "no fixtures in $fixtures"; finish; }

# the worst relative difference between the numbers of two CSV files, or
# "shape" / "empty"
worst() {
    paste -d, "$1" "$2" | awk -F, '
        $1 !~ /^[-+0-9.]/ { next }
        { n = NF / 2; if (n != int(n)) { print "shape"; exit }
          for (i = 1; i <= n; i++) { a = $i + 0; b = $(i + n) + 0; d = a - b; if (d < 0) d = -d
              m = b < 0 ? -b : b; if (m < 1e-300) m = 1e-300; if (d / m > worst) worst = d / m; count++ } }
        END { if (count == 0) print "empty"; else printf "%.3g\n", worst }'
}

# the printed losses of log $1 against expect_log $2
check_log() {
    name=$1 log=$2 expect=$3
    while read -r key value tol; do
        if [ "$key" = final ]; then
            got=$(sed -n 's/^trained [0-9]* pass[es]*: loss \([-0-9.e+]*\)$/\1/p' "$log" | tail -1)
        else
            got=$(sed -n "s/^loss after iteration $key: \([-0-9.e+]*\)\$/\1/p" "$log" | tail -1)
        fi
        if [ -z "$got" ]; then
            bad "$name log $key: not printed"; continue
        fi
        # half a unit of the last printed digit
        half=$(printf '%s\n' "$got" | awk '{ split($1, p, "."); d = length(p[2]); h = 0.5; for (i = 0; i < d; i++) h /= 10; print h }')
        if awk -v g="$got" -v v="$value" -v t="$tol" -v h="$half" 'BEGIN {
                d = g - v; if (d < 0) d = -d; m = v < 0 ? -v : v; exit !(d <= h + t * m) }'; then
            ok "$name log $key ($got, numpy $value, within $tol)"
        else
            bad "$name log $key: printed $got, numpy $value (allowed: half a digit + $tol relative)"
        fi
    done <"$expect"
}

for case in "$fixtures"/*/; do
    name=$(basename "$case")
    dir=$(mktemp -d "$tmp/$name.XXXXXX")
    cp "$case"/* "$dir/"
    if ! (cd "$dir" && HOME="$dir" XDG_STATE_HOME="$dir" "$GRADLAB" script >"$dir/log" 2>&1); then
        bad "$name: the script failed" "$(tail -5 "$dir/log")"
        rm -rf "$dir"; continue
    fi
    for expect in "$dir"/expect_*.csv; do
        v=$(basename "$expect" .csv); v=${v#expect_}
        if [ ! -f "$dir/out_$v.csv" ]; then
            bad "$name: no out_$v.csv"; continue
        fi
        res=$(worst "$dir/out_$v.csv" "$expect")
        rows_a=$(grep -c '^[-+0-9.]' "$dir/out_$v.csv"); rows_b=$(grep -c '^[-+0-9.]' "$expect")
        if [ "$rows_a" != "$rows_b" ] || [ "$res" = shape ] || [ "$res" = empty ]; then
            bad "$name $v: shape differs ($rows_a vs $rows_b rows; $res)"
        elif awk -v w="$res" 'BEGIN { exit !(w <= 1e-12) }'; then
            ok "$name $v (worst relative difference $res)"
        else
            bad "$name $v: differs from numpy by $res > 1e-12"
        fi
    done
    [ -f "$dir/expect_log" ] && check_log "$name" "$dir/log" "$dir/expect_log"
    if [ -f "$dir/expect_right" ]; then
        want=$(cat "$dir/expect_right")
        if grep -qF "$want" "$dir/log"; then
            ok "$name accuracy: $want"
        else
            bad "$name accuracy: numpy has $want rows right" "$(grep accuracy "$dir/log")"
        fi
    fi
    rm -rf "$dir"
done

# the classic tutorial's run ends in a 2-cycle (README, Data and training):
# its last loss is not the log's, and the summary says why; a run that
# settles says nothing of the kind
out=$("$GRADLAB" -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; train 20000 lr=0.01 reg=0.01 every=1000' 2>&1)
check "a 2-cycle is said after the summary, with its two losses" \
    "$(printf '%s\n' "$out" | sed -n '/^trained/,$p')" \
    "trained 20000 passes: loss 0.071316
  the loss now alternates from pass to pass: 0.070758 after even iterations, 0.071316 after odd ones
  (the last, 19999, is odd). Each step jumps across a valley of the loss and the next jumps back:
  a 2-cycle; with lr 0.01 the steps overshoot its bottom instead of settling in it"
out=$("$GRADLAB" -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; train 20000 lr=0.005 reg=0.01 every=0' 2>&1)
check "a run that settles: no 2-cycle" "$out" "$(printf '%s\n' "$out" | grep -v 'alternates\|2-cycle')"
check "a run that settles ends on its summary" "$(printf '%s\n' "$out" | tail -1)" "trained 20000 passes: loss 0.067804"
finish
