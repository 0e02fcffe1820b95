"""The writer processes of one capture, as the addon in mitmdump sees them (no mitmproxy here).

One writer (``writers=1``): exchanges go down its stdin, its answers come up its stdout. A pool
(``writers=N``, N >= 2): N redacting writers, each handed the exchanges of its share (the one
with the fewest bytes still unanswered takes the next exchange; a stream stays with the writer
that took its start), and one sink that writes their lines in sequence order and answers.

Each exchange handed over gets the next sequence number and an entry in ``pending`` until it is
answered (``on_answer(token, ok)``). When a process goes (its stdout reaches its end, or a write
to it fails), ``on_gone(why)`` says so once, and what it held is answered "not written": a
redacting writer's share, or everything when the sink (or the one writer) goes. A frame is in
the kernel's pipe when ``put`` returns, whatever happens to mitmdump afterwards; a frame put
``soon`` (a response that waits for its answer) is, at the end of the event loop's turn, with the
others of the turn in one writev: one wake-up of the writer for all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import select
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

from replay.capture import frames
from replay.util.redactkey import env_key

__all__ = ["ONE_WRITER", "StartFailed", "WriterPool"]

PIPE_SIZE = 1 << 20  # room for ~400 small exchanges before a slow writer holds the proxy back
START_TIMEOUT = 60.0
IOV_MAX = 1024  # buffers one writev takes
# A process closes its pipes as it exits, a moment before its status can be read: seconds its status is waited for
# once its pipe is found closed (a write failed, its stdout ended), so the loss says how it ended ("code -9")
EXIT_WAIT = 2.0
# What a capture's messages call its processes; a pool's redacting writers are "writer process I of N". The one
# that answers gives the summary, and a capture it died in names it (``capture.proxy``: the addon announces it).
ONE_WRITER = "the writer process"
SINK = "the sink process"


class StartFailed(Exception):
    """A writer process did not start (its own message is on stderr)."""


@dataclass(slots=True)
class _Proc:
    name: str
    proc: subprocess.Popen[bytes]
    out: int  # its stdout: READY, then (the sink, the one writer) the answers; its end is its death
    into: int = -1  # its stdin, where exchanges go (a redacting writer, the one writer)
    unanswered: int = 0  # bytes handed to it, not yet answered
    queued: list[bytes | memoryview] = field(default_factory=list)  # frames for the end of this loop turn
    piped: list[Callable[[], None]] = field(default_factory=list)  # to call once the queued frames are in the pipe

    def ended(self) -> int | None:
        """Its exit code once its pipe closed (None if it does not end within ``EXIT_WAIT``)."""
        try:
            return self.proc.wait(EXIT_WAIT)
        except subprocess.TimeoutExpired:
            return None


def _shared_key_env() -> dict[bytes, bytes] | None:
    """The writers' environment when ``REPLAY_REDACT_KEY`` is not set: one random key for all of
    them (in their environment only, never on disk), as each writer would otherwise make its own,
    and a value would take one pseudonym or another by the writer that redacted it (a session keyed
    by a redacted header split in two). None: the key is set, the writers inherit it."""
    if env_key() is not None:
        return None
    return {**os.environb, b"REPLAY_REDACT_KEY": os.urandom(32).hex().encode()}


class WriterPool:
    def __init__(
        self,
        argv: list[str],
        writers: int,
        status: str,
        on_answer: Callable[[object, bool], None],
        on_gone: Callable[[str], None],
    ):
        self.on_answer = on_answer
        self.on_gone = on_gone
        self.gone = ""  # why it takes no more exchanges
        self.seq = 0
        self._turn = 0
        self.pending: dict[int, tuple[object, int, int]] = {}  # seq: token, writer, bytes
        self._acks = bytearray()
        self._queued: list[_Proc] = []  # processes with frames to write at the end of this loop turn
        self._loop: asyncio.AbstractEventLoop | None = None
        keep = (int(status[3:]),) if status.startswith("fd:") else ()
        self._env = None if writers <= 1 else _shared_key_env()
        if writers <= 1:
            self.writers = [self._spawn(ONE_WRITER, argv, keep, stdin=True)]
            self.answers = self.writers[0]
        else:
            self.writers, self.answers = self._spawn_pool(argv, writers, keep)
        self._procs = [*self.writers, *([self.answers] if self.answers not in self.writers else [])]
        self._wait_ready()
        with contextlib.suppress(RuntimeError):  # no loop yet: the first put listens
            self._listen(asyncio.get_running_loop())

    def _spawn(self, name: str, argv: list[str], fds: tuple[int, ...], stdin: bool) -> _Proc:
        p = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            bufsize=0,
            pass_fds=fds,
            env=self._env,
        )
        assert p.stdout is not None
        into = -1
        if p.stdin is not None:
            into = p.stdin.fileno()
            with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: keep the default
                fcntl.fcntl(into, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        return _Proc(name, p, p.stdout.fileno(), into)

    def _spawn_pool(self, argv: list[str], n: int, keep: tuple[int, ...]) -> tuple[list[_Proc], _Proc]:
        pipes = [os.pipe() for _ in range(n)]
        try:
            reads = tuple(r for r, _ in pipes)
            sink_argv = [*argv, "--role", "sink", "--inputs", ",".join(map(str, reads))]
            sink = self._spawn(SINK, sink_argv, (*reads, *keep), stdin=False)
            redactors = [
                self._spawn(
                    f"writer process {i + 1} of {n}", [*argv, "--role", "redact", "--to", str(w)], (w, *keep), True
                )
                for i, (_, w) in enumerate(pipes)
            ]
        finally:
            for r, w in pipes:  # the children hold them now; the sink sees each writer's end
                os.close(r)
                os.close(w)
        return redactors, sink

    def _wait_ready(self) -> None:
        for p in self._procs:
            ready, _, _ = select.select([p.out], [], [], START_TIMEOUT)
            if not ready or os.read(p.out, 1) != frames.READY:
                self._kill_all()
                raise StartFailed(f"{p.name} could not start (see its message above): {p.proc.args}")
            os.set_blocking(p.out, False)

    def _kill_all(self) -> None:
        for p in self._procs:
            p.proc.kill()
            p.proc.wait()

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read answers as they come, and notice any process's end even without traffic."""
        self._loop = loop
        for p in self._procs:
            loop.add_reader(p.out, self._readable, p)

    def choose(self) -> int:
        """The writer to take the next exchange: the one with the fewest bytes unanswered (of equals,
        the next in turn, so that light traffic is spread over the cores too)."""
        n = len(self.writers)
        if n == 1:
            return 0
        self._turn = (self._turn + 1) % n
        order = [(self._turn + i) % n for i in range(n)]
        return min(order, key=lambda i: self.writers[i].unanswered)

    def future(self) -> asyncio.Future[None]:
        """A future on the loop the answers come on, for a response that waits for its answer. The loop
        is the pool's own, not asked for: on Python 3.11 each ``asyncio.get_running_loop()`` is a
        getpid(2), one system call a request more than plain mitmdump's."""
        if self._loop is None:
            self._listen(asyncio.get_running_loop())
        assert self._loop is not None
        return self._loop.create_future()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def put(
        self,
        writer: int,
        bufs: list[bytes | memoryview],
        seq: int = 0,
        token: object = None,
        soon: bool = False,
        piped: Callable[[], None] | None = None,
    ) -> bool:
        """Hand one frame to ``writer``: on return it is in the pipe, or with ``soon`` it will be at the
        end of this turn of the event loop, in one write with the others handed over in it (for an
        exchange whose response waits: nothing has reached the client before that), and then
        ``piped()`` is called (not if the write fails). With ``seq``, ``token`` waits in ``pending``
        for the answer (``on_answer``: it may come before this returns, when the write fails). False,
        and nothing pending, when the pool takes no more."""
        if self.gone:
            return False
        if self._loop is None:
            self._listen(asyncio.get_running_loop())
        p = self.writers[writer]
        if seq:
            size = sum(len(b) for b in bufs)
            self.pending[seq] = (token, writer, size)
            p.unanswered += size
        if soon:
            if not p.queued:
                self._queued.append(p)
                if len(self._queued) == 1:
                    assert self._loop is not None
                    self._loop.call_soon(self._write_queued)
            p.queued += bufs
            if piped is not None:
                p.piped.append(piped)
            return True
        self._write_out(p, bufs)  # if it fails, the answer "not written" has come already
        return True

    def _write_queued(self) -> None:
        queued, self._queued = self._queued, []
        for p in queued:
            self._write_out(p, [])

    def _write_out(self, p: _Proc, bufs: list[bytes | memoryview]) -> None:
        """What waits for the end of the turn (handed over first, so it goes first), then ``bufs``."""
        if p.queued:
            bufs = [*p.queued, *bufs]
        piped, p.queued, p.piped = p.piped, [], []
        if bufs and self._write(p, bufs):
            for fn in piped:
                fn()

    def _write(self, p: _Proc, bufs: list[bytes | memoryview]) -> bool:
        """A blocking write of whole frames (a signal or a full pipe may cut a writev short)."""
        try:
            for at in range(0, len(bufs), IOV_MAX):
                part = bufs[at : at + IOV_MAX]
                n = os.writev(p.into, part)
                size = sum(len(b) for b in part)
                if n < size:
                    rest = memoryview(b"".join(part))[n:]
                    while rest:
                        rest = rest[os.write(p.into, rest) :]
        except OSError:
            self._lost(p, f"{p.name} is gone (exit code {p.ended()})")
            return False
        return True

    def _readable(self, p: _Proc) -> None:
        try:
            data = os.read(p.out, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            assert self._loop is not None
            self._loop.remove_reader(p.out)
            self._lost(p, f"{p.name} exited (code {p.ended()})")
            return
        if p is not self.answers:
            return
        self._acks += data
        usable = len(self._acks) - len(self._acks) % frames.ACK.size
        for first, last, status in frames.ACK.iter_unpack(self._acks[:usable]):
            ok = status == frames.ACK_OK
            for seq in range(first, last + 1):
                self._answer(seq, ok)
        del self._acks[:usable]

    def _answer(self, seq: int, ok: bool) -> None:
        got = self.pending.pop(seq, None)
        if got is not None:
            token, writer, size = got
            self.writers[writer].unanswered -= size
            self.on_answer(token, ok)

    def _lost(self, p: _Proc, why: str) -> None:
        """``p`` is gone: what it held is not written (everything, if it was the one that answers)."""
        p.queued, p.piped = [], []
        if not self.gone:
            self.gone = why
            self.on_gone(why)
        if p is self.answers:
            lost = list(self.pending)
        else:
            i = self.writers.index(p)
            lost = [seq for seq, (_, w, _) in self.pending.items() if w == i]
        for seq in lost:
            self._answer(seq, False)

    def close(self) -> None:
        """End the pipes; the writers write what they hold and exit (the sink once they have). What this turn of
        the loop handed over goes first: its write, due at the turn's end, came after the pipes had closed,
        and its exchanges were answered 'not written' (a stopped capture failed, exit 3) or, had a descriptor's
        number been taken again meanwhile, went to whatever held it."""
        self._write_queued()
        self.gone = self.gone or "the capture has stopped"
        if self._loop is not None:
            for p in self._procs:
                with contextlib.suppress(Exception):
                    self._loop.remove_reader(p.out)
        for p in self.writers:
            with contextlib.suppress(OSError):
                os.close(p.into)
            p.into = -1  # a write now fails (EBADF), whatever number the OS gives out next
            p.proc.stdin = None  # closed above
        for p in self._procs:
            try:
                p.proc.wait(60)
            except subprocess.TimeoutExpired:
                p.proc.kill()
                p.proc.wait()
