#!/bin/sh
# .npy files (issue 16): load, save, data load/save and diagnose with
# numpy's files. The fixtures in tests/ref/npy were written by numpy
# (tests/ref/make_npy.py): gradlab reads each good one and writes np.save's
# bytes back, refuses each bad one with one line and changes nothing.
# When Debian's python3-numpy is there, numpy also reads what gradlab
# writes, bit for bit, in the shapes numpy users expect.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
ref="$top/tests/ref/npy"
cd "$tmp" || exit 1
PY=/usr/bin/python3
has_numpy=0
"$PY" -c 'import numpy' 2>/dev/null && has_numpy=1

# ---- numpy's files in, and the same bytes out (no Python needed) ----------
"$GRADLAB" -c 'net 3 4 2' -c "load W1 $ref/f8_fortran.npy" -c 'save W1 w1.npy' >out.txt 2>&1; rc=$?
if [ $rc = 0 ] && cmp -s w1.npy "$ref/f8_c.npy"; then
    ok "load a Fortran-order float64 array, save it: np.save's bytes of the C-order array"
else
    bad "Fortran order in, np.save's bytes out (exit $rc)" "$(cat out.txt; cmp w1.npy "$ref/f8_c.npy")"
fi
"$GRADLAB" -c 'net 3 4 2' -c "load W1 $ref/f8_big.npy" -c 'save W1 big.npy' >out.txt 2>&1; rc=$?
"$GRADLAB" -c "logits 1 2 3" -c "load z $ref/f8_1d.npy" -c 'save z z.npy' -c "load z $ref/f8_1d_one.npy" \
    -c "save z one.npy" >>out.txt 2>&1; rc2=$?
if [ $rc = 0 ] && [ $rc2 = 0 ] && cmp -s big.npy "$ref/f8_c.npy" && cmp -s z.npy "$ref/f8_1d.npy" &&
   cmp -s one.npy "$ref/f8_1d_one.npy"; then
    ok "big-endian and 1-d arrays: loaded, saved as np.save writes them (z as shape (3,))"
else
    bad "big-endian, 1-d (exit $rc $rc2)" "$(cat out.txt)"
fi
"$GRADLAB" -c 'net 2 3 2' -c "load reg $ref/f8_0d.npy" -c 'save reg reg.npy' >out.txt 2>&1; rc=$?
"$GRADLAB" -c 'net 2 3 2' -c 'x = [[1, 2], [3, 4], [5, 6], [7, 8]]' -c "load y $ref/labels_i8.npy" -c 'format csv' \
    -c 'y' >y.txt 2>&1; rc2=$?
if [ $rc = 0 ] && [ $rc2 = 0 ] && cmp -s reg.npy "$ref/f8_0d.npy" && grep -q '^reg = 0.01$' out.txt &&
   [ "$(tail -4 y.txt | tr '\n' ' ')" = "1,0 0,1 0,1 1,0 " ]; then
    ok "a 0-d array is reg (saved back as shape ()), int64 labels are y"
else
    bad "0-d reg, int64 labels (exit $rc $rc2)" "$(cat out.txt y.txt)"
fi

# ---- data sets ---------------------------------------------------------------
"$GRADLAB" -c "data load $ref/data.npy" -c 'data save d.npy' -c 'data save d.csv' >out.txt 2>&1; rc=$?
if [ $rc = 0 ] && grep -q '^data data.npy: 6 rows, 2 features, 3 classes (2 of class 0, 2 of class 1, 2 of class 2)$' out.txt &&
   cmp -s d.npy "$ref/data.npy"; then
    ok "data load F.npy (features..., label); data save F.npy writes it back byte for byte"
else
    bad "data load/save .npy (exit $rc)" "$(cat out.txt)"
fi
"$GRADLAB" -c "data load $ref/f8_1d.npy" >out.txt 2>&1; rc=$?
check "data load of a 1-d array: refused, one line" "$rc $(cat out.txt)" \
    "1 gradlab: -c:1: data load: '$ref/f8_1d.npy' holds a 1-d array: a data set is 2-d, one row per point (features..., label)"
"$GRADLAB" -c "data load $ref/f8_nonfinite.npy" >out.txt 2>&1; rc=$?
check "data load with a nan feature: refused" "$rc $(cat out.txt)" \
    "1 gradlab: -c:1: data load: '$ref/f8_nonfinite.npy' row 1: feature 1 is nan: data must be finite"

# ---- what is refused: one line, nothing changed ---------------------------
before=$("$GRADLAB" -c 'seed 3; net 3 4 2; format json; W1' 2>&1)
n=0; nbad=0; detail=""
for f in "$ref"/*.npy; do
    name=$(basename "$f" .npy)
    grep -q "^bad $name " "$ref/expect.txt" || continue
    n=$((n + 1))
    out=$("$GRADLAB" -c 'seed 3; net 3 4 2; format json' -c "load W1 $f" -c 'W1' 2>err.txt); rc=$?
    if [ $rc != 1 ] || [ "$(grep -c . err.txt)" != 1 ] || ! grep -q "^gradlab: -c:1: load: '$f" err.txt ||
       [ "$(printf '%s\n' "$out" | tail -1)" != "$(printf '%s\n' "$before" | tail -1)" ]; then
        nbad=$((nbad + 1)); detail="$detail$name (exit $rc): $(cat err.txt)
"
    fi
done
if [ $n -ge 30 ] && [ $nbad = 0 ]; then
    ok "$n bad .npy files refused with one line each, W1 unchanged"
else
    bad "bad .npy files: $nbad of $n wrong" "$detail"
fi
"$GRADLAB" -c 'logits 1 2 3' -c "load z $ref/f8_nonfinite.npy" >out.txt 2>&1; rc=$?
check "load z with nan: refused, naming the entry" "$rc $(tail -1 out.txt)" \
    "1 gradlab: -c:1: load: '$ref/f8_nonfinite.npy' holds nan at [0, 0]: z takes finite numbers and -inf"
mkfifo fifo.npy
timeout 5 "$GRADLAB" -c 'logits 1 2 3' -c 'load z fifo.npy' >out.txt 2>&1; rc=$?
check "a FIFO named .npy: refused at once" "$rc $(tail -1 out.txt)" \
    "1 gradlab: -c:1: load: 'fifo.npy' is not a regular file (a FIFO)"

# ---- diagnose NAME F.npy ------------------------------------------------------
"$GRADLAB" -c 'logits 2 1 0.1 3' -c 'save J j.npy' -c 'diagnose J j.npy' >out.txt 2>&1; rc=$?
if [ $rc = 0 ] && grep -q '^verdict: right' out.txt; then
    ok "diagnose J F.npy: gradlab's own J saved as .npy is right"
else
    bad "diagnose J F.npy (exit $rc)" "$(cat out.txt)"
fi

# ---- numpy reads what gradlab writes -------------------------------------------
if [ $has_numpy = 0 ]; then
    ok "python3-numpy is not installed: numpy's side skipped (the fixtures above hold its files)"
    finish
fi
"$GRADLAB" -c 'seed 0; net 2 3 2; x = [[0.5, -1.2], [1e-310, 3]]; y = [1, 0]; backward; logits 2 1 0.1 -inf 1e-300' \
    -c 'save J j.npy; save J j.csv; save z z.npy; save z z.csv; save W1 w1.npy; save W1 w1.csv' \
    -c 'save b1 b1.npy; save b1 b1.csv; save loss loss.npy; save loss loss.csv; save dW1 dw1.npy; save dW1 dw1.csv' \
    -c 'data moons 50 noise=0.2; data save m.npy; data save m.csv' >out.txt 2>&1; rc=$?
if [ $rc != 0 ]; then
    bad "saving for numpy (exit $rc)" "$(cat out.txt)"
elif "$PY" - >py.txt 2>&1 <<'PY'
import io, numpy as np
def same(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
shapes = {"j": (5, 5), "z": (5,), "w1": (2, 3), "b1": (3,), "loss": (), "dw1": (2, 3), "m": (50, 3)}
for name, shape in shapes.items():
    a = np.load(name + ".npy")
    # the CSV holds the shortest decimals that read back: the same doubles
    c = np.loadtxt(name + ".csv", delimiter=",", ndmin=2).reshape(shape)
    assert a.dtype == np.float64 and a.shape == shape, (name, a.dtype, a.shape)
    assert same(a, c), (name, a, c)
    buf = io.BytesIO()
    np.save(buf, a)
    assert buf.getvalue() == open(name + ".npy", "rb").read(), name + ": np.save writes other bytes"
print("ok")
PY
then
    ok "numpy reads J, z, W1, b1, loss, dW1 and a data set as gradlab wrote them, bit for bit, in numpy's shapes"
else
    bad "numpy reading gradlab's files" "$(cat py.txt)"
fi

# numpy -> gradlab -> numpy, with values of every kind of double
"$PY" - <<'PY'
import numpy as np
r = np.random.RandomState(7)
x = r.standard_normal((40, 3)) * 10.0 ** r.randint(-300, 300, (40, 3))
x[0, :] = [5e-324, -0.0, 2.2250738585072014e-308]
np.save("x.npy", x)
np.save("xf.npy", np.asfortranarray(x.astype(">f8")))
np.save("z.npy", np.array([3.0, -np.inf, 0.1], dtype=np.float32))
PY
"$GRADLAB" -c 'net 3 2 2' -c 'load x x.npy; save x x2.npy; load x xf.npy; save x x3.npy' \
    -c 'load z z.npy; save z z2.npy' >out.txt 2>&1; rc=$?
if [ $rc = 0 ] && cmp -s x.npy x2.npy && cmp -s x.npy x3.npy &&
   "$PY" -c 'import numpy as np; z = np.load("z2.npy"); assert z.dtype == np.float64 and list(z) == [3.0, -np.inf, np.float32(0.1)]'; then
    ok "numpy -> gradlab -> numpy: every bit kept (subnormals, -0, big-endian Fortran, float32 with -inf)"
else
    bad "numpy -> gradlab -> numpy (exit $rc)" "$(cat out.txt)"
fi
finish
