"""Child processes: start them, wait until they are ready, stop them on every exit path.

``Children`` is a context manager; leaving it (normally, by an exception, by Ctrl-C or by
SIGTERM, which it turns into KeyboardInterrupt) stops every child it started, newest first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TypeVar

from replay.errors import BadInput

__all__ = ["Child", "Children", "sigterm_as_interrupt"]

T = TypeVar("T")


class Child:
    """One child process; its stdout and stderr go to a log file read back on failure: ``log_dir/NAME.log``,
    kept, or a temporary file removed when the child is stopped."""

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str] | None = None, log_dir: Path | None = None):
        self.name = name
        self.argv = list(argv)
        self.keep_log = log_dir is not None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            self.log = log_dir / f"{name}.log"
        else:
            self.log = Path(tempfile.mkstemp(prefix=f"replay-{name}-", suffix=".log")[1])
        with open(self.log, "wb") as fh:
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=fh,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                start_new_session=True,  # Ctrl-C reaches us only; we stop it in order
            )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def tail(self, lines: int = 5) -> str:
        """The last lines the child printed, joined on one line for an error message."""
        try:
            text = self.log.read_text("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text[-lines:])

    def wait_for(self, probe: Callable[[], T | None], timeout: float, what: str) -> T:
        """Poll ``probe`` until it returns a value; BadInput if the child dies or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            got = probe()
            if got is not None:
                return got
            if not self.alive:
                raise BadInput(f"{self.name} exited (code {self.proc.returncode}) before {what}: {self.tail()}")
            if time.monotonic() > deadline:
                raise BadInput(f"{self.name} did not get {what} within {timeout:.0f} s: {self.tail()}")
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout``; returns the exit code."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not self.keep_log:
            self.log.unlink(missing_ok=True)
        return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL at once (tests of crash safety)."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()


class Children:
    """Starts children and stops them all, newest first, however the block is left."""

    def __init__(self) -> None:
        self.started: list[Child] = []

    def start(
        self, name: str, argv: Sequence[str], env: dict[str, str] | None = None, log_dir: Path | None = None
    ) -> Child:
        child = Child(name, argv, env, log_dir)
        self.started.append(child)
        return child

    def __enter__(self) -> Children:
        return self

    def __exit__(self, *exc: object) -> None:
        while self.started:
            self.started.pop().stop()


@contextlib.contextmanager
def sigterm_as_interrupt():  # type: ignore[no-untyped-def]
    """Within the block SIGTERM raises KeyboardInterrupt, so cleanup runs as for Ctrl-C."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
