#!/bin/sh
# Hostile input (tests/hostile/cases.txt): each bad command gives exactly one
# error line on stderr (saying what the table says) and leaves every value,
# the stage and the settings exactly as they were. Plus what a table cannot
# hold: megabyte lines, binary files, huge vectors, a script that includes
# itself.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
mkdir data
printf '1,2\n3\n' >data/ragged.csv
printf 'a,b\nx,y\n' >data/text.csv
printf '1,2\n3,4\n' >data/wrong_shape.csv
: >data/empty.csv
head -c 3000 /dev/urandom >data/binary.csv 2>/dev/null || printf '\001\377\n' >data/binary.csv
printf '1,2,0.5\n3,4,1\n' >data/badlabel.csv
printf '+,2,4,3\n5\n' >data/widehdr.csv     # a header wider than the data (found by fuzzing)

setup='seed 0; logits 2 1 0.1; data moons 20 noise=0.2; net 2 3 2; reg = 0.01; forward; step'
dump='status; format json; z; s; J; x; y; W1; b1; W2; b2; z1; a1; z2; a2; loss; delta3; data'
before=$("$GRADLAB" -c "$setup" -c "$dump" 2>&1 | sed -n '/^logits:/,$p')
[ -n "$before" ] || bad "the reference state could not be built"

n=0
while IFS='	' read -r cmd want; do
    case $cmd in '#'*|'') continue ;; esac
    n=$((n + 1))
    cmd=$(printf '%b' "$cmd" | sed "s|@DATA|$tmp/data|g")
    "$GRADLAB" -c "$setup" -c "$cmd" -c "$dump" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(grep -c . "$tmp/err")
    after=$(sed -n '/^logits:/,$p' "$tmp/out")
    if [ "$lines" != 1 ]; then
        bad "case $n '$cmd': $lines error lines (want 1)" "$(cat "$tmp/err")"
    elif ! grep -q "^gradlab: -c:1: " "$tmp/err"; then
        bad "case $n '$cmd': not a 'gradlab: -c:1: message' line" "$(cat "$tmp/err")"
    elif [ -n "$want" ] && ! grep -qF -- "$want" "$tmp/err"; then
        bad "case $n '$cmd': the error does not say '$want'" "$(cat "$tmp/err")"
    elif [ $rc != 1 ]; then
        bad "case $n '$cmd': exit status $rc (want 1)"
    elif [ "$after" != "$before" ]; then
        bad "case $n '$cmd': the state changed" "$(printf '%s\n' "$before" >"$tmp/b"; printf '%s\n' "$after" | diff "$tmp/b" - | head -6)"
    else
        ok "case $n '$cmd'"
    fi
done <"$here/cases.txt"
echo "     $n table cases"

# what a table cannot hold
check_one() { # name, then the command's stderr file; exactly one line wanted, matching $2
    l=$(grep -c . "$3"); if [ "$l" = 1 ] && grep -q -- "$2" "$3"; then ok "$1"; else bad "$1" "$(head -3 "$3")"; fi
}
awk 'BEGIN { printf "logits"; for (i = 0; i < 5000; i++) printf " 1"; print "" }' >"$tmp/big.gl"
"$GRADLAB" "$tmp/big.gl" >/dev/null 2>"$tmp/err"; check_one "5000 logits" "too many values (the limit is 4096)" "$tmp/err"
# the word limit is for commands, not for the numbers of a bare list
awk 'BEGIN { printf "logits"; for (i = 0; i < 4096; i++) printf " %d", i % 7; print "; s[4095]" }' >"$tmp/list.gl"
"$GRADLAB" "$tmp/list.gl" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/err" ] && grep -q '^s\[4095\] = ' "$tmp/out" && ok "4096 logits as a bare list" ||
    bad "4096 logits as a bare list (exit $rc)" "$(head -3 "$tmp/err")"
awk 'BEGIN { printf "net 2 3 2; predict"; for (i = 0; i < 100; i++) printf " %d", i % 2; print "" }' >"$tmp/pred.gl"
"$GRADLAB" "$tmp/pred.gl" >/dev/null 2>"$tmp/err"; check_one "predict with 100 inputs: the net's error, not the word limit" "has 2 inputs, got rows of 100" "$tmp/err"
awk 'BEGIN { printf "net 2 3 2"; for (i = 0; i < 70; i++) printf " x"; print "" }' >"$tmp/words.gl"
"$GRADLAB" "$tmp/words.gl" >/dev/null 2>"$tmp/err"; check_one "a command of 73 words" "too many words (the limit is 64)" "$tmp/err"
awk 'BEGIN { printf "logits "; for (i = 0; i < 300000; i++) printf "1.2345 "; print "" }' >"$tmp/mb.gl"
"$GRADLAB" "$tmp/mb.gl" >/dev/null 2>"$tmp/err"; check_one "a 2 MB line" "line too long" "$tmp/err"
# a lesson that starts itself: refused, no recursion
printf 'title: self\nrun: lesson %s\n' "$tmp/self.lesson" >"$tmp/self.lesson"
"$GRADLAB" --lesson "$tmp/self.lesson" --auto >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "cannot start or move a lesson" "$tmp/out" && ok "a lesson that starts itself" ||
    bad "a lesson that starts itself (exit $rc)" "$(tail -3 "$tmp/out")"
# a script given twice, and one that is a directory: each its own error, no loop
"$GRADLAB" "$tmp" "$tmp" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && [ "$(grep -c "is a directory" "$tmp/err")" = 2 ] && ok "a directory as a script" || bad "a directory as a script (exit $rc)"
"$GRADLAB" "$tmp/data/binary.csv" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && ! grep -q "Sanitizer\|Segmentation\|core dumped" "$tmp/err" && ok "a binary file as a script" || bad "a binary file as a script (exit $rc)"
"$GRADLAB" "$tmp/empty" >/dev/null 2>"$tmp/err"; check_one "a missing script" "cannot open" "$tmp/err"
: >"$tmp/empty.gl"; "$GRADLAB" "$tmp/empty.gl" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/err" ] && ok "an empty script" || bad "an empty script (exit $rc)"
: >"$tmp/empty.lesson"; "$GRADLAB" --lesson "$tmp/empty.lesson" --auto >/dev/null 2>"$tmp/err"; check_one "an empty lesson" "no 'title:'" "$tmp/err"

finish
