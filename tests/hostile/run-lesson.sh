#!/bin/sh
# The security model (issue 17): a lesson not installed with gradlab is
# untrusted input. A hostile lesson tries every file command outside its
# folder (an absolute path, '..', a dotfile, a link out, a FIFO, a link or
# FIFO planted in its scratch folder): each is refused with one error line
# and the state stays as it was; nothing outside its folders changes. The
# lesson may use its own folder and its scratch folder; it plays after a
# one-line banner; --trust and `trust` lift the confinement; a lesson's
# work and output are bounded per part; --sandbox confines scripts and -c.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1

mkdir evil victim
printf '1,2,3\n4,5,6\n' >victim/secret.csv
printf 'ssh-ed25519 AAAA the user\n' >victim/keys
printf '0.5,0.25,0.125\n1,2,4\n' >evil/data.csv
printf '9,9,9\n9,9,9\n' >evil/.hidden.csv
ln -s ../victim/secret.csv evil/link.csv
ln -s ../victim evil/out
mkfifo evil/fifo.csv
scratch="$XDG_STATE_HOME/gradlab/scratch/evil"
mkdir -p "$scratch"
ln -s "$tmp/victim/keys" "$scratch/planted.csv"
ln -s "$tmp/victim/pic.png" "$scratch/planted.png"
ln -s "$tmp/victim" "$scratch/sdir"
mkfifo "$scratch/pfifo.csv" "$scratch/pfifo.png"
snap() { # every file under the folders, with the sum of a regular file's bytes
    find victim evil "$HOME" "$XDG_STATE_HOME/gradlab/scratch" -print | grep -v '^evil/evil.lesson$' |
    LC_ALL=C sort | while read -r f; do
        if [ -f "$f" ] && [ ! -L "$f" ]; then printf '%s %s\n' "$f" "$(cksum <"$f")"; else printf '%s\n' "$f"; fi
    done; }
before=$(snap)

setup='seed 0; net 2 3 2; data xor; x = [[0.5, -1.2]]; y = 1; forward'
dump='status; format json; W1; b1; W2; b2; x; y; loss; data'
play() { # LESSON-TEXT: play it (its first part) then dump the state; out in out.txt, stderr err.txt
    printf 'title: hostile\nrun: %s\n%s\n' "$setup" "$1" >evil/evil.lesson
    timeout 60 "$GRADLAB" -c 'lesson evil/evil.lesson' -c "$dump" >out.txt 2>err.txt
}
play 'say: nothing'; ref=$(sed -n '/^logits:/,$p' out.txt)
[ -n "$ref" ] || bad "the reference state could not be built" "$(cat out.txt err.txt)"

n=0
while IFS='|' read -r cmd want; do
    n=$((n + 1))
    cmd=$(printf '%s' "$cmd" | sed "s|@TMP|$tmp|g")
    play "run: $cmd"; rc=$?
    errors=$(grep -c '^error: ' out.txt)
    after=$(sed -n '/^logits:/,$p' out.txt)
    if [ $rc = 124 ]; then
        bad "$cmd: it blocked"
    elif [ "$errors" != 1 ] || ! grep -q "^error: .*$want" out.txt; then
        bad "$cmd: want one error saying '$want'" "$(grep -A1 '^error\|^gradlab> ' out.txt)"
    elif [ "$after" != "$ref" ]; then
        bad "$cmd: the state changed" "$(printf '%s\n' "$ref" >b.txt; printf '%s\n' "$after" | diff b.txt - | head -5)"
    else
        ok "refused: $cmd ($(sed -n 's/^error: //p' out.txt | cut -c1-90))"
    fi
done <<'T'
load W1 @TMP/victim/secret.csv|is an absolute path
load W1 ../victim/secret.csv|goes up a folder
load W1 .hidden.csv|names a hidden file
load W1 link.csv|symbolic link
load W1 out/secret.csv|symbolic link
load W1 fifo.csv|is not a regular file (a FIFO)
data load @TMP/victim/secret.csv|is an absolute path
data load ../victim/secret.csv|goes up a folder
data load .hidden.csv|names a hidden file
data load link.csv|symbolic link
data load out/secret.csv|symbolic link
data load fifo.csv|is not a regular file (a FIFO)
save W1 @TMP/victim/keys|is an absolute path
save W1 ../victim/keys|goes up a folder
save W1 ../../../../victim/keys|goes up a folder
save W1 .bashrc|names a hidden file
save W1 planted.csv|symbolic link
save W1 sdir/keys|symbolic link
save W1 pfifo.csv|is not a regular file (a FIFO)
data save @TMP/victim/keys|is an absolute path
data save ../victim/keys|goes up a folder
data save .bashrc|names a hidden file
data save planted.csv|symbolic link
data save sdir/keys|symbolic link
data save pfifo.csv|is not a regular file (a FIFO)
record @TMP/victim/keys|is an absolute path
record ../victim/keys|goes up a folder
record .bashrc|names a hidden file
record planted.csv|symbolic link
record sdir/keys|symbolic link
record pfifo.csv|is not a regular file (a FIFO)
snapshot @TMP/victim/pic.png 64 64|is an absolute path
snapshot ../victim/pic.png 64 64|goes up a folder
snapshot .pic.png 64 64|names a hidden file
snapshot planted.png 64 64|symbolic link
snapshot sdir/pic.png 64 64|symbolic link
snapshot pfifo.png 64 64|is not a regular file (a FIFO)
lesson @TMP/victim/keys|a lesson's command cannot start or move a lesson
trust|cannot lift its own confinement
T
echo "     $n commands outside the lesson's folders"
after=$(snap)
[ "$after" = "$before" ] && ok "nothing outside the lesson's folders changed (and nothing in them)" ||
    bad "files changed" "$(printf '%s\n' "$before" >b.txt; printf '%s\n' "$after" | diff b.txt - | head -10)"

# the attack of issue 17, replayed: say: carries a key, record writes it over
# authorized_keys from a lesson played in $HOME, two Enters
mkdir -p "$HOME/.ssh" "$HOME/dl"; printf 'the user key\n' >"$HOME/.ssh/authorized_keys"
printf 'title: a nice lesson\nrun: record ../.ssh/authorized_keys\nsay: ssh-ed25519 AAAA attacker\npause\nrun: record off\n' \
    >"$HOME/dl/nice.lesson"
(cd "$HOME/dl" && "$GRADLAB" -c 'lesson nice.lesson' -c '' -c 'next' -c 'next' >"$tmp/out.txt" 2>&1)
check "a lesson cannot replace ~/.ssh/authorized_keys" "$(cat "$HOME/.ssh/authorized_keys")" "the user key"

# what a confined lesson may do: read its folder, write and read back its scratch folder
cat >evil/good.lesson <<'L'
title: a lesson with files
run: seed 0; net 2 3 2
run: load W1 data.csv
check: W1[1][2] = 4
run: W1 = [[1, 1, 1], [2, 2, 2]]
run: save W1 w1.csv
run: load W1 sub/../data.csv
run: load W1 w1.csv
check: W1[1][2] = 2
run: record notes.md
run: data xor; data save xor.csv; data load xor.csv
run: snapshot pic.png 64 64
L
out=$(GRADLAB_WINDOW_LIB="$B/gradlab-window.so" "$GRADLAB" --lesson evil/good.lesson --auto 2>&1); rc=$?
if [ $rc = 1 ] && printf '%s' "$out" | grep -q "^error: load: .*goes up a folder" && printf '%s' "$out" | grep -q '2 of 2 checks held' &&
   good="$XDG_STATE_HOME/gradlab/scratch/good" &&
   [ -f "$good/w1.csv" ] && [ -f "$good/xor.csv" ] && [ -f "$good/notes.md" ] && [ -f "$good/pic.png" ] &&
   [ ! -e evil/w1.csv ] && [ "$(ls evil | tr '\n' ' ')" = "data.csv evil.lesson fifo.csv good.lesson link.csv out " ]; then
    ok "a confined lesson reads its folder and writes (and reads back) its scratch folder"
else
    bad "a confined lesson's own files (exit $rc)" "$out"
fi

# the banner: one line naming the file; none for the lessons gradlab found itself
out=$("$GRADLAB" --lesson evil/good.lesson --auto 2>&1 | head -1)
case $out in
    "note: 'evil/good.lesson' is not a lesson installed with gradlab: it plays confined"*"'trust' lifts that"*)
        ok "the banner of an untrusted lesson: $out" ;;
    *) bad "banner" "$out" ;;
esac
mkdir shipped; cp evil/good.lesson shipped/; printf 'title: t\nsay: s\n' >shipped/README.md
printf 'title: installed\nrun: logits 1 2; save s %s/victim/installed.csv\n' "$tmp" >shipped/inst.lesson
out=$(GRADLAB_LESSONS="$tmp/shipped" "$GRADLAB" --lesson inst --auto 2>&1); rc=$?
[ $rc = 0 ] && ! printf '%s' "$out" | grep -q '^note:' && [ -f victim/installed.csv ] &&
    ok "a lesson in the lessons folder (GRADLAB_LESSONS) is trusted as shipped" || bad "installed lesson (exit $rc)" "$out"
out=$(cd "$top" && "$GRADLAB" --lesson softmax --auto 2>&1 | head -1)
case $out in note:*) bad "lessons/softmax has a banner" "$out" ;; *) ok "the shipped lessons play without a banner" ;; esac

# --trust, and `trust` typed by the user, lift the confinement
printf 'title: t\nrun: logits 1 2; save s %s/victim/t1.csv\npause\nrun: save s %s/victim/t2.csv\n' "$tmp" "$tmp" >evil/t.lesson
out=$("$GRADLAB" --trust --lesson evil/t.lesson --auto 2>&1); rc=$?
[ $rc = 0 ] && [ -f victim/t1.csv ] && [ -f victim/t2.csv ] && ! printf '%s' "$out" | grep -q '^note:' &&
    ok "--trust --lesson FILE plays it unconfined" || bad "--trust (exit $rc)" "$out"
rm -f victim/t1.csv victim/t2.csv
out=$("$GRADLAB" -c 'lesson evil/t.lesson' -c 'trust' -c 'next' 2>&1); rc=$?
[ $rc = 0 ] && [ ! -f victim/t1.csv ] && [ -f victim/t2.csv ] && printf '%s' "$out" | grep -q "^trusting 'evil/t.lesson'" &&
    ok "trust typed at a pause: the parts after it are unconfined" || bad "trust command (exit $rc)" "$out"
out=$("$GRADLAB" --trust 2>&1); rc=$?
check "--trust without --lesson" "$out$rc" "gradlab: --trust vouches for a lesson: give it one with --lesson FILE2"
out=$("$GRADLAB" -c trust 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "no lesson to trust" && ok "trust with no lesson: one error" || bad "trust alone" "$out"

# the budgets: a part's work (5 s) and output (1 MiB); the next part has its own
printf 'title: slow\nrun: seed 0; data moons 200; net 2 50 2\nrun: train 100000000 every=100000000\nrun: save W1 a.csv\ncheck: accuracy > 2\npause\nrun: save W1 b.csv\n' >evil/slow.lesson
start=$(date +%s)
out=$(timeout 60 "$GRADLAB" --lesson evil/slow.lesson --auto 2>&1); rc=$?
took=$(($(date +%s) - start))
if [ $rc = 1 ] && [ $took -le 12 ] && printf '%s' "$out" | grep -q "ran over its budget of 5 s of work" &&
   [ ! -f "$XDG_STATE_HOME/gradlab/scratch/slow/a.csv" ] && [ -f "$XDG_STATE_HOME/gradlab/scratch/slow/b.csv" ] &&
   ! printf '%s' "$out" | grep -q 'check failed'; then
    ok "a part over its work budget stops in ${took} s; its other commands are skipped; the next part runs"
else
    bad "work budget: exit $rc in ${took} s" "$out"
fi
awk 'BEGIN { printf "title: loud\nrun: z = ["; for (i = 0; i < 1024; i++) printf "%s%d", i ? ", " : "", i % 7; print "]"
             print "run: format csv; precision 17; J"; print "run: save J j.csv" }' >evil/loud.lesson
out=$(timeout 60 "$GRADLAB" --lesson evil/loud.lesson --auto 2>&1); rc=$?
size=$(printf '%s' "$out" | wc -c)
[ $rc = 1 ] && [ "$size" -lt 1100000 ] && printf '%s' "$out" | grep -q "printed over 1024 KiB, its budget" && [ ! -f "$XDG_STATE_HOME/gradlab/scratch/loud/j.csv" ] &&
    ok "a part over its output budget is cut ($size bytes shown)" || bad "output budget: exit $rc, $size bytes" "$(printf '%s' "$out" | tail -3 | cut -c1-200)"

# a question cannot wait for a command that moves the lesson (17.14)
for t in next 'lesson x' 'logits 1 2; back' again quit 'answer 3' trust; do
    printf 'title: t\nask: go on?\ntype: %s\nsay: after\n' "$t" >evil/q.lesson
    out=$("$GRADLAB" --lesson evil/q.lesson --auto 2>&1); rc=$?
    [ $rc = 1 ] && printf '%s' "$out" | grep -q "q.lesson:3: type: '.*' moves the lesson" &&
        ok "type: $t is refused" || bad "type: $t (exit $rc)" "$out"
done
# (before: `next` typed at such a question went 9 levels deep and skipped 9 parts)
printf 'title: t\nask: one?\ntype: logits 1 2\nask: two?\ntype: logits 1 3\nsay: end\n' >evil/q2.lesson
out=$("$GRADLAB" -c 'lesson evil/q2.lesson' -c 'next' 2>&1)
printf '%s' "$out" | grep -q '? two?' && ! printf '%s' "$out" | grep -q 'End of' && ok "next skips one question" || bad "next" "$out"

# text from a lesson file reaches the terminal only as UTF-8 text
for b in 'C1 CSI|\302\233' 'DEL|\177' 'a stray byte|\377'; do
    printf "title: t\nsay: a${b#*|}b\n" >evil/c1.lesson
    out=$("$GRADLAB" --lesson evil/c1.lesson --auto 2>&1); rc=$?
    [ $rc = 1 ] && printf '%s' "$out" | grep -q "c1.lesson:2: a \(control character\|byte that is not UTF-8\)" &&
        ok "a lesson line with ${b%|*} is refused: $(printf '%s' "$out" | head -1)" || bad "lesson byte ${b%|*} (exit $rc)" "$out"
done

# lesson file names (17.19, 17.15): spaces, a newline, escapes
mkdir names; cp shipped/README.md names/
printf 'title: spaced\nsay: one\npause\nsay: two\n' >"names/my lesson.lesson"
printf 'title: evil\nsay: e\n' >names/evil.lesson
printf 'title: nl\nsay: one\npause\nsay: two\n' >"names/x
evil 9 9.lesson"
printf 'title: red\nsay: r\n' >"names/$(printf '\033[31mred').lesson"
export GRADLAB_LESSONS="$tmp/names" XDG_STATE_HOME="$tmp/state2"
out=$("$GRADLAB" -c 'lesson my lesson' -c next 2>&1); rc=$?
[ $rc = 0 ] && printf '%s' "$out" | grep -q '== End of "spaced"' && ok "a lesson with a space in its name starts" ||
    bad "lesson with spaces (exit $rc)" "$out"
"$GRADLAB" -c 'lesson x' -c next >/dev/null 2>&1
out=$("$GRADLAB" -c lesson 2>&1)
if printf '%s' "$out" | grep -q '^  done   my lesson ' && printf '%s' "$out" | grep -q '^  new    evil ' &&
   printf '%s' "$out" | grep -qF 'done   x\x0aevil 9 9' && ! printf '%s' "$out" | grep -q "$(printf '\033')" &&
   printf '%s' "$out" | grep -qF '\x1b[31mred'; then
    ok "progress is kept for names with spaces and newlines, which inject nothing; names are escaped"
else
    bad "lesson names in the list" "$(printf '%s\n' "$out" | od -c | head -20; cat "$XDG_STATE_HOME/gradlab/lessons")"
fi
check "the progress file: one line a lesson" "$(cat "$XDG_STATE_HOME/gradlab/lessons")" "my%20lesson 2 2
x\x0aevil%209%209 2 2"
unset GRADLAB_LESSONS; XDG_STATE_HOME="$tmp/state"

# --sandbox: the scripts and -c are confined too
mkdir sb; printf '1,2,3\n4,5,6\n' >sb/in.csv
printf 'seed 0; net 2 3 2\nload W1 in.csv\nsave W1 out.csv\nload W1 %s/victim/secret.csv\n' "$tmp" >sb/script.gl
out=$("$GRADLAB" --sandbox sb/script.gl 2>&1 >/dev/null); rc=$?
[ $rc = 1 ] && [ "$(printf '%s\n' "$out" | grep -c .)" = 1 ] &&
    printf '%s' "$out" | grep -q "script.gl:4: load: '.*' is an absolute path: a sandboxed script may only" &&
    [ -f "$XDG_STATE_HOME/gradlab/scratch/sandbox/out.csv" ] && [ ! -f sb/out.csv ] &&
    ok "--sandbox: a script reads its folder, writes its scratch folder, nothing else" || bad "--sandbox script (exit $rc)" "$out"
out=$("$GRADLAB" --sandbox -c 'logits 1 2; save s ../x.csv' 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "goes up a folder" && ok "--sandbox: -c too" || bad "--sandbox -c" "$out"
out=$("$GRADLAB" --sandbox -c 'lesson evil/t.lesson' -c trust 2>&1); rc=$?
[ $rc = 1 ] && printf '%s' "$out" | grep -q "a sandboxed script cannot lift its own confinement" && ok "--sandbox: no trust" ||
    bad "--sandbox trust" "$out"
out=$("$GRADLAB" -c "logits 1 2; save s $tmp/victim/own.csv" 2>&1); rc=$?
[ $rc = 0 ] && [ -f victim/own.csv ] && ok "without --sandbox, -c is the user's own" || bad "-c unconfined" "$out"

finish
