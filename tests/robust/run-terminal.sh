#!/bin/sh
# The terminal (#17 point 19): the progress bar in one line of a narrow or
# dumb terminal, with no escape sequence (terminal.py); the history keeps
# no escape, binary bytes or line over the limit (history.py); the prompt
# drawn again after Ctrl-Z and fg (under tmux, with bash for the job
# control).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skipped: no python3"; finish; }
python3 "$here/terminal.py" >"$tmp/log" 2>&1
python3 "$here/history.py" "$tmp" >>"$tmp/log" 2>&1
cat "$tmp/log"
pass=$((pass + $(grep -c '^ok ' "$tmp/log")))
fail=$((fail + $(grep -c '^FAIL' "$tmp/log")))

if ! command -v tmux >/dev/null 2>&1 || ! command -v bash >/dev/null 2>&1; then
    echo "skipped: Ctrl-Z and fg (no tmux or bash)"
    finish
fi
tm new-session -d -s fg -x 100 -y 30 \
    "env -i PATH=/usr/bin:/bin TERM=xterm HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME bash --norc --noprofile -i" ||
    { bad "tmux starts"; finish; }
screen() { tm_screen fg; }
wait_for() { tm_wait_last fg "$1"; } # PATTERN (grep -E) on the last line that is not empty, up to 10 s
tm send-keys -t fg "$GRADLAB --no-window" Enter
wait_for '^gradlab> ?$' || bad "the prompt appears" "$(screen)"
tm send-keys -t fg 'seed 3' Enter
wait_for '^gradlab> ?$' >/dev/null
tm send-keys -t fg 'logits 1'
wait_for '^gradlab> logits 1$' >/dev/null
tm send-keys -t fg C-z
seen '^bash.*[$#] ?$' "Ctrl-Z stops gradlab"
tm send-keys -t fg 'fg' Enter
if wait_for '^gradlab> logits 1$'; then ok "after fg the prompt is drawn again, with what was typed"
else bad "after fg the prompt is drawn again, with what was typed" "$(screen)"; fi
tm send-keys -t fg ' 2' Enter
if screen | grep -q '0\.7311' || { sleep 0.5; screen | grep -q '0\.7311'; }; then ok "the line typed before Ctrl-Z runs after fg"
else bad "the line typed before Ctrl-Z runs after fg" "$(screen)"; fi
tm send-keys -t fg 'quit' Enter
finish
