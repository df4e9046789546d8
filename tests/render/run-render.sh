#!/bin/sh
# Render tests: headless snapshots checked pixel by pixel (no display at all),
# then the real program in a real window under Xvfb, driven through its REPL in
# tmux: it opens, follows a step, survives being closed and reopened, and
# sleeps when idle. Last line: "N passed, N failed".
# Environment: B (build dir), GRADLAB (binary).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B="$top/$B" ;; esac
GRADLAB=${GRADLAB:-$top/gradlab}
case $GRADLAB in /*) ;; *) GRADLAB="$top/$GRADLAB" ;; esac
PROBE="$B/probe"
pass=0; fail=0
tmp=$(mktemp -d)
xpid=""; sess=""
cleanup() {
    [ -n "$sess" ] && tmux -S "$tmp/tmux.sock" kill-server 2>/dev/null
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# add the probe's own ok/FAIL lines to the count
count() {
    while IFS= read -r l; do
        case $l in "ok   "*) ok "$2: ${l#ok   }" ;; "FAIL "*) bad "$2: ${l#FAIL }" ;; esac
    done <"$1"
}
headless() { env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$@"; }

# 1. the renderer alone, on a hand-built session, in each theme
for th in dark light projector; do
    if headless "$PROBE" snap "$tmp/p-$th.png" jacobian 1280 800 "$th" 2>"$tmp/err"; then
        "$PROBE" check "$tmp/p-$th.png" 1280 800 "$th" >"$tmp/log" 2>&1
        count "$tmp/log" "probe $th"
    else
        bad "probe snapshot ($th): $(cat "$tmp/err")"
    fi
done
headless "$PROBE" snap "$tmp/big.png" jacobian 800 600 dark 4096 2>"$tmp/err" &&
    [ -s "$tmp/big.png" ] && ok "a 4096x4096 Jacobian renders headless" ||
    bad "4096 snapshot: $(cat "$tmp/err")"

# the keys the renderer maps are the key table's
"$PROBE" keys >"$tmp/log" 2>&1
count "$tmp/log" "probe keys"

# 2. the real program with no display: `snapshot` through the command language
if headless "$GRADLAB" -c "logits 2 1 0.1; snapshot $tmp/j.png 1280 800" >"$tmp/out" 2>&1; then
    ok "gradlab snapshot with no display"
    "$PROBE" check "$tmp/j.png" 1280 800 dark >"$tmp/log" 2>&1
    count "$tmp/log" "gradlab snapshot"
else
    bad "gradlab snapshot with no display: $(head -3 "$tmp/out")"
fi
if headless "$GRADLAB" -c "logits 2 1 0.1; theme light; snapshot $tmp/jl.png 1024 768" >"$tmp/out" 2>&1; then
    "$PROBE" check "$tmp/jl.png" 1024 768 light >"$tmp/log" 2>&1
    count "$tmp/log" "gradlab light theme"
else
    bad "gradlab light snapshot: $(head -3 "$tmp/out")"
fi
if headless "$GRADLAB" -c "view flow; seed 0; net 2 3 2; backward; snapshot $tmp/f.png 1280 800" >"$tmp/out" 2>&1 &&
   [ -s "$tmp/f.png" ] && [ "$(wc -c <"$tmp/f.png")" -gt 20000 ]; then
    ok "gradlab flow snapshot"
else
    bad "gradlab flow snapshot: $(head -3 "$tmp/out")"
fi
headless "$GRADLAB" -c "snapshot $tmp/x.txt" >"$tmp/out" 2>&1 && bad "snapshot to .txt must fail" ||
    ok "snapshot refuses a name without .png"

# 3. a real window under Xvfb, driven through the REPL in tmux
if ! command -v Xvfb >/dev/null || ! command -v tmux >/dev/null || ! command -v xwininfo >/dev/null; then
    echo "skip: Xvfb, tmux or xwininfo missing (make deps installs them)"
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]; exit
fi
# Under the sanitizers, LeakSanitizer reports what the X and GL drivers that
# SDL loads (libdbus, Mesa, dlclosed afterwards) keep until exit: not ours,
# and not fixable here. The window part runs without leak detection; the
# headless parts above keep it.
case "${ASAN_OPTIONS:-}" in *detect_leaks=1*) export ASAN_OPTIONS="${ASAN_OPTIONS}:detect_leaks=0" ;; esac
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$tmp/dpy" >/dev/null 2>&1 &
xpid=$!
i=0; while [ ! -s "$tmp/dpy" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
dpy=":$(cat "$tmp/dpy")"
export DISPLAY="$dpy"

title() { xwininfo -root -tree 2>/dev/null | sed -n 's/^ *\(0x[0-9a-f]*\) "\(gradlab[^"]*\)".*/\1 \2/p' | head -1; }
wait_title() {   # wait_title PATTERN: until the window title matches (or 5 s)
    i=0
    while [ $i -lt 50 ]; do
        t=$(title); case $t in *$1*) return 0 ;; esac
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
send() { tmux -S "$tmp/tmux.sock" send-keys -t "$sess" "$1" Enter; }

# the real window's frame, read back from its renderer, checked like a snapshot
if "$PROBE" grab "$tmp/grab.png" jacobian -1 -1 2>"$tmp/err"; then
    "$PROBE" check "$tmp/grab.png" 1280 800 dark >"$tmp/log" 2>&1
    count "$tmp/log" "window frame"
else
    bad "window frame: $(cat "$tmp/err")"
fi

sess="gl$$"
tmux -S "$tmp/tmux.sock" new-session -d -s "$sess" -x 120 -y 40 \
    "cd $tmp && exec env HOME=$tmp XDG_STATE_HOME=$tmp DISPLAY=$dpy $GRADLAB"
sleep 0.5
pid=$(tmux -S "$tmp/tmux.sock" list-panes -t "$sess" -F '#{pane_pid}' | head -1)
send "logits 2 1 0.1"
wait_title "jacobian - n 3" && ok "window opens and shows the Jacobian of the logits" ||
    bad "no window titled 'gradlab - jacobian - n 3' (got: $(title))"
send "net 2 3 2; view flow"
wait_title "flow - stage none" && ok "view flow follows the REPL" || bad "view flow (got: $(title))"
send "step"
wait_title "stage z1" && ok "the window follows a step" || bad "step not followed (got: $(title))"
send "backward"
wait_title "stage db1" && ok "the window follows backward" || bad "backward (got: $(title))"
sleep 1.5                                   # let the animation end

# idle: CPU time used over 3 s, from /proc/PID/stat (utime + stime, in ticks)
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(cpu); sleep 3; c1=$(cpu)
pct=$(awk -v d=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 3 }')
echo "     idle CPU with the window open: $pct%"
awk -v p="$pct" 'BEGIN { exit !(p < 5) }' && ok "idle with the window open ($pct% of a core)" ||
    bad "busy when idle: $pct% of a core"

# closing the window (as the window manager's button does) keeps gradlab alive
wid=$(title | cut -d' ' -f1)
python3 "$here/xclose.py" "$wid"
i=0; while [ -n "$(title)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -z "$(title)" ] && ok "the window closes" || bad "the window did not close"
kill -0 "$pid" 2>/dev/null && ok "gradlab survives its window being closed" || bad "gradlab died with its window"
send "window on"
wait_title "gradlab" && ok "window on reopens it" || bad "window on did not reopen"
send "step"; send "view jacobian"
wait_title "jacobian - n 3" && ok "the reopened window follows the REPL" || bad "reopened window (got: $(title))"
# a lesson: Space in the window goes on, like Enter in the terminal
printf 'title: Keys\nsay: part one\npause\nsay: part two\npause\nsay: part three\n' >"$tmp/keys.lesson"
send "lesson $tmp/keys.lesson"
sleep 0.5
wid=$(title | cut -d' ' -f1)
DISPLAY=$dpy python3 "$here/xkey.py" "$wid" space
i=0; while ! tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "part two" && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "next   (from the window)" &&
    tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "part two" &&
    ok "Space in the window goes on in a lesson" || bad "Space in a lesson" "$(tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | tail -5)"
send "quit"
sleep 0.3
kill -0 "$pid" 2>/dev/null && ok "quit in a lesson leaves the lesson, not gradlab" || bad "quit in a lesson ended gradlab"

# training draws the data view while it runs (the screen changes between
# two moments of one long run), Ctrl-C stops it and keeps the weights
send "seed 0; data moons 200 noise=0.2; net 2 3 2; view data"
wait_title "data - 200 points" && ok "view data follows the REPL" || bad "view data (got: $(title))"
send "train 100000000 lr=0.01 reg=0.01"
sleep 1.5; h1=$(DISPLAY=$dpy python3 "$here/xshot.py")
sleep 1.0; h2=$(DISPLAY=$dpy python3 "$here/xshot.py")
[ -n "$h1" ] && [ "$h1" != "$h2" ] && ok "the data view is redrawn while train runs" ||
    bad "the window did not change during training ($h1 / $h2)"
tmux -S "$tmp/tmux.sock" send-keys -t "$sess" C-c
i=0; while ! tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "what was learned is kept" && [ $i -lt 50 ]; do
    sleep 0.1; i=$((i + 1)); done
tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "what was learned is kept" &&
    ok "Ctrl-C stops train in the REPL and keeps the weights" || bad "Ctrl-C did not stop train"
send "accuracy"
sleep 0.5
tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep -q "accuracy = 0\.9" &&
    ok "the stopped run has learned (accuracy above 90%)" ||
    bad "accuracy after a stopped run: $(tmux -S "$tmp/tmux.sock" capture-pane -p -t "$sess" | grep accuracy | tail -1)"
h3=$(DISPLAY=$dpy python3 "$here/xshot.py"); sleep 1; h4=$(DISPLAY=$dpy python3 "$here/xshot.py")
[ "$h3" = "$h4" ] && ok "after training the window rests" || bad "the window keeps changing after training"

send "window off"
i=0; while [ -n "$(title)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -z "$(title)" ] && ok "window off closes it" || bad "window off"
c0=$(cpu); sleep 2; c1=$(cpu)
pct=$(awk -v d=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 2 }')
awk -v p="$pct" 'BEGIN { exit !(p < 5) }' && ok "idle with the window closed ($pct%)" || bad "busy with no window: $pct%"
send "quit"
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && bad "quit did not end gradlab" || ok "quit ends gradlab"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
