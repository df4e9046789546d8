#!/usr/bin/python3
"""Runs gradlab on the cases of tests/ref/torch/*.txt (PyTorch autograd and
mpmath values made by tests/ref/torch_ref.py) and holds every value gradlab
computes to the fixture: |gradlab - reference| <= 1e-12 max(|reference|,
DBL_MIN), that is 1e-12 relative, with a floor for subnormal values. Needs
only python3 (no torch, no numpy): gradlab writes each value with `save`
(17 significant digits, read back exactly). On the same cases the checks'
verdicts too: gradcheck says ok on every network (none has a relu unit
at its kink), and `jacobian check` and `mistake logits` pass the right J
on every logit vector, whatever its scale.

Usage: check_ref.py GRADLAB TMPDIR. Prints one line per value checked that
fails, a summary per fixture with the worst relative error, and ends with
"N passed, N failed" (a value is one check).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "torch")
REL = 1e-12
DBL_MIN = 2.2250738585072014e-308
ACTS = ("tanh", "sigmoid", "relu")
NET_VALUES = ("z1", "a1", "z2", "a2", "loss", "delta3", "dW2", "db2", "delta2", "dW1", "db1")


def read_fixture(name):
    """{case: {value: (rows, cols, [numbers])}} of one fixture file"""
    cases = {}
    with open(os.path.join(FIXTURES, name)) as f:
        for ln in f:
            w = ln.split()
            case, value = w[0].split(".", 1)
            rows, cols = int(w[1]), int(w[2])
            cases.setdefault(case, {})[value] = (rows, cols, [float(v) for v in w[3:]])
    return cases


def literal(v):
    rows, cols, data = v
    row = lambda r: "[" + ", ".join(repr(x) for x in data[r * cols:(r + 1) * cols]) + "]"
    return "[" + ", ".join(row(r) for r in range(rows)) + "]"


def vector(v):
    return "[" + ", ".join(repr(x) for x in v[2]) + "]"


def scalar(v):
    return v[2][0]


def set_net(c):
    D, H, K, N = (int(x) for x in c["shape"][2])
    return ["net %d %d %d act=%s" % (D, H, K, ACTS[int(scalar(c["act"]))]),
            "W1 = " + literal(c["W1"]), "b1 = " + vector(c["b1"]),
            "W2 = " + literal(c["W2"]), "b2 = " + vector(c["b2"]),
            "x = " + literal(c["x"]), "y = " + literal(c["y"]), "reg = %r" % scalar(c["reg"])]


def script_nets(cases, out):
    lines, wanted = ["format json"], []
    for name, c in cases.items():
        lines += set_net(c) + ["backward"]
        for v in NET_VALUES:
            path = os.path.join(out, "%s.%s.csv" % (name, v))
            lines.append("save %s %s" % (v, path))
            wanted.append((name, v, c[v], path))
        lines.append("gradcheck")
    return lines, wanted


def script_train(cases, out):
    lines, wanted = [], []
    for name, c in cases.items():
        lines += set_net(c)
        lines.append("train %d lr=%r reg=%r every=0 reduce=%s" % (
            int(scalar(c["passes"])), scalar(c["lr"]), scalar(c["reg"]),
            "mean" if scalar(c["reduce"]) else "sum"))
        lines.append("forward")
        for v in ("W1", "b1", "W2", "b2", "loss"):
            path = os.path.join(out, "%s.%s.csv" % (name, v))
            lines.append("save %s %s" % (v, path))
            wanted.append((name, v, c[v + "_out"], path))
    return lines, wanted


def script_logits(cases, out):
    lines, wanted = ["format json"], []
    for name, c in cases.items():
        lines.append("logits " + " ".join(repr(x) for x in c["z"][2]))
        for v in ("s", "J"):
            path = os.path.join(out, "%s.%s.csv" % (name, v))
            lines.append("save %s %s" % (v, path))
            wanted.append((name, v, c[v], path))
        lines += ["jacobian check", "mistake logits"]
    return lines, wanted


def verdicts(fixture, cases, stdout):
    """the checks' verdicts in gradlab's JSON output: (passed, failed)"""
    objs = []
    for ln in stdout.splitlines():
        try:
            objs.append(json.loads(ln))
        except ValueError:
            pass
    passed = failed = 0
    if fixture == "nets.txt":
        reports = [o for o in objs if o.get("report") == "gradcheck"]
        if len(reports) != len(cases):
            print("FAIL %s: %d gradcheck reports for %d cases" % (fixture, len(reports), len(cases)))
            return 0, 1
        for name, r in zip(cases, reports):
            if r["ok"]:
                passed += 1
            else:
                failed += 1
                print("FAIL %s %s: gradcheck says %s" % (fixture, name, json.dumps(r["rows"])[:400]))
        print("ok   %s: gradcheck says ok on %d of %d networks" % (fixture, passed, len(cases)))
    elif fixture == "logits.txt":
        checks = [o for o in objs if o.get("report") == "jacobian check"]
        rights = [o["text"] for o in objs if o.get("text", "").startswith("  right: ")]
        if len(checks) != 2 * len(cases) or len(rights) != len(cases):
            print("FAIL %s: %d jacobian checks and %d mistake verdicts for %d cases" % (
                fixture, len(checks), len(rights), len(cases)))
            return 0, 1
        for k, name in enumerate(cases):
            for r in checks[2 * k:2 * k + 2]:
                if r["ok"]:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL %s %s: jacobian check (%s) says %s" % (fixture, name, r["against"], json.dumps(r)))
            if rights[k].rstrip().endswith("passes"):
                passed += 1
            else:
                failed += 1
                print("FAIL %s %s: mistake logits says%s" % (fixture, name, rights[k]))
        print("ok   %s: jacobian check and mistake logits pass the right J on %d logit vectors" % (
            fixture, len(cases)))
    return passed, failed


def read_csv(path):
    vals = []
    with open(path) as f:
        for ln in f:
            ln = ln.strip()
            if not ln or not (ln[0].isdigit() or ln[0] in "+-.in"):
                continue
            vals += [float(x) for x in ln.split(",")]
    return vals


def compare(got, ref):
    """the worst |got - ref| / max(|ref|, DBL_MIN) (inf on a shape or
    non-finite mismatch), and the index where it is"""
    if len(got) != len(ref):
        return float("inf"), -1
    worst, at = 0.0, 0
    for i, (a, b) in enumerate(zip(got, ref)):
        if a == b:
            continue
        e = abs(a - b) / max(abs(b), DBL_MIN)
        if e != e:
            e = float("inf")
        if e > worst:
            worst, at = e, i
    return worst, at


def main():
    gradlab, tmp = sys.argv[1], sys.argv[2]
    passed = failed = 0
    for fixture, make in (("nets.txt", script_nets), ("logits.txt", script_logits), ("train.txt", script_train)):
        out = os.path.join(tmp, fixture[:-4])
        os.makedirs(out, exist_ok=True)
        cases = read_fixture(fixture)
        lines, wanted = make(cases, out)
        script = os.path.join(out, "script.gl")
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        run = subprocess.run([gradlab, script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            print("FAIL %s: gradlab exited %d: %s" % (fixture, run.returncode, run.stderr.strip()[:300]))
            failed += 1
        p, f = verdicts(fixture, cases, run.stdout)
        passed += p
        failed += f
        worst, where, count = 0.0, "", 0
        for case, v, ref, path in wanted:
            try:
                got = read_csv(path)
            except OSError:
                print("FAIL %s %s.%s: not saved" % (fixture, case, v))
                failed += 1
                continue
            e, i = compare(got, ref[2])
            count += len(ref[2])
            if e > worst:
                worst, where = e, "%s.%s[%d]" % (case, v, i)
            if e <= REL:
                passed += 1
            else:
                failed += 1
                print("FAIL %s %s.%s[%d]: gradlab %r, reference %r (relative error %.3g > %g)" % (
                    fixture, case, v, i, got[i] if i >= 0 else None, ref[2][i] if i >= 0 else None, e, REL))
        print("ok   %s: %d values in %d checks, worst relative error %.3g (%s)" % (
            fixture, count, len(wanted), worst, where or "-"))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
