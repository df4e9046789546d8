#!/bin/sh
# The same bits from every build of gradlab itself: tests/bits/builds.gl
# (the tutorial's 20000 passes, part of cs231n's relu run, a sigmoid net on
# soft targets with reg, the Jacobian of confident and spread logits, their
# checks, gradcheck, mistake, explain at 17 digits; json prints numbers
# that read back exactly) run by
#   the gradlab under test ($GRADLAB: `make test`'s -O2 build, `make
#       sanitize`'s ASan+UBSan -O1 build, `make check-clang`'s clang build)
#   gcc -O0, the plain copy of the kernels only (no run-time copies)
#   clang -O2 -march=x86-64-v3 -ffp-contract=fast (FMA at hand, the
#       kernels' AVX2 copy compiled by another compiler, and CFLAGS that
#       ask for fused multiply-adds: the Makefile's -ffp-contract=off comes
#       after them) where clang is installed and the processor has AVX2;
#       else the same with gcc; else gcc -O3 -ffp-contract=fast
# must print the same bytes. Builds go to this run's own folder. Also: the
# build under test was compiled with -ffp-contract=off ($B/flags), and
# -ffast-math stops a build.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
cd "$top" || exit 1
script=tests/bits/builds.gl

avx2() { [ "$(uname -m)" = x86_64 ] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; }

# name|compiler|CFLAGS|HAVE_DISPATCH
other="gcc-O3|gcc|-O3 -ffp-contract=fast|1"
if avx2; then
    other="gcc-O2-x86-64-v3|gcc|-O2 -march=x86-64-v3 -ffp-contract=fast|"
    command -v clang >/dev/null 2>&1 &&
        other="clang-O2-x86-64-v3|clang|-O2 -march=x86-64-v3 -ffp-contract=fast|"
else
    echo "     (this processor has no AVX2 and FMA: gcc -O3 instead)"
fi
command -v clang >/dev/null 2>&1 || echo "     (clang is not installed: make check-clang installs it)"
builds="gcc-O0-plain|gcc|-O0|
$other"

# each build with nothing of the outer make's (CI's CFLAGS=-Werror and so
# on): the compiler, -O and the Makefile's own flags (-ffp-contract=off)
echo "$builds" >"$tmp/builds"
while IFS='|' read -r name cc flags dispatch; do
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u V make -s --no-print-directory \
        B="$tmp/$name" CC="$cc" CFLAGS="$flags" CPPFLAGS= LDFLAGS= HAVE_DISPATCH="$dispatch" \
        "$tmp/$name/gradlab" >"$tmp/build-$name.log" 2>&1 &
done <"$tmp/builds"
wait

# the build under test: its flags end with -ffp-contract=off, no fast-math
flags=$(cut -d'|' -f2 "$B/flags" 2>/dev/null | sed 's/ *$//')
case "$flags" in
*-ffp-contract=off) ok "$(basename "$B") was built with -ffp-contract=off last" ;;
*) bad "$(basename "$B") was not built with -ffp-contract=off last" "$flags" ;;
esac
case "$flags" in
*fast-math*|*-Ofast*) bad "$(basename "$B") was built with fast maths" "$flags" ;;
*) ok "$(basename "$B") was built without fast maths" ;;
esac
out=$(echo '#include "dispatch.h"' | gcc -std=c11 -ffast-math -Isrc/kernels -x c -c -o /dev/null - 2>&1)
case "$out" in
*"build without -ffast-math"*) ok "-ffast-math stops the build" ;;
*) bad "-ffast-math does not stop the build" "$out" ;;
esac

"$GRADLAB" "$script" >"$tmp/out-ref" 2>&1
rc=$?
check "the gradlab under test runs $script" "$rc" 0
n=$(grep -c '^{' "$tmp/out-ref")
check "it prints the training runs' losses (json)" "$(grep -c '"report":"train","iteration"' "$tmp/out-ref")" 23
[ "$n" -gt 100 ] && ok "$n json values" || bad "only $n json values" "$(head -20 "$tmp/out-ref")"

while IFS='|' read -r name cc flags dispatch; do
    if [ ! -x "$tmp/$name/gradlab" ]; then
        bad "$name: did not build" "$(tail -5 "$tmp/build-$name.log")"
        continue
    fi
    "$tmp/$name/gradlab" "$script" >"$tmp/out-$name" 2>&1
    if cmp -s "$tmp/out-ref" "$tmp/out-$name"; then
        ok "$name ($cc $flags): the same bytes as $(basename "$GRADLAB") ($(wc -c <"$tmp/out-ref") bytes)"
    else
        bad "$name ($cc $flags): other numbers than $GRADLAB" \
            "$(diff "$tmp/out-ref" "$tmp/out-$name" | cut -c1-200 | head -20)"
    fi
done <"$tmp/builds"
finish
