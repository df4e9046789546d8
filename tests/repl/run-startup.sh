#!/bin/sh
# The REPL's conventions, under tmux in a session of this run's own:
# NO_COLOR as no-color.org says (set and not empty: no colour; empty: as if
# unset).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
    echo "skipped: the interactive tests (no tmux)"
    finish
fi
# a session that keeps the run's tmux server up between the others
tm new-session -d -s keep "sleep 600" || { bad "tmux starts"; finish; }
# start CMD: a tmux session of its own (named st) running CMD in a shell,
# no display, the run's HOME and state; the one before is ended
start() {
    tm kill-session -t st 2>/dev/null
    tm new-session -d -s st -x 150 -y 50 \
        "env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME $1; echo gradlab-ended; sleep 60"
}
screen() {
    if tm_alive st; then tm capture-pane -p "$@" -t st; else echo "($gone)"; return 1; fi
}
wait_for() { # PATTERN [capture-pane flags]: up to 10 s
    pat=$1; shift
    i=0
    while [ $i -lt 100 ]; do
        scr=$(screen "$@") || return 1
        if printf '%s\n' "$scr" | grep -qE "$pat"; then return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
keys() { tm send-keys -t st "$@"; }
# quit gradlab, and wait until it has ended (its history written)
stop() { keys C-u 'quit' Enter; wait_for '^gradlab-ended'; }
esc=$(printf '\033')

# ---- NO_COLOR ------------------------------------------------------------
# the error's colour (bold red) and jacobian's heatmap (24-bit colour)
for nc in unset empty set; do
    case $nc in
        unset) pre="env -u NO_COLOR" ;;
        empty) pre="env NO_COLOR=" ;;
        set) pre="env NO_COLOR=1" ;;
    esac
    start "$pre $GRADLAB --no-window"
    if ! wait_for '^gradlab>'; then bad "NO_COLOR $nc: the prompt" "$(screen)"; continue; fi
    keys 'logits 2 1 0.1; jacobian' Enter 'jacobain' Enter
    wait_for 'unknown command' || { bad "NO_COLOR $nc: the error" "$(screen)"; continue; }
    scr=$(screen -e)
    red=$(printf '%s\n' "$scr" | grep -c "${esc}\[31merror")
    heat=$(printf '%s\n' "$scr" | grep -c '48;2;')
    if [ $nc = set ]; then
        check "NO_COLOR=1: no colour" "$red $heat" "0 0"
    else
        if [ "$red" -gt 0 ] && [ "$heat" -gt 0 ]; then ok "NO_COLOR $nc: colour (errors, the heatmap)"
        else bad "NO_COLOR $nc: colour (errors, the heatmap)" "red $red heat $heat"; fi
    fi
    stop
done

finish
