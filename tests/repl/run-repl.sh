#!/bin/sh
# The front ends: batch mode (-c, FILE, pipes, --bail, options) and the
# interactive REPL driven under tmux (history, completion, Ctrl-C, Ctrl-D,
# the terminal restored). Last line: "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

# ---- batch mode ------------------------------------------------------
out=$("$GRADLAB" -c 'logits 1 1; format json; s' 2>&1); rc=$?
check "-c runs commands" "$(printf '%s' "$out" | tail -1)" '{"name":"s","shape":[2],"data":[0.5,0.5]}'
check "-c exit status" "$rc" 0

printf 'logits 2 1\nnope\nformat json\ns\n' > "$tmp/script.gl"
out=$("$GRADLAB" "$tmp/script.gl" 2>"$tmp/err"); rc=$?
check "script error line" "$(cat "$tmp/err")" "gradlab: $tmp/script.gl:2: unknown command 'nope' (type 'help' for the list)"
check "script goes on after an error" "$(printf '%s' "$out" | tail -1)" '{"name":"s","shape":[2],"data":[0.7310585786300049,0.2689414213699951]}'
check "script exit status 1" "$rc" 1

out=$("$GRADLAB" --bail "$tmp/script.gl" 2>/dev/null); rc=$?
check "--bail stops at the first error" "$(printf '%s' "$out" | grep -c '"name"')" 0
check "--bail exit status" "$rc" 1

# an error inside a ';' line is an error on a line of a script: it is
# said where it happens, the rest of the line goes on (--bail stops it)
out=$("$GRADLAB" -c 'logits 1 2; jacobain; logits 3 4; seed x; logits 5 6' 2>&1); rc=$?
check "an error inside a line: the rest of the line runs, each error said where it happens" \
    "$(printf '%s\n' "$out" | grep -E '^  [0-9]\.000|^gradlab:')" \
    "$(printf '%s\n' '  1.000  2.000' "gradlab: -c:1: unknown command 'jacobain' (did you mean 'jacobian'?)" \
        '  3.000  4.000' "gradlab: -c:1: seed: 'x' is not a whole number" '  5.000  6.000')"
check "an error inside a line: exit status 1" "$rc" 1
out=$("$GRADLAB" -c 'logits 1 2; jacobain' 2>&1 >/dev/null); rc=$?
check "an error at the end of a line is said once" "$out$rc" "gradlab: -c:1: unknown command 'jacobain' (did you mean 'jacobian'?)1"
out=$("$GRADLAB" --bail -c 'logits 1 2; jacobain; logits 3 4' -c 'logits 7 8' 2>"$tmp/err"); rc=$?
check "--bail stops inside a line" "$(printf '%s\n' "$out" | grep -cE '3\.000|7\.000')$rc" "01"
check "--bail: the error said once" "$(cat "$tmp/err")" "gradlab: -c:1: unknown command 'jacobain' (did you mean 'jacobian'?)"
out=$("$GRADLAB" -c "record $tmp/rec.md" -c 'logits 1 2; jacobain; logits 3 4' 2>/dev/null)
check "the record keeps an error inside a line where it happened" \
    "$(grep -E '^  [0-9]\.000|^error:' "$tmp/rec.md")" \
    "$(printf '%s\n' '  1.000  2.000' "error: unknown command 'jacobain' (did you mean 'jacobian'?)" '  3.000  4.000')"

out=$(printf 'logits 3 1\nseed x\n' | "$GRADLAB" 2>&1 >/dev/null); rc=$?
check "stdin error names <stdin>" "$out" "gradlab: <stdin>:2: seed: 'x' is not a whole number"
check "stdin exit status" "$rc" 1

out=$("$GRADLAB" -c 'quit' -c 'logits 1 2' 2>&1); rc=$?
check "quit ends a script" "$out$rc" "0"

out=$("$GRADLAB" --help); rc=$?
case $out in "Usage: gradlab"*) ok "--help" ;; *) bad "--help" "$out" ;; esac
check "--help exit status" "$rc" 0
out=$("$GRADLAB" --version); rc=$?
case $out in "gradlab "[0-9]*) ok "--version" ;; *) bad "--version" "$out" ;; esac
out=$("$GRADLAB" --frobnicate 2>&1); rc=$?
check "unknown option" "$out" "gradlab: unknown option '--frobnicate' (try 'gradlab --help')"
check "unknown option exit status" "$rc" 2
out=$("$GRADLAB" "$tmp/nope.gl" 2>&1); rc=$?
check "missing script" "$out" "gradlab: cannot open '$tmp/nope.gl': No such file or directory"
out=$("$GRADLAB" "$tmp" 2>&1); rc=$?
check "script is a directory" "$out$rc" "gradlab: '$tmp' is a directory1"

# a 2 MB line is refused with one error; the next line still runs
head -c 2000000 /dev/zero | tr '\0' '1' > "$tmp/long.gl"; printf '\nlogits 0 0\n' >> "$tmp/long.gl"
out=$("$GRADLAB" "$tmp/long.gl" 2>"$tmp/err"); rc=$?
check "long line error" "$(cat "$tmp/err")" "gradlab: $tmp/long.gl:1: line too long (over the limit of 1048576 bytes): not run"
check "after a long line" "$(printf '%s' "$out" | tail -1)" "  0.5000  0.5000"

# the lines as read: CRLF line ends and a last line without one; a NUL
# byte refuses its line only; "-" reads stdin between two files; no stdin
# at all is the end of the input
printf 'logits 1 3\r\nformat json\r\ns' > "$tmp/crlf.gl"
out=$("$GRADLAB" "$tmp/crlf.gl" 2>&1); rc=$?
check "CRLF and no last newline" "$(printf '%s' "$out" | tail -1)$rc" '{"name":"s","shape":[2],"data":[0.11920292202211755,0.8807970779778823]}0'
printf 'logits 1 2\nlog\000its 3 4\nformat json\ns\n' > "$tmp/nul.gl"
out=$("$GRADLAB" "$tmp/nul.gl" 2>"$tmp/err"); rc=$?
check "a NUL byte refuses its line" "$(cat "$tmp/err")$rc" "gradlab: $tmp/nul.gl:2: the line holds a NUL byte1"
check "the line after a NUL byte runs" "$(printf '%s' "$out" | tail -1)" '{"name":"s","shape":[2],"data":[0.2689414213699951,0.7310585786300049]}'
out=$(printf 'seed x\n' | "$GRADLAB" "$tmp/nul.gl" - "$tmp/crlf.gl" 2>"$tmp/err"); rc=$?
check "stdin between two files" "$(cat "$tmp/err")$rc" "gradlab: $tmp/nul.gl:2: the line holds a NUL byte
gradlab: <stdin>:1: seed: 'x' is not a whole number1"
check "the file after stdin runs" "$(printf '%s' "$out" | tail -1)" '{"name":"s","shape":[2],"data":[0.11920292202211755,0.8807970779778823]}'
out=$(timeout 10 "$GRADLAB" <&- 2>&1); rc=$?
check "no stdin at all ends the input" "$out$rc" 0

# saving to a device writes to it: it never renames a file over /dev/null
"$GRADLAB" -c 'logits 1 2; save s /dev/null; data xor; data save /dev/null' >/dev/null 2>&1
check "save to /dev/null leaves it a device" "$(test -c /dev/null && echo device)" device
mkfifo "$tmp/fifo"
out=$(timeout 10 "$GRADLAB" -c 'logits 1 2; save s '"$tmp/fifo" 2>&1 >/dev/null); rc=$?
check "save to a FIFO is refused (it would block)" "$out$rc" "gradlab: -c:1: save: '$tmp/fifo' is not a regular file (a FIFO)1"

# binary garbage: errors, no crash
head -c 4096 /dev/urandom > "$tmp/binary.gl" 2>/dev/null || printf '\001\002\377\n' > "$tmp/binary.gl"
"$GRADLAB" "$tmp/binary.gl" >/dev/null 2>&1; rc=$?
check "binary input exits 0 or 1" "$([ $rc -le 1 ] && echo yes)" yes

# ---- the window code (make install: tests/install) -----------------
if GRADLAB_WINDOW_LIB=/nonexistent.so "$GRADLAB" -c "logits 1 2; snapshot $tmp/x.png" 2>"$tmp/err" >/dev/null; then
    bad "a missing window library should give an error"
elif grep -q "the window code cannot be loaded" "$tmp/err" && [ "$(grep -c . "$tmp/err")" = 1 ]; then ok "missing window library"
else bad "missing window library" "$(cat "$tmp/err")"; fi

# ---- the REPL under tmux ---------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
    echo "skipped: the interactive tests (no tmux)"
    finish
fi
# the pane's shell, on the run's own tmux server; no display in it
tm new-session -d -s repl -x 150 -y 50 \
    "env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME sh" ||
    { bad "tmux starts"; finish; }
# every read of the screen first asks whether the session still runs; when
# it does not, the screen is that message (and no pattern of a check)
screen() { tm_screen repl; }
# wait until the screen matches a pattern (grep -E), up to 10 s
wait_for() { tm_wait repl "$1"; }
# wait until the last line that is not empty matches a pattern, up to 10 s
wait_last() { tm_wait_last repl "$1"; }
keys() { tm send-keys -t repl "$@"; }
# a check that something is NOT on the screen holds only while the screen is there
absent() { # PATTERN
    scr=$(screen) || return 1
    ! printf '%s\n' "$scr" | grep -qE "$1"
}
# the gradlab running under the pane's shell (no pgrep on a minimal system)
gradlab_pid() { tm_gradlab repl; } # its pid in $gp
hist="$XDG_STATE_HOME/gradlab/history"

keys "$GRADLAB" Enter
seen '^gradlab>' "the prompt appears"
keys 'logits 2 1 0.1' Enter
seen '0\.6590' "a command runs"
keys 'jaco' Tab
seen 'gradlab> jacobian' "Tab completes a command"
keys Enter
seen 'rows sum to 0' "the completed command runs"
# on a 24-bit colour terminal, jacobian also draws the heatmap (half blocks)
if tm_alive repl && tm capture-pane -e -p -t repl | grep -q '48;2;'; then ok "jacobian draws a colour heatmap on a truecolor terminal"
else bad "jacobian draws a colour heatmap on a truecolor terminal" "$(screen)"; fi
keys 'format js' Tab
seen 'gradlab> format json' "Tab completes a fixed word"
keys C-u 'show del' Tab
seen 'gradlab> show delta' "Tab completes a value name"
# a fixed word is not offered again after itself (the X that follows the
# Tab shows readline has handled it); options (KEY=) still complete later
keys C-u 'jacobian check ' Tab X
if wait_for 'gradlab> jacobian check X' && absent 'check check'; then ok "Tab after 'jacobian check ' adds nothing"
else bad "Tab after 'jacobian check ' adds nothing" "$(screen)"; fi
keys C-u 'net 2 3 2 act=relu ac' Tab X
if wait_for 'gradlab> net 2 3 2 act=relu acX'; then ok "Tab does not offer an option already given"
else bad "Tab does not offer an option already given" "$(screen)"; fi
keys C-u 'net 2 3 2 ac' Tab
if wait_for 'gradlab> net 2 3 2 act=$'; then ok "Tab completes an option after the numbers"
else bad "Tab completes an option after the numbers" "$(screen)"; fi
keys C-u Up
seen 'gradlab> jacobian$' "Up recalls history"
keys C-u 'logits 9 8 7'
wait_for 'gradlab> logits 9 8 7' >/dev/null
keys C-c
seen '\^C' "Ctrl-C shows ^C"
if wait_last '^gradlab> ?$'; then ok "Ctrl-C gives a fresh prompt"; else bad "Ctrl-C gives a fresh prompt" "$(screen)"; fi
if gradlab_pid && absent '9\.000'; then ok "Ctrl-C drops the line, not run it"
else bad "Ctrl-C must drop the line, not run it (and gradlab must still run)" "$(screen)"; fi
keys 'seed 3' Enter
seen 'seed = 3' "commands run after Ctrl-C"
keys 'jacobain' Enter
seen "did you mean 'jacobian'" "an error is one clear line"
keys 'logits 1 2; jacobain; logits 3 4' Enter
if wait_for '^  3\.000  4\.000' && scr=$(screen) &&
    [ "$(printf '%s\n' "$scr" | grep -A10 'gradlab> logits 1 2; jacobain' | grep -cE "^error: unknown command 'jacobain'|^  3\.000")" = 2 ]
then ok "at the prompt, an error inside a line: said once, the rest of the line runs"
else bad "at the prompt, an error inside a line: said once, the rest of the line runs" "$(screen)"; fi
# a value pasted across lines (numpy's repr): a continuation prompt until
# the brackets close, then one command, one history entry
keys 'logits array([0.25,' Enter
seen '^    \.\.\.> ?$' "an open bracket gives the continuation prompt"
keys '       1.5,' Enter '       -0.5])' Enter
seen '0\.7033' "the pasted lines run as one command"
keys C-u Up
seen 'gradlab> logits array\(\[0\.25,        1\.5,        -0\.5\]\)$' "a paste is one history entry"
keys C-u 'logits [7,' Enter
wait_for '^    \.\.\.> ?$' >/dev/null
keys C-c
if wait_last '^gradlab> ?$' && absent '7\.000'; then ok "Ctrl-C drops a paste under way"
else bad "Ctrl-C drops a paste under way" "$(screen)"; fi
keys 'logits [8, 9,' Enter ' 10,' Enter
wait_for '^    \.\.\.> ?$' >/dev/null
keys C-d
if wait_for 'error: the input ended inside a value: missing .\].; nothing of its lines ran' && gradlab_pid && absent '10\.00'; then ok "Ctrl-D in a paste: one error, nothing runs, gradlab goes on"
else bad "Ctrl-D in a paste: one error, nothing runs, gradlab goes on" "$(screen)"; fi
keys 'seed 4' Enter
seen 'seed = 4' "commands run after a broken paste"
keys 'jacobain' Enter                       # the last history entry, read back below
wait_for "did you mean 'jacobian'.*" >/dev/null
keys C-d
seen '^[$#] ?$' "Ctrl-D quits to the shell"
keys "stty -a > $tmp/stty.txt; echo stty-done" Enter
wait_for '^stty-done' >/dev/null
if grep -q ' icanon' "$tmp/stty.txt" && grep -q ' echo ' "$tmp/stty.txt" && ! grep -q -- '-icanon' "$tmp/stty.txt"; then ok "the terminal is restored (icanon, echo)"
else bad "the terminal is restored (icanon, echo)" "$(cat "$tmp/stty.txt" 2>/dev/null)"; fi
if [ -f "$hist" ] && grep -qx 'logits 2 1 0.1' "$hist" && grep -qx 'seed 3' "$hist"; then ok "history is saved in XDG_STATE_HOME/gradlab/history"
else bad "history is saved in XDG_STATE_HOME/gradlab/history" "$(cat "$hist" 2>/dev/null)"; fi
# (the line after the cancelled one is there: the history is that session's)
if grep -qx 'seed 3' "$hist" 2>/dev/null && ! grep -qx 'logits 9 8 7' "$hist"; then ok "a cancelled line is not history"
else bad "a cancelled line is not history (or the session's history was not written)" "$(cat "$hist" 2>/dev/null)"; fi

# history is read back at the next start; GRADLAB_HISTORY overrides the file
keys "GRADLAB_HISTORY=$tmp/other-history $GRADLAB" Enter
wait_for '^gradlab>' >/dev/null
keys 'seed 5' Enter
wait_for 'seed = 5' >/dev/null
keys 'quit' Enter
wait_for '^[$#] ?$' >/dev/null
if [ -f "$tmp/other-history" ] && grep -qx 'seed 5' "$tmp/other-history"; then ok "GRADLAB_HISTORY names the file"; else bad "GRADLAB_HISTORY names the file"; fi
keys "clear; $GRADLAB" Enter
wait_for '^gradlab>' >/dev/null
keys Up
seen 'gradlab> jacobain' "history is read back"
# SIGTERM and SIGHUP (the terminal window closed) restore the terminal and
# save the history; gradlab is running at the prompt for the first of them
n=7
for sig in TERM HUP; do
    if [ $sig = HUP ]; then
        keys "clear; $GRADLAB" Enter
        wait_for '^gradlab>' >/dev/null
    fi
    keys C-u "seed $n" Enter
    wait_for "seed = $n" >/dev/null
    if gradlab_pid && alive "$gp" gradlab; then
        kill -$sig "$gp"
        seen '^[$#] ?$' "SIG$sig ends gradlab"
        i=0; while alive "$gp" gradlab && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        if alive "$gp" gradlab; then bad "gradlab (pid $gp) still runs after SIG$sig"; fi
    else
        bad "SIG$sig ends gradlab: no gradlab runs under the pane to send it to" "$(screen)"
    fi
    if grep -qx "seed $n" "$hist"; then ok "SIG$sig saves the history"; else bad "SIG$sig saves the history"; fi
    keys "stty -a > $tmp/stty-$sig.txt; echo stty-$sig-done" Enter
    wait_for "^stty-$sig-done" >/dev/null
    if grep -q ' icanon' "$tmp/stty-$sig.txt" && ! grep -q -- '-echo ' "$tmp/stty-$sig.txt"; then ok "the terminal is restored after SIG$sig"
    else bad "the terminal is restored after SIG$sig"; fi
    n=$((n + 1))
done

# a display that cannot be reached: one clear line, not SDL's silent
# offscreen window; the prompt (it comes first) keeps what was typed.
# The display is one that no X server answers at this moment (see
# unused_display in tests/lib.sh), never a fixed number.
# (Under make sanitize: libdbus, which SDL starts, keeps memory it never
# frees; leaks are looked for everywhere else.)
dead=$(unused_display)
nodisplay="env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=$dead"
case "${ASAN_OPTIONS:-}" in *detect_leaks=1*) nodisplay="$nodisplay ASAN_OPTIONS=${ASAN_OPTIONS}:detect_leaks=0" ;; esac
out=$($nodisplay "$GRADLAB" -c 'window on' 2>&1); rc=$?
check "window on, unreachable display" "$out$rc" "gradlab: -c:1: cannot start the window: the display '$dead' does not answer1"
keys "clear; $nodisplay $GRADLAB" Enter
if wait_for "the window stays closed: cannot start the window: the display 'unix:[0-9]+' does not answer \\(the REPL works without it\\)"; then ok "an unreachable display is said at start"
else bad "an unreachable display is said at start" "$(screen)"; fi
keys 'logits 1 3' Enter
seen '0\.8808' "the REPL works without the window"
if scr=$(screen) && [ "$(printf '%s\n' "$scr" | grep -c 'window stays closed')" = 1 ] && ! printf '%s\n' "$scr" | grep -q 'XDG_RUNTIME_DIR'; then ok "the window error is one line"
else bad "the window error is one line" "$(screen)"; fi
keys 'quit' Enter
wait_for '^[$#] ?$' >/dev/null

# lessons at the prompt: Tab offers the lessons' names and numbers; Enter
# on an empty line goes on, and at a question skips it (lessons/README.md)
cat >"$tmp/ask.lesson" <<'L'
title: Ask
say: part one
pause
ask: What is 6 times 7?
answer: 42
ask: Type the seed command for 3.
type: seed 3
say: the last part
L
keys "clear; GRADLAB_LESSONS=$top/lessons $GRADLAB --no-window" Enter
wait_for '^gradlab>' >/dev/null
keys 'lesson sof' Tab
seen 'gradlab> lesson softmax' "Tab after 'lesson' completes a lesson's name"
keys C-u 'lesson ' Tab Tab
if wait_for 'jacobian.*softmax|softmax.*jacobian' && wait_for '(^| )8( |$)'; then ok "Tab Tab after 'lesson' lists the lessons' names and numbers"
else bad "Tab Tab after 'lesson' lists the lessons' names and numbers" "$(screen)"; fi
keys C-u "clear" Enter
keys "lesson $tmp/ask.lesson" Enter
seen 'part one' "a lesson starts"
keys Enter
seen 'What is 6 times 7' "Enter on an empty line goes on at a pause"
keys '   ' Enter
if wait_for 'skipped; the answer was 42' && wait_for 'Type the seed command'; then ok "Enter on an empty line skips a question"
else bad "Enter on an empty line skips a question" "$(screen)"; fi
keys 'seed 4' Enter
if wait_for "Not quite, try again\.$" && wait_for "^  \('next' or Enter on an empty line skips"; then ok "a wrong typed command is not quite"; else bad "a wrong typed command is not quite" "$(screen)"; fi
keys Enter
if wait_for 'skipped; the lesson runs it' && wait_for 'seed = 3' && wait_for 'the last part'; then ok "Enter skips a command question (the lesson runs it)"
else bad "Enter skips a command question (the lesson runs it)" "$(screen)"; fi
keys 'quit' Enter
keys 'quit' Enter
wait_for '^[$#] ?$' >/dev/null

finish
