# tests/lib.sh: what the shell suites share. Each tests/*/run-*.sh starts
#     here=$(cd "$(dirname "$0")" && pwd)
#     . "$here/../lib.sh"
# and ends with `finish`. Sourcing it gives:
#   top        the repository root; GRADLAB and B as absolute paths
#   tmp        a folder of this run's own (mktemp -d), removed at exit
#              together with the tmux server and the Xvfb started below
#   a private environment: HOME and XDG_STATE_HOME inside tmp; no
#              GRADLAB_HISTORY, GRADLAB_LESSONS, GRADLAB_WINDOW_LIB; no
#              display, no session bus, no runtime folder, no outer tmux: a
#              run touches nothing of the user's and nothing of another run
#   ok NAME, bad NAME [DETAIL], check NAME GOT WANT: count one check
#   finish     prints "N passed, N failed" and exits 0 when none failed
#   alive PID WHAT     the process runs (not gone, not a zombie); when not,
#                      returns 1 with the reason in $gone
#   tm ARGS...         tmux on the run's own socket ($tmp/tmux.sock, no
#                      config file read; the server stays up between
#                      sessions); tm_alive SESSION as alive
#   tm_screen SESSION [FLAGS]  the pane's text (capture-pane -p FLAGS); when
#                      the session is gone, "($gone)" and returns 1
#   tm_wait SESSION PATTERN [FLAGS]  up to 10 s until the pane's text
#                      matches PATTERN (grep -E); the text last read in $scr;
#                      tm_wait_last the same for its last line not empty
#   tm_gradlab SESSION the gradlab running under the pane's shell: its pid
#                      in $gp (no pgrep on a minimal system)
#   seen PATTERN NAME  check NAME: the suite's own wait_for PATTERN holds;
#                      when not, the detail is the suite's own screen
#   xvfb_start [SCREEN]  a private X server on a display no other server
#                      has (x_taken), tried again on the next when it fails:
#                      sets XPID and exports DISPLAY; xvfb_from=N starts the
#                      search at N (default: from this shell's pid)
#   x_taken N          display N has a socket file, a lock file or an
#                      abstract socket (the last is shared by every /tmp of
#                      the network namespace: a chroot's server has one too)
#   unused_display     a DISPLAY that no X server answers

top=${top:-$(cd "$(dirname "$0")/../.." && pwd)}
GRADLAB=${GRADLAB:-$top/gradlab}
case $GRADLAB in /*) ;; *) GRADLAB="$top/$GRADLAB" ;; esac
B=${B:-build}
case $B in /*) ;; *) B="$top/$B" ;; esac
export GRADLAB B

pass=0; fail=0; gone=""; XPID=""; xvfb_from=""
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradlab-test.XXXXXX") || { echo "FAIL cannot make a temp folder"; echo "0 passed, 1 failed"; exit 1; }

# the gradlab processes of this run (their HOME is ours) that outlive its
# tmux server: one stopped with Ctrl-Z, or a sanitizer build stuck in its
# leak check at exit, would otherwise spin on after the run (and keep
# writing into $tmp while it is removed)
lib_reap() {
    for p in $(gradlab_pids "$tmp/home"); do kill -KILL "$p" 2>/dev/null; done
}

# the pids of the running gradlab processes whose HOME is $1
gradlab_pids() {
    for e in /proc/[0-9]*/environ; do
        p=${e#/proc/}; p=${p%/environ}
        case $(readlink "/proc/$p/exe" 2>/dev/null) in */gradlab) ;; *) continue ;; esac
        tr '\0' '\n' <"$e" 2>/dev/null | grep -qx "HOME=$1" && echo "$p"
    done
}

lib_cleanup() {
    [ -S "$tmp/tmux.sock" ] && tmux -S "$tmp/tmux.sock" kill-server 2>/dev/null
    lib_reap
    if [ -n "$XPID" ]; then kill "$XPID" 2>/dev/null; wait "$XPID" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$tmp/home" "$tmp/state"
export HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" NO_COLOR=1
unset GRADLAB_HISTORY GRADLAB_LESSONS GRADLAB_WINDOW_LIB \
      DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER XDG_RUNTIME_DIR DBUS_SESSION_BUS_ADDRESS \
      XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME TMUX TMUX_PANE

ok() { pass=$((pass + 1)); echo "ok   $1"; }
# the detail, indented: all of it up to 40 lines, else its first 10 and last 29
bad() {
    fail=$((fail + 1)); echo "FAIL $1"
    [ -n "$2" ] || return 0
    printf '%s\n' "$2" | awk '{ l[NR] = $0 }
        END { for (i = 1; i <= NR; i++)
                  if (NR <= 40 || i <= 10 || i > NR - 29) print "    " l[i]
                  else if (i == 11) print "    ..." }'
}
check() { # name, got, want
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "$(printf 'want: %s\ngot:  %s' "$3" "$2")"; fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]; exit
}

alive() { # PID WHAT
    gone=""
    if [ -z "$1" ]; then gone="$2 was never started"; return 1; fi
    if ! kill -0 "$1" 2>/dev/null; then gone="$2 (pid $1) is not running"; return 1; fi
    if [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" = Z ]; then
        gone="$2 (pid $1) has ended (a zombie)"; return 1
    fi
    return 0
}

# the run's server stays up when its last session ends (exit-empty off):
# by default it exits then, and a session started meanwhile fails ("server
# exited unexpectedly": 24 of 200 quick sessions here); lib_cleanup stops it
tm() {
    [ -S "$tmp/tmux.sock" ] || tmux -f /dev/null -S "$tmp/tmux.sock" start-server \; set -g exit-empty off
    tmux -f /dev/null -S "$tmp/tmux.sock" "$@"
}
tm_alive() { # SESSION
    gone=""
    tm has-session -t "$1" 2>/dev/null && return 0
    gone="the tmux session '$1' is gone"; return 1
}
tm_screen() { # SESSION [capture-pane flags]
    s_=$1; shift
    if tm_alive "$s_"; then tm capture-pane -p "$@" -t "$s_"; else echo "($gone)"; return 1; fi
}
tm_wait() { # SESSION PATTERN [capture-pane flags]
    tm_until_ cat "$@"
}
tm_wait_last() { # SESSION PATTERN
    tm_until_ tm_last_ "$@"
}
tm_last_() { grep -v '^$' | tail -1; }
tm_until_() { # FILTER SESSION PATTERN [capture-pane flags]: FILTER of the text matches
    f_=$1; s_=$2; p_=$3; shift 3
    i_=0
    while [ $i_ -lt 100 ]; do
        scr=$(tm_screen "$s_" "$@") || return 1
        printf '%s\n' "$scr" | $f_ | grep -qE "$p_" && return 0
        sleep 0.1; i_=$((i_ + 1))
    done
    return 1
}
seen() { # PATTERN NAME
    if wait_for "$1"; then ok "$2"; else bad "$2" "$(screen)"; fi
}
tm_gradlab() { # SESSION
    gp=""
    shell_=$(tm display-message -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 1
    for st_ in /proc/[0-9]*/stat; do
        set -- $(cat "$st_" 2>/dev/null)
        [ "$2" = "(gradlab)" ] && [ "$4" = "$shell_" ] && gp=$1
    done
    [ -n "$gp" ]
}

x_taken() { # N
    [ -e "/tmp/.X11-unix/X$1" ] || [ -e "/tmp/.X$1-lock" ] ||
        grep -q "@/tmp/.X11-unix/X$1\$" /proc/net/unix 2>/dev/null
}
# Not Xvfb -displayfd alone: it only looks at its own /tmp's lock files, so
# a server in a chroot and one outside it could both take a number. Here
# the number is chosen free of all three marks, and Xvfb is told it: with
# a display given, it exits when any of its sockets is taken (another run
# chose the same number a moment before), and the next number is tried.
# -noreset: by default an X server resets when its last client leaves, and
# a client connecting during the reset is dropped (a gradlab started just
# after the previous one quit said "the display does not answer").
xvfb_start() { # [SCREEN]: until the server says it is ready on its display (10 s a try)
    xn_=${xvfb_from:-$((100 + $$ % 800))}
    xt_=0
    while [ $xt_ -lt 20 ]; do
        while x_taken "$xn_"; do xn_=$((xn_ + 1)); done
        : >"$tmp/xvfb.dpy"
        Xvfb ":$xn_" -noreset -displayfd 3 -screen 0 "${1:-1600x1000x24}" -nolisten tcp 3>"$tmp/xvfb.dpy" >"$tmp/xvfb.log" 2>&1 &
        XPID=$!
        xi_=0
        while ! grep -q '^[0-9][0-9]*$' "$tmp/xvfb.dpy" && [ $xi_ -lt 100 ] && alive "$XPID" Xvfb; do
            sleep 0.1; xi_=$((xi_ + 1))
        done
        if [ "$(cat "$tmp/xvfb.dpy")" = "$xn_" ] && alive "$XPID" Xvfb; then
            DISPLAY=":$xn_"
            export DISPLAY
            return 0
        fi
        kill "$XPID" 2>/dev/null; wait "$XPID" 2>/dev/null; XPID=""
        xn_=$((xn_ + 1)); xt_=$((xt_ + 1))
    done
    gone="Xvfb started on none of 20 displays (the last said: $(tail -1 "$tmp/xvfb.log"))"
    return 1
}

# "unix:N" makes Xlib use the local socket only (":N" falls back to TCP
# port 6000+N); N has no socket file, no abstract socket and no lock file
unused_display() {
    n=9876
    while x_taken "$n"; do n=$((n + 1)); done
    echo "unix:$n"
}
