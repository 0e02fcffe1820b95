"""Child processes: start them, wait until they are ready, stop them on every exit path.

``Children`` is a context manager; leaving it (normally, by an exception, by Ctrl-C, or by SIGTERM
or SIGHUP, which ``sigterm_as_interrupt`` turns into KeyboardInterrupt) stops every child it
started, newest first.
A child also dies with its parent: on Linux it asks the kernel for SIGTERM when the process
that started it goes (``PR_SET_PDEATHSIG``), so a ``kill -9`` of replay leaves nothing running.
A child started with ``rest`` has its stop wait for the processes it started in turn (its process
group: they outlive a child that was killed, to write what it had handed them), then kill them.

A child's stdout and stderr go to a log read back for error messages: an anonymous file (deleted
at creation, so nothing is left in the temp directory whatever happens), or ``<log_dir>/NAME.log``
when the caller keeps logs beside its output (a run directory).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import resource
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import TypeVar

from replay.errors import BadInput, RunFailed

__all__ = [
    "OUT_OF_FILES",
    "Child",
    "Children",
    "adopting_orphans",
    "as_batch",
    "die_with_parent",
    "forget_interrupt",
    "how_it_ended",
    "ignore_terminal",
    "more_open_files",
    "sigterm_as_interrupt",
    "to_devnull",
]

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER, _PR_GET_CHILD_SUBREAPER = 36, 37
_TAIL_BYTES = 1 << 16
KILL_WAIT = 5.0  # seconds the processes left in a child's group get to go after its SIGKILL


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn``: the child gets ``sig`` when its parent dies (Linux; elsewhere nothing)."""
    parent = os.getpid()

    def preexec() -> None:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


@contextlib.contextmanager
def adopting_orphans() -> Iterator[None]:
    """Within the block this process inherits the orphans of its descendants (Linux ``PR_SET_CHILD_SUBREAPER``;
    elsewhere nothing): the processes a child started that outlive it become this process's, reaped here when
    its stop waits for them (``Child(rest=...)``). Why: an orphan went to init, and an init that reaps nothing at
    once (a container's; this machine's, every few seconds) left it a zombie, which a wait for the child's process
    group took for alive. Only within the block: orphans of later children are not left zombies here."""
    libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
    was = ctypes.c_int(0)
    if libc is None or libc.prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(was), 0, 0, 0) != 0 or was.value:
        yield  # not Linux, or one already (a run within a run's block): as it is
        return
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    try:
        yield
    finally:
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _group_left(pgid: int) -> bool:
    """Whether a process of group ``pgid`` is left, once those of them that are this process's children and have
    ended are reaped (a zombie is in its group until it is)."""
    if hasattr(os, "waitid"):
        with contextlib.suppress(ChildProcessError):
            while os.waitid(os.P_PGID, pgid, os.WEXITED | os.WNOHANG) is not None:
                pass
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of the group that is not ours to signal: still there
        return True
    return True


def how_it_ended(code: int | None) -> str:
    """A child's exit for a message: "killed by SIGKILL", "exit code 3"."""
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def as_batch() -> None:
    """Make this process batch work (Linux ``SCHED_BATCH``, its nice value unchanged): it keeps its
    share of the CPU, but its wake-ups never preempt the process running on its core.

    For helpers of a process that must act on time: the runner's responses writer shares a core with
    the sending runner, and woken by each buffer of responses handed to it, it took that core for
    milliseconds at the sender's own priority, so the rows due meanwhile left late. Threads started
    later inherit it. Nothing where the policy is missing or refused."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def _anonymous_log() -> int:
    """A read-write file descriptor on a file that has no name (nothing to clean up, ever)."""
    fd, path = tempfile.mkstemp(prefix="replay-", suffix=".log")
    os.unlink(path)
    return fd


class Child:
    """One child process; its stdout and stderr go to a log read back on failure."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        pass_fds: Sequence[int] = (),
        rest: float | None = None,
    ):
        self.name = name
        self.argv = list(argv)
        self.rest = rest  # seconds the processes it started (its process group) get to end after it; None: none
        self.rest_killed = False  # some were still there ``rest`` s after it ended, and were killed
        self.log: Path | None = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            self.log = log_dir / f"{name.replace(' ', '-').replace('/', '-')}.log"
            self._log_fd = os.open(self.log, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        else:
            self._log_fd = _anonymous_log()
        # The child writes through its own descriptor; we read with pread, which moves no offset.
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fd,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,  # Ctrl-C reaches us only; we stop it in order
            preexec_fn=die_with_parent(),
            pass_fds=tuple(pass_fds),
        )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def nap(self, seconds: float) -> None:
        """Wait ``seconds``, or less when the child exits meanwhile (a poll loop's pause: it sees the exit at once)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(seconds)

    def output(self) -> str:
        """The end of what the child printed."""
        try:
            size = os.fstat(self._log_fd).st_size
            data = os.pread(self._log_fd, _TAIL_BYTES, max(0, size - _TAIL_BYTES))
        except OSError:
            return ""
        return data.decode("utf-8", "replace")

    def tail(self, lines: int = 5) -> str:
        """The last lines the child printed, joined on one line for an error message."""
        text = self.output().strip().splitlines()
        return " | ".join(line.strip() for line in text[-lines:])

    def wait_for(self, probe: Callable[[], T | None], timeout: float, what: str) -> T:
        """Poll ``probe`` until it returns a value; BadInput if the child exits or time runs out, RunFailed if a
        signal killed it (kill -9, the OOM killer: no input of the user's to fix, exit 3)."""
        deadline = time.monotonic() + timeout
        while True:
            # Liveness read before the probe: a child that prints and exits between the two is seen with its output.
            alive = self.alive
            got = probe()
            if got is not None:
                return got
            if not alive:
                code = self.proc.returncode
                how = f"exited (code {code})" if code >= 0 else f"was {how_it_ended(code)}"
                said = f"{self.name} {how} before {what}: {self.tail()}".rstrip(": ")
                raise RunFailed(said) if code < 0 else BadInput(said)
            if time.monotonic() > deadline:
                raise BadInput(f"{self.name} did not get {what} within {timeout:.0f} s: {self.tail()}")
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout``; returns the exit code. With ``rest``, once the child has ended,
        the processes it started and left behind (its group) get ``rest`` s to end (none with no ``timeout``: a
        hurried stop) before they are killed: this returns only once none is left."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.rest is not None:
            self._end_rest(self.rest if timeout > 0 else 0.0)
            self.rest = None
        return self.proc.returncode

    def _end_rest(self, wait: float) -> None:
        """Until no process of the child's group is left: ``wait`` s, then SIGKILL to the group and ``KILL_WAIT`` s
        more (a zombie nobody reaps stays in it for good: ``adopting_orphans``)."""
        deadline = time.monotonic() + wait
        while _group_left(self.proc.pid):
            if time.monotonic() >= deadline:
                if self.rest_killed:
                    return
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.rest_killed = True
                deadline = time.monotonic() + KILL_WAIT
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL at once (tests of crash safety)."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()

    def close_log(self) -> None:
        """Let go of the log (an anonymous one disappears); ``tail`` is empty afterwards."""
        with contextlib.suppress(OSError):
            os.close(self._log_fd)
        self._log_fd = -1


class Children:
    """Starts children and stops them all, newest first, however the block is left.

    ``log_dir``: keep each child's log there as NAME.log (else anonymous, gone with the process)."""

    def __init__(self, log_dir: Path | None = None) -> None:
        self.started: list[Child] = []
        self.log_dir = log_dir

    def start(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str] | None = None,
        log_dir: Path | None = None,
        pass_fds: Sequence[int] = (),
        rest: float | None = None,
    ) -> Child:
        """Start ``name``; its log goes to ``log_dir`` (else this set's), kept there, or is anonymous. ``rest``: its
        stop waits that long for the processes it started (``Child.stop``)."""
        child = Child(name, argv, env, log_dir or self.log_dir, pass_fds, rest)
        self.started.append(child)
        return child

    def __enter__(self) -> Children:
        return self

    def __exit__(self, *exc: object) -> None:
        # An interrupt while a child stops (Ctrl-C as a run's block ends) is raised once every child has
        # stopped: raised at once, it left the older ones running past the command's exit 130 (a demo's
        # fault proxy still listened a second later, until its parent-death signal had stopped it). A second
        # interrupt means hurry, as in docker compose: the children left are killed without their grace period.
        interrupted: KeyboardInterrupt | None = None
        hurry = False
        while self.started:
            try:
                self.started[-1].stop(0.0 if hurry else 10.0)  # again after an interrupt: SIGTERM, then its wait
            except KeyboardInterrupt as e:
                hurry = interrupted is not None
                interrupted = interrupted or e
                continue
            self.started.pop().close_log()
        if interrupted is not None:
            raise interrupted


@contextlib.contextmanager
def sigterm_as_interrupt():  # type: ignore[no-untyped-def]
    """Within the block SIGTERM, and SIGHUP (a closed terminal), raise KeyboardInterrupt, so cleanup runs as for
    Ctrl-C (main thread only). Each signal's handler, left pending while the main thread waits in a system call,
    is made to run."""
    nudge = _Nudge.get()

    def handler(signum: int, frame: FrameType | None) -> None:
        nudge.due = False
        if signum == signal.SIGHUP:
            _leave_hung_up_terminal()
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    old_int = signal.getsignal(signal.SIGINT)
    take_int = old_int is signal.default_int_handler  # the same deed, and it tells the nudge it has run
    if take_int:
        signal.signal(signal.SIGINT, handler)
    # A closed terminal or a dropped ssh session (SIGHUP) killed a capture without its summary (exit 129); nohup's
    # SIG_IGN, or a caller's own handler, is left as it is.
    take_hup = signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
    if take_hup:
        signal.signal(signal.SIGHUP, handler)
    old_nudge = signal.signal(_NUDGE, _ignore) if nudge.started else None
    old_fd = signal.set_wakeup_fd(nudge.write, warn_on_full_buffer=False) if nudge.started else None
    try:
        yield
    finally:
        nudge.due = False
        signal.signal(signal.SIGTERM, old)
        if take_int and signal.getsignal(signal.SIGINT) is handler:  # not a command's own SIG_IGN
            signal.signal(signal.SIGINT, old_int)
        if take_hup and signal.getsignal(signal.SIGHUP) is handler:
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
        if old_fd is not None:
            signal.set_wakeup_fd(old_fd)
            signal.signal(_NUDGE, old_nudge)


FILES_WANTED = 1 << 16  # open files: a capture proxy takes two a connection, a runner one a connection
_OPEN_MAX = 10240  # macOS's kern.maxfilesperproc by default
OUT_OF_FILES = os.strerror(errno.EMFILE)  # "Too many open files"; ENFILE's words begin with them too


def more_open_files() -> tuple[int, int]:
    """Raise this process's soft limit on open files towards its hard limit (every child inherits it); the limits
    after. Why: under ``ulimit -n 48`` (a soft limit, the hard one 4096) a capture's mitmdump ran out of files at
    64 connections and answered 52 of them itself, with 502s the upstream never sent. Locust does the same."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    most = FILES_WANTED if hard == resource.RLIM_INFINITY else min(hard, FILES_WANTED)
    for want in (most, min(most, _OPEN_MAX)):  # macOS refuses more than its OPEN_MAX under an unlimited hard one
        if soft == resource.RLIM_INFINITY or soft >= want:
            break
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
    return soft, hard


def to_devnull(fd: int) -> None:
    """Point ``fd`` at /dev/null: what is written there has no reader any more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _leave_hung_up_terminal() -> None:
    """Stdout and stderr, where they are a terminal that hung up (every write there fails with EIO), go to /dev/null:
    the summary a capture prints as it stops failed there, and its exit code with it (1 from a traceback nobody
    saw, or 2, "stdout: Input/output error"). A stream redirected to a file (``> capture.log``) keeps its lines."""
    for fd in (1, 2):
        try:
            termios.tcgetattr(fd)
        except termios.error as e:
            if e.args[0] == errno.EIO:
                to_devnull(fd)


def ignore_terminal() -> None:
    """From here on, ignore what the terminal sends (Ctrl-C, its hang-up), in a command that was stopped and now
    stops its children and prints what it kept: a second Ctrl-C cut that short, and a hang-up comes twice (the
    kernel sends it to the terminal's foreground jobs, the shell as it exits to all of its own). Main thread only."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def forget_interrupt() -> None:
    """Clear CPython's note that a KeyboardInterrupt left code it ran from a string, once the interrupt is handled.

    Ctrl-C landing while ``exec`` runs a source string (a dataclass's or a namedtuple's methods being made, in a
    module imported late) leaves that note set though the interrupt is caught further up; under ``python -m``
    the interpreter then ends by killing itself with SIGINT (status -2, 5-10% of interrupts of ``sample``), not
    with the exit code asked for. Running any string of code clears it (CPython's run_eval_code_obj)."""
    exec("")


_NUDGE = signal.SIGURG  # ignored by default and unused by replay: a handler for it changes nothing else
_INTERRUPTS = frozenset((signal.SIGTERM, signal.SIGINT, signal.SIGHUP))
_real_sleep = time.sleep  # bound before gevent (the runner's Locust) can patch time.sleep


def _ignore(signum: int, frame: FrameType | None) -> None:
    """The nudge's handler: its only work is to interrupt the system call the main thread waits in."""


class _Nudge:
    """A thread that makes a pending SIGTERM (or SIGINT) handler run.

    Python runs a signal's handler between bytecodes: a SIGTERM that lands after the main thread's last
    check but before it enters a blocking read (``sample -s FIFO``, 1 in 20 under load) leaves the handler
    pending and the read waiting for data that may never come. This thread hears every caught signal
    through ``signal.set_wakeup_fd`` and, until the interrupt's handler has run, sends the main thread a
    signal whose handler does nothing: its read fails with EINTR and Python runs the pending handlers."""

    _one: _Nudge | None = None

    def __init__(self) -> None:
        self.read, self.write = os.pipe()
        os.set_blocking(self.write, False)
        self.due = False
        self.started = not _gevent_threads()  # a greenlet blocking in os.read would stop the hub
        if self.started:
            threading.Thread(target=self._run, name="replay-sigterm-nudge", daemon=True).start()

    @classmethod
    def get(cls) -> _Nudge:
        """The process's one nudge thread, started on first use."""
        if cls._one is None:
            cls._one = cls()
        return cls._one

    def _run(self) -> None:
        main = threading.main_thread().ident
        while data := os.read(self.read, 64):
            if main is None or not _INTERRUPTS.intersection(data):
                continue  # the nudges' own bytes, or another signal's
            self.due = True
            for _ in range(50):  # 10 s: a handler that has not run by then is not waiting on a read
                _real_sleep(0.2)
                if not self.due:
                    break
                signal.pthread_kill(main, _NUDGE)


def _gevent_threads() -> bool:
    """Whether gevent has made ``threading`` start greenlets."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("threading"))
