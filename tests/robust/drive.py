#!/usr/bin/env python3
"""drive.py: gradlab's REPL in a pseudo-terminal, for the robustness tests.

    from drive import Repl
    r = Repl([gradlab, '-i', 'setup.gl'])     # started in its own pty
    r.wait_prompt(60)                         # the first prompt
    out = r.command('status')                 # a line, and what it printed
    r.send('forward')
    if r.freeze(0.4):                         # stopped (SIGSTOP) mid-line
        ms, out = r.interrupt()               # SIGINT, SIGCONT; ms to the prompt

Everything gradlab writes is read as it comes (a flood of output never
blocks it). Times are taken on the monotonic clock: the latency of a stop
is measured from the moment the signal is sent (or, to a frozen gradlab,
from the SIGCONT that lets it take the signal) to the moment the prompt's
bytes arrive.

No check assumes that a line takes some time: freeze() stops gradlab with
SIGSTOP once the line ran for a while and tells whether the line was still
running then (no prompt came); a signal sent to the frozen process
provably arrives while the line runs. A line that ended before is tried
again by the caller, frozen sooner (see interrupt.py).
"""
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time

PROMPT = b'gradlab> '


class Gone(Exception):
    """gradlab ended (or never answered) while a check waited for it"""


class Repl:
    def __init__(self, argv, env=None, cols=200, rows=50):
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.execve(argv[0], argv, env if env is not None else os.environ)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        self.buf = bytearray()
        self.mark = 0           # where the output of the current line starts
        self.status = None      # the wait status once it ended

    # -- reading -------------------------------------------------------
    def alive(self):
        if self.status is None:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = st
        return self.status is None

    def _read(self, timeout):
        """what arrives within timeout seconds (appended to buf); False at the end"""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b''
        if not data:
            return False
        self.buf += data
        return True

    def _drain(self, quiet):
        """read until nothing more comes for quiet seconds"""
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                data = b''
            if not data:
                return
            self.buf += data

    def wait_for(self, pattern, timeout, start=None):
        """the time (monotonic) when pattern appeared after start (default: the mark)"""
        start = self.mark if start is None else start
        end = time.monotonic() + timeout
        while True:
            i = self.buf.find(pattern, start)
            if i >= 0:
                return time.monotonic(), i
            left = end - time.monotonic()
            if left <= 0:
                raise Gone('no %r within %.0f s; it printed: %r' % (pattern, timeout, self.tail()))
            if not self._read(min(left, 0.05)):
                raise Gone('gradlab ended; it printed: %r' % self.tail())

    def wait_prompt(self, timeout=60):
        t, i = self.wait_for(PROMPT, timeout)
        self.mark = i + len(PROMPT)
        return t

    def tail(self, n=600):
        return bytes(self.buf[-n:]).decode('utf-8', 'replace')

    def output(self):
        """what was printed since the mark"""
        return bytes(self.buf[self.mark:]).decode('utf-8', 'replace')

    # -- writing -------------------------------------------------------
    def send(self, line):
        if not self.alive():
            raise Gone('gradlab is not running (status %r)' % self.status)
        self.sent_at = len(self.buf)
        os.write(self.fd, line.encode() + b'\r')
        # the line's echo ends with its line end: from there on is its output
        _, i = self.wait_for(b'\n', 10, self.sent_at)
        self.mark = i + 1

    def command(self, line, timeout=120):
        """run a line to its end: what it printed (up to the next prompt)"""
        self.send(line)
        start = self.mark
        self.wait_prompt(timeout)
        return bytes(self.buf[start:self.mark - len(PROMPT)]).decode('utf-8', 'replace')

    def started(self, seconds):
        """let the line run for seconds; False when it ended before that"""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.buf.find(PROMPT, self.mark) >= 0:
                return False
            self._read(end - time.monotonic())
        return self.buf.find(PROMPT, self.mark) < 0 and self.alive()

    def freeze(self, seconds):
        """let the line run for up to seconds, then stop gradlab (SIGSTOP)
        and read what it wrote: True when it is frozen in the middle of the
        line (no prompt came), False when the line ended first (gradlab
        then runs on, its prompt read)"""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.buf.find(PROMPT, self.mark) < 0:
            if not self._read(end - time.monotonic()):
                break
        if self.buf.find(PROMPT, self.mark) < 0 and self.alive():
            os.kill(self.pid, signal.SIGSTOP)
            pid, st = os.waitpid(self.pid, os.WUNTRACED)
            if not os.WIFSTOPPED(st):
                self.status = st
                raise Gone('gradlab ended while a line ran (status %r)' % st)
            # it writes nothing more: what it wrote is read to the end (the
            # pseudo-terminal hands it on within a few ms)
            self._drain(0.05)
            if self.buf.find(PROMPT, self.mark) < 0:
                self.frozen = True
                return True
            os.kill(self.pid, signal.SIGCONT)
        self.wait_prompt(60)
        return False

    def interrupt(self, sig=signal.SIGINT, timeout=60):
        """send sig (to a frozen gradlab, then SIGCONT): the milliseconds
        until the next prompt, and what the stopped line printed"""
        start = self.mark
        os.kill(self.pid, sig)
        t0 = time.monotonic()
        if getattr(self, 'frozen', False):
            self.frozen = False
            os.kill(self.pid, signal.SIGCONT)
        t1 = self.wait_prompt(timeout)
        return (t1 - t0) * 1e3, bytes(self.buf[start:self.mark]).decode('utf-8', 'replace')

    def wait_exit(self, timeout):
        """the monotonic time when gradlab ended (its output read to the end)"""
        end = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > end:
                raise Gone('gradlab still runs after %.0f s' % timeout)
            self._read(0.002)
        t = time.monotonic()
        while self._read(0):
            pass
        return t

    def close(self):
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
