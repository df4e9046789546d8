#!/usr/bin/python3
"""An independent reference for gradlab's numbers, on cases generated here
from this file's own seeds (none taken from gradlab's other tests):

- the network (every stage, the gradients gradcheck checks, a few training
  runs) in 256-bit arithmetic (mpmath), from the textbook formulas, and
  PyTorch autograd in float64 on the same cases, which must agree with
  them: autograd differentiates the loss itself, so it checks the
  formulas; the 256-bit values are the fixtures, so that gradlab is held
  to the exact numbers (PyTorch's own 1 - tanh^2 and a2 - y lose digits
  where a unit saturates or the net is confident, as float64 does);
- the softmax and its Jacobian in 256-bit arithmetic, J's diagonal written
  s_i sum_{j != i} s_j (s_i (1 - s_i) cancels even at 256 bits when
  1 - s_i < 2^-256, e.g. logits 709.7 0 -709.7).

Run from the repository root with Debian's python3-torch, python3-numpy and
python3-mpmath:
    /usr/bin/python3 tests/ref/torch_ref.py            rewrite tests/ref/torch/*.txt
    /usr/bin/python3 tests/ref/torch_ref.py --check    recompute, compare with them
tests/ref/check_ref.py (no torch needed) runs gradlab on the same cases and
holds every value to the fixtures; `make test` runs both (this one only
where torch is installed).

Fixture format (as tests/ref/*.txt): one value per line,
    CASE.NAME ROWS COLS v v v ...
row-major, repr() of each double. A case's parameters are numbers too:
    CASE.shape 1 4 D H K N      CASE.act 1 1 A (0 tanh, 1 sigmoid, 2 relu)
    CASE.reg   CASE.lr  CASE.passes  CASE.reduce (0 sum, 1 mean)
"""
import os
import sys

import numpy as np
import torch
from mpmath import mp, mpf

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
mp.prec = 256

OUT = "tests/ref/torch"
ACTS = ("tanh", "sigmoid", "relu")


def line(name, a):
    a = np.atleast_2d(np.asarray(a, dtype=float))
    return "%s %d %d %s\n" % (name, a.shape[0], a.shape[1], " ".join(repr(float(v)) for v in a.ravel()))


def t(a):
    return torch.tensor(np.asarray(a, dtype=float))


def act(z, kind):
    return (torch.tanh, torch.sigmoid, torch.relu)[kind](z)


# ---- the network, stage by stage, gradients by autograd ------------------
def forward_backward(x, y, W1, b1, W2, b2, kind, reg, reduce_mean=False):
    """every stage of gradlab's staged pass; the gradients are autograd's of
    the summed loss sum_n CE_n + reg/2 (|W1|^2 + |W2|^2), the one gradlab's
    backward pass shows; loss is the loss gradlab shows"""
    P = [t(W1).requires_grad_(), t(b1).requires_grad_(), t(W2).requires_grad_(), t(b2).requires_grad_()]
    X, Y = t(x), t(y)
    z1 = X @ P[0] + P[1]
    z1.retain_grad()
    a1 = act(z1, kind)
    z2 = a1 @ P[2] + P[3]
    z2.retain_grad()
    a2 = torch.softmax(z2, dim=1)
    ce = -(Y * torch.log_softmax(z2, dim=1)).sum()
    r = reg / 2 * ((P[0] ** 2).sum() + (P[2] ** 2).sum())
    N = X.shape[0]
    (ce + r).backward()
    loss = ce / N + r if reduce_mean else (ce + r) / N
    d = lambda v: v.detach().numpy()
    return {"z1": d(z1), "a1": d(a1), "z2": d(z2), "a2": d(a2), "loss": float(loss),
            "delta3": z2.grad.numpy(), "dW2": P[2].grad.numpy(), "db2": P[3].grad.numpy(),
            "delta2": z1.grad.numpy(), "dW1": P[0].grad.numpy(), "db1": P[1].grad.numpy()}


def train(x, y, W1, b1, W2, b2, kind, reg, lr, passes, reduce_mean):
    """full-batch gradient descent as `train` does it, in float64 with
    autograd: each pass the gradient of sum_n CE_n + reg/2 |W|^2 (or
    (1/N) sum_n CE_n + reg/2 |W|^2 for reduce=mean), then P -= lr dP"""
    P = [t(W1).requires_grad_(), t(b1).requires_grad_(), t(W2).requires_grad_(), t(b2).requires_grad_()]
    X, Y = t(x), t(y)
    N = X.shape[0]
    for _ in range(passes):
        z2 = act(X @ P[0] + P[1], kind) @ P[2] + P[3]
        ce = -(Y * torch.log_softmax(z2, dim=1)).sum()
        loss = (ce / N if reduce_mean else ce) + reg / 2 * ((P[0] ** 2).sum() + (P[2] ** 2).sum())
        grads = torch.autograd.grad(loss, P)
        with torch.no_grad():
            for p, g in zip(P, grads):
                p -= lr * g
    with torch.no_grad():
        z2 = act(X @ P[0] + P[1], kind) @ P[2] + P[3]
        ce = -(Y * torch.log_softmax(z2, dim=1)).sum()
        r = reg / 2 * ((P[0] ** 2).sum() + (P[2] ** 2).sum())
        loss = ce / N + r if reduce_mean else (ce + r) / N
    return [p.detach().numpy() for p in P], float(loss)


# ---- the same in 256-bit arithmetic, from the formulas --------------------
def M(a):
    return [[mpf(float(v)) for v in row] for row in np.atleast_2d(np.asarray(a, dtype=float))]


def mm(A, B, ta=False, tb=False):
    A = [list(r) for r in zip(*A)] if ta else A
    B = [list(r) for r in zip(*B)] if tb else B
    return [[mp.fsum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))] for i in range(len(A))]


def add_row(A, b):
    return [[v + b[0][j] for j, v in enumerate(r)] for r in A]


def emap(f, A):
    return [[f(v) for v in r] for r in A]


def ezip(f, A, B):
    return [[f(p, q) for p, q in zip(ra, rb)] for ra, rb in zip(A, B)]


MP_F = (mp.tanh, lambda z: 1 / (1 + mp.exp(-z)), lambda z: z if z > 0 else mpf(0))
# f'(z), exactly (relu's is 0 at the kink, as gradlab's [z > 0])
MP_DF = (lambda z: 1 / mp.cosh(z) ** 2, lambda z: mp.exp(-z) / (1 + mp.exp(-z)) ** 2,
         lambda z: mpf(1) if z > 0 else mpf(0))


def mp_softmax_rows(Z):
    out = []
    for r in Z:
        m = max(r)
        e = [mp.exp(v - m) for v in r]
        S = mp.fsum(e)
        out.append([v / S for v in e])
    return out


def mp_pass(x, y, W1, b1, W2, b2, kind, reg, scale=1):
    """every stage; the gradients are of scale sum_n CE_n + reg/2 |W|^2"""
    X, Y, W1, b1, W2, b2 = M(x), M(y), M(W1), M(b1), M(W2), M(b2)
    z1 = add_row(mm(X, W1), b1)
    a1 = emap(MP_F[kind], z1)
    z2 = add_row(mm(a1, W2), b2)
    a2 = mp_softmax_rows(z2)
    N = len(X)
    ce = -mp.fsum(Y[n][k] * mp.log(a2[n][k]) for n in range(N) for k in range(len(Y[0])) if Y[n][k] != 0)
    r = mpf(reg) / 2 * (mp.fsum(v * v for row in W1 for v in row) + mp.fsum(v * v for row in W2 for v in row))
    d3 = ezip(lambda a, b: scale * (a - b), a2, Y)
    dW2 = ezip(lambda g, w: g + reg * w, mm(a1, d3, ta=True), W2)
    db2 = [[mp.fsum(d3[n][k] for n in range(N)) for k in range(len(d3[0]))]]
    d2 = ezip(lambda g, z: g * MP_DF[kind](z), mm(d3, W2, tb=True), z1)
    dW1 = ezip(lambda g, w: g + reg * w, mm(X, d2, ta=True), W1)
    db1 = [[mp.fsum(d2[n][j] for n in range(N)) for j in range(len(d2[0]))]]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "ce": ce, "r": r, "delta3": d3, "dW2": dW2, "db2": db2,
            "delta2": d2, "dW1": dW1, "db1": db1}


def F(A):
    """a 256-bit matrix rounded to doubles"""
    return [[float(v) for v in r] for r in A]


def mp_train(x, y, W1, b1, W2, b2, kind, reg, lr, passes, reduce_mean):
    P = [np.asarray(W1, float), np.asarray(b1, float), np.asarray(W2, float), np.asarray(b2, float)]
    P = [M(p) for p in P]
    N = len(np.atleast_2d(x))
    lr = mpf(lr)
    for _ in range(passes):
        r = mp_pass(x, y, *P, kind, reg, scale=mpf(1) / N if reduce_mean else 1)
        P = [ezip(lambda p, g: p - lr * g, p, r[k]) for p, k in zip(P, ("dW1", "db1", "dW2", "db2"))]
    r = mp_pass(x, y, *P, kind, reg)
    loss = r["ce"] / N + r["r"] if reduce_mean else (r["ce"] + r["r"]) / N
    return [F(p) for p in P], float(loss)


# how far PyTorch's float64 values are from the 256-bit ones: each value
# within 1e-12 of itself plus 1e-14 of the largest of its matrix (PyTorch
# rounds like float64 does: a saturated unit's 1 - a^2 or a confident a2 - y
# keeps only the digits of the larger numbers it came from)
TORCH_WORST, TORCH_COUNT = [0.0], [0]


def torch_agrees(name, got, ref):
    got, ref = np.atleast_2d(np.asarray(got, float)), np.atleast_2d(np.asarray(ref, float))
    assert got.shape == ref.shape, name
    scale = np.abs(ref).max()
    err = np.abs(got - ref)
    assert (err <= 1e-12 * np.abs(ref) + 1e-14 * scale + 1e-300).all(), (name, got, ref)
    TORCH_COUNT[0] += ref.size
    big = (np.abs(ref) >= 1e-6 * scale) & (ref != 0)
    if big.any():
        TORCH_WORST[0] = max(TORCH_WORST[0], float((err[big] / np.abs(ref[big])).max()))


def make_net(seed, D, H, K, N, soft, xscale=1.5, wscale=1.0):
    rs = np.random.RandomState(seed)
    x = rs.randn(N, D) * xscale
    W1 = rs.randn(D, H) / np.sqrt(D) * wscale
    b1 = rs.randn(1, H) * 0.5
    W2 = rs.randn(H, K) / np.sqrt(H) * wscale
    b2 = rs.randn(1, K) * 0.5
    if soft:
        y = rs.dirichlet(np.ones(K), size=N)
    else:
        y = np.eye(K)[rs.randint(K, size=N)]
    return x, y, W1, b1, W2, b2


# (seed, D, H, K, N, activation, reg, soft targets, scale of x, of W)
NETS = [
    (101, 2, 3, 2, 1, 0, 0.0, False, 1.5, 1.0),
    (102, 2, 3, 2, 4, 0, 0.01, False, 1.5, 1.0),
    (103, 2, 3, 2, 4, 1, 0.0, True, 1.5, 1.0),
    (104, 2, 3, 2, 4, 2, 0.05, False, 1.5, 1.0),
    (105, 1, 1, 2, 3, 0, 0.0, True, 1.0, 1.0),
    (106, 3, 5, 4, 3, 1, 0.02, False, 1.0, 1.0),
    (107, 3, 5, 4, 3, 2, 0.0, True, 1.0, 1.0),
    (108, 4, 2, 6, 2, 0, 0.1, True, 2.0, 1.0),
    (109, 5, 6, 3, 4, 2, 0.01, False, 1.0, 1.0),
    (110, 5, 6, 3, 4, 1, 0.0, True, 1.0, 1.0),
    (111, 6, 4, 5, 2, 0, 0.0, False, 3.0, 2.0),
    (112, 2, 8, 2, 3, 0, 0.3, True, 1.0, 1.0),
    (113, 3, 3, 3, 2, 2, 0.0, False, 0.5, 1.0),
    (114, 7, 2, 2, 3, 1, 0.05, True, 1.0, 3.0),
    (115, 2, 4, 7, 3, 0, 0.0, True, 1.0, 4.0),   # confident: logits of size ~10
    (116, 4, 6, 3, 3, 2, 0.2, True, 2.0, 1.0),
    (117, 1, 3, 1, 3, 0, 0.0, False, 1.0, 1.0),  # one class: loss 0, gradients 0
    (118, 3, 2, 4, 1, 1, 0.0, True, 1.0, 1.0),
]

# (seed, D, H, K, N, activation, reg, lr, passes, reduce=mean)
TRAINS = [
    (201, 2, 3, 2, 12, 0, 0.01, 0.01, 200, False),
    (202, 2, 4, 3, 10, 1, 0.0, 0.5, 150, True),
    (203, 3, 5, 2, 8, 2, 0.001, 0.05, 120, False),
    (204, 2, 3, 4, 6, 0, 0.02, 0.2, 100, True),
]


def net_lines():
    out = []
    for c, (seed, D, H, K, N, kind, reg, soft, xs, ws) in enumerate(NETS):
        x, y, W1, b1, W2, b2 = make_net(seed, D, H, K, N, soft, xs, ws)
        name = "n%d." % c
        out += [line(name + "shape", [D, H, K, N]), line(name + "act", kind), line(name + "reg", reg)]
        out += [line(name + k, v) for k, v in (("x", x), ("y", y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))]
        exact = mp_pass(x, y, W1, b1, W2, b2, kind, reg)
        exact["loss"] = [[(exact["ce"] + exact["r"]) / N]]
        r = forward_backward(x, y, W1, b1, W2, b2, kind, reg)
        for k in ("z1", "a1", "z2", "a2", "loss", "delta3", "dW2", "db2", "delta2", "dW1", "db1"):
            torch_agrees(name + k, r[k], F(exact[k]))
            out.append(line(name + k, F(exact[k])))
    return out


def train_lines():
    out = []
    for c, (seed, D, H, K, N, kind, reg, lr, passes, mean) in enumerate(TRAINS):
        x, y, W1, b1, W2, b2 = make_net(seed, D, H, K, N, False)
        name = "t%d." % c
        out += [line(name + "shape", [D, H, K, N]), line(name + "act", kind), line(name + "reg", reg),
                line(name + "lr", lr), line(name + "passes", passes), line(name + "reduce", int(mean))]
        out += [line(name + k, v) for k, v in (("x", x), ("y", y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))]
        P, loss = mp_train(x, y, W1, b1, W2, b2, kind, reg, lr, passes, mean)
        Pt, loss_t = train(x, y, W1, b1, W2, b2, kind, reg, lr, passes, mean)
        for k, p, q in zip(("W1", "b1", "W2", "b2"), Pt, P):
            torch_agrees(name + k, p, q)
        torch_agrees(name + "loss", loss_t, loss)
        out += [line(name + k + "_out", v) for k, v in zip(("W1", "b1", "W2", "b2"), P)]
        out.append(line(name + "loss_out", loss))
    return out


# ---- logit vectors: softmax and J in 256-bit arithmetic --------------------
def logit_cases():
    inf = float("inf")
    cases = [[1000, -1000], [1000, 0, -1000], [30, 0], [36.7, 0, -1], [88.7, 0, -88.7], [12, 0],
             [3, -inf, 1], [-inf, 0], [0, -inf, -inf, 2.5], [1e8, 1e8], [1e8 + 3, 1e8, 1e8 - 2],
             [1e300, 1e300], [-1e300, 0, 1e300], [700, 699, -700], [745, 0], [0.0], [5.0, 5.0, 5.0],
             [1e-300, -1e-300], [709.7, -709.7, 0], [40, 0, 0, 0]]
    rs = np.random.RandomState(301)
    for n, scale in ((2, 1), (3, 1), (5, 10), (7, 3), (12, 30), (20, 100)):
        cases.append(list(rs.randn(n) * scale))
    return cases


def mp_softmax(z):
    m = max(z)
    e = [mp.exp(mpf(v) - mpf(m)) if v != -float("inf") else mpf(0) for v in z]
    S = sum(e)
    return [v / S for v in e]


def logit_lines():
    out = []
    for c, z in enumerate(logit_cases()):
        s = mp_softmax(z)
        n = len(z)
        J = [[s[i] * mp.fsum(s[k] for k in range(n) if k != i) if i == j else -s[i] * s[j] for j in range(n)]
             for i in range(n)]
        name = "z%d." % c
        out += [line(name + "z", z), line(name + "s", [float(v) for v in s]),
                line(name + "J", [[float(v) for v in row] for row in J])]
        # PyTorch's softmax agrees with mpmath's within the rounding of
        # z_i - max z (exp turns it into a relative error of u |z_i - max|)
        st = torch.softmax(t(z), 0).numpy()
        for i in range(n):
            far = abs(z[i] - max(z)) if z[i] != -float("inf") else 0
            assert abs(st[i] - float(s[i])) <= 2.3e-16 * (far + n + 4) * float(s[i]) + 1e-320, (z, i)
    return out


def write_or_check(check):
    files = {"nets.txt": net_lines(), "train.txt": train_lines(), "logits.txt": logit_lines()}
    print("PyTorch autograd (float64) against the 256-bit values: %d values, each within 1e-12 relative plus "
          "1e-14 of its matrix's largest; worst relative error %.3g (values above 1e-6 of their matrix's largest)"
          % (TORCH_COUNT[0], TORCH_WORST[0]))
    bad = 0
    for f, lines in files.items():
        path = os.path.join(OUT, f)
        text = "".join(lines)
        if not check:
            os.makedirs(OUT, exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
            print("wrote %s (%d values, %d bytes)" % (path, len(lines), len(text)))
            continue
        with open(path) as fh:
            old = fh.read()
        if old == text:
            print("ok   %s: reproduced to the last bit" % f)
        else:
            # PyTorch on another machine may round a last bit differently:
            # hold it to 1e-13 relative (the runner holds gradlab to 1e-12)
            worst = 0.0
            for a, b in zip(old.splitlines(), text.splitlines()):
                va, vb = a.split()[3:], b.split()[3:]
                if a.split()[:3] != b.split()[:3] or len(va) != len(vb):
                    worst = float("inf")
                    break
                for p, q in zip(va, vb):
                    p, q = float(p), float(q)
                    if p != q:
                        worst = max(worst, abs(p - q) / max(abs(p), abs(q), 1e-300))
            ok = worst <= 1e-13 and len(old.splitlines()) == len(text.splitlines())
            bad += not ok
            print("%s %s: differs by %.3g relative at most" % ("ok  " if ok else "FAIL", f, worst))
    return bad


if __name__ == "__main__":
    sys.exit(1 if write_or_check("--check" in sys.argv[1:]) else 0)
