"""Input files a user names, opened for reading: a named pipe (FIFO) too, waited on for its writer a while, not
for ever. Opening one blocks until a process opens it to write: ``mkfifo p; replay inspect p`` with nothing
writing ``p`` hung without a word (so did a scenario, a policy or a profile given so), where a pipe with its
writer (``<(zstdcat cap.jsonl.zst)``) reads as a file does."""

from __future__ import annotations

import errno
import os
import select
import stat
from pathlib import Path
from typing import BinaryIO

from replay.errors import BadInput

__all__ = ["WRITER_WAIT", "open_input", "read_input"]

WRITER_WAIT = 10.0  # seconds a FIFO is given for a process to write to it (a shell's writer is there at once)


def open_input(path: Path) -> BinaryIO:
    """``path`` open for reading, buffered; BadInput for a FIFO no process writes to within ``WRITER_WAIT``. An
    OSError of the open (missing, a directory, permissions) is raised as ``open`` raises it, naming the path."""
    # O_NONBLOCK: the open of a FIFO returns at once, writer or not; the descriptor blocks again for the read.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):  # open(2) opens a directory to read; Python's open refuses it, naming the path
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if stat.S_ISFIFO(mode):
            _await_writer(fd, path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: Path) -> bytes:
    """The bytes of the file at ``path``, opened as ``open_input`` opens it."""
    with open_input(path) as fh:
        return fh.read()


def _await_writer(fd: int, path: Path) -> None:
    # Linux reports a FIFO readable once a writer wrote (POLLIN) or came and went (POLLHUP, an empty pipe); one
    # no writer ever opened reports nothing.
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    if not poll.poll(WRITER_WAIT * 1000):
        raise BadInput(
            f"{path}: a named pipe (FIFO) no process has written to in {WRITER_WAIT:g} s; start the process that "
            "writes it first, or give a file"
        )
