"""Input files a user names, opened for reading: a named pipe (FIFO) too, waited on for its writer to open it a
while, not for ever. Opening one blocks until a process opens it to write: ``mkfifo p; replay inspect p`` with
nothing writing ``p`` hung without a word (so did a scenario, a policy or a profile given so), where a pipe with its
writer (``<(zstdcat cap.jsonl.zst)``) reads as a file does."""

from __future__ import annotations

import contextlib
import errno
import os
import select
import stat
import threading
import time
from pathlib import Path
from typing import BinaryIO

from replay.errors import BadInput

__all__ = ["WRITER_WAIT", "open_input", "read_input"]

WRITER_WAIT = 10.0  # seconds a FIFO is given for a process to open it to write (a shell's writer is there at once)


def open_input(path: Path) -> BinaryIO:
    """``path`` open for reading, buffered; BadInput for a FIFO no process opens to write within ``WRITER_WAIT``. An
    OSError of the open (missing, a directory, permissions) is raised as ``open`` raises it, naming the path."""
    # O_NONBLOCK: the open of a FIFO returns at once, writer or not; the descriptor blocks again for the read
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):  # open(2) opens a directory to read; Python's open refuses it, naming the path
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if stat.S_ISFIFO(mode):
            fd = _await_writer(fd, path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: Path) -> bytes:
    """The bytes of the file at ``path``, opened as ``open_input`` opens it."""
    with open_input(path) as fh:
        return fh.read()


def _await_writer(fd: int, path: Path) -> int:
    """A descriptor of the FIFO ``fd`` reads (open without blocking) once a process has opened it to write: ``fd``
    where the writer has written or come and gone (POLLIN, POLLHUP), else one a blocking open in a thread got, which
    returns as soon as a writer opens the pipe, however long it takes to write its first byte (a shell's ``<(...)``
    has its writer already). ``fd`` stays open meanwhile: what a quick writer wrote and left is kept for it. BadInput
    when neither comes within ``WRITER_WAIT``."""
    got: list[int | OSError] = []

    def opener() -> None:
        try:
            got.append(os.open(path, os.O_RDONLY | os.O_CLOEXEC))
        except OSError as e:
            got.append(e)

    waiter = threading.Thread(target=opener, name="fifo-open", daemon=True)
    waiter.start()
    poll = select.poll()
    poll.register(fd, select.POLLIN)  # POLLHUP is always reported
    deadline = time.monotonic() + WRITER_WAIT
    written = False
    while not got and not (written := bool(poll.poll(50))) and time.monotonic() < deadline:
        pass
    released = not got
    if released:
        # The waiting open counts as a reader, so a writer's open without blocking succeeds and releases it
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC))
        waiter.join(1.0)
    opened = got[0] if got else None
    if written or released:  # ``fd`` holds what was written; a descriptor released by our own writer holds nothing
        if isinstance(opened, int):
            os.close(opened)
        if written:
            return fd
    elif isinstance(opened, OSError):
        raise opened
    elif opened is not None:
        os.close(fd)
        return opened
    raise BadInput(
        f"{path}: a named pipe (FIFO) no process has opened to write in {WRITER_WAIT:g} s; start the process that "
        "writes it first, or give a file"
    )
