#!/bin/sh
# What #17 found about limits and the outside world, each as the issue
# says it (the numbers are its points): out of memory said as such, the
# state unchanged (8, 18); script read errors and endless lines (9);
# stdout that fails or closes (10); any number of -c and files, in the
# order given (11, 19); --lesson in batch mode, a Wayland display that is
# not there, HOME unset, a small stack (19, 20).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1
nl='
'
one_line() { # NAME FILE PATTERN: FILE holds exactly one line, matching PATTERN
    if [ "$(grep -c . "$2")" = 1 ] && grep -q -- "$3" "$2"; then ok "$1"; else bad "$1" "$(head -5 "$2")"; fi
}
# (the sanitizer's shadow memory does not fit a virtual-memory limit)
case "${ASAN_OPTIONS:-}" in *detect_leaks*) asan=1 ;; *) asan="" ;; esac

# ---- 8: out of memory is said so, the state unchanged ----------------
if [ -z "$asan" ]; then
    state='status; W1[0][0]'
    ( ulimit -v 400000; "$GRADLAB" -c 'net 2 3 2' -c 'net 4096 4096 4096' -c "$state" ) >out 2>err; rc=$?
    one_line "net too big for memory: one line" err "^gradlab: -c:1: net: out of memory (needed 513 MiB)$"
    check "net too big for memory: the old net stays" "$(grep -c '^net: 2-3-2' out)$rc" "11"
    python3 -c "
print((','.join(['1'] * 4096) + ',0\n') * 8180, end='')" >big.csv
    ( ulimit -v 400000; "$GRADLAB" -c 'data xor 4' -c "data load $tmp/big.csv" -c 'data' ) >out 2>err; rc=$?
    one_line "a CSV too big for memory: one line" err "data load: out of memory reading '.*big.csv' (needed [0-9]* MiB)"
    check "a CSV too big for memory: the data set stays" "$(tail -1 out)$rc" "data xor: 4 rows, 2 features, 2 classes (2 of class 0, 2 of class 1)1"
    ( ulimit -v 1400000; "$GRADLAB" -c 'data moons 1000000' -c 'net 2 32 2' -c 'W1[0][1]' -c 'train 1' -c 'W1[0][1]' ) >out 2>err; rc=$?
    one_line "train out of memory: one line" err "^gradlab: -c:1: train: out of memory (needed 550 MiB)$"
    check "train out of memory: the weights as they were" "$(grep -c 'W1\[0\]\[1\] = 0.283$' out)$rc" "21"
    rm -f big.csv
else
    echo "     (the out-of-memory checks need no sanitizer: skipped)"
fi

# ---- 18, and 8's predict: over the matrix limit, said so ---------------
"$GRADLAB" -c 'data moons 1000000' -c 'net 2 64 2' -c 'status' >out 2>err; rc=$?
if grep -q 'the data set (1000000 rows) is too big a batch for this network (1000000×64 values in one matrix; the limit is 33554432)' out &&
   ! grep -q 'does not fit' out && grep -q 'batch of 1 row' out && [ $rc = 0 ]; then ok "a data set too big for the net's batch is said so (net)"
else bad "a data set too big for the net's batch is said so (net)" "$(cat out err)"; fi
"$GRADLAB" -c 'net 2 64 2' -c 'data moons 1000000' -c 'status' >out 2>err; rc=$?
if grep -q 'the network keeps its batch: 1000000 rows of this data are too many for the 2-64-2 network (1000000×64 values in one matrix' out &&
   ! grep -q 'does not fit' out && [ $rc = 0 ]; then ok "a data set too big for the net's batch is said so (data)"
else bad "a data set too big for the net's batch is said so (data)" "$(cat out err)"; fi
python3 -c "print('net 1 4096 2'); print('predict [' + ', '.join(['[1]'] * 9000) + ']')" >predict.gl
"$GRADLAB" predict.gl >out 2>err; rc=$?
one_line "predict over the matrix limit: one line" err "predict: 9000 rows are too many for the 1-4096-2 network: 9000×4096 = 36864000 values in one matrix, over the limit of 33554432"
check "predict over the matrix limit: exit 1" "$rc" 1

# ---- 9: read errors, and lines over the limit ------------------------
"$GRADLAB" /proc/self/mem >out 2>err; rc=$?
one_line "a script that cannot be read: one line" err "^gradlab: /proc/self/mem: cannot read: Input/output error$"
check "a script that cannot be read: exit 1" "$rc" 1
"$GRADLAB" /dev/zero >out 2>err &
zpid=$!
sleep 1.5
if alive "$zpid" gradlab; then
    rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$zpid/status")
    if [ "${rss:-999999}" -lt 20000 ]; then ok "/dev/zero: read in bounded memory ($rss kB after 1.5 s)"
    else bad "/dev/zero: read in bounded memory" "VmRSS $rss kB"; fi
    kill -INT "$zpid"
    i=0; while alive "$zpid" gradlab && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if alive "$zpid" gradlab; then
        bad "/dev/zero: Ctrl-C ends it (still reading 5 s later)"; kill -KILL "$zpid"; wait "$zpid"
    else
        wait "$zpid"; check "/dev/zero: Ctrl-C ends it" "$?" 130
    fi
else
    bad "/dev/zero: gradlab still reads it after 1.5 s" "$gone"
fi
one_line "/dev/zero: the endless line refused at once, in one line" err "^gradlab: /dev/zero:1: line too long (over the limit of 1048576 bytes): not run$"

# ---- 10: stdout that fails or closes ----------------------------------
"$GRADLAB" -c 'logits 2 1 0.1; jacobian' >/dev/full 2>err; rc=$?
one_line "> /dev/full: one line" err "^gradlab: cannot write the output: No space left on device$"
check "> /dev/full: exit 1" "$rc" 1
for case in 'every=1' ''; do
    start=$(date +%s%N)
    ( timeout 20 "$GRADLAB" -c 'data moons 200' -c "net 2 50 2; train 100000000 $case"; echo $? >rc ) 2>err | head -1 >out
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "$ms" -lt 5000 ] && [ "$(cat rc)" = 141 ] && [ ! -s err ]; then ok "| head -1 stops train ${case:-printing nothing} at once ($ms ms, by SIGPIPE)"
    else bad "| head -1 stops train ${case:-printing nothing} at once" "$ms ms, status $(cat rc); $(cat err)"; fi
done

# ---- 11, 19: any number of -c and scripts, in the order given ---------
args=""; i=1
while [ $i -le 70 ]; do args="$args -c 'seed $i'"; printf 'seed %d\n' $((i + 100)) >s$i.gl; i=$((i + 1)); done
out=$(eval "\"$GRADLAB\" $args" 2>&1); rc=$?
check "70 -c all run" "$(printf '%s\n' "$out" | grep -c '^seed = ')$(printf '%s\n' "$out" | tail -1)$rc" "70seed = 700"
out=$("$GRADLAB" s*.gl 2>&1); rc=$?
check "70 scripts all run" "$(printf '%s\n' "$out" | grep -c '^seed = ')$rc" "700"
printf 'seed 1\n' >first.gl
out=$("$GRADLAB" first.gl -c 'seed 2' -c 'seed' 2>&1)
check "FILE -c CMD runs in the order given" "$out" "seed = 1${nl}seed = 2${nl}seed = 2"

# ---- 19, 20: --lesson in batch mode, Wayland, the stack ----------------
"$GRADLAB" --lesson softmax -c 'seed 1' >out 2>err; rc=$?
one_line "--lesson in batch mode: says why not" err "^gradlab: --lesson plays a lesson in the REPL"
check "--lesson in batch mode: exit 2, nothing run" "$(cat out)$rc" 2
env -u DISPLAY WAYLAND_DISPLAY=wayland-not-here XDG_RUNTIME_DIR="$tmp" "$GRADLAB" -c 'window on' >out 2>err
one_line "a Wayland display that is not there: one line" err "cannot start the window: no Wayland display 'wayland-not-here'"
env -u DISPLAY -u XDG_RUNTIME_DIR WAYLAND_DISPLAY=wayland-not-here "$GRADLAB" -c 'window on' >out 2>err
one_line "the same without XDG_RUNTIME_DIR: one line" err "cannot start the window: no Wayland display 'wayland-not-here'"
( ulimit -S -s 64; "$GRADLAB" -c "logits 1 2; snapshot $tmp/s.png" ) >out 2>err; rc=$?
check "ulimit -S -s 64: the snapshot is drawn (the limit raised)" "$(tail -1 out)$rc" "saved $tmp/s.png (1280x800)0"
( ulimit -s 64; "$GRADLAB" -c "logits 1 2; snapshot $tmp/s.png" ) >out 2>err; rc=$?
one_line "ulimit -s 64 (hard): says so at start" err "^gradlab: the stack limit is 64 KiB (ulimit -s); gradlab needs 256 KiB"
check "ulimit -s 64 (hard): exit 2, nothing run" "$(cat out)$rc" 2
finish
