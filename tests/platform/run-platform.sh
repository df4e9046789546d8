#!/bin/sh
# gradlab on more than one compiler and system:
#   - the calls that differ between systems (/proc/self/exe, fopencookie,
#     funopen) sit in src/core/platform.c alone;
#   - the kernels' run-time dispatch is chosen by a feature test: gcc 11
#     and clang build them plain, with -Werror (when they are installed;
#     `make compilers` installs them and builds everything with each);
#   - the window lets SDL choose among the display drivers the environment
#     names a display for, never forcing x11 (probe drivers).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u CPPFLAGS -u LDFLAGS -u V make -C "$top" --no-print-directory "$@"; }

# ---- the system's own calls, in one file --------------------------------
for call in '"/proc/' 'fopencookie(' 'funopen(' '_NSGetExecutablePath('; do
    where=$(grep -rlF "$call" "$top/src" | sed "s|^$top/||" | grep -v '^src/core/platform\.c$')
    check "only src/core/platform.c calls $call" "$where" ""
done

# ---- other compilers: the kernels, the trainer and the platform file ----
objs="kernels/vmath.o kernels/matmul.o core/trainer.o core/platform.o core/files.o lang/record.o"
for cc in gcc-11 clang; do
    if ! command -v "$cc" >/dev/null 2>&1; then echo "skipped: $cc is not installed (make compilers installs it)"; continue; fi
    d="$tmp/b-$cc"
    if out=$(mk B="$d" CC="$cc" CFLAGS='-O2 -Werror' $(for o in $objs; do printf '%s ' "$d/$o"; done) 2>&1)
    then ok "$cc builds the kernels and the platform file with -Werror"
    else bad "$cc builds the kernels and the platform file with -Werror" "$out"; fi
    if grep -q GRADLAB_DISPATCH "$d/flags" 2>/dev/null; then bad "$cc: the kernels are built plain (no dispatch)"
    else ok "$cc: the kernels are built plain (no dispatch)"; fi
done
# the compiler that has it (gcc 12 on x86-64) gets the dispatch
gnuc=$(echo '__clang__ __GNUC__' | cc -E -P - 2>/dev/null | tr -d ' ')
case "$(uname -m) $gnuc" in "x86_64 __clang__"1[2-9]|"x86_64 __clang__"[2-9][0-9]) gcc12=1 ;; *) gcc12="" ;; esac
if [ -n "$gcc12" ] && ! grep -q "^clang " "$B/flags" 2>/dev/null; then  # the build under test is gcc's
    if grep -q GRADLAB_DISPATCH "$B/flags" 2>/dev/null; then ok "gcc 12 builds the kernels' copies"
    else bad "gcc 12 builds the kernels' copies" "$(cat "$B/flags" 2>/dev/null)"; fi
fi

# ---- the window's display drivers ---------------------------------------
probe="$B/probe"
if [ ! -x "$probe" ]; then bad "probe is built"; finish; fi
sdl=$(env -u DISPLAY -u WAYLAND_DISPLAY "$probe" drivers | sed -n 1p)
out=$(DISPLAY=:1 "$probe" drivers | sed -n 2p)
check "DISPLAY alone: SDL may choose x11" "$out" x11
out=$(WAYLAND_DISPLAY=wayland-1 "$probe" drivers | sed -n 2p)
check "WAYLAND_DISPLAY alone: SDL may choose wayland" "$out" wayland
out=$(DISPLAY=:1 WAYLAND_DISPLAY=wayland-1 "$probe" drivers | sed -n 2p)
want=$(printf '%s\n' "$sdl" | tr ',' '\n' | grep -x 'x11\|wayland' | paste -sd,)
check "both: SDL chooses, in its own order" "$out" "$want"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$probe" drivers | sed -n 2p)
case ",$out," in *,offscreen,*|*,dummy,*|*,KMSDRM,*|*,x11,*|*,wayland,*) bad "no display named: no headless driver" "$out" ;;
    *) ok "no display named: no headless driver, no x11 or wayland" ;; esac

finish
