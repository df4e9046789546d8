#!/usr/bin/env python3
"""terminal.py: the progress bar keeps to one line of a narrow terminal and
sends no escape sequence (#17 point 19). gradlab's REPL runs in a pseudo-
terminal (drive.py) of 40 and of 120 columns, with TERM=dumb and xterm;
what a train of some seconds prints is read raw. Prints ok/FAIL lines."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import Gone, Repl  # noqa: E402

GRADLAB = os.environ['GRADLAB']


def say(good, name, detail=''):
    print(('ok   ' if good else 'FAIL ') + name, flush=True)
    if detail and not good:
        print('    ' + detail[:600], flush=True)


for term, cols in (('dumb', 40), ('xterm', 40), ('xterm', 120)):
    name = 'TERM=%s, %d columns' % (term, cols)
    r = Repl([GRADLAB, '--no-window'], dict(os.environ, TERM=term), cols=cols)
    try:
        r.wait_prompt(30)
        r.command('data moons 200; net 2 20 2')
        out = r.command('train 200000')
    except Gone as e:
        say(False, name + ': gradlab answered', str(e))
        continue
    finally:
        r.close()
    bars = out.split('\n')[0].split('\r')
    shown = [b for b in bars if b.strip()]
    say('\x1b' not in out, name + ': the progress bar sends no escape sequence', repr(out[:300]))
    say(out.count('\n') == 1 and out.rstrip().endswith(')') is False and 'trained 200000 passes' in out,
        name + ': one line of output after the bar, none per percent', repr(out[-300:]))
    say(len(shown) > 10 and all(len(b) < cols for b in shown),
        name + ': every state of the bar fits the line (%d states)' % len(shown),
        repr([b for b in shown if len(b) >= cols][:3]))
