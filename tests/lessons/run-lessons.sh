#!/bin/sh
# The lessons: every lessons/*.lesson played unattended (--auto) must hold
# every check; broken lessons are refused with FILE:LINE; the player's
# moves (next, back, again, answers, quit), the progress file, record and
# --present behave as lessons/README.md says.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$top" || exit 1

# 1. every lesson, unattended
for f in lessons/*.lesson; do
    out=$("$GRADLAB" --lesson "$f" --auto 2>&1); rc=$?
    if [ $rc = 0 ] && printf '%s' "$out" | grep -q '^== End of'; then
        ok "lesson $(basename "$f" .lesson) passes unattended ($(printf '%s' "$out" | sed -n 's/.*\. \([0-9]* of [0-9]* checks held\)\./\1/p'))"
    else
        bad "lesson $f unattended (exit $rc)" "$out"
    fi
done
[ -z "$(ls "$tmp/state" 2>/dev/null)" ] && ok "--auto leaves no progress behind" || bad "--auto wrote progress"

# 2. a check that does not hold: exit 1, named by file and line
cat >"$tmp/false.lesson" <<'L'
title: a false check
run: logits 2 1 0.1
check: s[0] = 0.5
check: s[0] > 0.6
L
out=$("$GRADLAB" --lesson "$tmp/false.lesson" --auto 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "check failed (false line 3): s\[0\] is 0.659001138[89], expected 0.5 ± 0.05" &&
    printf '%s' "$out" | grep -q "1 of 2 checks held" &&
    ok "a false check fails the lesson (exit 1, file and line)" || bad "false check (exit $rc)" "$out"
printf 'title: t\nrun: logits 2 1 0.1\nrun: nonsense 1\n' >"$tmp/badcmd.lesson"
out=$("$GRADLAB" --lesson "$tmp/badcmd.lesson" --auto 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "a command of the lesson failed: badcmd line 3" &&
    ok "a failing command fails the lesson" || bad "failing command (exit $rc)" "$out"

# a lesson's own commands cannot start, move or leave a lesson, nor quit
for cmd in "lesson $tmp/badcmd.lesson" next again back quit "answer 1" "lesson quit"; do
    printf 'title: t\nrun: logits 2 1 0.1\npause\nrun: %s\nsay: after\n' "$cmd" >"$tmp/nested.lesson"
    for mode in auto interactive; do
        if [ $mode = auto ]; then
            out=$("$GRADLAB" --lesson "$tmp/nested.lesson" --auto 2>&1); rc=$?
        else
            out=$("$GRADLAB" -c "lesson $tmp/nested.lesson" -c next -c status 2>&1); rc=$?
        fi
        case "$cmd:$mode" in
            back:*) want="already at the start\|no network" ;;   # the network's back
            *) want="a lesson" ;;
        esac
        if printf '%s' "$out" | grep -q "$want" && printf '%s' "$out" | grep -q "after" &&
           ! printf '%s' "$out" | grep -q "Sanitizer"; then
            ok "run: $cmd in a lesson ($mode) is refused, and the lesson goes on"
        else
            bad "run: $cmd in a lesson ($mode), exit $rc" "$out"
        fi
    done
done

# 3. broken lessons: refused with FILE:LINE and a reason
n=0
while IFS='|' read -r text want; do
    n=$((n + 1))
    printf '%b' "$text" >"$tmp/broken$n.lesson"
    out=$("$GRADLAB" --lesson "$tmp/broken$n.lesson" --auto 2>&1); rc=$?
    case $out in
        *"$tmp/broken$n.lesson:$want"*) [ $rc = 1 ] && ok "broken lesson $n: $want" || bad "broken $n exit $rc" "$out" ;;
        *) bad "broken lesson $n: want '$want'" "$out" ;;
    esac
done <<'T'
title: t\nsya: hello\n|2: unknown keyword 'sya' (did you mean 'say'?)
title: t\nsay hello\n|2: expected 'keyword: text'
say: no title\n|1: the lesson has no 'title:' line
title: t\ntitle: again\n|2: a second title
title: t\nask: what?\nsay: no answer\n|2: the question has no 'answer:' or 'type:' line
title: t\nask: what?\n|2: the question has no 'answer:' or 'type:' line
title: t\nanswer: 3\n|2: 'answer:' belongs right after an 'ask:'
title: t\nask: what?\nanswer: three\n|3: answer: expected a number
title: t\nask: what?\nanswer: 1\nanswer: 2\n|4: the question already has its answer
title: t\ncheck: s[0] == 1\n|2: check: expected 'VALUE OP NUMBER
title: t\ncheck: s[0] = 1 +- x\n|2: check: expected 'VALUE OP NUMBER
title: t\npause: now\n|2: 'pause' takes no text
title: t\n  continued\n|2: an indented line continues
title: t\nrun:\n|2: 'run:' needs a text after the colon
title: t\n|2: the lesson has no steps
title: t\nsay: a\001b\n|2: a control character
T
for bad in "$tmp" "$tmp/none.lesson"; do
    out=$("$GRADLAB" --lesson "$bad" --auto 2>&1); rc=$?
    [ $rc = 1 ] && printf '%s' "$out" | grep -q "directory\|cannot open" && ok "lesson '$(basename "$bad")': $(printf '%s' "$out" | head -1)" ||
        bad "lesson $bad (exit $rc)" "$out"
done
head -c 300000 /dev/zero | tr '\0' 'a' >"$tmp/huge.lesson"
out=$("$GRADLAB" --lesson "$tmp/huge.lesson" --auto 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "too long" && ok "a huge lesson is refused" || bad "huge lesson (exit $rc)" "$out"
out=$("$GRADLAB" --auto 2>&1); rc=$?
[ $rc = 2 ] && ok "--auto without --lesson: $out" || bad "--auto alone (exit $rc)" "$out"

# 4. the player, driven as a learner would (batch mode; each -c line is typed)
cat >"$tmp/walk.lesson" <<'L'
title: A walk
say: part one
run: logits 2 1 0.1
pause
say: part two
ask: What is s0?
answer: 0.659
hint: the first entry
ask: Show the Jacobian.
type: jacobian
say: part four
check: sum(J[0]) = 0 ± 1e-15
L
out=$("$GRADLAB" -c "lesson $tmp/walk.lesson" -c next -c 0.7 -c 0.6590 -c 'logits 1 2' -c 'jacobian' -c quit -c 'status' 2>&1); rc=$?
printf '%s' "$out" | grep -q "Not quite, try again. Hint: the first entry" && ok "a wrong answer gets the hint" || bad "wrong answer" "$out"
printf '%s' "$out" | grep -q "Right: 0.659." && ok "a right answer goes on" || bad "right answer" "$out"
printf '%s' "$out" | grep -q "^  Right.$" && printf '%s' "$out" | grep -q "part four" &&
    ok "typing the asked command goes on (other commands do not)" || bad "type question" "$out"
printf '%s' "$out" | grep -q '1 of 1 checks held' && ok "the lesson ends with its checks" || bad "end" "$out"
[ "$(sed -n 's/^walk //p' "$tmp/state/gradlab/lessons")" = "4 4" ] && ok "progress: walk done (4 of 4 parts)" ||
    bad "progress file" "$(cat "$tmp/state/gradlab/lessons" 2>&1)"
out=$(GRADLAB_LESSONS="$tmp" "$GRADLAB" -c lesson 2>&1)
printf '%s' "$out" | grep -q "done   walk" && ok "lesson lists the progress" || bad "lesson list" "$out"

out=$("$GRADLAB" -c "lesson $tmp/walk.lesson" -c next -c back -c again -c quit -c status 2>&1)
[ "$(printf '%s' "$out" | grep -c 'part one')" = 3 ] && ok "back and again replay the part" || bad "back/again" "$out"
printf '%s' "$out" | grep -q "left the lesson \"A walk\"" && printf '%s' "$out" | grep -q "^logits" &&
    ok "quit leaves the lesson, not gradlab" || bad "quit in a lesson" "$out"
out=$("$GRADLAB" -c "lesson $tmp/walk.lesson" -c next -c next -c next 2>&1)
printf '%s' "$out" | grep -q "skipped; the answer was 0.659" && printf '%s' "$out" | grep -q "skipped; the lesson runs it" &&
    ok "next skips a question (and runs the command it wanted)" || bad "skip" "$out"
out=$("$GRADLAB" -c next -c again -c 'answer 3' 2>&1)
[ "$(printf '%s' "$out" | grep -c 'no lesson is running\|no question is waiting')" = 3 ] &&
    ok "next, again, answer without a lesson: one-line errors" || bad "no lesson" "$out"

# back and again play a part once more: its checks count once
printf 'title: t\nrun: logits 2 1 0.1\ncheck: s[0] = 0.659\npause\nsay: two\ncheck: sum(s) = 1 \302\261 1e-15\npause\nsay: three\n' >"$tmp/count.lesson"
out=$("$GRADLAB" -c "lesson $tmp/count.lesson" -c next -c back -c next -c again -c next 2>&1)
printf '%s' "$out" | grep -q "2 of 2 checks held" && ok "after back and again each check counts once" ||
    bad "checks counted after back/again" "$out"

# 5. record FILE.md: a hand-out of the session, written after every line
out=$("$GRADLAB" -c "record $tmp/h.md" -c 'logits 2 1 0.1' -c 'nope' -c 'record off' -c 'logits 1 2' 2>&1)
grep -q '^gradlab> logits 2 1 0.1$' "$tmp/h.md" && grep -q '^  0.6590  0.2424  0.0986$' "$tmp/h.md" &&
    grep -q "^error: unknown command 'nope'" "$tmp/h.md" && ! grep -q 'logits 1 2' "$tmp/h.md" &&
    [ "$(grep -c '^```$' "$tmp/h.md")" = 4 ] && ok "record writes commands, outputs and errors as Markdown" ||
    bad "record" "$(cat "$tmp/h.md")"
out=$("$GRADLAB" -c "record $tmp/nodir/h.md" 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "record: cannot write" && [ ! -e "$tmp/nodir" ] &&
    ok "record to a missing folder: $(printf '%s' "$out" | head -1)" || bad "record nodir" "$out"
out=$("$GRADLAB" -c "record $tmp" 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "is a directory" && ok "record to a directory is refused" || bad "record dir" "$out"

# 7. questions that give their answer away are refused (FILE:LINE), as the
# six of issue 13 did: printed since the last pause, or drawn in the window
# (as text, or as marks to count: lesson 8's ringed points)
n=0
while IFS='|' read -r text line want; do
    n=$((n + 1))
    printf '%b' "$text" >"$tmp/away$n.lesson"
    out=$("$GRADLAB" --lesson "$tmp/away$n.lesson" --auto 2>&1); rc=$?
    if [ $rc = 1 ] && printf '%s' "$out" | grep -qF "$tmp/away$n.lesson:$line: the question gives its answer away: $want"; then
        ok "a question giving its answer away is refused: $want"
    else
        bad "give-away $n (exit $rc): want '$want'" "$out"
    fi
done <<'T'
title: t\nrun: logits 2 1 0.1\nrun: jacobian\npause\nrun: explain J[0][1]\nask: What is J[1][1]?\nanswer: 0.184\n|6|0.184 is drawn in the window
title: t\nrun: logits 1000 999 998\nrun: mistake naive\npause\nask: s0?\nanswer: 0.665\n|5|0.665 is drawn in the window
title: t\nrun: seed 0\nrun: net 2 3 2\nrun: x = [[0.5, -1.2]]\nrun: step\nrun: step\nrun: explain a1\nask: a1[0][2]?\nanswer: 0.826\n|8|0.8260 was printed since the last pause (by line 6: "[0]  -0.8559  -0.8943  0.8260")
title: t\nrun: seed 0\nrun: net 2 3 2\nrun: x = [[0.5, -1.2]]\nrun: y = [[0, 1]]\nrun: view flow\nrun: forward\npause\nask: loss?\nanswer: 0.340\n|9|0.340 is drawn in the window
title: t\nrun: seed 0\nrun: data moons 200 noise=0.2\nrun: net 2 3 2\nrun: view data\nrun: train 3000 lr=0.01 reg=0.01 every=0\npause\nask: accuracy?\nanswer: 0.975 ± 0.005\n|8|97.5 is drawn in the window
title: t\nrun: seed 0\nrun: data moons 200 noise=0.2\nrun: net 2 3 2\nrun: view data\nrun: train 3000 lr=0.01 reg=0.01 every=0\npause\nask: How many points are wrong?\nanswer: 5 ± 0\n|8|5 is drawn in the window ("5 points ringed (counted in the picture)")
T
printf 'title: t\nrun: logits 2 1 0.1\npause\nview: flow\nask: What is s0?\nanswer: 0.659\n' >"$tmp/fair.lesson"
out=$("$GRADLAB" --lesson "$tmp/fair.lesson" --auto 2>&1); rc=$?
[ $rc = 0 ] && ok "a question whose answer is neither printed since the pause nor drawn passes" || bad "fair question (exit $rc)" "$out"

# 8. answers: a wrong typed command is not quite (with the hint), the
# right one goes on; Enter on an empty line (in the REPL) skips: tests/repl
out=$("$GRADLAB" -c "lesson $tmp/walk.lesson" -c next -c next -c 'jacobian check' -c 'jacobian' 2>&1)
printf '%s' "$out" | grep -q "^  Not quite, try again.$" &&
    printf '%s' "$out" | grep -q "^  ('next' or Enter on an empty line skips the question)$" &&
    printf '%s' "$out" | grep -q "^  Right.$" && ok "a wrong typed command is not quite; the right one goes on" ||
    bad "wrong typed command" "$out"
out=$("$GRADLAB" -c 'lesson softmax' -c next -c 'logits 12 11 10' 2>&1)
printf '%s' "$out" | grep -q "Not quite, try again. Hint: The command is logits followed by the three" &&
    ok "lesson 1: logits 12 11 10 for 12 11 10.1 gets the hint" || bad "lesson 1 wrong command" "$out"

# 9. each lesson starts clean, on its own view; lessons say without a
# window only what holds without one; lesson names have "did you mean"
out=$("$GRADLAB" -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; view data' -c 'lesson backward' 2>&1)
printf '%s' "$out" | grep -q "^== Lesson: The backward pass" && ! printf '%s' "$out" | grep -q "was reset" &&
    ok "lesson 6 after lesson 8's data: no 'y was reset'" ||
    bad "state carried over into lesson 6" "$out"
out=$("$GRADLAB" -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; view data' -c 'lesson cross-entropy' -c window -c status 2>&1)
printf '%s' "$out" | grep -q "^window off, view jacobian" && printf '%s' "$out" | grep -q "^net: none" &&
    ok "lesson 4 after the moons: a clean state, on the jacobian view" || bad "lesson 4 clean state" "$out"
out=$("$GRADLAB" --no-window -c 'lesson jacobian' -c next -c next 2>&1)
! printf '%s' "$out" | grep -qi "mouse" && printf '%s' "$out" | grep -q "explain gives the formula" &&
    ok "without a window lesson 2 does not say 'point with the mouse'" || bad "lesson 2 without a window" "$out"
said=""
for l in lessons/*.lesson; do
    out=$("$GRADLAB" --lesson "$l" --auto 2>&1)
    printf '%s' "$out" | grep -q '^== End of' || said="$said$l did not play
"
    said="$said$(printf '%s' "$out" | grep -i "mouse\|in the window\|the window \|data view\|flow view")"
done
[ -z "$said" ] && ok "no lesson speaks of the window when there is none" || bad "lessons speak of a window that is not there" "$said"
out=$("$GRADLAB" -c 'lesson softmx' 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "no lesson 'softmx' (did you mean 'softmax'?" &&
    ok "lesson softmx: did you mean 'softmax'" || bad "lesson softmx (exit $rc)" "$out"
out=$("$GRADLAB" -c 'lesson 2' -c quit -c 'lesson jaco' -c quit -c 'lesson 02-jacobian' 2>&1)
[ "$(printf '%s' "$out" | grep -c '^== Lesson: The Jacobian of the softmax')" = 3 ] &&
    ok "a lesson by number, by the start of its name, by its file name" || bad "lesson names" "$out"
printf 'title: t\nview: flwo\n' >"$tmp/view.lesson"
out=$("$GRADLAB" --lesson "$tmp/view.lesson" --auto 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -qF "$tmp/view.lesson:2: view: unknown view 'flwo' (jacobian, flow, data" &&
    ok "view: an unknown view is refused with FILE:LINE" || bad "view: flwo (exit $rc)" "$out"

# the README's example lesson plays, and holds every check
sed -n '/^# lessons\/99-example.lesson$/,/^```$/p' lessons/README.md | sed '$d' >"$tmp/example.lesson"
out=$("$GRADLAB" --lesson "$tmp/example.lesson" --auto 2>&1); rc=$?
[ $rc = 0 ] && printf '%s' "$out" | grep -q "3 of 3 checks held" && ok "the example lesson of lessons/README.md passes" ||
    bad "the README's example lesson (exit $rc)" "$out"

# 6. presenter mode
out=$("$GRADLAB" --present -c window 2>&1)
printf '%s' "$out" | grep -q "theme projector" && ok "--present picks the projector theme" || bad "--present" "$out"

finish
