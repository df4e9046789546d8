#!/bin/sh
# `make screenshots` makes the README's pictures of the mouse
# (tests/touch/shots.sh): six PNGs of 800x600 whose hovered frames differ
# from the same frames with no mouse only in a small box (the pointer and
# its tip), while the frame after the drag is the drag's frame at rest.
# Not a comparison with stored pictures: each frame against its twin of
# the same state. Also: a snapshot's hover= that names nothing is a
# one-line error and writes no file. Last line: "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
diffpng() { python3 "$here/pngdiff.py" "$@"; }

grep -q 'tests/touch/shots.sh assets/screenshots' "$top/Makefile" &&
    ok "make screenshots runs tests/touch/shots.sh" || bad "make screenshots does not run tests/touch/shots.sh"
GRADLAB="$GRADLAB" sh "$here/shots.sh" shots 2>err.txt && ok "shots.sh runs" || bad "shots.sh" "$(cat err.txt)"
GRADLAB="$GRADLAB" sh "$here/shots.sh" --plain plain 2>err.txt && ok "shots.sh --plain runs" || bad "shots.sh --plain" "$(cat err.txt)"
for f in touch-1-hover touch-2-drag touch-3-after touch-4-edge touch-5-hidden touch-6-point; do
    if [ ! -s "shots/$f.png" ]; then bad "$f.png is made"; continue; fi
    check "$f.png is 800x600" "$(diffpng "shots/$f.png" | head -1)" "800 600"
    [ "$f" = touch-3-after ] && continue
    set -- $(diffpng "shots/$f.png" "plain/$f.png" | tail -1)
    if [ "$1" = none ] || [ $# -ne 5 ]; then bad "$f.png: the mouse and its tip are drawn" "$*"; continue; fi
    area=$(( ($3 - $1) * ($4 - $2) ))
    # a tip of one or two lines and the pointer: more than 2000 pixels, in a box under a third of the frame
    [ "$5" -gt 2000 ] && [ "$area" -lt 160000 ] &&
        ok "$f.png differs from the frame with no mouse in ($1, $2)-($3, $4): $5 pixels" ||
        bad "$f.png: the tip's box" "($1, $2)-($3, $4), $5 pixels"
done
check "the frame after the drag is the drag's frame at rest" \
    "$(diffpng shots/touch-3-after.png plain/touch-2-drag.png | tail -1)" none
d=$(diffpng plain/touch-1-hover.png plain/touch-2-drag.png | tail -1)
[ -n "$d" ] && [ "$d" != none ] && ok "before and during the drag the picture differs: $d" || bad "the drag changes nothing" "$d"

# hover= that names nothing: one line of error, no file
out=$("$GRADLAB" --no-window -c 'logits 2 1 0.1' -c 'snapshot x.png 800 600 hover=z[7]' 2>&1 >/dev/null)
[ "$(printf '%s\n' "$out" | grep -c .)" = 1 ] && printf '%s' "$out" | grep -q "no 'z\[7\]' to hover in the jacobian view" &&
    [ ! -e x.png ] && ok "hover= of nothing: one line, no file: $out" || bad "hover= of nothing" "$out"
out=$("$GRADLAB" --no-window -c 'logits 2 1 0.1' -c 'snapshot x.png hover=' 2>&1 >/dev/null)
[ "$(printf '%s\n' "$out" | grep -c .)" = 1 ] && [ ! -e x.png ] && ok "an empty hover=: one line: $out" || bad "hover=" "$out"
out=$("$GRADLAB" --no-window -c 'logits 2 1 0.1' -c 'snapshot x.png hover=z[1]' 2>&1)
[ -s x.png ] && [ "$(diffpng x.png | head -1)" = "1280 800" ] && ok "hover= with the default size" || bad "snapshot x.png hover=z[1]" "$out"
finish
