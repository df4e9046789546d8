#!/bin/sh
# The REPL's history file (issue 17, points 13, 16 and 19): two REPLs that
# share it both keep their lines; a binary file's lines and over-long lines
# are neither shown nor kept; a FIFO as the file does not block the start.
# Driven under tmux, on the run's own server; two panes = two REPLs.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
if ! command -v tmux >/dev/null 2>&1; then
    echo "skipped: the history tests need tmux"
    finish
fi
hist="$tmp/hist"
for s in a b; do
    tm new-session -d -s $s -x 150 -y 40 "env TERM=xterm HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME sh" ||
        { bad "tmux starts"; finish; }
done
screen() { tm_screen "$1"; }      # SESSION
wait_for() { tm_wait "$1" "$2"; } # SESSION PATTERN: up to 10 s
keys() { s=$1; shift; tm send-keys -t "$s" "$@"; }
start() { # SESSION: a REPL on $hist, at its prompt
    keys "$1" "clear; GRADLAB_HISTORY=$hist $GRADLAB --no-window" Enter
    wait_for "$1" '^gradlab> ?$'
}
quit() { # SESSION: leave the REPL (Ctrl-D: not a line of the history), back to the shell
    keys "$1" C-d
    wait_for "$1" '^[$#] ?$'
}

# 17.13: two REPLs at once; the one that ends last keeps the other's lines
start a && start b || bad "two REPLs start" "$(screen a; screen b)"
keys a 'seed 11' Enter; wait_for a 'seed = 11' >/dev/null
keys b 'seed 22' Enter; wait_for b 'seed = 22' >/dev/null
keys a 'seed 12' Enter; wait_for a 'seed = 12' >/dev/null
quit a; quit b
if grep -qx 'seed 11' "$hist" && grep -qx 'seed 12' "$hist" && grep -qx 'seed 22' "$hist"; then
    ok "two REPLs on one history file: each one's lines are kept"
else
    bad "two REPLs on one history file" "$(cat "$hist" 2>&1)"
fi
start a
keys a 'seed 13' Enter; wait_for a 'seed = 13' >/dev/null
quit a
check "the file holds each line once, in the order they ended" "$(cat "$hist")" "seed 11
seed 12
seed 22
seed 13"

# 17.19: a binary line and an over-long line are not recalled (nor kept)
long=$(awk 'BEGIN { printf "logits"; for (i = 0; i < 5000; i++) printf " 1"; print "" }')
typed=$(awk 'BEGIN { printf "z = [1"; for (i = 1; i < 4000; i++) printf ", 1"; print "]" }')
{ printf 'seed 1\n'; printf 'seed 2 \033]0;pwned\007\n'; printf '%s\n' "$long"; printf '\377\376binary\n'; } >"$hist"
start a
keys a Up
if wait_for a '^gradlab> seed 1$'; then ok "Up skips the lines of the file that are not text or are too long"
else bad "Up recalls a binary or over-long line" "$(screen a | tail -3 | od -c | head -5)"; fi
keys a C-u
tm set-buffer -b long "$typed"
tm paste-buffer -b long -t a
keys a Enter
wait_for a 'z  \(4000\)' >/dev/null
keys a 'seed 4' Enter; wait_for a 'seed = 4' >/dev/null
quit a
if grep -qx 'seed 4' "$hist" && ! grep -q "^z = " "$hist"; then
    ok "an over-long line typed is not kept in the history"
else
    bad "over-long line kept" "$(cut -c1-60 "$hist")"
fi

# 17.16: a FIFO as the history file: the prompt comes, one line says why
rm -f "$hist"; mkfifo "$hist"
keys a "clear; GRADLAB_HISTORY=$hist $GRADLAB --no-window" Enter
if wait_for a '^gradlab> ?$' && screen a | grep -q "the history is not kept: '.*hist' is not a regular file (a FIFO)"; then
    ok "a FIFO as the history file: $(screen a | grep -m1 'not kept')"
else
    bad "a FIFO as the history file blocks the start" "$(screen a)"
fi
keys a 'seed 5' Enter; wait_for a 'seed = 5' >/dev/null
quit a && [ -p "$hist" ] && ok "... and gradlab quits without writing into it" || bad "quit with a FIFO history" "$(screen a)"

finish
