#!/bin/sh
# tests/lib.sh's cleanup at the end of a suite: a gradlab the suite started
# that would outlive it (here one reading a fifo that never ends, in a
# session of its own, as one stuck at exit or stopped by Ctrl-Z does) is
# stopped, and nothing of another run is touched; and the run's tmux server
# (tm) stays up between sessions.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
[ -x "$GRADLAB" ] || { bad "gradlab is built" "$GRADLAB"; finish; }
extra=""
trap 'for p in $extra; do kill "$p" 2>/dev/null; done; lib_cleanup' EXIT

# a run of its own (lib.sh in a child shell, its own $tmp and HOME) leaves a
# gradlab behind; it prints that gradlab's pid and exits
start_one() { # FILE: the pid goes there
    sh -c '
        . "$1/../lib.sh"
        mkfifo "$tmp/in" && setsid "$GRADLAB" --no-window <>"$tmp/in" >/dev/null 2>&1 &
        i=0
        while [ $i -lt 50 ]; do
            p=$(gradlab_pids "$tmp/home")
            [ -n "$p" ] && { echo "$p" >"$2"; exit 0; }
            sleep 0.1; i=$((i + 1))
        done' sh "$here" "$1"
}

# this run's own gradlab, which the other run must not touch
mkfifo "$tmp/in" || { bad "a fifo" ""; finish; }
setsid "$GRADLAB" --no-window <>"$tmp/in" >/dev/null 2>&1 &
mine=""
i=0
while [ -z "$mine" ] && [ $i -lt 50 ]; do
    mine=$(gradlab_pids "$tmp/home")
    [ -n "$mine" ] || sleep 0.1; i=$((i + 1))
done
[ -n "$mine" ] && alive "$mine" "this run's gradlab" && ok "this run's gradlab runs" ||
    { bad "this run's gradlab runs" "$gone"; finish; }
extra="$mine"

start_one "$tmp/pid"
other=$(cat "$tmp/pid" 2>/dev/null)
if [ -z "$other" ]; then
    bad "the other run's gradlab was found" ""
else
    ok "the other run's gradlab was found (pid $other)"
    i=0; while [ -d "/proc/$other" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
    if [ -d "/proc/$other" ] && ! grep -q '^State:.*Z' "/proc/$other/status" 2>/dev/null; then
        bad "the other run's cleanup stopped its gradlab" "pid $other still runs"
        kill -KILL "$other" 2>/dev/null
    else
        ok "the other run's cleanup stopped its gradlab"
    fi
fi
alive "$mine" "this run's gradlab" && ok "this run's gradlab is left alone" ||
    bad "this run's gradlab is left alone" "$gone"

# tm's server outlives its sessions: 100 short sessions, each started as the
# one before may be ending, all start (a server exiting with its last
# session refused 24 of 200 here)
i=0; refused=0
while [ $i -lt 100 ]; do
    tm new-session -d -s "short$i" "sleep 0.0$((i % 5))" 2>/dev/null || refused=$((refused + 1))
    sleep "0.0$((i * 7 % 6))"; i=$((i + 1))
done
check "100 short tmux sessions one after another: none refused" "$refused" 0
finish
