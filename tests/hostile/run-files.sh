#!/bin/sh
# Files (issue 17): what gradlab reads and writes when a command names a
# file. record (a crash, its size, its time, its Markdown), CSV headers,
# text from files escaped before it is printed, FIFOs and devices refused
# where a file is expected, and saving that keeps the file's metadata.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
ESC=$(printf '\033')
vec() { # N: z = [...] of N logits
    awk -v n="$1" 'BEGIN { printf "z = ["; for (i = 0; i < n; i++) printf "%s%d.5", i ? ", " : "", i % 13; print "]" }'
}

# ---- record -------------------------------------------------------------
# 17.1: `record off` and more output on the same line (use after free)
out=$("$GRADLAB" -c 'net 20 20 20' -c 'record u.md' -c 'record off; format json; W1; W2; b1; W1; W2' 2>&1); rc=$?
if [ $rc = 0 ] && [ "$(printf '%s\n' "$out" | grep -c '"name":"W2"')" = 2 ] && grep -q '^# A gradlab session' u.md &&
   ! printf '%s' "$out" | grep -q 'Sanitizer'; then
    ok "record off, then output on the same line: no crash"
else
    bad "record off on a line that goes on (exit $rc)" "$(printf '%s' "$out" | cut -c1-100 | tail -5)"
fi
out=$("$GRADLAB" -c 'record v.md' -c 'logits 1 2' -c 'record off; record w.md' -c 'logits 3 4' 2>&1); rc=$?
if [ $rc = 1 ] && printf '%s' "$out" | grep -q "stops at the end of this line" && grep -q 'logits 1 2' v.md &&
   ! grep -q 'logits 3 4' v.md && [ ! -e w.md ]; then
    ok "record off; record FILE on one line: one error, the first record ends"
else
    bad "record off; record FILE (exit $rc)" "$out"
fi

# 17.3: the record appends: 20000 lines of 0.5 KB take a second or two, not
# the minutes that rewriting (and syncing) the whole file after each line
# takes
vec 100 >v100.txt
{ echo 'record long.md'; echo 'format csv'; cat v100.txt
  awk 'BEGIN { for (i = 0; i < 20000; i++) print "z" }'; } >long.gl
start=$(date +%s)
timeout 60 "$GRADLAB" long.gl >/dev/null 2>err.txt; rc=$?
took=$(($(date +%s) - start))
n=$(grep -c '^gradlab> z$' long.md 2>/dev/null)
if [ $rc = 0 ] && [ "$n" = 20000 ] && [ "$took" -le 15 ]; then
    ok "record: 20000 lines, $(wc -c <long.md) bytes, in ${took} s (appended, not rewritten)"
else
    bad "record of 20000 lines: exit $rc (124: over 60 s), $n blocks, ${took} s" "$(cat err.txt)"
fi

# ... and is capped: J of 1024 logits in csv is 23 MB; the record stops at
# 16 MiB and says so (in the file and on stderr, one line)
vec 1024 >v1024.txt
"$GRADLAB" -c 'record cap.md' -c 'precision 17; format csv' -c "$(cat v1024.txt)" -c 'J' -c 'logits 1 2' \
    >/dev/null 2>err.txt; rc=$?
size=$(wc -c <cap.md)
if [ "$size" -le 16777216 ] && grep -q 'reached its limit of 16 MiB' cap.md &&
   [ "$(grep -c . err.txt)" = 1 ] && grep -q "record: 'cap.md' reached its limit of 16 MiB: recording stopped" err.txt &&
   ! grep -q 'logits 1 2' cap.md; then
    ok "record stops at its cap ($size bytes) and says so"
else
    bad "record cap: $size bytes, exit $rc" "$(cat err.txt; tail -c 300 cap.md)"
fi

# 17.19: backticks in a command or its output cannot close the block early
"$GRADLAB" -c 'record ticks.md' -c 'logits 1 2 # ``` not the end' -c 'nope ````' >/dev/null 2>&1
if grep -q '^````$' ticks.md && grep -q '^`````$' ticks.md &&
   [ "$(grep -c '^````$' ticks.md)" = 2 ] && [ "$(grep -c '^`````$' ticks.md)" = 2 ]; then
    ok "record fences a block with more backticks than it holds"
else
    bad "record fences" "$(cat ticks.md)"
fi

# ---- CSV: the header rule (17.7) ------------------------------------------
# a header is a first line where no field is a number; a first line with
# numbers and a bad field is an error naming the field, and nothing changes
printf 'x0,x1,x2\n1,2,3\n4,5,6\n' >hdr.csv
printf '1e400,2,3\n1,2,3\n4,5,6\n' >big1.csv
printf '1,2,3,\n1,2,3\n4,5,6\n' >comma1.csv
printf '1;2;x\n4;5;6\n' >semi.csv
out=$("$GRADLAB" -c 'net 2 3 2' -c 'load W1 hdr.csv' 2>&1); rc=$?
[ $rc = 0 ] && ok "a header line of words is skipped" || bad "header of words (exit $rc)" "$out"
for f in "big1.csv|line 1: '1e400' is out of range" "comma1.csv|line 1: field 4 is empty" \
         "semi.csv|line 1: 'x' is not a number"; do
    file=${f%%|*}; want=${f#*|}
    out=$("$GRADLAB" -c 'seed 1; net 2 3 2; format json' -c "load W1 $file" -c 'W1' 2>err.txt); rc=$?
    ref=$("$GRADLAB" -c 'seed 1; net 2 3 2; format json' -c 'W1' 2>/dev/null)
    if [ $rc = 1 ] && [ "$(grep -c . err.txt)" = 1 ] && grep -qF "$want" err.txt && [ "$out" = "$ref" ]; then
        ok "CSV $file: $(cat err.txt)"
    else
        bad "CSV $file: want '$want' (exit $rc)" "$(cat err.txt)"
    fi
done

# ---- text from files is escaped (17.15) -------------------------------------
printf '1,2\n3,\033]0;pwned\007\n' >esc.csv
"$GRADLAB" -c 'load W1 esc.csv' >out.txt 2>err.txt
if ! grep -q "$ESC" err.txt && grep -qF "'\\x1b]0;pwned\\x07' is not a number" err.txt; then
    ok "a CSV field's bytes are escaped in the error: $(cat err.txt)"
else
    bad "CSV bytes in an error" "$(od -c err.txt | head -5)"
fi
name=$(printf 'd\033[31m.csv')
printf '0,0,0\n1,1,1\n' >"$name"
"$GRADLAB" -c "data load $name" -c 'data' -c status >out.txt 2>&1
if ! grep -q "$ESC" out.txt && grep -qF 'd\x1b[31m.csv' out.txt; then
    ok "a data set's file name is escaped"
else
    bad "data set name" "$(od -c out.txt | head -8)"
fi

# ---- FIFOs and devices where a file is expected (17.16) ------------------------
mkfifo fifo.csv fifo.lesson
for cmd in 'load W1 fifo.csv' 'data load fifo.csv' 'save W1 fifo.csv' 'data save fifo.csv' 'record fifo.csv' \
           'load W1 /dev/zero' 'lesson fifo.lesson'; do
    timeout 10 "$GRADLAB" -c 'net 2 3 2; data xor' -c "$cmd" >/dev/null 2>err.txt; rc=$?
    if [ $rc = 1 ] && [ "$(grep -c . err.txt)" = 1 ] && grep -q "is not a regular file" err.txt; then
        ok "$cmd: $(cat err.txt)"
    else
        bad "$cmd: exit $rc (124: it blocked)" "$(cat err.txt)"
    fi
done
timeout 10 "$GRADLAB" --lesson fifo.lesson --auto >/dev/null 2>err.txt; rc=$?
[ $rc = 1 ] && grep -q "is not a regular file" err.txt && ok "--lesson FIFO: $(cat err.txt)" ||
    bad "--lesson FIFO (exit $rc)" "$(cat err.txt)"
"$GRADLAB" -c 'logits 1 2; save s /dev/null; data xor; data save /dev/null; record /dev/null' -c 'z' >/dev/null 2>err.txt; rc=$?
[ $rc = 0 ] && [ -c /dev/null ] && ok "/dev/null can still be written (and stays a device)" || bad "/dev/null (exit $rc)" "$(cat err.txt)"

# ---- --font is checked when given (17.17, 17.16) ------------------------------
mkfifo fifo.ttf; head -c 64 /dev/zero >zero.ttf
for f in "/etc/passwd|is not a TrueType or OpenType font" "$tmp|is a directory" "/dev/zero|is not a regular file" \
         "fifo.ttf|is not a regular file (a FIFO)" "zero.ttf|is not a TrueType or OpenType font" \
         "none.ttf|cannot open 'none.ttf'"; do
    font=${f%%|*}; want=${f#*|}
    timeout 10 "$GRADLAB" --font "$font" -c 'logits 1 2' >out.txt 2>err.txt; rc=$?
    [ $rc = 2 ] && [ ! -s out.txt ] && [ "$(grep -c . err.txt)" = 1 ] && grep -q "^gradlab: --font: .*$want" err.txt &&
        ok "--font $font: $(cat err.txt)" || bad "--font $font (exit $rc; 124: it blocked)" "$(cat err.txt)"
done
font=$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)
[ -f "$font" ] || font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
"$GRADLAB" --font "$font" -c 'logits 1 2' >/dev/null 2>err.txt; rc=$?
[ $rc = 0 ] && [ ! -s err.txt ] && ok "--font with a real font ($(basename "$font"))" || bad "--font $font (exit $rc)" "$(cat err.txt)"

# ---- saving keeps the file's metadata (17.12) ----------------------------------
mode() { stat -c %a "$1"; }
( umask 022; "$GRADLAB" -c 'logits 1 2; save s new022.csv' >/dev/null )
( umask 077; "$GRADLAB" -c 'logits 1 2; save s new077.csv' >/dev/null )
check "a new file gets 0666 minus the umask (022)" "$(mode new022.csv)" 644
check "a new file gets 0666 minus the umask (077)" "$(mode new077.csv)" 600
printf '1,2\n' >keep.csv; chmod 640 keep.csv
"$GRADLAB" -c 'logits 1 2; save s keep.csv; record keep.md' >/dev/null
check "an existing file keeps its mode" "$(mode keep.csv)" 640
printf '1,2\n' >target.csv; chmod 604 target.csv; ln -s target.csv link.csv
"$GRADLAB" -c 'logits 3 4; save s link.csv' >/dev/null 2>err.txt
if [ -L link.csv ] && grep -q '0.2689\|0.268941' target.csv && [ "$(mode target.csv)" = 604 ]; then
    ok "a symbolic link is followed: its target is replaced, the link stays"
else
    bad "save through a link" "$(ls -l link.csv target.csv; cat err.txt)"
fi
ln -s missing/nowhere.csv dangling.csv
"$GRADLAB" -c 'logits 3 4; save s dangling.csv' >/dev/null 2>err.txt; rc=$?
[ $rc = 1 ] && grep -q "symbolic link whose target cannot be reached" err.txt && [ -L dangling.csv ] &&
    ok "a link to nowhere is refused clearly: $(cat err.txt)" || bad "dangling link (exit $rc)" "$(cat err.txt)"
if [ "$(id -u)" = 0 ]; then
    printf '1,2\n' >owned.csv; chown 65534:65534 owned.csv; chmod 664 owned.csv
    "$GRADLAB" -c 'logits 1 2; save s owned.csv' >/dev/null
    check "an existing file keeps its owner (when the writer may set it)" "$(stat -c '%u:%g %a' owned.csv)" "65534:65534 664"
    # the next checks need a writer that permissions stop: nobody
    chmod 711 "$tmp"; mkdir ro; printf '1,2\n' >ro/w.csv; chown 65534 ro/w.csv ro; chmod 555 ro
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    # a system whose / or library folders nobody may not read (a chroot in
    # a 0700 folder) cannot run these two; say so rather than fail or pass
    if ! why=$(as_user "$GRADLAB" --version 2>&1 >/dev/null); then
        echo "skipped: the read-only checks: the user nobody cannot run gradlab here: $why"
        as_user() { return 99; }
    fi
else
    as_user() { "$@"; }
    mkdir ro; printf '1,2\n' >ro/w.csv; chmod 555 ro
fi
as_user "$GRADLAB" -c 'logits 1 2; save s ro/w.csv' >/dev/null 2>err.txt; rc=$?
if [ $rc != 99 ]; then
[ $rc = 1 ] && grep -q "its folder is not writable" err.txt && grep -q '^1,2$' ro/w.csv &&
    ok "a writable file in a read-only folder: $(cat err.txt)" || bad "read-only folder (exit $rc)" "$(cat err.txt)"
fi
chmod 755 ro; chmod 444 ro/w.csv
as_user "$GRADLAB" -c 'logits 1 2; save s ro/w.csv' >/dev/null 2>err.txt; rc=$?
if [ $rc != 99 ]; then
[ $rc = 1 ] && grep -q "read-only" err.txt && grep -q '^1,2$' ro/w.csv &&
    ok "a read-only file is not replaced: $(cat err.txt)" || bad "read-only file (exit $rc)" "$(cat err.txt)"
fi

# 17.19: the temporary file a killed save left is removed by the next save
# in the folder once it is stale; fresh ones and other programs' stay
mkdir tmpdir
: >tmpdir/w.csv.gradlab-tmp.AbC123; touch -d '2 hours ago' tmpdir/w.csv.gradlab-tmp.AbC123
: >tmpdir/other.csv.gradlab-tmp.Zz9999; touch -d '2 hours ago' tmpdir/other.csv.gradlab-tmp.Zz9999
: >tmpdir/w.csv.gradlab-tmp.Fresh1
: >tmpdir/w.csv.tmp.AbC123; touch -d '2 hours ago' tmpdir/w.csv.tmp.AbC123
"$GRADLAB" -c 'logits 1 2; save s tmpdir/w.csv' >/dev/null
check "stale temporary files of ours are removed on the next save" "$(ls tmpdir | tr '\n' ' ')" \
    "w.csv w.csv.gradlab-tmp.Fresh1 w.csv.tmp.AbC123 "
# a save killed while it writes leaves its temporary file; the next one cleans it
vec 4096 >v4096.txt
"$GRADLAB" -c "$(cat v4096.txt)" -c 'precision 17; save J tmpdir/big.csv' >/dev/null 2>&1 &
pid=$!
i=0; while [ $i -lt 100 ] && ! ls tmpdir | grep -q 'big.csv.gradlab-tmp'; do sleep 0.05; i=$((i + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
left=$(ls tmpdir | grep -c 'big.csv.gradlab-tmp')
for f in tmpdir/big.csv.gradlab-tmp.*; do [ -f "$f" ] && touch -d '2 hours ago' "$f"; done
"$GRADLAB" -c 'logits 1 2; save s tmpdir/w.csv' >/dev/null
[ "$left" = 1 ] && [ "$(ls tmpdir | grep -c 'big.csv.gradlab-tmp')" = 0 ] &&
    ok "a killed save's temporary file is gone after the next save" || bad "killed save: $left left" "$(ls tmpdir)"

finish
