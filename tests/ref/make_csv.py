#!/usr/bin/python3
"""Fixtures for gradlab's CSV reader (src/core/csv.c): the dialects numpy's
np.savetxt writes (written here by numpy itself), and those pandas'
DataFrame.to_csv writes (written here as pandas writes them: Debian 12's
python3-pandas is not needed; each is the text pandas 1.5 prints for the
frame named beside it). Run from the repository root:
    /usr/bin/python3 tests/ref/make_csv.py
(rewrites tests/ref/csv/ and tests/ref/csv/expect.txt).

expect.txt gives, one line each,

    good NAME ROWS COLS INDEX HEX...        (INDEX: 1 when pandas' index column is dropped)
    keep NAME ROWS COLS HEX...              (read with index=keep)
    bad NAME WORDS OF THE ERROR

with the values as the bits of each double, row-major. tests/unit/test_csv.c
reads them."""
import os
import struct
import numpy as np

out = "tests/ref/csv/"
lines = []


def bits(a):
    return " ".join("%016x" % struct.unpack("<Q", struct.pack("<d", float(v)))[0]
                    for v in np.asarray(a, dtype=np.float64).ravel())


def good(name, a, index=0, keep=None):
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    lines.append("good %s %d %d %d %s" % (name, a.shape[0], a.shape[1], index, bits(a)))
    if keep is not None:
        k = np.atleast_2d(np.asarray(keep, dtype=np.float64))
        lines.append("keep %s %d %d %s" % (name, k.shape[0], k.shape[1], bits(k)))


def write(name, text):
    with open(out + name, "w", newline="") as f:
        f.write(text)


def bad(name, text, words):
    write(name, text)
    lines.append("bad %s %s" % (name, words))


def pandas_csv(a, columns=None, index=True, sep=",", quote_all=False, line_end="\n", idx=None):
    """the text DataFrame(a, columns=columns, index=idx).to_csv(sep=sep,
    index=index, quoting=QUOTE_ALL if quote_all else QUOTE_MINIMAL,
    lineterminator=line_end) writes: floats by repr, the index as integers
    under an empty name"""
    n, k = a.shape
    cols = [str(c) for c in (columns if columns is not None else range(k))]
    idx = list(range(n)) if idx is None else idx
    q = (lambda s: '"%s"' % s) if quote_all else (lambda s: s)
    rows = [sep.join(([q("")] if index else []) + [q(c) for c in cols])]
    for i in range(n):
        rows.append(sep.join(([q(str(idx[i]))] if index else []) + [q(repr(float(v))) for v in a[i]]))
    return line_end.join(rows) + line_end


os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.remove(out + f)

rng = np.random.RandomState(16)
a = rng.standard_normal((4, 3))
a[0, 0] = -0.0
a[0, 1] = 5e-324
a[1, 2] = 1.7976931348623157e308
a[3, 0] = 0.1

# numpy's np.savetxt: its default (blanks, %.18e: every double exactly),
# and the delimiters and headers people ask it for
np.savetxt(out + "savetxt_default.txt", a)
good("savetxt_default.txt", a)
np.savetxt(out + "savetxt_header.txt", a, header="x0 x1 x2\nsecond line", footer="the end")
good("savetxt_header.txt", a)
np.savetxt(out + "savetxt_comma.csv", a, delimiter=",", fmt="%.17g", header="x0,x1,x2", comments="")
good("savetxt_comma.csv", a)
np.savetxt(out + "savetxt_semicolon.csv", a, delimiter=";")
good("savetxt_semicolon.csv", a)
np.savetxt(out + "savetxt_tab.tsv", a, delimiter="\t", header="x0\tx1\tx2")
good("savetxt_tab.tsv", a)
np.savetxt(out + "savetxt_row.txt", a[:1])
good("savetxt_row.txt", a[:1])
np.savetxt(out + "savetxt_column.txt", a[:, 0])
good("savetxt_column.txt", a[:, :1])
np.savetxt(out + "savetxt_ints.txt", np.array([[0, 1], [2, 3]]), fmt="%d")
good("savetxt_ints.txt", [[0, 1], [2, 3]])
np.savetxt(out + "savetxt_crlf.csv", a, delimiter=",", newline="\r\n")
good("savetxt_crlf.csv", a)

# pandas' to_csv: the index column (0..N-1 under an empty name) is
# dropped, or kept with index=keep
write("pandas_numbered.csv", pandas_csv(a))
good("pandas_numbered.csv", a, index=1, keep=np.column_stack([np.arange(4), a]))
write("pandas_named.csv", pandas_csv(a, columns=["x0", "x1", "label"]))
good("pandas_named.csv", a, index=1, keep=np.column_stack([np.arange(4), a]))
write("pandas_no_index.csv", pandas_csv(a, columns=["x0", "x1", "label"], index=False))
good("pandas_no_index.csv", a)
write("pandas_semicolon.csv", pandas_csv(a, columns=["x0", "x1", "label"], sep=";"))
good("pandas_semicolon.csv", a, index=1, keep=np.column_stack([np.arange(4), a]))
write("pandas_quote_all.csv", pandas_csv(a, columns=["x0", "x1", "label"], quote_all=True))
good("pandas_quote_all.csv", a, index=1, keep=np.column_stack([np.arange(4), a]))
write("pandas_crlf.csv", pandas_csv(a, line_end="\r\n"))
good("pandas_crlf.csv", a, index=1, keep=np.column_stack([np.arange(4), a]))
# a shuffled frame's index is not 0..N-1: it is data, kept
write("pandas_shuffled.csv", pandas_csv(a, columns=["x0", "x1", "label"], idx=[2, 0, 3, 1]))
good("pandas_shuffled.csv", np.column_stack([[2, 0, 3, 1], a]))
# a one-column frame: the index is dropped, one column is left
write("pandas_one_column.csv", pandas_csv(a[:, :1], columns=["x0"]))
good("pandas_one_column.csv", a[:, :1], index=1, keep=np.column_stack([np.arange(4), a[:, :1]]))

# quotes and comments by hand
write("quoted.csv", '"x0","x1","x2"\n' + "\n".join(",".join('"%r"' % float(v) for v in r) for r in a) + "\n")
good("quoted.csv", a)
write("comments.csv", "# made by hand\n1,2 # the first row\n\n  # indented comment\n3,4\n#\n")
good("comments.csv", [[1, 2], [3, 4]])
write("quoted_hash.csv", '"a#b","c, d"\n1,2\n')
good("quoted_hash.csv", [[1, 2]])
write("blanks_aligned.txt", "   1.5    -2\n  10      3e2   \n")
good("blanks_aligned.txt", [[1.5, -2], [10, 300]])

# what is refused
bad("decimal_comma.csv", "x;y\n1,5;2,25\n", "line 2: '1,5' is not a number (a decimal comma? gradlab reads 1.5, not 1,5)")
bad("open_quote.csv", '1,"2\n3,4\n', "line 1: a quote is not closed on its line")
bad("after_quote.csv", '1,"2"x\n3,4\n', "line 1: '2\"x' is not a number")
bad("header_then_bad.csv", "x0;x1\n1;oops\n", "line 2: 'oops' is not a number")
bad("numbers_and_word.csv", "1;2;x\n4;5;6\n", "line 1: 'x' is not a number")
bad("ragged_blanks.txt", "1 2 3\n4 5\n", "line 2: 2 fields, expected 3")
bad("nan_savetxt.txt", "1.0 nan\n2.0 3.0\n", "line 1, field 2: 'nan' is not a finite number (nan, inf and -inf are not accepted)")
bad("pandas_bad_numbers.csv", ",0,2\n0,1.5,2\n", "line 1: field 1 is empty")
bad("only_comments.csv", "# nothing\n# here\n", "holds no numbers")

with open(out + "expect.txt", "w") as f:
    f.write("# written by tests/ref/make_csv.py with numpy %s; read by tests/unit/test_csv.c\n" % np.__version__)
    f.write("\n".join(lines) + "\n")
print("%d fixtures in %s" % (len(lines), out))
