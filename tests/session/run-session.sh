#!/bin/sh
# Sessions end to end: session save / load and gradlab FILE.gl, share and
# open, each holding every value bit for bit (every value printed in json,
# whose numbers are the shortest that read back, and the data set saved as
# CSV, are the same after the round trip; a file saved again is the same
# file); a session file that names a file, or a line with a changed
# character, changes nothing; the REPL's quit asks once about unsaved
# changes (quit! and batch mode never ask); the window's title names the
# session file with a mark while it has unsaved changes.
# Last line: "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
export GRADLAB_LESSONS="$top/lessons"

# every value and what the window settings are, as text to compare
values='z s J x y W1 b1 z1 a1 W2 b2 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1 reg curve'
dump() { # ARGS: what gradlab ARGS made, every value in json (a value not there: its error)
    echo 'format pretty; help quit!' >"$tmp/dump.gl"     # where the dump starts
    for v in $values; do echo "format json; $v"; done >>"$tmp/dump.gl"
    echo 'window; status; seed; data save dump.csv' >>"$tmp/dump.gl"
    "$GRADLAB" "$@" "$tmp/dump.gl" >"$tmp/dump.out" 2>&1
    [ -f dump.csv ] && cat dump.csv >>"$tmp/dump.out" && rm -f dump.csv
    sed -n '/^usage: quit!$/,$p' "$tmp/dump.out"
}

build='seed 7; data moons 60 noise=0.2; data move 3 0.5 -0.25; data add 2 2 1; net 2 4 2 act=sigmoid;
train 50 every=0; reg = 0.001; reduce mean; x[0][1] = -0; forward; step; step; logits 3 -inf 1 5e-324;
view flow; theme light; autoscale on; example 4'

# 1. save, load: the same values; saving what was loaded gives the same file
"$GRADLAB" -c "$build" -c 'session save one.gl' >/dev/null 2>"$tmp/err"
[ -s one.gl ] && ! [ -s "$tmp/err" ] && ok "session save writes the file" || bad "session save" "$(cat "$tmp/err")"
head -1 one.gl | grep -q '^# a gradlab session' && grep -q '^net 2 4 2 act=sigmoid$' one.gl &&
    grep -q '^reduce mean$' one.gl && grep -q '^view flow$' one.gl && grep -q '^example 4$' one.gl &&
    ok "the file is a script a person can read" || bad "the file's lines" "$(cut -c1-100 one.gl)"
"$GRADLAB" -c "$build" >/dev/null 2>&1
want=$(printf '%s\n' "$build" >"$tmp/build.gl"; dump "$tmp/build.gl")
got=$(dump -c 'session load one.gl')
check "session load: every value bit for bit, the view, the data set" "$got" "$want"
echo "$want" | grep -q '"view":"flow","theme":"light"' && echo "$want" | grep -q '"name":"J"' &&
    echo "$want" | grep -q '"name":"delta3"' && ok "the dump holds the values and the view" ||
    bad "the dump is not what it should be" "$want"
got=$(dump one.gl)
check "gradlab FILE.gl loads it" "$got" "$want"
"$GRADLAB" one.gl -c 'session save two.gl' >/dev/null 2>&1     # (-c runs first: nothing to save)
"$GRADLAB" one.gl "$tmp/save2.gl" >/dev/null 2>&1 <<EOF
EOF
printf 'session save two.gl\n' >"$tmp/save2.gl"
"$GRADLAB" one.gl "$tmp/save2.gl" >/dev/null 2>&1
cmp -s one.gl two.gl && ok "saved again, the same file" || bad "saved again, another file" "$(diff one.gl two.gl | head)"
# a .gl that is not a session file still runs as a script
printf 'logits 1 2\ntrain 5\n' >plain.gl
out=$("$GRADLAB" plain.gl 2>&1)
case $out in *"no network yet"*) ok "a plain script named .gl still runs as a script" ;;
             *) bad "a plain script named .gl" "$out" ;; esac

# 2. share and open: the same values; the line is one URL-safe line
line=$("$GRADLAB" -c "$build" -c 'session share' 2>&1 | sed -n 's/^\(gradlab1\.[A-Za-z0-9_-]*\)$/\1/p')
[ -n "$line" ] && [ ${#line} -le 16384 ] && ok "session share prints one URL-safe line (${#line} characters)" ||
    bad "session share" "$("$GRADLAB" -c "$build" -c 'session share' 2>&1 | tail -3)"
got=$(dump -c "session open $line")
check "session open: every value bit for bit, the view, the data set" "$got" "$want"
"$GRADLAB" -c "session open $line" -c 'session save three.gl' >/dev/null 2>&1
cmp -s one.gl three.gl && ok "the opened session saves as the same file" || bad "opened and saved" "$(diff one.gl three.gl | head)"
# a generator's data set goes as its settings: a short line
short=$("$GRADLAB" -c 'seed 3; data moons 5000 noise=0.1; net 2 8 2; session share' 2>&1 | sed -n 's/^\(gradlab1\..*\)$/\1/p')
[ -n "$short" ] && [ ${#short} -lt 1000 ] && ok "5000 made points share as their generator (${#short} characters)" ||
    bad "a generated data set in a line" "$short"
out=$("$GRADLAB" -c 'data moons 5000 noise=0.1; data move 0 1 1; session share' 2>&1); rc=$?
case $out in *"over the limit of 16384"*"the data set"*) [ $rc = 1 ] && ok "a line over the cap is refused, saying what takes the room" ||
                 bad "over the cap: exit $rc" "$out" ;;
             *) bad "a line over the cap" "$out" ;; esac

# the lesson and its part come back too (values of the learner's own over the lesson's)
"$GRADLAB" -c 'lesson softmax' -c next -c next -c 'z[0] = 4' -c 'session save les.gl' >/dev/null 2>&1
grep -qx 'lesson 01-softmax part=3' les.gl && ok "the file names the lesson and its part" || bad "the lesson in the file" "$(cat les.gl)"
printf 'session save les2.gl\nsession share\n' >"$tmp/les-cmds.gl"
lline=$("$GRADLAB" les.gl "$tmp/les-cmds.gl" 2>&1 | sed -n 's/^\(gradlab1\..*\)$/\1/p')
cmp -s les.gl les2.gl && ok "a lesson's session loads back at its part" || bad "a lesson's session" "$(diff les.gl les2.gl)"
"$GRADLAB" -c "session open $lline" -c 'session save les3.gl' >/dev/null 2>&1
cmp -s les.gl les3.gl && ok "a lesson's session opens back at its part" || bad "a lesson's line" "$(diff les.gl les3.gl)"

# 3. what is refused changes nothing
before=$(dump -c "$build")
printf '# a gradlab session\nseed 1\nsave W1 stolen.csv\n' >bad1.gl
printf '# a gradlab session\nseed 1\ndata load /etc/passwd\n' >bad2.gl
printf '# a gradlab session\nlogits 1 2; record out.md\n' >bad3.gl
printf '# a gradlab session\nseed 1\nnet 2 3 2\nW1 = [[1, 2]]\n' >bad4.gl
for f in bad1 bad2 bad3 bad4; do
    got=$(dump -c "$build" -c "session load $f.gl")
    err=$("$GRADLAB" -c "$build" -c "session load $f.gl" 2>&1 >/dev/null)
    case $err in "gradlab: -c:1: $f.gl:"[0-9]*": "*) [ "$got" = "$before" ] && ok "$f.gl is refused and nothing changes" ||
                     bad "$f.gl changed the session" ;;
                 *) bad "$f.gl: one error naming its line" "$err" ;; esac
done
[ ! -e stolen.csv ] && [ ! -e out.md ] && ok "no file was written by a refused session" || bad "a refused session wrote a file"
damaged=$(echo "$line" | sed 's/\(.\{40\}\)./\1A/; s/\(.\{40\}\)AA/\1BA/')
[ "$damaged" = "$line" ] && damaged=$(echo "$line" | sed 's/\(.\{40\}\)./\1B/')
got=$(dump -c "$build" -c "session open $damaged")
err=$("$GRADLAB" -c "$build" -c "session open $damaged" 2>&1 >/dev/null)
case $err in *"the shared line is damaged"*) [ "$got" = "$before" ] && ok "a line with a changed character is refused; nothing changes" ||
                 bad "a damaged line changed the session" ;;
             *) bad "a damaged line" "$err" ;; esac
got=$("$GRADLAB" -c "session open ${line%??????????}" 2>&1)
case $got in *"damaged"*) ok "a line cut short is refused" ;; *) bad "a line cut short" "$got" ;; esac

# a lesson that is not trusted names session files in its scratch folder: the
# user's 'session save' never writes that name with the user's rights
mkdir -p les && printf 'title: sly\nsay: hello\nrun: logits 1 2 3\nrun: session save mine.gl\nrun: session load mine.gl\npause\nsay: bye\n' >les/sly.lesson
echo precious >mine.gl
out=$(printf 'lesson les/sly.lesson\nnext\nsession save\n' | "$GRADLAB" 2>&1)
[ "$(cat mine.gl)" = precious ] && [ -s "$XDG_STATE_HOME/gradlab/scratch/sly/mine.gl" ] &&
    ok "a confined lesson's session file stays in its scratch folder; the user's file is untouched" ||
    bad "a lesson's session file name reached the user's file" "$(cat mine.gl | head -3)"
case $out in *"session save: the session file mine.gl was named by a confined lesson"*) ok "session save says to name the file" ;;
             *) bad "session save after a lesson named the file" "$out" ;; esac
case $out in *"error: mine.gl:2: a lesson's command cannot start or move a lesson"*) ok "a lesson's session load of a lesson: one clean line" ;;
             *) bad "the error of a lesson line in a lesson" "$out" ;; esac
# a shared line opened by a lesson, or naming a lesson file, reads no file
les_line=$("$GRADLAB" -c 'lesson softmax' -c 'session share' 2>/dev/null | grep '^gradlab1\.')
printf 'title: sly2\nsay: hello\nrun: session open %s\npause\n' "$les_line" >les/sly2.lesson
out=$(printf 'lesson les/sly2.lesson\n' | "$GRADLAB" 2>&1)
case $out in *"error: session open: the shared line:2: a lesson's command cannot start or move a lesson"*)
                 ok "a lesson cannot start the lesson a shared line names" ;;
             *) bad "a shared line's lesson from a lesson" "$out" ;; esac
cp les/sly.lesson sly.lesson
good=$(python3 "$here/make_line.py" 'view flow')
out=$("$GRADLAB" -c "session open $good" -c window 2>&1)
case $out in *"opened the shared session"*"view flow"*) ok "a line made by hand with its checksum right opens" ;;
             *) bad "a hand-made line" "$out" ;; esac
for l in 'lesson sly.lesson part=1' 'lesson les/sly.lesson' 'lesson ../../etc/passwd' 'view flow\nlesson sly.lesson' \
         'view flow\nsave W1 w.csv'; do
    out=$("$GRADLAB" -c "session open $(python3 "$here/make_line.py" "$l")" -c window 2>&1)
    case $out in *"== Lesson"*) bad "a shared line holding '$l' played a lesson" "$out" ;;
                 *"gradlab: -c:1: session open: "*"view jacobian"*) ok "a shared line holding '$l' is refused" ;;
                 *) bad "a shared line holding '$l'" "$out" ;; esac
done
[ ! -e w.csv ] || bad "a shared line wrote a file"

# 4. quit at a prompt asks once about unsaved changes; quit! and scripts never ask
out=$("$GRADLAB" -c 'logits 1 2; session save q.gl; logits 3 4; quit' -c 'seed' 2>&1)
case $out in *"has changed since"*) bad "a script's quit asked" "$out" ;; *) ok "a script's quit never asks" ;; esac
if command -v tmux >/dev/null; then
    tm new-session -d -s s -x 150 -y 40 "HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME sh" || bad "tmux starts"
    screen() { tm_screen s; }
    wait_for() { tm_wait s "$1"; }
    keys() { tm send-keys -t s "$@"; }
    start() { # ARGS: a clear screen, then gradlab ARGS at its prompt
        keys clear Enter
        i=0; while [ $i -lt 50 ] && screen | grep -q 'gradlab'; do sleep 0.1; i=$((i + 1)); done
        keys "$GRADLAB --no-window $*" Enter
        wait_for '^gradlab>' || bad "the prompt of gradlab $*" "$(screen)"
    }
    start
    keys 'logits 1 2' Enter 'quit' Enter
    wait_for '^[$#] ?$' && ok "no session file: quit leaves at once" || bad "quit without a session file" "$(screen)"
    start
    keys 'logits 1 2' Enter 'session save q.gl' Enter 'quit' Enter
    wait_for '^[$#] ?$' && ok "saved: quit leaves at once" || bad "quit after a save" "$(screen)"
    start q.gl -i
    keys 'z[0] = 5' Enter 'quit' Enter
    if wait_for "has changed since q.gl was saved" && wait_for '^gradlab> ?$'; then ok "changed: quit asks once"
    else bad "changed: quit asks once" "$(screen)"; fi
    keys 'quit' Enter
    wait_for '^[$#] ?$' && ok "the second quit leaves" || bad "the second quit leaves" "$(screen)"
    start q.gl -i
    keys 'z[0] = 5' Enter 'undo' Enter 'quit' Enter
    wait_for '^[$#] ?$' && ok "undone back to the saved values: nothing is unsaved" || bad "undo to the saved values" "$(screen)"
    start q.gl -i
    keys 'z[0] = 6' Enter 'quit!' Enter
    wait_for '^[$#] ?$' && ok "quit! leaves without asking" || bad "quit!" "$(screen)"
    start q.gl -i
    keys 'z[0] = 6' Enter
    wait_for '0\.9820' >/dev/null
    keys C-d
    if wait_for "has changed since q.gl was saved" && wait_for '^gradlab> ?$'; then ok "Ctrl-D asks once too"
    else bad "Ctrl-D asks once too" "$(screen)"; fi
    keys C-d
    wait_for '^[$#] ?$' && ok "Ctrl-D again leaves" || bad "Ctrl-D again leaves" "$(screen)"
fi

# 5. the window's title: the session file's name, a mark while unsaved
if command -v Xvfb >/dev/null && command -v xwininfo >/dev/null && command -v tmux >/dev/null; then
    case "${ASAN_OPTIONS:-}" in *detect_leaks=1*) export ASAN_OPTIONS="${ASAN_OPTIONS}:detect_leaks=0" ;; esac
    if xvfb_start; then
        title() { xwininfo -root -tree 2>/dev/null | sed -n 's/^ *0x[0-9a-f]* "\(gradlab[^"]*\)".*/\1/p' | head -1; }
        wait_title() { i=0; while [ $i -lt 50 ]; do case $(title) in *$1*) return 0 ;; esac
                           sleep 0.1; i=$((i + 1)); done; return 1; }
        keys clear Enter "DISPLAY=$DISPLAY $GRADLAB q.gl -i" Enter
        wait_title "gradlab - q.gl - jacobian" && ok "the title names the session file" || bad "title" "$(title)"
        keys 'z[0] = 9' Enter
        wait_title "gradlab - q.gl\* - jacobian" && ok "a change puts the mark in the title" || bad "the mark" "$(title)"
        keys 'session save' Enter
        wait_title "gradlab - q.gl - jacobian" && ok "saving takes the mark away" || bad "the mark after a save" "$(title)"
        keys 'quit' Enter
    else
        bad "Xvfb starts" "$gone"
    fi
fi
finish
