#!/usr/bin/env python3
"""make bench: gradlab next to the same work in numpy, with the ratio.

Each row runs gradlab's measurement (build-bench/bench, or the real program)
and the numpy equivalent alternately, RUNS times, in this one process, and
reports the medians, so that machine noise hits both sides alike. The budget
column says whether the row meets the goal of the speed issue.
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


def c_time(*args):
    out = subprocess.run([BENCH, *map(str, args)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


# ---- numpy sides --------------------------------------------------------
def moons():
    import sklearn.datasets
    np.random.seed(0)
    return sklearn.datasets.make_moons(200, noise=0.20)


def np_train():
    """the classic tutorial's build_model(3), 20000 passes, no printing"""
    X, y = moons()
    n = len(X)
    np.random.seed(0)
    W1 = np.random.randn(2, 3) / np.sqrt(2); b1 = np.zeros((1, 3))
    W2 = np.random.randn(3, 2) / np.sqrt(3); b2 = np.zeros((1, 2))
    t0 = time.perf_counter()
    for _ in range(20000):
        z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
        e = np.exp(z2); probs = e / np.sum(e, axis=1, keepdims=True)
        delta3 = probs; delta3[range(n), y] -= 1
        dW2 = (a1.T).dot(delta3); db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * (1 - np.power(a1, 2))
        dW1 = np.dot(X.T, delta2); db1 = np.sum(delta2, axis=0)
        dW2 += 0.01 * W2; dW1 += 0.01 * W1
        W1 += -0.01 * dW1; b1 += -0.01 * db1; W2 += -0.01 * dW2; b2 += -0.01 * db2
    return time.perf_counter() - t0


def np_jacobian(n):
    z = np.array([(i % 17) * 0.1 - 0.8 for i in range(n)])
    e = np.exp(z - z.max()); s = e / e.sum()
    reps = 5 if n >= 4096 else 20 if n >= 1024 else 2000
    best = 1e9
    for _ in range(reps):
        t0 = time.perf_counter()
        J = np.diag(s) - np.outer(s, s)
        best = min(best, time.perf_counter() - t0)
    del J
    return best


def mlp():
    rs = np.random.RandomState(1)
    W1 = rs.randn(784, 128) / np.sqrt(784); W2 = rs.randn(128, 10) / np.sqrt(128)
    b1 = np.zeros((1, 128)); b2 = np.zeros((1, 10))
    X = rs.random_sample((256, 784)); y = rs.randint(0, 10, 256)
    return X, y, W1, b1, W2, b2


def fwd_bwd(X, y, W1, b1, W2, b2):
    z1 = X.dot(W1) + b1; a1 = np.tanh(z1); z2 = a1.dot(W2) + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True)); a2 = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(a2[range(len(X)), y]).sum()
    d3 = a2.copy(); d3[range(len(X)), y] -= 1
    dW2 = a1.T.dot(d3); db2 = d3.sum(0); d2 = d3.dot(W2.T) * (1 - a1 ** 2)
    dW1 = X.T.dot(d2); db1 = d2.sum(0)
    return loss, dW1, db1, dW2, db2


def np_mlp():
    args = mlp()
    best = 1e9
    for _ in range(20):
        t0 = time.perf_counter()
        fwd_bwd(*args)
        best = min(best, time.perf_counter() - t0)
    return best


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


def np_startup():
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy"], check=True)
    return time.perf_counter() - t0


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


def gradlab_startup():
    """from exec to the first prompt, on a pseudo-terminal"""
    pid, fd, t = at_prompt()
    stop(pid, fd)
    return t


# ---- the table ------------------------------------------------------------
def fmt(t):
    return "%.3g s" % t if t >= 1 else "%.3g ms" % (t * 1e3) if t >= 1e-3 else "%.3g µs" % (t * 1e6)


def measure(c, py):
    cs, ps = [], []
    for _ in range(RUNS):
        cs.append(c())
        ps.append(py())
    return statistics.median(cs), statistics.median(ps)


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
def row(name, c, py, budget, ok, runs=None):
    global RUNS
    keep, RUNS = RUNS, runs or RUNS
    tc, tp = measure(c, py) if py else (statistics.median([c() for _ in range(RUNS)]), None)
    RUNS = keep
    rows.append((name, tc, tp, budget, ok(tc, tp)))
    print_row(rows[-1])


ROW = "%-58s %11s %11s %8s  %-26s %s"     # work, gradlab, numpy, speed-up, budget, verdict


def print_row(r):
    name, tc, tp, budget, ok = r
    ratio = "%.1f×" % (tp / tc) if tp else ""
    print(ROW % (name, fmt(tc), fmt(tp) if tp else "", ratio, budget,
                                             "ok" if ok else "MISSED"), flush=True)


print("gradlab bench: median of %d runs each, gradlab and numpy %s alternating" % (RUNS, np.__version__))
print("machine: %s, %s, %d cores" % (platform.processor() or platform.machine(),
      open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].strip(": ") if os.path.exists("/proc/cpuinfo") else "",
      os.cpu_count()))
print(ROW % ("work", "gradlab", "numpy", "speedup", "budget", ""))
row("tutorial training (moons 200, 2-3-2, 20000)", lambda: c_time("train"), np_train,
    "≥ 25× numpy", lambda c, p: p / c >= 25)
for n in (64, 1024, 4096):
    row("softmax Jacobian n = %d" % n, lambda n=n: c_time("jacobian", n), lambda n=n: np_jacobian(n),
        "≤ numpy" + (", ≤ 2× memcpy" if n == 4096 else ""), lambda c, p: c <= p)
floor = statistics.median([c_time("memcpy", 4096) for _ in range(RUNS)])
jac = [r for r in rows if r[0].endswith("4096")][0][1]
print(ROW % ("memcpy of the same 128 MiB (the floor)", fmt(floor), "", "", "J is %.2f× it" % (jac / floor),
                                         "ok" if jac <= 2 * floor else "MISSED"))
row("format json of J, n = 4096, to a file (the whole program)", lambda: gradlab_json_of_J(4096),
    lambda: np_json_of_J(4096), "< 3 s", lambda c, p: c < 3, runs=min(RUNS, 3))
row("784-128-10 forward + backward, batch 256", lambda: c_time("mlp"), np_mlp, "(no budget)", lambda c, p: True)
row("784-128-10 gradcheck (101,770 params)", lambda: c_time("gradcheck"), np_gradcheck,
    "(numpy: scaled from 300)", lambda c, p: True)
row("start to the first prompt", gradlab_startup, np_startup, "< 20 ms (numpy: import)", lambda c, p: c < 0.020)


# ---- the window -------------------------------------------------------------
def probe_frames():
    """probe bench under SDL's offscreen driver: {(view, n, net): (steady, change)} in s;
    each frame is timed until the renderer has finished drawing it"""
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    env.pop("DISPLAY", None)
    out = subprocess.run([PROBE, "bench"], capture_output=True, text=True, env=env, check=True).stdout
    res = {}
    for line in out.splitlines():
        if line.startswith("view="):
            f = line.split()
            key = (f[0][5:], int(f[1][2:]), f[2][4:])            # ("jacobian", 1024, "2-64-3")
            steady = float(line.split("steady ")[1].split(" ms")[0]) / 1e3
            change = float(line.split("change ")[1].split(" ms")[0]) / 1e3
            res[key] = (steady, change)
    return res


def xvfb():
    """a private X server on the display it picks itself (-displayfd):
    (process, ":N"), or (None, None)"""
    r, w = os.pipe()
    try:
        p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
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
    opens after the prompt)"""
    pid, fd, t = at_prompt(DISPLAY=dpy)
    time.sleep(0.3)                         # let the window open before it is stopped
    stop(pid, fd)
    return t


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
        view, n, net = key
        budget = "< 8 ms" if n == 1024 else "(no budget)"
        for i, kind in ((1, "after a change"), (0, "steady")):
            t = statistics.median(f[key][i] for f in frames)
            rows.append(("%s (%s)" % (view_label(view, n, net), kind), t, None, budget,
                         t < 0.008 if budget != "(no budget)" else True))
            print_row(rows[-1])
    server, dpy = xvfb()
    if server:
        try:
            row("start to the first prompt, with a display (Xvfb)", lambda: display_startup(dpy), None,
                "< 20 ms", lambda c, p: c < 0.020)
            row("start to the first frame (Xvfb)", lambda: first_frame(dpy), None, "(no budget)", lambda c, p: True)
            cpu = idle_cpu(dpy)
            print("%-58s %10.2f%% %11s %8s  %-26s %s" % ("idle CPU, window open, 10 s (Xvfb)", cpu * 100, "", "",
                                                      "< 1% of a core", "ok" if cpu < 0.01 else "MISSED"), flush=True)
        finally:
            server.kill()
            server.wait()
    else:
        print("(no Xvfb: the first-frame and idle rows are skipped)")
