#!/bin/sh
# Training from CSV data and CSV weights against numpy: each fixture folder
# tests/ref/train/CASE (made by tests/ref/make_ref.py) holds data.csv, the
# start weights, a gradlab script that trains and saves the result, and
# numpy's result expect_*.csv. Every saved number (each weight, each bias,
# the loss) must be within 1e-12 relative of numpy's (|a - b| <= 1e-12 |b|;
# a floor of 1e-300 on |b| only, so a value near 0 is held just as tight).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
fixtures="$top/tests/ref/train"
[ -d "$fixtures" ] || { bad "no fixtures in $fixtures"; finish; }
for case in "$fixtures"/*/; do
    name=$(basename "$case")
    dir=$(mktemp -d "$tmp/$name.XXXXXX")
    cp "$case"/* "$dir/"
    if ! (cd "$dir" && HOME="$dir" XDG_STATE_HOME="$dir" "$GRADLAB" script >"$dir/log" 2>&1); then
        bad "$name: the script failed" "$(tail -5 "$dir/log")"
        rm -rf "$dir"; continue
    fi
    for v in W1 b1 W2 b2 loss; do
        if [ ! -f "$dir/out_$v.csv" ]; then
            bad "$name: no out_$v.csv"; continue
        fi
        # values side by side, header lines (not numbers) skipped
        res=$(paste -d, "$dir/out_$v.csv" "$dir/expect_$v.csv" | awk -F, '
            $1 !~ /^[-+0-9.]/ { next }
            { n = NF / 2; if (n != int(n)) { print "shape"; exit }
              for (i = 1; i <= n; i++) { a = $i + 0; b = $(i + n) + 0; d = a - b; if (d < 0) d = -d
                  m = b < 0 ? -b : b; if (m < 1e-300) m = 1e-300; if (d / m > worst) worst = d / m; count++ } }
            END { if (count == 0) print "empty"; else printf "%.3g\n", worst }')
        rows_a=$(grep -c '^[-+0-9.]' "$dir/out_$v.csv"); rows_b=$(grep -c '^[-+0-9.]' "$dir/expect_$v.csv")
        if [ "$rows_a" != "$rows_b" ] || [ "$res" = shape ] || [ "$res" = empty ]; then
            bad "$name $v: shape differs ($rows_a vs $rows_b rows; $res)"
        elif awk -v w="$res" 'BEGIN { exit !(w <= 1e-12) }'; then
            ok "$name $v (worst relative difference $res)"
        else
            bad "$name $v: differs from numpy by $res > 1e-12"
        fi
    done
    rm -rf "$dir"
done
finish
