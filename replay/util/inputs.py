"""Input files a user names, opened for reading: a named pipe (FIFO) too, waited on for its writer to open it a
while, not for ever. Opening one blocks until a process opens it to write: ``mkfifo p; replay inspect p`` with
nothing writing ``p`` hung without a word (so did a scenario, a policy or a profile given so), where a pipe with its
writer (``<(zstdcat cap.jsonl.zst)``) reads as a file does."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from pathlib import Path
from typing import BinaryIO

from replay.errors import BadInput

__all__ = ["WRITER_WAIT", "open_input", "read_input"]

WRITER_WAIT = 10.0  # seconds a FIFO is given for a process to open it to write (a shell's writer is there at once)


def open_input(path: Path) -> BinaryIO:
    """``path`` open for reading, buffered; BadInput for a FIFO no process opens to write within ``WRITER_WAIT``. An
    OSError of the open (missing, a directory, permissions) is raised as ``open`` raises it, naming the path."""
    # O_NONBLOCK: the open of a FIFO returns at once, writer or not, so that it can be told apart first
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):  # open(2) opens a directory to read; Python's open refuses it, naming the path
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if stat.S_ISFIFO(mode):
            os.close(fd)
            fd = -1
            fd = _open_fifo(path)
        else:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


def read_input(path: Path) -> bytes:
    """The bytes of the file at ``path``, opened as ``open_input`` opens it."""
    with open_input(path) as fh:
        return fh.read()


def _open_fifo(path: Path) -> int:
    """The FIFO opened as open(2) opens it, blocking until a process opens it to write (a shell's ``<(...)`` has
    its writer already): a writer that is there but slow to write its first byte is waited for as long as it takes,
    as before; only one that never opens the pipe is given up on, after ``WRITER_WAIT``."""
    got: list[int | OSError] = []

    def opener() -> None:
        try:
            got.append(os.open(path, os.O_RDONLY | os.O_CLOEXEC))
        except OSError as e:
            got.append(e)

    waiter = threading.Thread(target=opener, name="fifo-open", daemon=True)
    waiter.start()
    waiter.join(WRITER_WAIT)
    if not got:
        # The waiting open counts as the pipe's reader, so a writer's open without blocking succeeds and releases it
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC))
        waiter.join(1.0)
        for fd in got:
            if isinstance(fd, int):
                os.close(fd)
        raise BadInput(
            f"{path}: a named pipe (FIFO) no process has opened to write in {WRITER_WAIT:g} s; start the process "
            "that writes it first, or give a file"
        )
    if isinstance(got[0], OSError):
        raise got[0]
    return got[0]
