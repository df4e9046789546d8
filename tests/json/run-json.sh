#!/bin/sh
# format json: what every JSON reader accepts. Each line gradlab prints in
# json mode is one JSON object that jq and Python's strict json (NaN and
# Infinity refused) read, every number as Python's repr writes it (strict.py
# --numbers), non-finite numbers as the strings "NaN", "Infinity" and
# "-Infinity", and the numbers read back to the same bits as glibc's %.17g;
# so do those of format csv (at any precision) and of the file save writes.
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

# the same bits three ways against an independent writer, glibc's %.17g
# (pretty at precision 17): format json, format csv at precision 2 (csv
# ignores precision), and the file save writes; each number also in
# repr's form
"$GRADLAB" -c 'seed 3; logits 2 1 0.1 -3 7.5 1e-3 0.25 12; save J j.csv' \
    -c 'precision 17; J; format json; J; precision 2; format csv; J' >"$tmp/out" 2>"$tmp/err"
if python3 - "$tmp/out" j.csv <<'PY'
import json, re, struct, sys
text = open(sys.argv[1]).read()
bits = lambda vs: [struct.pack("<d", v) for v in vs]
pretty = [float(t) for l in text.split("\n") if re.match(r"^\[\d+\] ", l) for t in l.split()[1:]]
js = json.loads(next(l for l in text.split("\n") if l.startswith("{")))["data"]
csv_toks = [t for l in text.split("# J 8×8\n")[1].split() for t in l.split(",")]
save_toks = [t for l in open(sys.argv[2]).read().split() for t in l.split(",")]
assert len(pretty) == 64, len(pretty)
for name, toks in (("csv", csv_toks), ("save", save_toks)):
    assert bits(map(float, toks)) == bits(pretty), name
    assert all(t == repr(float(t)).removesuffix(".0") for t in toks), name
assert bits(js) == bits(pretty), "json"
PY
then ok "J in json, in csv at precision 2 and saved: the bits of %.17g, in repr's form"
else bad "J in json, csv or save differs from %.17g" "$(cat "$tmp/out" "$tmp/err")"; fi

# every command: each line printed in format json is one object (values,
# reports, {"text": ...}); a command of the table missing from every.txt
# fails, so that a new command is checked too
"$GRADLAB" -c help | sed -n '/^commands/,/^values/p' | sed '1d;$d' | awk '{ print $1 }' >"$tmp/commands"
missing=""
for c in $(cat "$tmp/commands"); do
    case $c in help|lesson|next|again|answer|trust|quit) continue ;; esac
    grep -q "^$c\( \|\$\)" "$here/every.txt" || missing="$missing $c"
done
[ -s "$tmp/commands" ] && [ -z "$missing" ] && ok "every.txt runs every command ($(wc -l <"$tmp/commands") in the table)" ||
    bad "commands missing from tests/json/every.txt:$missing"
mkdir -p every && cd every || exit 1
"$GRADLAB" -c 'seed 0; net 2 3 2; save W1 w1.csv' >/dev/null 2>&1
printf 'logits 1 2\ns[0]\n' >setup.gl
"$GRADLAB" <"$here/every.txt" >"$tmp/out" 2>"$tmp/err"
strict "every command's lines"
grep -q '{"text":' "$tmp/out" && grep -q '{"report":"gradcheck"' "$tmp/out" && ok "reports and sentences both there" ||
    bad "no report or no sentence in the output" "$(head -20 "$tmp/out")"
[ "$(grep -c . "$tmp/err")" -le 2 ] && ok "no more than the expected errors (window on, no display)" ||
    bad "unexpected errors" "$(cat "$tmp/err")"
cd "$tmp" || exit 1

# the lines the issues named: a look-up, accuracy, jacobian check, loss's summary
"$GRADLAB" -c 'format json; logits 2 1 0.1; s[1]; jacobian check' \
    -c 'seed 0; data moons 20 noise=0.2; net 2 3 2; accuracy; forward; status' >"$tmp/out" 2>"$tmp/err"
check "s[1] is a value of shape []" "$(grep '"s\[1\]"' "$tmp/out")" '{"name":"s[1]","shape":[],"data":[0.24243297070471392]}'
check "jacobian check: two reports" "$(grep -c '^{"report":"jacobian check",.*"ok":true}$' "$tmp/out")" 2
if python3 - "$tmp/out" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
acc = next(o for o in objs if o.get("report") == "accuracy")
assert acc["accuracy"] == acc["right"] / acc["rows"] and acc["rows"] == 20, acc
loss = next(o for o in objs if o.get("name") == "loss")["data"][0]
summ = next(o for o in objs if o.get("report") == "loss")
assert summ["rows"] == 20 and abs(summ["summed"] / 20 - loss) <= 1e-15 * loss, (summ, loss)
st = next(o for o in objs if o.get("report") == "status")
assert st["net"] == "2-3-2" and st["rows"] == 20 and st["stage"] == "loss" and st["format"] == "json", st
PY
then ok "accuracy, loss's summary and status as reports, their numbers consistent"
else bad "accuracy, loss or status" "$(cat "$tmp/out")"; fi
finish
