#!/bin/sh
# The same bits on every machine: tests/bits/bits.c (the tutorial's trained
# weights, a 784-128-10 pass forward and backward with every kernel of the
# matrix product, every vmath function over a grid) built several ways,
# each run printing a hash of its outputs; every build must print what the
# plain one prints:
#   gcc -O2 with the run-time copies (GRADLAB_DISPATCH, kernels/dispatch.h:
#       the processor's best copy runs), where gcc can build them
#   gcc -O2 and -O0 of the plain x86-64 copy only (no GRADLAB_DISPATCH)
#   gcc -O2 -march=x86-64-v3 and -v4 (AVX2 and FMA, AVX-512), one copy,
#       where the processor has them: the vectorised copies' code
#   clang -O2 and -O2 -march=x86-64-v3, and -O0, where clang is installed
# Every build takes the Makefile's NUM_CFLAGS (make num-cflags): without its
# -ffp-contract=off clang fuses multiplies and adds where the target has FMA.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$top" || exit 1
SRC="tests/bits/bits.c $(ls src/kernels/*.c src/core/*.c | tr '\n' ' ')"
# the Makefile's flags for the numbers (-std=c11 -ffp-contract=off)
num=$(make -s --no-print-directory num-cflags) || { bad "make num-cflags failed"; finish; }
FLAGS="$num -D_POSIX_C_SOURCE=200809L -Isrc/kernels -Isrc/core -w"

has() { # x86-64-v3 / x86-64-v4: does this processor run it?
    case $1 in
    x86-64-v3) grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo ;;
    x86-64-v4) grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo &&
               grep -qw avx512vl /proc/cpuinfo && grep -qw avx512dq /proc/cpuinfo ;;
    esac
}

# name|compiler|flags
builds="gcc-O2-plain|gcc|-O2"
dispatch=$(make -s --no-print-directory CC=gcc dispatch-cflags)
if [ -n "$dispatch" ]; then
    builds="$builds
gcc-O2-copies|gcc|-O2 $dispatch"
else
    echo "     (gcc cannot build the run-time copies here: the kernels are plain)"
fi
builds="$builds
gcc-O0-plain|gcc|-O0"
for v in x86-64-v3 x86-64-v4; do
    if [ "$(uname -m)" = x86_64 ] && has $v; then
        builds="$builds
gcc-O2-$v|gcc|-O2 -march=$v"
    else
        echo "     (this processor has no $v: that copy is not built)"
    fi
done
if command -v clang >/dev/null 2>&1; then
    builds="$builds
clang-O2|clang|-O2
clang-O0|clang|-O0"
    if [ "$(uname -m)" = x86_64 ] && has x86-64-v3; then
        builds="$builds
clang-O2-x86-64-v3|clang|-O2 -march=x86-64-v3"
    fi
else
    echo "     (clang is not installed: make check-clang installs it)"
fi

# build two at a time
echo "$builds" >"$tmp/builds"
i=0
while IFS='|' read -r name cc flags; do
    $cc $FLAGS $flags -o "$tmp/bits-$name" $SRC -lm >"$tmp/build-$name.log" 2>&1 &
    i=$((i + 1))
    [ $((i % 2)) = 0 ] && wait
done <"$tmp/builds"
wait

ref=""
for name in $(echo "$builds" | cut -d'|' -f1); do
    if [ ! -x "$tmp/bits-$name" ]; then
        bad "$name: did not build" "$(tail -5 "$tmp/build-$name.log")"
        continue
    fi
    if ! "$tmp/bits-$name" >"$tmp/out-$name" 2>"$tmp/err-$name"; then
        bad "$name: the kernels disagree within the run" "$(cat "$tmp/err-$name")"
        continue
    fi
    if [ -z "$ref" ]; then
        ref=$name
        sed 's/^/     /' "$tmp/out-$name"
        ok "$name: $(wc -l <"$tmp/out-$name") outputs"
    elif cmp -s "$tmp/out-$ref" "$tmp/out-$name"; then
        ok "$name: the same bits as $ref"
    else
        bad "$name: other bits than $ref" "$(diff "$tmp/out-$ref" "$tmp/out-$name")"
    fi
done
finish
