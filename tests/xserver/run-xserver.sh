#!/bin/sh
# tests/lib.sh's xvfb_start, which every window suite uses: the display it
# takes is one no other X server has, counting the abstract socket
# @/tmp/.X11-unix/XN that a server in a chroot (its own /tmp, the same
# network namespace) holds without a lock file here; when its Xvfb fails
# on a number, the next is tried; two runs at once get two displays.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
for tool in Xvfb python3 xwininfo xdpyinfo timeout; do
    command -v $tool >/dev/null 2>&1 || { echo "skipped: no $tool"; finish; }
done
# what this suite starts besides lib.sh's Xvfb, stopped at exit
extra=""
trap 'for p in $extra; do kill "$p" 2>/dev/null; done; lib_cleanup' EXIT

# three numbers in a row that nothing has
n=$((2000 + $$ % 1000))
while x_taken "$n" || x_taken $((n + 1)) || x_taken $((n + 2)); do n=$((n + 1)); done

# hold display N's abstract socket (listening, never answering), as a
# chroot's X server does; until it is killed
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind("\0/tmp/.X11-unix/X" + sys.argv[1])
s.listen(1)
print("ready", flush=True)
time.sleep(600)' "$n" >"$tmp/held" 2>&1 &
held=$!
extra="$extra $held"
i=0; while ! grep -q ready "$tmp/held" && alive "$held" listener && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if ! grep -q ready "$tmp/held" || ! alive "$held" listener; then bad "a listener holds @/tmp/.X11-unix/X$n" "$gone $(cat "$tmp/held")"; finish; fi
x_taken "$n" && ok "x_taken sees a held abstract socket (display $n)" || bad "x_taken sees a held abstract socket (display $n)"

# an X server answers on the display (the listener would not: 5 s)
answers() { timeout 5 xwininfo -root >/dev/null 2>&1; }

# 1. the search starts at the held number: it is passed over
xvfb_from=$n
if xvfb_start 640x480x24; then
    check "xvfb_start passes over a display whose abstract socket is held" "$DISPLAY" ":$((n + 1))"
    answers && ok "its Xvfb answers on $DISPLAY" || bad "its Xvfb answers on $DISPLAY" "$(cat "$tmp/xvfb.log")"
else
    bad "xvfb_start with display $n held" "$gone"
fi
first=$XPID

# 2. a number x_taken thinks free but Xvfb cannot have (the held one,
# with x_taken blinded): its Xvfb exits, and the next free number is tried
XPID=""
(
    x_taken() { [ "$1" != "$n" ] && [ -e "/tmp/.X$1-lock" ]; }
    tmp="$tmp/retry"; mkdir -p "$tmp"
    if xvfb_start 640x480x24; then echo "$XPID $DISPLAY" >"$tmp/out"; answers && echo answers >>"$tmp/out"; fi
    XPID=""                     # the parent stops it
) >/dev/null 2>&1
set -- $(head -1 "$tmp/retry/out" 2>/dev/null)
extra="$extra $1"
check "when Xvfb fails on a number, xvfb_start tries the next" "$2" ":$((n + 2))"
grep -q answers "$tmp/retry/out" 2>/dev/null && ok "the retried Xvfb answers" || bad "the retried Xvfb answers" "$(cat "$tmp/retry/xvfb.log" 2>/dev/null)"

# 3. two runs at once, from the same number: two displays, both answer
m=$((n + 10))
while x_taken "$m" || x_taken $((m + 1)); do m=$((m + 1)); done
for r in a b; do
    (
        tmp="$tmp/$r"; mkdir -p "$tmp"; xvfb_from=$m
        if xvfb_start 640x480x24; then echo "$XPID $DISPLAY" >"$tmp/out"; answers && echo answers >>"$tmp/out"; fi
        XPID=""
    ) >/dev/null 2>&1 &
done
for r in a b; do
    i=0; while ! grep -q answers "$tmp/$r/out" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
done
set -- $(head -1 "$tmp/a/out" 2>/dev/null) $(head -1 "$tmp/b/out" 2>/dev/null)
extra="$extra $1 $3"
if [ -n "$2" ] && [ -n "$4" ] && [ "$2" != "$4" ] && grep -q answers "$tmp/a/out" && grep -q answers "$tmp/b/out"; then
    ok "two xvfb_start at once: two displays ($2, $4), both answer"
else
    bad "two xvfb_start at once" "a: $(cat "$tmp/a/out" 2>/dev/null) b: $(cat "$tmp/b/out" 2>/dev/null)"
fi
XPID=$first

# 4. clients coming and going on xvfb_start's server: none is dropped. A
# server that resets when its last client leaves drops one that connects
# during the reset (2 to 8 in 800 here, two loops of short clients at once)
if [ -n "$first" ] && alive "$first" Xvfb; then
    DISPLAY=":$((n + 1))"
    loops=""
    for r in "xwininfo -root" "xdpyinfo -queryExtensions"; do
        ( f=0; i=0; while [ $i -lt 400 ]; do timeout 5 $r >/dev/null 2>&1 || f=$((f + 1)); i=$((i + 1)); done
          echo "$f" >"$tmp/clients.${r%% *}" ) &
        loops="$loops $!"
    done
    for p in $loops; do wait "$p"; done
    check "800 short clients, two at a time: none dropped" "$(cat "$tmp/clients.xwininfo" "$tmp/clients.xdpyinfo" | tr '\n' ' ')" "0 0 "
else
    bad "the first Xvfb still runs" "$gone"
fi
finish
