#!/usr/bin/python3
"""Fixtures for `diagnose` (tests/diag/run-diag.sh), computed independently
with numpy (and printed by PyTorch for some cases, when it is installed).
Run from the repository root:  /usr/bin/python3 tests/ref/make_diag.py
(rewrites tests/ref/diag/*.gl and *.expect).

For several states, each mistake of the catalogue (issue 14) is written
here again from its description, in numpy, and its value is given to
`diagnose`, which must name it; the right value must be called right and
random values no known mistake. Each STATE.gl is a gradlab script (the
state, then one diagnose per case); STATE.expect lists, one a line, what
each diagnose must say: an entry's name, "right" or "unknown"."""
import os
import numpy as np

try:
    import torch
except ImportError:
    torch = None

out_dir = "tests/ref/diag/"
np.set_printoptions(precision=17, floatmode="unique", linewidth=100000, threshold=100000)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def lit(a):
    """a value as numpy's repr prints it, on one line"""
    return repr(np.asarray(a, dtype=float)).replace("\n", " ")


def torch_lit(a):
    """the same value as PyTorch prints a float64 tensor"""
    if torch is None:
        return lit(a)
    torch.set_printoptions(precision=17, linewidth=100000)
    return repr(torch.tensor(np.asarray(a, dtype=float), dtype=torch.float64)).replace("\n", " ")


class Case:
    def __init__(self, name):
        self.name, self.lines, self.expect = name, [], []

    def state(self, line):
        self.lines.append(line)

    def diag(self, target, value, expect, printer=lit, g=None):
        gpart = " g=%s" % lit(g)[6:-1] if g is not None else ""
        self.lines.append("diagnose %s%s = %s" % (target, gpart, printer(value)))
        self.expect.append(expect)

    def write(self):
        os.makedirs(out_dir, exist_ok=True)
        with open(out_dir + self.name + ".gl", "w") as f:
            f.write("# %s: written by tests/ref/make_diag.py (numpy)\n" % self.name)
            f.write("\n".join(self.lines) + "\n")
        with open(out_dir + self.name + ".expect", "w") as f:
            f.write("\n".join(self.expect) + "\n")


# ---- the logits lab: J and dz = J^T g -----------------------------------------
def lab_case(name, z, g, rs):
    c = Case(name)
    z = np.array(z, dtype=float); g = np.array(g, dtype=float); s = softmax(z); n = len(z)
    c.state("logits " + " ".join(repr(float(v)) for v in z))
    J = np.diag(s) - np.outer(s, s)
    # the question's loop, as it was asked
    grad = np.zeros(n)
    for i in range(n):
        for j in range(n):
            if i == j:
                grad[i] = s[i] * (1 - z[i])
            grad[i] = -s[i] * z[j]
    M = np.array([[s[i] * ((i == j) - z[j]) for j in range(n)] for i in range(n)])   # z where s belongs
    zz = z * (1 - z)
    ss = s * (1 - s)
    c.diag("J", J, "right")
    c.diag("J", grad, "logits")
    c.diag("J", np.diag(grad), "logits", torch_lit)
    c.diag("J", M, "z-for-s")
    c.diag("J", s * (1 - z), "z-for-s")
    c.diag("J", zz, "z-only")
    c.diag("J", np.diag(zz), "z-only")
    c.diag("J", ss, "diagonal", torch_lit)
    c.diag("J", np.diag(ss), "diagonal")
    c.diag("J", -J, "sign")
    c.diag("J", rs.randn(n, n) * 0.2, "unknown")
    c.diag("dz", J.T @ g, "right", g=g)
    c.diag("dz", grad * g, "logits", g=g)
    c.diag("dz", M.T @ g, "z-for-s", torch_lit, g=g)
    c.diag("dz", zz * g, "z-only", g=g)
    c.diag("dz", ss * g, "diagonal", g=g)
    c.diag("dz", -(J.T @ g), "sign", g=g)
    c.diag("dz", rs.randn(n), "unknown", g=g)
    c.diag("s", s, "right")
    c.write()


# ---- the network: delta3 ... db1 -----------------------------------------------
def slope(kind, a, z):
    return {"tanh": 1 - a ** 2, "sigmoid": a * (1 - a), "relu": (z > 0).astype(float)}[kind]


def f(kind, z):
    return {"tanh": np.tanh(z), "sigmoid": 1 / (1 + np.exp(-z)), "relu": np.maximum(z, 0)}[kind]


def backward(X, Y, W1, b1, W2, b2, kind, reg, mistake=None):
    """the backward pass with one mistake of the catalogue made"""
    N = len(X)
    z1 = X @ W1 + b1; a1 = f(kind, z1); a2 = softmax(a1 @ W2 + b2)
    d3 = Y - a2 if mistake == "sign" else a2 - Y
    if mistake in ("batch", "batch-data"):
        d3 = d3 / N
    rw = {"reg": 0.0, "reg-double": 2 * reg}.get(mistake, reg)
    rscale = 1.0 / N if mistake == "batch" else 1.0
    if mistake == "dW2-transposed":
        dW2 = d3.T @ a1 + rw * W2.T
    else:
        dW2 = a1.T @ d3 + rw * rscale * W2
    rows = slice(0, 1) if mistake == "db-first-row" else slice(0, N)
    db2 = d3[rows].sum(0, keepdims=True) + (reg * b2 if mistake == "reg-bias" else 0)
    back = d3 @ W2 if mistake == "transposed" else d3 @ W2.T
    gate = {"gate": np.ones_like(a1),
            "gate-z1": slope(kind, z1, z1) if kind != "relu" else (z1 > 0).astype(float),
            "gate-tanh": 1 - a1 ** 2, "gate-sigmoid": a1 * (1 - a1),
            "gate-relu": (a1 > 0).astype(float)}.get(mistake, slope(kind, a1, z1))
    d2 = back * gate
    if mistake == "dW1-from-a1":
        dW1 = a1.T @ d2 + (rw * W1 if W1.shape[0] == W1.shape[1] else 0)
    else:
        dW1 = X.T @ d2 + rw * rscale * W1
    db1 = d2[rows].sum(0, keepdims=True) + (reg * b1 if mistake == "reg-bias" else 0)
    return {"delta3": d3, "dW2": dW2, "db2": db2, "delta2": d2, "dW1": dW1, "db1": db1}


def net_case(name, D, H, K, N, kind, reg, tests, rs):
    c = Case(name)
    X = rs.randn(N, D); labels = rs.randint(0, K, N); Y = np.eye(K)[labels]
    W1 = rs.randn(D, H) * 0.8; b1 = rs.randn(1, H) * 0.2; W2 = rs.randn(H, K) * 0.8; b2 = rs.randn(1, K) * 0.2
    c.state("net %d %d %d act=%s" % (D, H, K, kind))
    c.state("x = " + lit(X)[6:-1])
    c.state("y = [%s]" % ", ".join(str(int(v)) for v in labels))
    for nm, v in (("W1", W1), ("b1", b1[0]), ("W2", W2), ("b2", b2[0])):
        c.state("%s = %s" % (nm, lit(v)[6:-1]))
    c.state("reg = %r" % reg)
    right = backward(X, Y, W1, b1, W2, b2, kind, reg)
    for target in ("delta3", "dW2", "db2", "delta2", "dW1", "db1"):
        c.diag(target, right[target], "right")
        c.diag(target, rs.randn(*right[target].shape), "unknown")
    for k, (mistake, target) in enumerate(tests):
        v = backward(X, Y, W1, b1, W2, b2, kind, reg, mistake)[target]
        c.diag(target, v, mistake, torch_lit if k % 3 == 0 else lit)
    c.write()


rs = np.random.RandomState(14)
lab_case("lab_a", [2.0, 1.0, 0.1], [0.3, -1.2, 0.5], rs)
lab_case("lab_b", [0.5, -1.25, 3.0, 0.0, 2.5], [1.0, 0.0, -0.5, 2.0, 0.25], rs)
net_all = [("sign", "delta3"), ("sign", "dW2"), ("sign", "db1"), ("transposed", "delta2"), ("transposed", "dW1"),
           ("gate", "delta2"), ("gate", "dW1"), ("gate-z1", "dW1"), ("gate-z1", "db1"), ("gate-sigmoid", "dW1"),
           ("gate-relu", "delta2"), ("dW2-transposed", "dW2"), ("db-first-row", "db2"), ("db-first-row", "db1"),
           ("batch", "delta3"), ("batch", "dW2"), ("batch", "dW1"), ("batch-data", "dW2"), ("batch-data", "dW1"),
           ("reg", "dW2"), ("reg", "dW1"), ("reg-double", "dW2"), ("reg-double", "dW1"), ("reg-bias", "db2"),
           ("reg-bias", "db1"), ("dW1-from-a1", "dW1")]
net_case("net_tanh_233", 2, 3, 3, 4, "tanh", 0.1, net_all, rs)
net_case("net_tanh_343", 3, 4, 3, 6, "tanh", 0.05,
         [m for m in net_all if m[0] != "transposed"], rs)
net_case("net_sigmoid_342", 3, 4, 2, 5, "sigmoid", 0.05,
         [("gate", "dW1"), ("gate-tanh", "dW1"), ("gate-z1", "delta2"),
          ("dW2-transposed", "dW2"), ("dW1-from-a1", "dW1"), ("sign", "db2"), ("batch", "db2"),
          ("reg-bias", "db1"), ("db-first-row", "db2")], rs)
net_case("net_relu_244", 2, 4, 4, 3, "relu", 0.2,
         [("gate", "dW1"), ("gate-tanh", "dW1"), ("gate-sigmoid", "delta2"), ("transposed", "dW1"),
          ("reg", "dW1"), ("batch-data", "dW2"), ("dW2-transposed", "dW2"), ("dW1-from-a1", "dW1")], rs)
