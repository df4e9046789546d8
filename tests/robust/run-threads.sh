#!/bin/sh
# The kernels' helper threads (src/kernels/pool.c) spin for a moment after
# a job and then sleep: a gradlab on two threads that has just shared the
# work of a 784-128-10 batch of 256 (and a training pass of it) uses no
# CPU once idle. gradlab reads its commands from a FIFO that stays open,
# so it waits for the next line as a user's session does.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$tmp" || exit 1

# 256 rows of 784 features and a class, every value fixed
awk 'BEGIN { for (i = 0; i < 256; i++) { line = ""
    for (j = 0; j < 784; j++) line = line sprintf("%.3f,", ((i * 31 + j * 17) % 101) / 101)
    print line (i % 10) } }' >b256.csv

mkfifo in || { bad "mkfifo"; finish; }
GRADLAB_THREADS=2 "$GRADLAB" <in >out 2>err &
pid=$!
exec 3>in
printf '%s\n' 'seed 1; net 784 128 10' "data load $tmp/b256.csv" 'backward' 'train 2 lr=0.001' 'forward' 'loss' 'seed 7' >&3
# the last command's line says every command before it has ended (the
# loss's line alone comes before its command's end: under ASan that tail
# took 80 ms of CPU inside the idle second)
i=0
while [ $i -lt 100 ] && ! grep -q '^seed = 7$' out; do sleep 0.1; i=$((i + 1)); done
if grep -q '^loss = ' out && grep -q '^seed = 7$' out; then ok "gradlab on two threads ran the batch of 256 and trained on it"
else bad "the batch of 256 on two threads" "$(cat out err | tail -5)"; fi

# the helper is there (the work was shared), then idle: CPU time over a
# second from /proc/PID/stat (utime + stime, in ticks), read only while
# gradlab runs
if alive "$pid" gradlab; then
    threads=$(ls "/proc/$pid/task" | wc -l)
    [ "$threads" -ge 2 ] && ok "a helper thread started ($threads threads)" ||
        bad "no helper thread: the batch of 256 was not shared ($threads thread)"
else
    bad "gradlab runs" "$gone"
fi
hz=$(getconf CLK_TCK)
cpu() { alive "$pid" gradlab && awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
sleep 0.3                                   # past the helpers' spin
if c0=$(cpu) && sleep 1 && c1=$(cpu); then
    used=$((c1 - c0))
    echo "     idle CPU over 1 s after the shared work: $used ticks of $hz"
    [ $((used * 100)) -le "$hz" ] && ok "no thread spins when idle ($used ticks in 1 s)" ||
        bad "busy when idle: $used ticks of $hz in 1 s"
else
    bad "idle CPU not measured" "$gone"
fi

exec 3>&-
i=0
while alive "$pid" gradlab && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if alive "$pid" gradlab; then bad "gradlab ends at the end of its input"; kill -KILL "$pid"; fi
wait "$pid"
check "gradlab ends at the end of its input, status 0" "$?" 0
finish
