#!/bin/sh
# The window's display going away never ends gradlab (#17 point 4): another
# X client destroying the window (as `xdotool windowclose` does), and the
# X server dying. Each time the REPL says so in one line and goes on, with
# its state and history. Under Xvfb and tmux, each on the run's own.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
for tool in Xvfb tmux xwininfo python3; do
    command -v $tool >/dev/null 2>&1 || { echo "skipped: no $tool"; finish; }
done
xvfb_start || { bad "Xvfb starts" "$gone"; finish; }
# (gradlab leaves SDL's window to the system when its display is gone:
# destroying it would wait for the dead server forever)
leaks=""
case "${ASAN_OPTIONS:-}" in *detect_leaks=1*) leaks="ASAN_OPTIONS=${ASAN_OPTIONS}:detect_leaks=0" ;; esac
tm new-session -d -s g -x 160 -y 45 \
    "env DISPLAY=$DISPLAY HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME TERM=xterm $leaks $GRADLAB; echo EXIT=\$?; sleep 600" ||
    { bad "tmux starts"; finish; }
screen() { tm_screen g; }
wait_for() { tm_wait g "$1"; } # PATTERN: up to 10 s
keys() { tm send-keys -t g "$@"; }
gpid() { tm_gradlab g; } # the gradlab under the pane's shell: $gp
window_id() { # the gradlab window on the display, within 10 s
    i=0
    while [ $i -lt 100 ]; do
        wid=$(xwininfo -root -tree 2>/dev/null | grep '"gradlab' | head -1 | awk '{print $1}')
        [ -n "$wid" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

wait_for '^gradlab>' || bad "the prompt appears" "$(screen)"
keys 'seed 5' Enter
wait_for 'seed = 5' >/dev/null
if window_id; then ok "the window opens"; else bad "the window opens" "$(screen)"; fi

# another client destroys the window
python3 "$here/xdestroy.py" "$wid" 2>"$tmp/err"
if gpid && alive "$gp" gradlab; then ok "gradlab runs after another program destroyed its window"
else bad "gradlab runs after another program destroyed its window" "$gone $(screen)"; fi
if wait_for 'the window is gone: another program destroyed it'; then
    n=$(screen | grep -c 'the window is gone')
    check "the lost window is said in one line" "$n" 1
else
    bad "the REPL says the window is gone" "$(screen)"
fi
keys 'status' Enter
seen '^seed 5, format' "the state is kept"
keys 'window on' Enter
if window_id; then ok "window on opens a new one"; else bad "window on opens a new one" "$(screen)"; fi
# (once it is up and the prompt is back: a server dying while the window
# opens makes 'window on' fail with the reason, a case of its own)
keys 'seed 6' Enter
wait_for 'seed = 6' >/dev/null
sleep 0.5

# the X server dies
kill "$XPID"; wait "$XPID" 2>/dev/null; XPID=""
sleep 0.5
if gpid && alive "$gp" gradlab; then ok "gradlab runs after the X server died"
else bad "gradlab runs after the X server died" "$gone $(screen)"; fi
if wait_for 'the window is gone: the connection to the display was lost'; then ok "the REPL says the display was lost"
else bad "the REPL says the display was lost" "$(screen)"; fi
keys 'logits 1 3' Enter
seen '0\.8808' "commands run without the display"
keys 'window on' Enter
seen 'error: .*display was lost' "window on says why it cannot"
keys 'quit' Enter
seen '^EXIT=0' "quit ends gradlab (status 0)"
hist="$XDG_STATE_HOME/gradlab/history"
if grep -qx 'seed 5' "$hist" 2>/dev/null && grep -qx 'logits 1 3' "$hist"; then ok "the history is saved"
else bad "the history is saved" "$(cat "$hist" 2>/dev/null)"; fi
finish
