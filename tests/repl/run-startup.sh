#!/bin/sh
# The REPL's conventions, under tmux in a session of this run's own:
# NO_COLOR as no-color.org says (set and not empty: no colour; empty: as if
# unset); the start-up file $XDG_CONFIG_HOME/gradlab/init (run when the
# REPL starts on its own, its errors as FILE:LINE, -n and --no-init skip
# it, never in batch mode); `source FILE` in the REPL; `history`.
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
        "env -u NO_COLOR -u XDG_CONFIG_HOME TERM=xterm-256color COLORTERM=truecolor HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME $1; echo gradlab-ended; sleep 60"
}
screen() { tm_screen st "$@"; }
wait_for() { tm_wait st "$@"; } # PATTERN [capture-pane flags]: up to 10 s
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

# ---- the start-up file ------------------------------------------------------
cfg="$tmp/config"
mkdir -p "$cfg/gradlab" "$HOME/.config/gradlab"
printf 'precision 6\nlogits 1 2\njacobain\nformat pretty\n' >"$cfg/gradlab/init"
start "env XDG_CONFIG_HOME=$cfg $GRADLAB --no-window"
if wait_for '^gradlab>'; then
    scr=$(screen)
    case $scr in *"type 'help' for the commands"*"0.268941  0.731059"*) ok "the start-up file runs after the banner" ;;
        *) bad "the start-up file runs after the banner" "$scr" ;; esac
    case $scr in *"error: $cfg/gradlab/init:3: unknown command 'jacobain' (did you mean 'jacobian'?)"*)
            ok "its error says FILE:LINE, and the rest goes on" ;;
        *) bad "its error says FILE:LINE, and the rest goes on" "$scr" ;; esac
else bad "the start-up file runs after the banner" "$(screen)"; fi
keys 'precision' Enter
seen '^precision 6' "what it set holds in the REPL"
stop
for flag in -n --no-init; do
    start "env XDG_CONFIG_HOME=$cfg $GRADLAB --no-window $flag"
    keys 'precision' Enter
    if wait_for '^precision [0-9]' && ! screen | grep -q '0\.268941'; then ok "$flag skips it"
    else bad "$flag skips it" "$(screen)"; fi
    stop
done
# without XDG_CONFIG_HOME: ~/.config/gradlab/init
printf 'precision 7\n' >"$HOME/.config/gradlab/init"
start "$GRADLAB --no-window"
keys 'precision' Enter
seen '^precision 7' "~/.config/gradlab/init without XDG_CONFIG_HOME"
stop
# batch mode, -c and -i after -c do not run it
out=$(XDG_CONFIG_HOME="$cfg" "$GRADLAB" -c precision 2>&1)
check "-c does not run it" "$out" "precision 4"
out=$(echo precision | XDG_CONFIG_HOME="$cfg" "$GRADLAB" 2>&1)
check "a pipe does not run it" "$out" "precision 4"

printf 'seed 3\nseed x\nseed 4\n' >"$tmp/setup-bail.gl"
# --bail stops a sourced file at its first error, and the script with it
out=$("$GRADLAB" --bail -c "source $tmp/setup-bail.gl; logits 7 8" 2>&1); rc=$?
check "--bail stops a sourced file and what sourced it" "$out$rc" "seed = 3
gradlab: $tmp/setup-bail.gl:2: seed: 'x' is not a whole number
gradlab: -c:1: source: '$tmp/setup-bail.gl' stopped at line 2 (--bail)1"

# source opens its file under the session's policy: --sandbox and an
# untrusted lesson refuse what they refuse to load
out=$("$GRADLAB" --sandbox -c "source $tmp/setup.gl" 2>&1); rc=$?
check "--sandbox confines source" "$out$rc" "gradlab: -c:1: source: '$tmp/setup.gl' is an absolute path: a sandboxed script may only name files inside its folder1"
mkdir -p "$tmp/les"
printf 'title: T\nrun: source %s\n' "$tmp/setup.gl" >"$tmp/les/t.lesson"
out=$("$GRADLAB" --lesson "$tmp/les/t.lesson" --auto 2>&1); rc=$?
case "$out$rc" in *"error: source: '$tmp/setup.gl' is an absolute path: a lesson may only name files inside its folder"*1)
        ok "an untrusted lesson's source is confined" ;;
    *) bad "an untrusted lesson's source is confined" "$out$rc" ;; esac

# ---- source and history in the REPL ----------------------------------------
rm -f "$HOME/.config/gradlab/init"
printf 'seed 3\nlogits 3 4\nexplain nothing\nlogits 5 6\n' >"$tmp/setup.gl"
start "$GRADLAB --no-window"
wait_for '^gradlab>'
keys "source $tmp/setup.gl" Enter
if wait_for '0\.2689  0\.7311' && screen | grep -q "^error: $tmp/setup.gl:3: "; then
    ok "source in the REPL: errors as FILE:LINE in the REPL's voice, the rest runs"
else bad "source in the REPL: errors as FILE:LINE in the REPL's voice, the rest runs" "$(screen)"; fi
keys 'history' Enter
if wait_for "^ +[0-9]+  history\$" && screen | grep -qE "^ +[0-9]+  source $tmp/setup.gl\$"; then ok "history lists the lines typed"
else bad "history lists the lines typed" "$(screen)"; fi
keys 'history 2' Enter
if wait_for "^ +[0-9]+  history 2\$" && [ "$(screen | sed -n '/history 2$/,$p' | grep -cE '^ +[0-9]+  ')" = 2 ]; then
    ok "history N: the last N"
else bad "history N: the last N" "$(screen)"; fi
keys 'format json; history 1' Enter
if wait_for '^\{"report":"history","number":[0-9]+,"line":"format json; history 1"\}$'; then ok "history in format json: a report a line"
else bad "history in format json: a report a line" "$(screen)"; fi
stop

finish
