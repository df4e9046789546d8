#!/usr/bin/env python3
"""make bench: gradlab next to the peers a user would pick, on the same work.

The peers are numpy with OpenBLAS (Debian's python3-numpy and
libopenblas0-pthread) and PyTorch (Debian's python3-torch), float64, both
held to one thread (threadpoolctl and torch.set_num_threads) unless a row
says otherwise; gradlab runs on one thread. Each row runs gradlab's
measurement (build/bench, or the real program) and the peers alternately,
RUNS times, in this one process, and reports the medians, so that machine
noise hits all sides alike. The last columns are the best peer's time over
gradlab's (above 1: gradlab is faster) and, where the work is arithmetic or
memory, the machine's limit for it (peak multiply-add rate without fused
multiply-adds, or the rate of non-temporal stores, measured here first).
Run from the repository root: python3 tests/bench/bench.py BENCH_BINARY GRADLAB [PROBE]
The window rows need PROBE (build/probe) and Xvfb: frames are drawn through
SDL's offscreen driver (no display at all); the first frame and the idle CPU
use a real window on a private Xvfb server.
"""
import atexit
import os
import platform
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None
try:
    import torch
except ImportError:
    torch = None

RUNS = int(os.environ.get("RUNS", "5"))
# a home and state folder of this run's own for every gradlab it starts
# (removed at exit), and no display but the private Xvfb below
RUN_DIR = tempfile.mkdtemp(prefix="gradlab-bench.")
atexit.register(shutil.rmtree, RUN_DIR, True)
os.environ.update(HOME=RUN_DIR, XDG_STATE_HOME=os.path.join(RUN_DIR, "state"))
for var in ("DISPLAY", "WAYLAND_DISPLAY", "GRADLAB_HISTORY", "GRADLAB_LESSONS", "XDG_RUNTIME_DIR"):
    os.environ.pop(var, None)
BENCH, GRADLAB = sys.argv[1], sys.argv[2]
PROBE = sys.argv[3] if len(sys.argv) > 3 else None


CORES = os.cpu_count() or 1


def c_time(*args, threads=1):
    env = dict(os.environ, GRADLAB_THREADS=str(min(threads, 8)))
    out = subprocess.run([BENCH, *map(str, args)], capture_output=True, text=True, check=True, env=env)
    return float(out.stdout.strip())


# ---- threads: the peers on one thread unless asked ------------------------
class threads:
    """with threads(k): numpy's BLAS and torch on k threads (None: their default)"""
    def __init__(self, k):
        self.k = k

    def __enter__(self):
        self.limit = threadpoolctl.threadpool_limits(self.k) if threadpoolctl and self.k else None
        if torch:
            self.was = torch.get_num_threads()
            torch.set_num_threads(self.k or os.cpu_count())
        return self

    def __exit__(self, *exc):
        if self.limit:
            self.limit.unregister()
        if torch:
            torch.set_num_threads(self.was)


def blas_info():
    if not threadpoolctl:
        return "numpy's BLAS unknown (no threadpoolctl)"
    blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
    if not blas:
        return "numpy without a BLAS library"
    b = blas[0]
    return "%s %s, %s kernels, %s threads by default" % (b["internal_api"], b.get("version"),
                                                       b.get("architecture"), b.get("num_threads"))


# ---- the workloads in numpy and torch ---------------------------------------
def moons(points=200):
    import sklearn.datasets
    np.random.seed(0)
    return sklearn.datasets.make_moons(points, noise=0.20)


def np_train(one_hot=False, passes=20000, points=200, H=3):
    """the classic tutorial's build_model(3), 20000 passes, no printing; with
    one_hot, delta3 = probs - Y (a plain subtraction) instead of the fancy
    indexing delta3[range(n), y] -= 1"""
    X, y = moons(points)
    n = len(X)
    Y = np.eye(2)[y]
    np.random.seed(0)
    W1 = np.random.randn(2, H) / np.sqrt(2); b1 = np.zeros((1, H))
    W2 = np.random.randn(H, 2) / np.sqrt(H); b2 = np.zeros((1, 2))
    t0 = time.perf_counter()
    eps = 2.0 / points                          # 0.01 for the tutorial's 200 points
    for _ in range(passes):
        z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
        e = np.exp(z2); probs = e / np.sum(e, axis=1, keepdims=True)
        if one_hot:
            delta3 = probs - Y
        else:
            delta3 = probs; delta3[range(n), y] -= 1
        dW2 = (a1.T).dot(delta3); db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = np.dot(X.T, delta2); db1 = np.sum(delta2, axis=0)
        dW2 += 0.01 * W2; dW1 += 0.01 * W1
        W1 += -eps * dW1; b1 += -eps * db1; W2 += -eps * dW2; b2 += -eps * db2
    return time.perf_counter() - t0


def torch_train(passes=20000, points=200, H=3):
    """the same loop in torch float64 (one-hot, as torch code writes it)"""
    X, y = moons(points)
    X = torch.tensor(X, dtype=torch.float64); Y = torch.nn.functional.one_hot(torch.tensor(y), 2).double()
    np.random.seed(0)
    W1 = torch.tensor(np.random.randn(2, H) / np.sqrt(2)); b1 = torch.zeros(1, H, dtype=torch.float64)
    W2 = torch.tensor(np.random.randn(H, 2) / np.sqrt(H)); b2 = torch.zeros(1, 2, dtype=torch.float64)
    eps = 2.0 / points
    t0 = time.perf_counter()
    for _ in range(passes):
        a1 = torch.tanh(X @ W1 + b1); e = torch.exp(a1 @ W2 + b2)
        delta3 = e / e.sum(1, keepdim=True) - Y
        dW2 = a1.T @ delta3 + 0.01 * W2; db2 = delta3.sum(0, keepdim=True)
        delta2 = (delta3 @ W2.T) * (1 - a1 * a1)
        dW1 = X.T @ delta2 + 0.01 * W1; db1 = delta2.sum(0)
        W1 -= eps * dW1; b1 -= eps * db1; W2 -= eps * dW2; b2 -= eps * db2
    return time.perf_counter() - t0


def logits(n):
    return np.array([(i % 17) * 0.1 - 0.8 for i in range(n)])


def reps(n):
    return 5 if n >= 4096 else 20 if n >= 1024 else 2000


def best_of(k, f):
    best = 1e9
    for _ in range(k):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def np_jacobian(n):
    """softmax, then a fresh J = diag(s) - s s^T, as a user writes it"""
    z = logits(n)
    def work():
        e = np.exp(z - z.max()); s = e / e.sum()
        return np.diag(s) - np.outer(s, s)
    return best_of(reps(n), work)


def torch_jacobian(n):
    z = torch.tensor(logits(n))
    def work():
        s = torch.softmax(z, 0)
        return torch.diag(s) - torch.outer(s, s)
    return best_of(reps(n), work)


def mlp(rows=256, H=128):
    rs = np.random.RandomState(1)
    W1 = rs.randn(784, H) / np.sqrt(784); W2 = rs.randn(H, 10) / np.sqrt(H)
    b1 = np.zeros((1, H)); b2 = np.zeros((1, 10))
    X = rs.random_sample((rows, 784)); y = rs.randint(0, 10, rows)
    return X, y, W1, b1, W2, b2


def fwd_bwd(X, y, W1, b1, W2, b2):
    z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True)); a2 = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(a2[range(len(X)), y]).sum()
    d3 = a2.copy(); d3[range(len(X)), y] -= 1
    dW2 = a1.T.dot(d3); db2 = d3.sum(0); d2 = d3.dot(W2.T) * (1 - a1 ** 2)
    dW1 = X.T.dot(d2); db1 = d2.sum(0)
    return loss, dW1, db1, dW2, db2


def np_mlp(rows=256, H=128):
    args = mlp(rows, H)
    return best_of(20, lambda: fwd_bwd(*args))


def torch_params(rows, dtype=None, H=128):
    """the network's data and parameters in torch, float64 (or dtype)"""
    dtype = dtype or torch.float64
    X, y, W1, b1, W2, b2 = mlp(rows, H)
    P = [torch.tensor(p, dtype=dtype).requires_grad_() for p in (W1, b1, W2, b2)]
    return torch.tensor(X, dtype=dtype), torch.tensor(y), P


def torch_fwd_bwd(X, y, P):
    """forward, the summed cross-entropy, and autograd's backward"""
    W1, b1, W2, b2 = P
    for p in P:
        p.grad = None
    z2 = torch.tanh(X @ W1 + b1) @ W2 + b2
    loss = torch.nn.functional.cross_entropy(z2, y, reduction="sum")
    loss.backward()
    return loss


def torch_mlp(dtype=None, rows=256, H=128):
    X, y, P = torch_params(rows, dtype, H)
    return best_of(20, lambda: torch_fwd_bwd(X, y, P))


BIG_ROWS, BIG_PASSES = 10000, 3


def np_bigtrain():
    """one full-batch pass of gradient descent on 784-128-10 x 10000 (mean loss)"""
    X, y, W1, b1, W2, b2 = mlp(BIG_ROWS)
    def step():
        _, dW1, db1, dW2, db2 = fwd_bwd(X, y, W1, b1, W2, b2)
        for p, d in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            p -= 0.1 / BIG_ROWS * d
    return best_of(BIG_PASSES, step)


def torch_bigtrain(dtype=None):
    X, y, P = torch_params(BIG_ROWS, dtype)
    def step():
        torch_fwd_bwd(X, y, P)
        with torch.no_grad():
            for p in P:
                p -= 0.1 / BIG_ROWS * p.grad
    return best_of(BIG_PASSES, step)


def np_gradcheck(sample=300):
    """central differences of every parameter, each a full forward pass, as a
    numpy notebook does it; timed on `sample` parameters and scaled up to
    all 101,770 (a full run takes minutes)"""
    X, y, W1, b1, W2, b2 = mlp()
    params = [W1, b1, W2, b2]
    total = sum(p.size for p in params)
    rs = np.random.RandomState(2)
    t0 = time.perf_counter()
    fwd_bwd(X, y, W1, b1, W2, b2)
    for _ in range(sample):
        p = params[rs.randint(4)]
        i = rs.randint(p.size)
        old = p.flat[i]
        p.flat[i] = old + 1e-5; lp = fwd_bwd(X, y, *params)[0]
        p.flat[i] = old - 1e-5; lm = fwd_bwd(X, y, *params)[0]
        p.flat[i] = old
        _ = (lp - lm) / 2e-5
    return (time.perf_counter() - t0) * total / sample


def import_time(module):
    """python's start with `import module` less its start alone (the harness's
    fork and the interpreter are not the module's)"""
    def run(code):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0
    return max(0.0, run("import " + module) - run("pass"))


def at_prompt(**extra):
    """start an interactive gradlab on a pseudo-terminal and wait for its
    first prompt: (pid, fd, seconds it took)"""
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, GRADLAB_HISTORY="/dev/null", TERM="xterm", **extra)
        os.execve(GRADLAB, [GRADLAB], env)
    t0 = time.perf_counter()
    buf = b""
    while b"gradlab>" not in buf:
        r, _, _ = select.select([fd], [], [], 5)
        if not r:
            break
        buf += os.read(fd, 4096)
    return pid, fd, time.perf_counter() - t0


def stop(pid, fd):
    os.kill(pid, 15)
    os.waitpid(pid, 0)
    os.close(fd)


STARTS = 10


def gradlab_startup(linger_ms=0, **extra):
    """from exec to the first prompt on a pseudo-terminal, the best of STARTS
    starts, measured by build/bench (small C: a fork of this python, which
    holds numpy and torch, would cost the child its copied pages before the
    exec, about 20 ms on a VM, none of it gradlab's)"""
    env = dict(os.environ, GRADLAB_HISTORY="/dev/null", TERM="xterm", **extra)
    out = subprocess.run([BENCH, "startup", GRADLAB, str(STARTS), str(linger_ms)], capture_output=True, text=True,
                         check=True, env=env)
    return float(out.stdout.strip())


# ---- the table ------------------------------------------------------------
def fmt(t):
    if t is None:
        return ""
    return "%.3g s" % t if t >= 1 else "%.3g ms" % (t * 1e3) if t >= 1e-3 else "%.3g µs" % (t * 1e6)


def json_logits(n):
    """the logits of the Jacobian rows, as a CSV for `load z`"""
    path = os.path.join(RUN_DIR, "z%d.csv" % n)
    with open(path, "w") as f:
        f.write(",".join(repr((i % 17) * 0.1 - 0.8) for i in range(n)) + "\n")
    return path


def gradlab_json_of_J(n):
    """the whole program: J's logits from a file, then J as JSON to a file"""
    out = os.path.join(RUN_DIR, "J.json")
    cmd = "format json; load z %s; jacobian" % json_logits(n)
    with open(out, "w") as f:
        t0 = time.perf_counter()
        subprocess.run([GRADLAB, "--no-window", "-c", cmd], stdout=f, check=True)
        t = time.perf_counter() - t0
    os.remove(out)
    return t


def np_json_of_J(n):
    """the same line from numpy and Python's json (whose floats are repr's)"""
    import json
    out = os.path.join(RUN_DIR, "J_np.json")
    t0 = time.perf_counter()
    z = np.loadtxt(json_logits(n), delimiter=",")
    e = np.exp(z - z.max()); s = e / e.sum()
    J = np.diag(s) - np.outer(s, s)
    with open(out, "w") as f:
        json.dump({"name": "J", "shape": [n, n], "data": J.ravel().tolist()}, f, separators=(",", ":"))
        f.write("\n")
    t = time.perf_counter() - t0
    os.remove(out)
    return t


rows = []
ROW = "%-52s %10s %10s %10s %8s  %-22s %s"   # work, gradlab, numpy, torch, best peer / gradlab, limit, verdict


def row(name, c, peers, limit=None, budget=None, runs=None, nthreads=1, informative=False):
    """time gradlab's c and the peers (numpy, torch: functions or None)
    alternately; limit: the machine's least time for the work (s) or None;
    budget(tc, best peer): the verdict, by default 'not slower than the best peer';
    informative: no verdict (a peer doing other work, such as float32)"""
    runs = runs or RUNS
    got = [[] for _ in range(1 + len(peers))]
    with threads(nthreads):
        for _ in range(runs):
            for i, f in enumerate([c, *peers]):
                if f:
                    # on more than one thread, the side before may leave
                    # threads spinning on the other cores for a while
                    # (OpenBLAS: about 2^28 cycles, ~70 ms here): each side
                    # starts with them asleep
                    if nthreads != 1:
                        time.sleep(0.2)
                    got[i].append(f())
    tc, *tp = [statistics.median(g) if g else None for g in got]
    best = min([t for t in tp if t is not None], default=None)
    ok = None if informative else budget(tc, best) if budget else best is None or tc <= best
    rows.append((name, tc, tp, best, limit, ok))
    print_row(rows[-1])
    return tc


def print_row(r):
    name, tc, tp, best, limit, ok = r
    tp = (tp + [None, None])[:2]
    ratio = "%.2f×" % (best / tc) if best else ""
    lim = "limit %s (%.0f%%)" % (fmt(limit), 100 * limit / tc) if limit else ""
    verdict = "informative" if ok is None else "ok" if ok else "MISSED"
    print(ROW % (name, fmt(tc), fmt(tp[0]), fmt(tp[1]), ratio, lim, verdict), flush=True)


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


peak, peak_fma, stream = (float(v) for v in subprocess.run([BENCH, "peak"], capture_output=True, text=True,
                                                            check=True).stdout.split())
print("gradlab bench: median of %d runs each; gradlab, numpy %s and torch %s alternating"
      % (RUNS, np.__version__, torch.__version__ if torch else "(not installed)"))
print("machine: %s, %d cores; numpy's BLAS: %s" % (cpu_name(), os.cpu_count(), blas_info()))
if peak:
    print("limits of one core, measured: %.1f GFLOP/s with separate multiplies and adds (gradlab's rule: no "
          "fused multiply-add), %.1f with FMA; non-temporal stores %.1f GB/s" % (peak, peak_fma, stream))
print("peers: float64, 1 thread (gradlab: 1 thread); ratio = best peer's time / gradlab's (above 1: gradlab faster)")
print(ROW % ("work", "gradlab", "numpy", "torch", "ratio", "limit (no FMA)", ""))
flops = lambda f: f / (peak * 1e9) if peak else None
tp = torch and (lambda: torch_train())
row("tutorial training (moons 200, 2-3-2, 20000 passes)", lambda: c_time("train"),
    [lambda: min(np_train(), np_train(one_hot=True)), tp])
row("moons 10000, 2-64-2, 50 passes (lr 2/N)", lambda: c_time("train", 10000, 64, 50),
    [lambda: np_train(one_hot=True, passes=50, points=10000, H=64),
     torch and (lambda: torch_train(passes=50, points=10000, H=64))], runs=min(RUNS, 3))
for n in (10, 64, 1024, 4096):
    row("softmax + Jacobian n = %d (fresh J in the peers)" % n, lambda n=n: c_time("jacobian", n),
        [lambda n=n: np_jacobian(n), torch and (lambda n=n: torch_jacobian(n))],
        limit=n * n * 8 / (stream * 1e9) if stream and n >= 1024 else None)
row("format json of J, n = 4096, to a file (whole program)", lambda: gradlab_json_of_J(4096),
    [lambda: np_json_of_J(4096), None], budget=lambda c, p: c < 3, runs=min(RUNS, 3))
# the products' multiplies and adds of 784-H-10 forward + backward on N rows
# (x W1; a1 W2, its gradient and delta3 W2^T; x^T delta2)
def mlp_work(N, H):
    return 2 * 2 * N * 784 * H + 3 * 2 * N * H * 10


mlp_flops = mlp_work(256, 128)
mlp1 = row("784-128-10 forward + backward, batch 256", lambda: c_time("mlp"), [np_mlp, torch and torch_mlp],
           limit=flops(mlp_flops))
growth = {(256, 128): (mlp1, *rows[-1][2])}     # (gradlab, numpy, torch) for the cost growth below
big_flops = mlp_flops * BIG_ROWS / 256
row("784-128-10 x 10000, one training pass (train)", lambda: c_time("bigtrain", BIG_PASSES),
    [np_bigtrain, torch and torch_bigtrain], limit=flops(big_flops), runs=min(RUNS, 3))
big1 = rows[-1][1]
print("  every side on its default threads (%d cores; gradlab on all, GRADLAB_THREADS unset):" % CORES)
mlpN = row("784-128-10 forward + backward, batch 256, all cores", lambda: c_time("mlp", threads=CORES),
           [np_mlp, torch and torch_mlp], limit=flops(mlp_flops) and flops(mlp_flops) / CORES, nthreads=None)
bigN = row("784-128-10 x 10000, training pass, all cores", lambda: c_time("bigtrain", BIG_PASSES, threads=CORES),
           [np_bigtrain, torch and torch_bigtrain], limit=flops(big_flops) and flops(big_flops) / CORES,
           runs=min(RUNS, 3), nthreads=None)
print("  gradlab from 1 to %d threads (the same bits): batch 256 %s -> %s (%.2f×), training pass %s -> %s (%.2f×)"
      % (CORES, fmt(mlp1), fmt(mlpN), mlp1 / mlpN, fmt(big1), fmt(bigN), big1 / bigN))
if torch:
    # float32: half the bytes and twice the lanes of every vector, so not the
    # same work as gradlab's float64 (nor its digits): shown, not judged
    f32 = lambda f: (lambda: f(torch.float32))
    print("  PyTorch float32 (informative: gradlab and the other columns compute in float64):")
    row("784-128-10 fwd + bwd, batch 256, torch f32, 1 thread", lambda: c_time("mlp"),
        [None, f32(torch_mlp)], limit=flops(mlp_flops), informative=True)
    row("784-128-10 fwd + bwd, batch 256, torch f32, all cores", lambda: c_time("mlp", threads=CORES),
        [None, f32(torch_mlp)], limit=flops(mlp_flops) and flops(mlp_flops) / CORES, nthreads=None,
        informative=True)
    row("784-128-10 x 10000 pass, torch f32, 1 thread", lambda: c_time("bigtrain", BIG_PASSES),
        [None, f32(torch_bigtrain)], limit=flops(big_flops), runs=min(RUNS, 3), informative=True)
    row("784-128-10 x 10000 pass, torch f32, all cores", lambda: c_time("bigtrain", BIG_PASSES, threads=CORES),
        [None, f32(torch_bigtrain)], limit=flops(big_flops) and flops(big_flops) / CORES, runs=min(RUNS, 3),
        nthreads=None, informative=True)
# cost growth: the same forward + backward as the width H and the rows N grow
# (the Jacobian's growth with n is in its rows above), 1 thread each
print("  cost growth, 1 thread: 784-H-10 forward + backward on N rows (the work grows as N H):")
for N, H in ((256, 32), (256, 512), (64, 128), (1024, 128), (4096, 128)):
    tc = row("784-%d-10 forward + backward, N = %d" % (H, N), lambda: c_time("mlp", N, H),
             [lambda: np_mlp(N, H), torch and (lambda: torch_mlp(None, N, H))], limit=flops(mlp_work(N, H)),
             runs=min(RUNS, 3))
    growth[N, H] = (tc, *rows[-1][2])
for label, keys in (("H 32 -> 128 -> 512 (N 256)", ((256, 32), (256, 128), (256, 512))),
                    ("N 64 -> 256 -> 1024 -> 4096 (H 128)", ((64, 128), (256, 128), (1024, 128), (4096, 128)))):
    base = mlp_work(*keys[0])
    work = " ".join("×%.3g" % (mlp_work(*k) / base) for k in keys)
    sides = []
    for i, side in enumerate(("gradlab", "numpy", "torch")):
        ts = [growth[k][i] for k in keys]
        if all(ts):
            sides.append("%s %s" % (side, " ".join("×%.3g" % (t / ts[0]) for t in ts)))
    print("  growth %s: work %s; time %s" % (label, work, "; ".join(sides)))
row("784-128-10 gradcheck (101,770 params; numpy: scaled)", lambda: c_time("gradcheck"), [np_gradcheck, None])
row("start to the first prompt (peers: import)", gradlab_startup,
    [lambda: import_time("numpy"), torch and (lambda: import_time("torch"))], budget=lambda c, p: c < 0.020)


# ---- the window -------------------------------------------------------------
def probe_frames():
    """probe bench under SDL's offscreen driver: {(view, n, net, size): (steady, change, drag)}
    and {("floor", size): clear and present} in s; each frame is timed until the renderer
    has finished drawing it"""
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    env.pop("DISPLAY", None)
    out = subprocess.run([PROBE, "bench"], capture_output=True, text=True, env=env, check=True).stdout
    res = {}
    for line in out.splitlines():
        f = line.split()
        if line.startswith("view="):
            key = (f[0][5:], int(f[1][2:]), f[2][4:], f[3][5:])    # ("jacobian", 1024, "2-64-3", "3840x2160")
            res[key] = tuple(float(line.split(kind + " ")[1].split(" ms")[0]) / 1e3
                             for kind in ("steady", "change", "drag"))
        elif line.startswith("floor "):
            res[("floor", f[1][5:])] = float(f[2]) / 1e3
    return res


def xvfb():
    """a private X server on the display it picks itself (-displayfd):
    (process, ":N"), or (None, None)"""
    r, w = os.pipe()
    try:
        p = subprocess.Popen(["Xvfb", "-noreset", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(w,))
    except OSError:
        os.close(r); os.close(w)
        return None, None
    os.close(w)
    got = b""
    while not got.endswith(b"\n") and p.poll() is None:
        if not select.select([r], [], [], 10)[0]:
            break
        chunk = os.read(r, 64)
        if not chunk:
            break
        got += chunk
    os.close(r)
    if not got.strip().isdigit():
        p.kill(); p.wait()
        return None, None
    return p, ":" + got.strip().decode()


def display_startup(dpy):
    """from exec to the first prompt when a display is there (the window
    opens after the prompt; each start is left 0.3 s to open it before it
    is stopped)"""
    return gradlab_startup(linger_ms=300, DISPLAY=dpy)


def first_frame(dpy):
    """from exec to the window drawn: gradlab -c 'window on' returns after its first frame"""
    env = dict(os.environ, DISPLAY=dpy, GRADLAB_HISTORY="/dev/null")
    t0 = time.perf_counter()
    subprocess.run([GRADLAB, "-c", "logits 2 1 0.1; window on"], env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def idle_cpu(dpy, seconds=10):
    """CPU used by an interactive gradlab with its window open and nothing moving"""
    pid, fd, _ = at_prompt(DISPLAY=dpy)
    os.write(fd, b"logits 2 1 0.1\n")
    time.sleep(2)
    def ticks():
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    c0 = ticks()
    time.sleep(seconds)
    c1 = ticks()
    stop(pid, fd)
    return (c1 - c0) / os.sysconf("SC_CLK_TCK") / seconds


def view_label(view, n, net):
    what = {"jacobian": "n = %d" % n, "flow": "net %s" % net,
            "data": "%d points, net %s" % (n, net)}[view]
    return "%s view frame, %s" % (view, what)


if PROBE:
    frames = [probe_frames() for _ in range(RUNS)]
    for key in frames[0]:
        if key[0] == "floor":
            t = statistics.median(f[key] for f in frames)
            rows.append(("window frame that only clears and presents, %s (the floor)" % key[1], t, [], None, None,
                         True))
            print_row(rows[-1])
            continue
        view, n, net, size = key
        for i, kind in ((1, "after a change"), (0, "steady"), (2, "drag")):
            t = statistics.median(f[key][i] for f in frames)
            budget = " < 8 ms" if n == 1024 else ""
            rows.append(("%s, %s (%s)%s" % (view_label(view, n, net), size, kind, budget), t, [], None, None,
                         t < 0.008 if budget else True))
            print_row(rows[-1])
    server, dpy = xvfb()
    if server:
        try:
            row("start to the first prompt, with a display (Xvfb) < 20 ms", lambda: display_startup(dpy), [],
                budget=lambda c, p: c < 0.020)
            row("start to the first frame (Xvfb)", lambda: first_frame(dpy), [])
            cpu = idle_cpu(dpy)
            print(ROW % ("idle CPU, window open, 10 s (Xvfb) < 1%", "%.2f%%" % (cpu * 100), "", "", "", "",
                         "ok" if cpu < 0.01 else "MISSED"), flush=True)
        finally:
            server.kill()
            server.wait()
    else:
        print("(no Xvfb: the first-frame and idle rows are skipped)")
