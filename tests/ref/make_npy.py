#!/usr/bin/python3
"""Fixtures for gradlab's .npy reader and writer (src/core/npy.c), written
by numpy itself. Run from the repository root:
    /usr/bin/python3 tests/ref/make_npy.py
(rewrites tests/ref/npy/*.npy and tests/ref/npy/expect.txt).

Each good file is an array numpy wrote (np.save, or np.lib.format's
write_array for versions 2.0 and 3.0), of a dtype, byte order, order and
number of dimensions gradlab reads; expect.txt gives, one line each,

    good NAME NDIM ROWS COLS SAME HEX...

with the values gradlab must return as the bits of each double, row-major
(HEX: 16 hex digits each), and SAME = 1 when np.save would write these
values as exactly this file (float64, C order, version 1.0): then gradlab's
writer must give the file byte for byte. Each bad file is one gradlab must
refuse, with a line that holds the words after its name:

    bad NAME WORDS OF THE ERROR

tests/unit/test_npy.c reads them (no Python needed); tests/npy/run-npy.sh
also checks, when python3-numpy is present, that numpy reads what gradlab
writes."""
import io
import os
import struct
import numpy as np

out = "tests/ref/npy/"
lines = []


def bits(a):
    return " ".join("%016x" % struct.unpack("<Q", struct.pack("<d", float(v)))[0]
                    for v in np.asarray(a, dtype=np.float64).ravel(order="C"))


def shape2(a):
    if a.ndim == 0:
        return 1, 1
    if a.ndim == 1:
        return 1, a.shape[0]
    return a.shape


def good(name, a, version=None):
    path = out + name + ".npy"
    with open(path, "wb") as f:
        if version is None:
            np.save(f, a)
        else:
            np.lib.format.write_array(f, a, version=version)
    same = 0
    if a.dtype == np.float64 and a.dtype.byteorder in "=<" and a.flags.c_contiguous:
        buf = io.BytesIO()
        np.save(buf, a)
        same = int(buf.getvalue() == open(path, "rb").read())
    r, c = shape2(a)
    lines.append("good %s %d %d %d %d %s" % (name, a.ndim, r, c, same, bits(a)))


def bad(name, data, words):
    with open(out + name + ".npy", "wb") as f:
        f.write(data)
    lines.append("bad %s %s" % (name, words))


def saved(a, **kw):
    buf = io.BytesIO()
    np.save(buf, a, **kw)
    return buf.getvalue()


def header(d, version=(1, 0), pad=True):
    """a prefix and header as numpy's writer makes them, for a dict text d"""
    h = d.encode("latin1")
    if pad:
        h += b" " * (63 - (len(h) + (10 if version == (1, 0) else 12)) % 64) + b"\n"
    fmt = "<H" if version == (1, 0) else "<I"
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(h)) + h


def bad_header(name, d, at, size=8):
    """a header numpy's reader also refuses: the error points at byte d.index(at)"""
    bad(name, header(d) + bytes(size),
        "its header is not numpy's dict (at byte %d of it: '%s" % (d.index(at), at))


os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    if f.endswith(".npy"):
        os.remove(out + f)

rng = np.random.RandomState(16)
m = rng.standard_normal((3, 4))
m[0, 0] = -0.0
m[0, 1] = 5e-324                      # the smallest subnormal
m[0, 2] = 1.7976931348623157e308
m[2, 3] = 0.1

# float64: C and Fortran order, both byte orders, 0-d, 1-d, 2-d
good("f8_c", m)
good("f8_fortran", np.asfortranarray(m))
good("f8_big", m.astype(">f8"))
good("f8_big_fortran", np.asfortranarray(m.astype(">f8")))
good("f8_0d", np.array(0.01))
good("f8_1d", np.array([2.0, 1.0, 0.1]))
good("f8_1d_one", np.array([0.5]))
good("f8_row", m[:1].copy())
good("f8_col", m[:, :1].copy())
good("f8_nonfinite", np.array([[np.nan, np.inf, -np.inf]]))
good("f8_1000", rng.standard_normal(1000))
# other dtypes, converted exactly
with np.errstate(over="ignore"):            # 1.8e308 is inf in float32
    good("f4", m.astype(np.float32))
    good("f4_big", m.astype(">f4"))
good("f2", np.array([[1.0, -2.5, 65504.0], [6e-8, np.inf, -0.0]], dtype=np.float16))
good("i8", np.array([[0, -1, 2**53], [2**62, -2**63, 7]], dtype=np.int64))
good("i8_big", np.array([-5, 3, 2**40], dtype=">i8"))
good("i4", np.array([[1, -2], [2**31 - 1, -2**31]], dtype=np.int32))
good("i2", np.array([-32768, 32767], dtype=np.int16))
good("i1", np.array([-128, 0, 127], dtype=np.int8))
good("u1", np.array([[0, 255]], dtype=np.uint8))
good("u2_big", np.array([65535, 1], dtype=">u2"))
good("u4", np.array([4294967295, 0], dtype=np.uint32))
good("u8", np.array([2**64 - 2048, 2**53], dtype=np.uint64))
good("bool", np.array([[True, False], [False, True]]))
good("labels_i8", np.array([0, 1, 1, 0]))
# versions 2.0 and 3.0 (numpy writes them when asked, or when the header
# needs them: 2.0 for headers over 65535 bytes, 3.0 for non-latin-1 names)
good("v2", m, version=(2, 0))
good("v3", m, version=(3, 0))
good("v3_fortran_i4", np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)), version=(3, 0))
# data sets: features..., label
data = np.column_stack([rng.standard_normal((6, 2)), [0, 1, 2, 1, 0, 2]])
good("data", data)

# what gradlab refuses
bad("object", saved(np.array([1, "a"], dtype=object), allow_pickle=True), "holds dtype '|O' (Python objects)")
bad("structured", saved(np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")])), "structured dtype")
bad("complex", saved(np.array([1 + 2j])), "holds dtype '<c16' (complex numbers)")
bad("text", saved(np.array(["ab", "c"])), "holds dtype '<U2' (text)")
bad("datetime", saved(np.array(["2024-01-01"], dtype="datetime64[D]")), "(dates or times)")
bad("longdouble", saved(np.array([1.0], dtype=np.longdouble)), "floats of a size gradlab does not read")
bad("3d", saved(np.zeros((2, 3, 4))), "holds an array of 3 dimensions (2, 3, 4)")
bad("empty_1d", saved(np.zeros(0)), "holds no numbers (shape (0,))")
bad("empty_2d", saved(np.zeros((0, 3))), "holds no numbers (shape (0, 3))")
whole = saved(m)
bad("truncated", whole[:-5], "is cut short: its header's shape (3, 4) of float64 needs 96 bytes of data, it holds 91")
bad("trailing", whole + b"\0" * 8, "holds 8 bytes after the data its header describes")
bad("header_cut", whole[:40], "ends inside its header (118 bytes announced, 30 there)")
bad("header_lies", whole[:8] + struct.pack("<H", 60000) + whole[10:], "ends inside its header (60000 bytes")
huge = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" + " " * 20000 + "\n"
bad("header_huge", header(huge, version=(2, 0), pad=False) + bytes(8),
    "its header of %d bytes is longer than 10000" % len(huge))
bad("version4", b"\x93NUMPY\x04\x00" + whole[8:], "is .npy version 4.0: gradlab reads 1.0, 2.0 and 3.0")
bad("not_npy", b"1,2,3\n4,5,6\n", "is not a .npy file")
bad("empty_file", b"", "is not a .npy file")
bad("absurd_shape", header("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }") + bytes(64),
    "has shape (100000, 100000): more than 33554432 numbers")
bad("huge_dim", header("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999999, 1), }")
    + bytes(8), "has shape (99999999999999999999999999, 1): more than 33554432 numbers")
bad("int_inexact", saved(np.array([2**53 + 1], dtype=np.int64)),
    "entry [0] is an integer that is not exactly a double (int64)")
bad("uint_inexact", saved(np.array([[1, 2**64 - 1]], dtype=np.uint64)),
    "entry [0, 1] is an integer that is not exactly a double (uint64)")
bool_bytes = bytearray(saved(np.array([True, False, True])))
bool_bytes[-1] = 2
bad("bool_byte", bytes(bool_bytes), "entry [2] of a bool array is the byte 2, not 0 or 1")
bad("no_shape", header("{'descr': '<f8', 'fortran_order': False, }") + bytes(8),
    "does not hold exactly 'descr', 'fortran_order' and 'shape'")
bad("extra_key", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1, }") + bytes(8),
    "does not hold exactly 'descr', 'fortran_order' and 'shape'")
bad("twice", header("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }") + bytes(8),
    "does not hold exactly")
bad_header("shape_not_tuple", "{'descr': '<f8', 'fortran_order': False, 'shape': (3), }", "(3), }", 24)
bad_header("negative_dim", "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", "(-3,), }", 24)
bad_header("fortran_word", "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }", "0, 'shape'", 24)
bad_header("no_comma", "{'descr': '<f8' 'fortran_order': False, 'shape': (1,), }", "'fortran_order'")
bad("escape_quote", header("{'descr': '<f8\\'', 'fortran_order': False, 'shape': (1,), }") + bytes(8),
    "its header is not numpy's dict (at byte 14 of it: '\\\\'', 'fortran_or')")
bad("after_dict", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x") + bytes(8),
    "its header is not numpy's dict")
bad("native_order", header("{'descr': '=f8', 'fortran_order': False, 'shape': (1,), }") + bytes(8),
    "holds dtype '=f8' (no byte order ('='))")
bad("escape_in_header", header("{'descr': '<f8\x1b[2J', 'fortran_order': False, 'shape': (1,), }") + bytes(8),
    "holds dtype '<f8\\x1b[2J'")

with open(out + "expect.txt", "w") as f:
    f.write("# written by tests/ref/make_npy.py with numpy %s; read by tests/unit/test_npy.c\n" % np.__version__)
    f.write("\n".join(lines) + "\n")
print("%d fixtures in %s" % (len(lines), out))
