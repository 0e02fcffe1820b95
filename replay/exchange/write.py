"""Writing capture files: exchange records as JSON Lines, zstd-compressed when the name ends in .zst.

One exchange a line, append-only, flushed per exchange (or per burst) by default so that a killed
capture loses nothing the client already saw.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from replay.errors import BadInput, CaptureError
from replay.exchange.format import NEWER, Exchange, is_zst
from replay.exchange.read import iter_raw
from replay.exchange.sources import CAPTURE_SUFFIXES, WRITING
from replay.exchange.zst import end_torn_frame
from replay.util.outputs import cut_torn_tail

__all__ = [
    "CaptureWriter",
    "Held",
    "appending",
    "check_capture_name",
    "check_not_capture_name",
    "cut_torn_capture_tail",
    "shard_path",
]

FlushMode = Literal["line", "none"]


class CaptureWriter:
    """Appends exchanges to a capture file, one line each; ``.zst`` names are compressed.

    With ``flush="line"`` every exchange is flushed to the OS as it is written (a zstd block
    is closed per line), so a SIGKILL loses nothing already written; ``fsync`` also forces
    it to the disk. The capture writer writes a burst of lines (``write_line``) and flushes
    them at once (``commit``): one zstd block and one write(2) per burst, not per exchange.
    ``count`` and ``bytes`` count what was committed. ``level`` is zstd's (the capture uses 1).
    """

    BUFFER = 1 << 20  # a burst of lines reaches the OS in one write(2)

    def __init__(self, path: str | os.PathLike[str], flush: FlushMode = "line", fsync: bool = False, level: int = 3):
        self.path = Path(path)
        self.flush_mode = flush
        self.fsync = fsync
        self.count = 0
        self.bytes = 0
        self._lines = self._line_bytes = 0  # written, not yet committed
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._raw: IO[bytes] = open(self.path, "ab", buffering=self.BUFFER)  # noqa: SIM115 - closed in close()
        try:  # shared with the command that holds it (appending), so the file stays held while this writes
            _hold(self._raw.fileno(), fcntl.LOCK_SH)
        except BlockingIOError:
            self._raw.close()
            raise BlockingIOError(errno.EAGAIN, WRITING, str(self.path)) from None
        cut_torn_capture_tail(self.path)
        # the size after the last exchange that reached the OS whole
        self.good = self._start = self._raw.seek(0, os.SEEK_END)
        self._zst = None
        if is_zst(self.path):
            import zstandard

            self._zst = zstandard.ZstdCompressor(level=level).stream_writer(self._raw, closefd=False)
            self._flush_block = zstandard.FLUSH_BLOCK

    def write(self, ex: Exchange) -> int:
        """Write one exchange (committed at once); returns the bytes of its line."""
        n = self.write_line(ex.to_json() + b"\n")
        self.commit()
        return n

    def write_line(self, line: bytes) -> int:
        """Write one line (ending in a newline); it counts once committed."""
        (self._zst or self._raw).write(line)
        self._lines += 1
        self._line_bytes += len(line)
        return len(line)

    def commit(self) -> None:
        """With ``flush="line"``, flush the lines written so far to the OS (and fsync); count them."""
        if self.flush_mode == "line":
            if self._zst is not None:
                self._zst.flush(self._flush_block)
            self._raw.flush()
            if self.fsync:
                os.fsync(self._raw.fileno())
            # counted, not asked (tell() is an lseek(2) per burst): what went out since the file was opened
            self.good = self._start + (self._zst.tell() if self._zst is not None else self.bytes + self._line_bytes)
        self.count += self._lines
        self.bytes += self._line_bytes
        self._lines = self._line_bytes = 0

    def abandon(self) -> None:
        """After a failed write: let the file go, ignoring further errors, and cut it back to its
        last whole exchange (with ``flush="line"``; a zstd frame cut there still reads)."""
        self._zst = None
        with contextlib.suppress(OSError, ValueError):
            self._raw.close()  # its buffer may fail to flush again; the file is closed either way
        if self.flush_mode == "line":
            with contextlib.suppress(OSError):
                os.truncate(self.path, self.good)

    def close(self) -> None:
        if self._raw.closed:  # abandoned
            return
        self.commit()
        if self._zst is not None:
            self._zst.close()  # ends the frame
            self._zst = None
        if not self._raw.closed:
            self._raw.flush()
            if self.fsync:
                os.fsync(self._raw.fileno())
            self._raw.close()

    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def cut_torn_capture_tail(path: Path) -> None:
    """Make the capture at ``path`` ready to be appended to, when a kill left its end torn: a last line
    without its newline is cut (.jsonl), an unfinished zstd frame ended (.jsonl.zst). Either way a line
    appended would otherwise be glued on, or the whole file read as corrupt."""
    if is_zst(path):
        end_torn_frame(path)
    else:
        cut_torn_tail(path)


def _hold(fd: int, how: int) -> None:
    """flock ``fd`` without waiting: BlockingIOError when another process holds the file; nothing on a file
    system without locks (some network or FUSE ones), appended unguarded, as before."""
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
    except BlockingIOError:
        raise
    except OSError:
        pass


@dataclass(frozen=True)
class Held:
    """The file ``appending`` holds open, and whether it is still the file at its path."""

    fd: int
    path: Path

    def gone(self) -> str:
        """ "" while the file held is the one at ``path``; else "removed" (deleted, its directory too: what is
        written to it is lost when it closes) or "moved" (renamed away, or another file put in its place)."""
        held = os.fstat(self.fd)
        if held.st_nlink == 0:
            return "removed"
        try:
            now = os.stat(self.path)
        except OSError:
            return "moved"
        return "" if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino) else "moved"


@contextlib.contextmanager
def appending(path: Path, what: str = "--out") -> Iterator[Held]:
    """``path`` held for one process to append to (a lock on the file, released when the block ends or the
    process dies), its torn end first made ready (``cut_torn_capture_tail``). A second capture or
    ``import --append`` of the same file is BadInput: its cut would take the first's line being written,
    and two zstd streams in one file read as corrupt (both exited 0, every exchange lost). A file made
    here that is still empty when the block fails is removed.

    The lock is taken alone, then shared: the ``CaptureWriter`` of this command's writer process shares
    it, so a capture whose command was killed (kill -9) holds the file until its writer has drained."""
    existed = path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        try:
            _hold(fd, fcntl.LOCK_EX)  # no other holder, shared or not
            _hold(fd, fcntl.LOCK_SH)  # another taking it alone in between is refused here
        except BlockingIOError:
            raise BadInput(f"{what} {path}: {WRITING}; choose another path, or stop that process first") from None
        cut_torn_capture_tail(path)
        _check_appendable(path, what)
        yield Held(fd, path)
    except BaseException:
        if not existed and os.fstat(fd).st_size == 0:
            path.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


def _check_appendable(path: Path, what: str) -> None:
    """BadInput unless ``path`` is empty or a capture of this replay (its first record read): a text file or a
    HAR named .jsonl, or a newer replay's capture, was appended to, and every reader then refused the file."""
    try:
        next(iter_raw(path), None)
    except CaptureError as e:
        if NEWER in str(e):
            raise
        raise BadInput(
            f"{what} {path}: already holds something other than a capture, which appending would leave no reader"
            " able to read; name a new file"
        ) from None


def shard_path(template: str | os.PathLike[str], pid: int | None = None, what: str = "--out") -> Path:
    """``--out`` with ``{host}`` (this host's name) and ``{pid}`` (this process's id) filled in, so that
    several capture proxies behind a load balancer each write their own shard. Any other brace is
    BadInput: ``{hostname}`` or ``{PID}`` left as written gave every proxy the one file, each refused
    but the first."""
    text = os.fspath(template)
    rest = _PLACEHOLDERS.sub("", text)
    if "{" in rest or "}" in rest:
        other = re.search(r"\{[^{}]*\}", rest)
        found = repr(other.group(0)) if other else "a lone brace"
        raise BadInput(f"{what} {text}: {found} is no placeholder; {what} fills in {{host}} and {{pid}}")
    host = socket.gethostname().split(".")[0] or "localhost"
    text = text.replace("{host}", host).replace("{pid}", str(os.getpid() if pid is None else pid))
    return Path(text)


_PLACEHOLDERS = re.compile(r"\{(?:host|pid)\}")


def check_capture_name(path: str | os.PathLike[str], what: str = "--out") -> None:
    """BadInput unless ``path`` is named as a capture (.jsonl, .jsonl.zst): JSON Lines in a file named .har
    or .txt mislead every other tool, and a directory of captures is read by those names only."""
    if not os.fspath(path).endswith(CAPTURE_SUFFIXES):
        raise BadInput(f"{what} {path}: a capture is written as .jsonl or .jsonl.zst; name it so")


def check_not_capture_name(path: str | os.PathLike[str], what: str, kind: str, suffix: str) -> None:
    """BadInput when ``path``, which will hold ``kind``, is named as a capture (.jsonl, .jsonl.zst): a directory
    of captures holding it is then read as corrupt by every command (a plan or a HAR file read as JSON Lines)."""
    if os.fspath(path).endswith(CAPTURE_SUFFIXES):
        raise BadInput(f"{what} {path}: named as a capture, but it will hold {kind}; name it *{suffix}")
