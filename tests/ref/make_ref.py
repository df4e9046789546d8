#!/usr/bin/python3
"""Reference values for the unit tests, computed independently with numpy
(Debian's python3-numpy 1.24, python3-sklearn 1.2). Run from the repository
root:  /usr/bin/python3 tests/ref/make_ref.py  (rewrites tests/ref/*.txt).

Format of every fixture: one value per line,  NAME ROWS COLS v v v ...
(row-major, repr() of each double, so the C side reads them exactly)."""
import numpy as np

out_dir = "tests/ref/"


def write(path, items):
    with open(out_dir + path, "w") as f:
        for name, a in items:
            a = np.atleast_2d(np.asarray(a, dtype=float))
            f.write("%s %d %d %s\n" % (name, a.shape[0], a.shape[1], " ".join(repr(float(v)) for v in a.ravel())))


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---- softmax and its Jacobian ------------------------------------------
items = []
for name, z in (("a", [2.0, 1.0, 0.1]), ("b", [0.5, -1.25, 3.0, 0.0, 2.5, -0.75, 1.0])):
    z = np.array(z); s = softmax(z)
    items += [("z_" + name, z), ("s_" + name, s), ("J_" + name, np.diag(s) - np.outer(s, s))]
write("softmax.txt", items)


# ---- the network -----------------------------------------------------------
def act(z, kind):
    return {"tanh": np.tanh(z), "sigmoid": 1 / (1 + np.exp(-z)), "relu": np.maximum(z, 0)}[kind]


def act_grad(z, a, kind):
    return {"tanh": 1 - a ** 2, "sigmoid": a * (1 - a), "relu": (z > 0).astype(float)}[kind]


def net_case(prefix, X, Y, W1, b1, W2, b2, kind, reg, lr):
    z1 = X @ W1 + b1; a1 = act(z1, kind); z2 = a1 @ W2 + b2; a2 = softmax(z2)
    N = len(X)
    loss_sum = -(Y * np.log(a2)).sum() + reg / 2 * ((W1 ** 2).sum() + (W2 ** 2).sum())
    d3 = a2 - Y
    dW2 = a1.T @ d3 + reg * W2; db2 = d3.sum(0, keepdims=True)
    d2 = (d3 @ W2.T) * act_grad(z1, a1, kind)
    dW1 = X.T @ d2 + reg * W1; db1 = d2.sum(0, keepdims=True)
    items = [("x", X), ("y", Y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("reg", reg), ("lr", lr),
             ("z1", z1), ("a1", a1), ("z2", z2), ("a2", a2), ("loss_sum", loss_sum), ("loss_mean", loss_sum / N),
             ("delta3", d3), ("dW2", dW2), ("db2", db2), ("delta2", d2), ("dW1", dW1), ("db1", db1),
             ("W1_next", W1 - lr * dW1), ("b1_next", b1 - lr * db1),
             ("W2_next", W2 - lr * dW2), ("b2_next", b2 - lr * db2)]
    # reduce=mean (cs231n, PyTorch): the mean cross-entropy plus the whole L2
    # term, and its gradients: the data part divided by N, reg*W added whole
    ce = -(Y * np.log(a2)).sum(); l2 = reg / 2 * ((W1 ** 2).sum() + (W2 ** 2).sum())
    items += [("loss_reduce_mean", ce / N + l2),
              ("dW2_mean", a1.T @ d3 / N + reg * W2), ("db2_mean", d3.sum(0, keepdims=True) / N),
              ("dW1_mean", X.T @ d2 / N + reg * W1), ("db1_mean", d2.sum(0, keepdims=True) / N)]
    write(prefix + ".txt", items)


rs = np.random.RandomState(42)
X = np.array([[0.5, -1.2], [1.0, 0.3], [-0.7, 0.8], [0.1, 0.1]])
Y = np.eye(2)[[1, 0, 1, 0]]
W1 = rs.randn(2, 3) * 0.8; b1 = rs.randn(1, 3) * 0.1; W2 = rs.randn(3, 2) * 0.8; b2 = rs.randn(1, 2) * 0.1
net_case("net_232", X, Y, W1, b1, W2, b2, "tanh", 0.0, 0.1)
net_case("net_232_reg", X, Y, W1, b1, W2, b2, "tanh", 0.01, 0.1)
X = rs.randn(6, 5); Y = np.eye(4)[[0, 3, 1, 2, 3, 0]]
W1 = rs.randn(5, 7) * 0.5; b1 = rs.randn(1, 7) * 0.1; W2 = rs.randn(7, 4) * 0.5; b2 = rs.randn(1, 4) * 0.1
net_case("net_574", X, Y, W1, b1, W2, b2, "tanh", 0.0, 0.05)
net_case("net_574_sigmoid", X, Y, W1, b1, W2, b2, "sigmoid", 0.02, 0.05)
net_case("net_574_relu", X, Y, W1, b1, W2, b2, "relu", 0.0, 0.05)

# ---- numpy's legacy generator, the tutorial's weights and data ----------------
items = []
for seed in (0, 1, 12345):
    np.random.seed(seed); items.append(("uniform_%d" % seed, np.random.random_sample(10)))
    np.random.seed(seed); items.append(("gauss_%d" % seed, np.random.randn(11)))
np.random.seed(0)
items.append(("tutorial_W1", np.random.randn(2, 3) / np.sqrt(2)))
items.append(("tutorial_W2", np.random.randn(3, 2) / np.sqrt(3)))
np.random.seed(0)       # cs231n's case study: W = 0.01 * np.random.randn(D, h), then W2 (net ... init=0.01)
items.append(("cs231n_W1", 0.01 * np.random.randn(2, 100)))
items.append(("cs231n_W2", 0.01 * np.random.randn(100, 3)))
import sklearn.datasets
np.random.seed(0); Xm, ym = sklearn.datasets.make_moons(200, noise=0.20)
items += [("moons_X", Xm), ("moons_y", ym)]
np.random.seed(3); Xc, yc = sklearn.datasets.make_circles(100, noise=0.05, factor=0.8)
items += [("circles_X", Xc), ("circles_y", yc)]
write("random.txt", items)

# ---- training from CSV data and CSV weights (tests/train/run-train.sh) ----------
# Each case is a folder tests/ref/train/CASE with data.csv (features..., label),
# the start weights W1.csv b1.csv W2.csv b2.csv, script (the gradlab commands,
# which save the trained weights to out_*.csv), and expect_*.csv: the same loop
# in numpy, full batch, P -= lr*dP, biases not regularised:
#   reduce=sum  descends  sum_n CE_n + reg/2 (|W1|^2 + |W2|^2):  dW = X^T delta + reg*W
#   reduce=mean descends (1/N) sum_n CE_n + reg/2 (|W1|^2 + |W2|^2):  dW = X^T delta / N + reg*W
# and the loss gradlab shows after it: the summed one divided by N (sum), the
# mean one as it is (mean).
import os


def write_csv(path, a, header=None):
    a = np.atleast_2d(np.asarray(a, dtype=float))
    with open(path, "w") as f:
        if header:
            f.write(header + "\n")
        for row in a:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def train_case(name, N, D, H, K, passes, lr, reg, reduce, rs, kind="tanh", how="arg"):
    """how: "arg" trains with train ... reduce=R; "sticky" splits the passes
    in two trains, the second without reduce= (the mode stays); "command"
    sets the mode with 'reduce R' first and trains without reduce="""
    d = out_dir + "train/" + name + "/"
    os.makedirs(d, exist_ok=True)
    X = rs.randn(N, D)
    labels = rs.randint(0, K, N)
    labels[:min(N, K)] = np.arange(min(N, K))      # every class present when N allows
    Y = np.eye(K)[labels]
    W1 = rs.randn(D, H) * 0.7; b1 = rs.randn(1, H) * 0.1
    W2 = rs.randn(H, K) * 0.7; b2 = rs.randn(1, K) * 0.1
    with open(d + "data.csv", "w") as f:
        f.write(",".join("x%d" % j for j in range(D)) + ",label\n")
        for i in range(N):
            f.write(",".join(repr(float(v)) for v in X[i]) + ",%d\n" % labels[i])
    for nm, a in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
        write_csv(d + nm + ".csv", a)
    for _ in range(passes):
        z1 = X @ W1 + b1; a1 = act(z1, kind); a2 = softmax(a1 @ W2 + b2)
        d3 = a2 - Y
        d2 = (d3 @ W2.T) * act_grad(z1, a1, kind)
        dW2 = a1.T @ d3; db2 = d3.sum(0, keepdims=True)
        dW1 = X.T @ d2; db1 = d2.sum(0, keepdims=True)
        if reduce == "mean":
            dW2 = dW2 / N; db2 = db2 / N; dW1 = dW1 / N; db1 = db1 / N
        dW2 = dW2 + reg * W2; dW1 = dW1 + reg * W1
        W1 = W1 - lr * dW1; b1 = b1 - lr * db1
        W2 = W2 - lr * dW2; b2 = b2 - lr * db2
    a2 = softmax(act(X @ W1 + b1, kind) @ W2 + b2)
    ce = -(Y * np.log(a2)).sum(); l2 = reg / 2 * ((W1 ** 2).sum() + (W2 ** 2).sum())
    loss = ce / N + l2 if reduce == "mean" else (ce + l2) / N
    for nm, a in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2), ("loss", loss)):
        write_csv(d + "expect_" + nm + ".csv", a)
    with open(d + "script", "w") as f:
        f.write("# %s: %d examples, %d-%d-%d %s, %d passes lr=%g reg=%g reduce=%s (%s; tests/ref/make_ref.py)\n"
                % (name, N, D, H, K, kind, passes, lr, reg, reduce, how))
        f.write("data load data.csv\nnet %d %d %d act=%s\n" % (D, H, K, kind))
        for nm in ("W1", "b1", "W2", "b2"):
            f.write("load %s %s.csv\n" % (nm, nm))
        if how == "command":
            f.write("reduce %s\ntrain %d lr=%r reg=%r\n" % (reduce, passes, lr, reg))
        elif how == "sticky":
            first = passes // 3
            f.write("train %d lr=%r reg=%r reduce=%s\n" % (first, lr, reg, reduce))
            f.write("train %d lr=%r\n" % (passes - first, lr))
        else:
            f.write("train %d lr=%r reg=%r reduce=%s\n" % (passes, lr, reg, reduce))
        f.write("forward\n")
        for nm in ("W1", "b1", "W2", "b2", "loss"):
            f.write("save %s out_%s.csv\n" % (nm, nm))


rs = np.random.RandomState(2024)
train_case("moons_like", 60, 2, 5, 2, 300, 0.01, 0.01, "sum", rs)
train_case("one_example", 1, 3, 1, 2, 50, 0.1, 0.0, "sum", rs)
train_case("one_hidden", 40, 4, 1, 3, 200, 0.5, 0.001, "mean", rs)
train_case("ten_classes", 80, 6, 8, 10, 150, 0.3, 0.01, "mean", rs)
# every activation in both modes with reg > 0 (issue 21): mean as cs231n and
# PyTorch mean it, the L2 gradient reg*W added whole
train_case("sigmoid_sum", 50, 3, 6, 4, 200, 0.02, 0.05, "sum", rs, "sigmoid")
train_case("sigmoid_mean", 50, 3, 6, 4, 200, 1.0, 0.05, "mean", rs, "sigmoid", "sticky")
train_case("relu_sum", 45, 2, 12, 3, 250, 0.005, 0.02, "sum", rs, "relu")
train_case("relu_mean", 45, 2, 12, 3, 250, 0.5, 0.02, "mean", rs, "relu", "command")
train_case("tanh_mean_strong_reg", 30, 5, 4, 3, 300, 0.5, 0.03, "mean", rs)


# ---- the cs231n case study (tests/train/run-train.sh, lessons/09-cs231n.lesson) -----
# "Putting it together: minimal neural network case study": the spiral (100 points
# of each of 3 classes), a ReLU hidden layer of 100 units, W = 0.01 randn, step size
# 1, reg 1e-3, 10000 full-batch iterations. The loop below is the course's, in
# Python 3 (its data loss averaged over the examples, plus 0.5 reg (|W|^2 + |W2|^2);
# its gradient: dscores /= N, then + reg W), run on gradlab's own spiral (written by
# ./gradlab, which must be built: `data spiral` uses the C library's sin and cos,
# which may differ from numpy's in the last bit; checked below to 1e-15) and on
# gradlab's weights, which are numpy's np.random.seed(0); 0.01 * np.random.randn.
#
# This run is chaotic: with step size 1, two loops whose weights differ in the last
# bit agree to about 1e-11 up to iteration 3000, and then only to about 2e-5 (numpy
# against itself with one weight moved by one ulp: 2.4e-5 at iteration 8000; ReLU
# units switching on or off for an example amplify the difference; single small
# weights part earlier: 2.4e-13 relative after 100 iterations, 1.4e-12 after 200,
# though the weights as a whole agree to 1e-14). So the fixture holds every weight
# after 100 iterations to 1e-12, the printed losses up to
# iteration 3000 to their printed digits, and the later ones, the final loss and the
# accuracy to 1e-4 (expect_log: KEY VALUE RELTOL, KEY the iteration or "final").
import subprocess


def cs231n_loop(X, y, iterations, seed=0):
    """the course's loop; returns the weights and losses[i], the loss it prints at
    iteration i (before that iteration's update), for i = 0..iterations"""
    N, D, K, h = 100, 2, 3, 100
    np.random.seed(seed)            # `net` re-seeds: W and W2 from the seed
    W = 0.01 * np.random.randn(D, h); b = np.zeros((1, h))
    W2 = 0.01 * np.random.randn(h, K); b2 = np.zeros((1, K))
    step_size = 1e-0; reg = 1e-3
    num_examples = X.shape[0]
    losses = []
    for i in range(iterations + 1):
        hidden_layer = np.maximum(0, np.dot(X, W) + b)
        scores = np.dot(hidden_layer, W2) + b2
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        corect_logprobs = -np.log(probs[range(num_examples), y])
        data_loss = np.sum(corect_logprobs) / num_examples
        reg_loss = 0.5 * reg * np.sum(W * W) + 0.5 * reg * np.sum(W2 * W2)
        losses.append(data_loss + reg_loss)
        if i == iterations:
            break
        dscores = probs
        dscores[range(num_examples), y] -= 1
        dscores /= num_examples
        dW2 = np.dot(hidden_layer.T, dscores)
        db2 = np.sum(dscores, axis=0, keepdims=True)
        dhidden = np.dot(dscores, W2.T)
        dhidden[hidden_layer <= 0] = 0
        dW = np.dot(X.T, dhidden)
        db = np.sum(dhidden, axis=0, keepdims=True)
        dW2 += reg * W2
        dW += reg * W
        W += -step_size * dW
        b += -step_size * db
        W2 += -step_size * dW2
        b2 += -step_size * db2
    predicted_class = np.argmax(np.dot(np.maximum(0, np.dot(X, W) + b), W2) + b2, axis=1)
    return (W, b, W2, b2), losses, int(np.sum(predicted_class == y))


def cs231n_case(name):
    d = out_dir + "train/" + name + "/"
    os.makedirs(d, exist_ok=True)
    subprocess.run(["./gradlab", "-c", "seed 0; data spiral 3; data save " + d + "expect_data.csv"],
                   check=True, stdout=subprocess.DEVNULL)
    data = np.loadtxt(d + "expect_data.csv", delimiter=",")
    X = data[:, :2]; y = data[:, 2].astype(int)
    # the course's spiral, here with np.random.seed(0): the same points to 1e-15
    N, D, K = 100, 2, 3
    np.random.seed(0)
    Xc = np.zeros((N * K, D))
    for j in range(K):
        ix = range(N * j, N * (j + 1))
        r = np.linspace(0.0, 1, N)
        t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
        Xc[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
    assert np.max(np.abs(Xc - X)) <= 1e-15, np.max(np.abs(Xc - X))
    np.random.seed(0)
    write_csv(d + "expect_W1_init.csv", 0.01 * np.random.randn(D, 100))
    write_csv(d + "expect_W2_init.csv", 0.01 * np.random.randn(100, K))
    (W, b, W2, b2), losses, _ = cs231n_loop(X, y, 100)
    for nm, a in (("W1_100", W), ("b1_100", b), ("W2_100", W2), ("b2_100", b2), ("loss0", losses[0]),
                  ("loss_100", losses[100])):
        write_csv(d + "expect_" + nm + ".csv", a)
    _, losses, right = cs231n_loop(X, y, 10000)
    # gradlab prints the loss after pass i (after i + 1 updates), the course before
    # its update i (after i updates): the course's iteration i + 1
    with open(d + "expect_log", "w") as f:
        for i in range(0, 10000, 1000):
            f.write("%d %r %g\n" % (i, losses[i + 1], 1e-12 if i <= 3000 else 1e-4))
        f.write("final %r 1e-4\n" % losses[10000])
    with open(d + "expect_right", "w") as f:
        f.write("(%d of %d rows\n" % (right, N * K))
    with open(d + "course_log", "w") as f:
        f.write("# the course's loop on gradlab's spiral and weights, printed as the course prints\n")
        for i in range(0, 10000, 1000):
            f.write("iteration %d: loss %f\n" % (i, losses[i]))
        f.write("training accuracy: %.2f\n" % (right / (N * K)))
    with open(d + "script", "w") as f:
        f.write("# %s: cs231n's case study (tests/ref/make_ref.py; lessons/09-cs231n.lesson)\n" % name)
        f.write("seed 0\ndata spiral 3\ndata save out_data.csv\nnet 2 100 3 act=relu init=0.01\n")
        f.write("save W1 out_W1_init.csv\nsave W2 out_W2_init.csv\n")
        f.write("reg = 0.001\nreduce mean\nforward\nsave loss out_loss0.csv\n")
        f.write("train 100 lr=1\nforward\n")
        for nm in ("W1", "b1", "W2", "b2"):
            f.write("save %s out_%s_100.csv\n" % (nm, nm))
        f.write("save loss out_loss_100.csv\n")
        f.write("# the whole run again from the start, as the lesson runs it\n")
        f.write("net 2 100 3 act=relu init=0.01\ntrain 10000 lr=1 reg=0.001 reduce=mean every=1000\naccuracy\n")


cs231n_case("cs231n")
