#!/usr/bin/env python3
"""interrupt.py TMPDIR: every long operation stops within 100 ms of Ctrl-C
(or SIGTERM), leaving the state as it was (or, for train, what was learned).

Each case runs a command near the documented limits in gradlab's REPL (in a
pseudo-terminal, drive.py), lets it run, sends SIGINT and measures the time
from the signal to the next prompt; then it checks that the state printed
by a fingerprint (status and a few entries) is the one from before the
command. Batch mode: the time from the signal to the end of gradlab.

The bar is 100 ms. A loaded machine can deschedule gradlab right when the
signal comes, so a case over the bar is tried again, up to three times in
all, and passes when one try is under it (the code's own latency is what
the fastest try shows); every try's figure is printed. Under the sanitizer
build (make sanitize sets ASAN_OPTIONS) the work between two polls is several times
slower: the bar is 1 s there. Prints "ok"/"FAIL" lines for tests/lib.sh's
counters on stdout, one per check.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import Gone, Repl  # noqa: E402

GRADLAB = os.environ['GRADLAB']
SANITIZED = 'ASAN_OPTIONS' in os.environ or os.environ.get('GRADLAB_SANITIZED')
BAR_MS = 1000.0 if SANITIZED else 100.0
TRIES = 3
tmp = sys.argv[1]
results = []


def say(ok, name, detail=''):
    print(('ok   ' if ok else 'FAIL ') + name, flush=True)
    if detail and not ok:
        for line in detail.splitlines()[-12:]:
            print('    ' + line[:300], flush=True)


def csv(path, rows, cols):
    """rows of cols ones and a label 0: x is a batch of ones"""
    with open(path, 'w') as f:
        f.write((','.join(['1'] * cols) + ',0\n') * rows)


def script(name, text):
    path = os.path.join(tmp, name)
    with open(path, 'w') as f:
        f.write(text)
    return path


def start(setup):
    env = dict(os.environ, TERM='xterm')
    r = Repl([GRADLAB, '--no-window', '-i', script('setup.gl', setup)], env)
    r.wait_prompt(300)
    return r


def case(r, name, line, run_s, fingerprint, want):
    """line runs for run_s seconds, then Ctrl-C: the prompt within the bar,
    the message want, and the fingerprint as before"""
    tries = []
    for _ in range(TRIES):
        before = r.command(fingerprint)
        r.send(line)
        if not r.started(run_s):
            say(False, '%s: runs for %.1f s before Ctrl-C' % (name, run_s), r.output())
            return
        ms, out = r.interrupt()
        after = r.command(fingerprint)
        tries.append(ms)
        if want not in out:
            say(False, '%s: says "%s"' % (name, want), out)
            return
        if after != before:
            say(False, '%s: the state is as before' % name, 'before:\n%s\nafter:\n%s' % (before, after))
            return
        if ms < BAR_MS:
            break
    shown = ', '.join('%.1f' % t for t in tries)
    results.append((name, min(tries)))
    say(min(tries) < BAR_MS, '%s: Ctrl-C to the prompt in %s ms (bar %.0f)' % (name, shown, BAR_MS))


def batch(name, lines, marker, run_s, sig=signal.SIGINT):
    """a script in batch mode: once marker is printed and run_s more have
    passed, sig; the time to gradlab's end, and that it ended by sig"""
    tries = []
    for _ in range(TRIES):
        path = script('batch.gl', lines)
        p = subprocess.Popen([GRADLAB, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = b''
        end = time.monotonic() + 120
        while marker.encode() not in out and p.poll() is None and time.monotonic() < end:
            out += os.read(p.stdout.fileno(), 1 << 16)
        if marker.encode() not in out:
            p.kill()
            p.wait()
            say(False, '%s: the script gets to "%s"' % (name, marker), out.decode('utf-8', 'replace'))
            return
        time.sleep(run_s)
        if p.poll() is not None:
            say(False, '%s: runs for %.1f s before the signal' % (name, run_s))
            return
        t0 = time.monotonic()
        p.send_signal(sig)
        while p.poll() is None:
            time.sleep(0.001)
        ms = (time.monotonic() - t0) * 1e3
        out += p.stdout.read()
        tries.append(ms)
        if p.returncode != -sig:
            say(False, '%s: ends by the signal (status %s)' % (name, p.returncode), out.decode('utf-8', 'replace'))
            return
        if ms < BAR_MS:
            break
    shown = ', '.join('%.1f' % t for t in tries)
    results.append((name, min(tries)))
    say(min(tries) < BAR_MS, '%s: the signal to the end in %s ms (bar %.0f)' % (name, shown, BAR_MS))


def repl_ends(name, sigs, setup, hist):
    """forward runs in the REPL; the signals sigs: it stops and gradlab
    ends by the first of them within the bar, the history saved"""
    tries = []
    for n in range(TRIES):
        r = start(setup)
        mark = 'seed %d' % (100 + n + 10 * len(sigs))
        r.command(mark)
        r.send('forward')
        if not r.started(0.4):
            say(False, 'REPL %s: forward runs before the signal' % name, r.output())
            return
        t0 = time.monotonic()
        for sig in sigs:
            os.kill(r.pid, sig)
        ms = (r.wait_exit(30) - t0) * 1e3
        st = r.status
        r.close()
        tries.append(ms)
        if not (os.WIFSIGNALED(st) and os.WTERMSIG(st) == sigs[0]):
            say(False, 'REPL %s: gradlab ends by the signal' % name, 'wait status %r' % st)
            return
        saved = open(hist).read().splitlines() if os.path.exists(hist) else []
        if mark not in saved:
            say(False, 'REPL %s: the history is saved' % name, '\n'.join(saved[-5:]))
            return
        if ms < BAR_MS:
            break
    shown = ', '.join('%.1f' % t for t in tries)
    results.append(('REPL, ' + name + ', to the end', min(tries)))
    say(min(tries) < BAR_MS, 'REPL %s: forward stops, the history is saved and gradlab ends by the signal '
        'in %s ms (bar %.0f)' % (name, shown, BAR_MS))


def main():
    big, mid, small = (os.path.join(tmp, n) for n in ('big.csv', 'mid.csv', 'small.csv'))
    csv(big, 8180, 4096)          # the largest batch a 4096-wide net takes
    # (the sanitizer's build runs the products several tens of times slower:
    # there the forward pass of the setup uses fewer rows)
    csv(mid, 128 if SANITIZED else 1024, 4096)
    csv(small, 1024, 256)
    fp = 'status; W1[0][0]; W1[4095][4095]; W2[0][0]; b1[0]; data'

    # the largest net on the largest batch: a forward pass is ~20 s
    r = start('precision 17\ndata load %s\nnet 4096 4096 4096\n' % big)
    case(r, 'forward (8180 x 4096, 4096-4096-4096)', 'forward', 0.4, fp, 'forward stopped')
    case(r, 'step', 'step', 0.4, fp, 'step stopped')
    case(r, 'backward', 'backward', 0.4, fp, 'backward stopped')
    case(r, 'train 1 (preparing its batch)', 'train 1', 0.3, fp, 'train stopped')
    case(r, 'train 1 (inside the pass)', 'train 1', 2.5, fp, 'train stopped')
    case(r, 'update', 'update lr=0.001', 0.4, fp, 'update stopped')
    case(r, 'accuracy', 'accuracy', 0.4, fp, 'accuracy stopped')
    case(r, 'gradcheck (its backward pass)', 'gradcheck', 0.4, fp, 'gradcheck stopped')
    r.command('format csv')
    case(r, 'format csv; x (33 million numbers)', 'x', 0.4, fp, 'output was stopped')
    r.command('format pretty')
    case(r, 'net 4096 4096 4096', 'net 4096 4096 4096', 0.3, fp, 'net stopped')
    case(r, 'data load (8180 x 4097 CSV, reading)', 'data load ' + big, 0.05, fp, 'data load stopped')
    case(r, 'data load (8180 x 4097 CSV, parsing)', 'data load ' + big, 0.8, fp, 'data load stopped')
    case(r, 'load x (8180 x 4097 CSV)', 'load x ' + big, 0.8, fp, 'load stopped')
    r.close()

    # a computed forward pass, then the backward pass and training inside
    # their products
    r = start('precision 17\ndata load %s\nnet 4096 4096 4096\nforward\n' % mid)
    case(r, 'backward (in dW2, delta2, dW1)', 'backward', 1.2, fp, 'backward stopped')
    case(r, 'train 3 (in a pass)', 'train 3', 1.5, fp, 'train stopped')
    z = 'z = [' + ', '.join('%g' % ((i % 13) * 0.01) for i in range(4096)) + ']\n'
    r.command('format pretty')
    r.close()

    # the gradient check inside its central differences
    r = start('precision 17\ndata load %s\nnet 256 256 256\nbackward\n' % small)
    case(r, 'gradcheck (central differences)', 'gradcheck', 0.5, fp.replace('4095', '255'), 'gradcheck stopped')
    r.close()

    # J of 4096 logits as JSON (16.7 million numbers), and its picture
    r = start(z + 'snapshot %s\nformat json\n' % os.path.join(tmp, 'first.png'))
    zfp = 'status; z[0]; s[4095]'
    case(r, 'format json; J (n = 4096)', 'J', 0.2, zfp, 'output was stopped')
    png = os.path.join(tmp, 'j.png')
    for at in (0.03, 0.08):
        case(r, 'snapshot of J (n = 4096) after %.0f ms' % (at * 1e3), 'snapshot ' + png, at, zfp,
             'snapshot stopped')
        say(not os.path.exists(png), 'a stopped snapshot leaves no file')
    r.close()

    # mistake at its largest: central differences of 10000 weights
    r = start('precision 17\ndata load %s\nnet 100 100 2\n' % script('one.csv', ','.join(['0.5'] * 100) + ',1\n'))
    case(r, 'mistake gate-z1 (10000 weights)', 'mistake gate-z1', 0.1, fp.replace('4095', '99'), 'mistake stopped')
    r.close()

    # SIGTERM and SIGHUP in the REPL: the work stops, gradlab ends (by the
    # signal) with the history saved; a Ctrl-C right after SIGTERM does not
    # keep it waiting for a key. The time to the end includes the system
    # taking the memory back (about 0.1 s per GB on a loaded test machine):
    # these runs hold 0.4 GB, a forward pass of a second
    mid_run = 'data load %s\nnet 4096 4096 2\n' % mid
    hist = os.path.join(os.environ['XDG_STATE_HOME'], 'gradlab', 'history')
    for name, sigs in (('SIGTERM', [signal.SIGTERM]), ('SIGHUP', [signal.SIGHUP]),
                       ('SIGTERM then Ctrl-C', [signal.SIGTERM, signal.SIGINT])):
        repl_ends(name, sigs, mid_run, hist)

    # batch mode: predict on 2000 rows of a 1-4096-2048 net (a long line;
    # 0.3 GB, for the time to the end includes the system taking it back)
    rows = '[' + ', '.join(['[1]'] * 2000) + ']'
    batch('predict, batch mode (2000 x 1, 1-4096-2048)', 'net 1 4096 2048\nseed 1\npredict %s\n' % rows,
          'seed = 1', 0.4)
    big_run = 'data load %s\nnet 4096 4096 2\nseed 1\nforward\n' % mid
    batch('forward, batch mode', big_run, 'seed = 1', 0.4)
    batch('forward, batch mode, SIGTERM', big_run, 'seed = 1', 0.4, signal.SIGTERM)

    with open(os.path.join(tmp, 'latencies.txt'), 'w') as f:
        for name, ms in results:
            f.write('%8.1f ms  %s\n' % (ms, name))


try:
    main()
except Gone as e:
    say(False, 'gradlab answered', str(e))
