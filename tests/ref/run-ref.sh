#!/bin/sh
# The independent reference (tests/ref/torch_ref.py: PyTorch autograd in
# float64 and 256-bit mpmath, on cases of its own): gradlab run on the same
# cases holds every value to the committed fixtures, 1e-12 relative
# (check_ref.py, plain python3); and where python3-torch, python3-numpy and
# python3-mpmath are installed, the script runs again and must reproduce
# its fixtures.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" "$here/check_ref.py" "$GRADLAB" "$tmp" >"$tmp/out" 2>&1
rc=$?
grep -v '^[0-9]* passed, [0-9]* failed$' "$tmp/out"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/out")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/out")
if [ -z "$p" ]; then
    bad "check_ref.py ended without its count (exit $rc)" "$(tail -5 "$tmp/out")"
else
    pass=$((pass + p)); fail=$((fail + f))
    [ $rc = 0 ] || [ "$f" != 0 ] || bad "check_ref.py: exit $rc"
fi
if "$py" -c 'import torch, numpy, mpmath' 2>/dev/null; then
    if (cd "$top" && "$py" tests/ref/torch_ref.py --check) >"$tmp/torch" 2>&1; then
        ok "torch_ref.py reproduces its fixtures ($(grep -c '^ok' "$tmp/torch") files)"
    else
        bad "torch_ref.py does not reproduce its fixtures" "$(cat "$tmp/torch")"
    fi
else
    echo "     (python3-torch not installed: the fixtures are not recomputed)"
fi
finish
