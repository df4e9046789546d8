#!/bin/sh
# format json: what every JSON reader accepts. Each line gradlab prints in
# json mode is one JSON object that jq and Python's strict json (NaN and
# Infinity refused) read, every number as Python's repr writes it (strict.py
# --numbers), non-finite numbers as the strings "NaN", "Infinity" and
# "-Infinity", and the numbers read back to the same bits as the 17-digit
# CSV that `save` writes; format csv reads back the same way at any precision.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
command -v jq >/dev/null || bad "jq is not installed (make deps installs it)"
command -v python3 >/dev/null || bad "python3 is not installed (make deps installs it)"

# strict NAME: the json lines in $tmp/out pass jq and strict.py --numbers
strict() {
    if ! jq -c . <"$tmp/out" >"$tmp/jq" 2>"$tmp/jq.err"; then
        bad "$1: jq refuses it" "$(cat "$tmp/jq.err" "$tmp/out" | head -20)"
    elif ! python3 "$here/strict.py" --numbers <"$tmp/out" >"$tmp/py" 2>&1; then
        bad "$1: not strict JSON" "$(cat "$tmp/py")"
    else
        ok "$1 ($(cat "$tmp/py"))"
    fi
}

# values, with the numbers whose text the old %g search got wrong (100
# printed as 1e+02) and the ends of the doubles
"$GRADLAB" -c 'format json; logits 100 1e16 0.1; z = [5e-324, 1e-5, 0.0001, 1.7976931348623157e308, -2.5]' \
    -c 'z = [3, -inf, 1]; seed 0; net 2 3 2; forward; loss; W1; z1' >"$tmp/out" 2>"$tmp/err"
strict "values"
check "100, 1e16, 0.1 as Python's repr writes them" "$(sed -n 1p "$tmp/out")" \
    '{"name":"z","shape":[3],"data":[100,1e+16,0.1]}'
check "the ends of the doubles" "$(sed -n 3p "$tmp/out")" \
    '{"name":"z","shape":[5],"data":[5e-324,1e-05,0.0001,1.7976931348623157e+308,-2.5]}'
check "-inf as a string" "$(sed -n 5p "$tmp/out")" '{"name":"z","shape":[3],"data":[3,"-Infinity",1]}'

# NaN and +inf: the naive softmax overflows (inf/inf); a value holding them
"$GRADLAB" -c 'logits 1000 0 -1; mistake naive' -c 'format json; wrong; z = [inf, 0]' >"$tmp/all" 2>&1
grep '^{' "$tmp/all" >"$tmp/out"
strict "NaN and infinities"
check "NaN as a string" "$(sed -n 1p "$tmp/out")" '{"name":"wrong","shape":[1,3],"data":["NaN",0,0]}'
case $(cat "$tmp/all") in
    *'"Infinity"'*) bad "inf is refused as a logit, so it should not print" ;;
esac
printf '%s\n' '["NaN","Infinity","-Infinity"]' | jq -e 'map(tonumber) | length == 3' >/dev/null &&
    ok "jq reads the strings back as numbers (tonumber)" || bad "jq tonumber"
python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert [str(float(x)) for x in d] == ["nan", "inf", "-inf"]' \
    '["NaN","Infinity","-Infinity"]' && ok "Python's float() reads the strings back" || bad "python float()"

# the same bits as the CSV of `save` (17 digits, read by Python's float)
"$GRADLAB" -c 'seed 3; logits 2 1 0.1 -3 7.5 1e-3 0.25 12; save J j.csv; save s s.csv' \
    -c 'format json; J; s' >"$tmp/out" 2>"$tmp/err"
sed -i '/^{/!d' "$tmp/out"
if python3 - "$tmp/out" j.csv s.csv <<'PY'
import json, struct, sys
lines = open(sys.argv[1]).read().split("\n")
for line, csv in zip(lines, sys.argv[2:]):
    data = json.loads(line)["data"]
    ref = [float(x) for row in open(csv) for x in row.split(",")]
    bits = lambda v: struct.pack("<d", v)
    assert len(data) == len(ref) and all(bits(a) == bits(b) for a, b in zip(data, ref)), csv
PY
then ok "J and s read back to the bits of save's 17 digits"
else bad "J and s in json differ from save's CSV" "$(cat "$tmp/out" "$tmp/err")"; fi

# format csv too, whatever the precision: pretty and latex follow it
"$GRADLAB" -c 'seed 3; logits 2 1 0.1 -3 7.5 1e-3 0.25 12; save J j.csv' \
    -c 'precision 2; format csv; J' >"$tmp/out" 2>"$tmp/err"
sed -i '1,/^# J 8×8$/d' "$tmp/out"
if python3 - "$tmp/out" j.csv <<'PY'
import struct, sys
rows = lambda f: [[float(x) for x in r.split(",")] for r in open(f).read().split()]
bits = lambda m: [struct.pack("<d", v) for r in m for v in r]
got, ref = rows(sys.argv[1]), rows(sys.argv[2])
assert len(got) == 8 and bits(got) == bits(ref)
assert all(t == repr(float(t)).removesuffix(".0") for r in open(sys.argv[1]).read().split() for t in r.split(","))
PY
then ok "format csv at precision 2: J reads back to the same bits, in repr's form"
else bad "format csv does not read back" "$(cat "$tmp/out" "$tmp/err")"; fi
finish
