#!/usr/bin/env python3
"""history.py TMPDIR: the REPL's history keeps only lines fit to show
(#17 point 19, src/front/history.c). A history file holding an escape
sequence, a C1 control, bytes that are not UTF-8 and a line over the
limit: Up at the prompt brings back the last good line, never them; a
line typed with an escape in it (Ctrl-V Esc) is not appended to the file
(the lines of the file before stay as they were: the history is appended
to). Prints ok/FAIL lines."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import Gone, Repl  # noqa: E402

GRADLAB = os.environ['GRADLAB']
tmp = sys.argv[1]
hist = os.path.join(tmp, 'history-test')
LIMIT = 1 << 20


def say(good, name, detail=''):
    print(('ok   ' if good else 'FAIL ') + name, flush=True)
    if detail and not good:
        print('    ' + detail[:600], flush=True)


long_line = 'seed 1' + ' ' * LIMIT
bad = [b'seed 5\x1b]0;title\x07', 'seed 6 \u0085'.encode(), b'seed \xff\xfe 4', long_line.encode()]
with open(hist, 'wb') as f:
    f.write(b'seed 7\n' + bad[3] + b'\n' + bad[0] + b'\nseed 8\n' + bad[1] + b'\n' + bad[2] + b'\n')

r = Repl([GRADLAB, '--no-window'], dict(os.environ, TERM='xterm', GRADLAB_HISTORY=hist))
try:
    r.wait_prompt(30)
    out = r.command('\x1b[A')               # Up, then Enter: the last good line
    say('seed = 8' in out, 'Up brings back the last line fit to show, not an escape or binary bytes',
        repr(out[-300:]))
    # an escape typed with Ctrl-V (quoted-insert): the line runs (an
    # error), it is not kept
    out = r.command('seed 3\x16\x1bc')
    say('error' in out, 'a line typed with an escape in it is refused', repr(out[-200:]))
    r.command('seed 9')
    r.send('quit')
    r.wait_exit(30)
except Gone as e:
    say(False, 'gradlab answered', str(e))
r.close()
saved = open(hist, 'rb').read().split(b'\n') if os.path.exists(hist) else []
say(b'seed 7' in saved and b'seed 8' in saved, 'the good lines of the history stay', repr(saved[:8])[:300])
say(b'seed 9' in saved and b'seed 3\x1bc' not in saved, 'a line typed with an escape is not kept',
    repr(saved[-4:])[:300])
