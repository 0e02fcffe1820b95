"""Output files, checked before any work and written whole or not at all.

``check_output`` runs before a command starts its work: the parent directory exists and takes a
new file, the path is not a directory or a device, and the file system has room. ``atomic_output``
writes to a temporary file beside the output and renames it into place, so a failure (bad input
half way, a full disk, Ctrl-C) leaves no partial output. OS errors on the output name it (one line,
``replay.errors.path_error``).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from replay.console import warn
from replay.errors import BadInput, PathError, os_reason, path_error

__all__ = [
    "MIN_FREE",
    "atomic_output",
    "check_output",
    "check_replaceable",
    "cut_torn_tail",
    "errors_named",
    "forget_outputs",
    "interrupted_outputs",
    "place_new",
    "scratch_output",
    "torn_tail",
    "write_atomic",
    "write_set",
]

MIN_FREE = 1 << 20  # bytes: less free space than this is a full disk for every output replay writes


def check_output(
    path: Path,
    what: str = "--out",
    directory: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    appended: bool = False,
) -> None:
    """BadInput (one line, naming ``what`` and ``path``) unless ``path`` can be written.

    ``directory``: the output is a directory (a run directory), which may not exist yet; then its
    nearest existing ancestor must take new entries. ``inputs``: the command's input files, which
    the output must not be (writing it would destroy what is being read). ``appended``: an existing
    file is added to (a capture), so it must be readable and writable; otherwise it is replaced by a
    rename (``atomic_output``), which needs its directory writable, not the file: an output of mode 000
    the user owns is replaced, as ``mv`` would replace it. Another user's must still be writable by this one."""
    path = Path(path)
    if str(path) == "-":  # the shell's word for standard output: a file named "-" is never what was meant
        raise BadInput(f"{what} -: replay writes its outputs to files, not to standard output; name a file")
    for src in inputs:
        if _same_file(path, src):
            raise BadInput(f"{what} {path}: it is also an input of this command ({src}); choose another path")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise _named(path_error(e, path), what) from None
    if st is None and (bad := next((c for c in path.name if ord(c) < 32 or ord(c) == 127), None)):
        # a path pasted with its line break: a HAR, a plan, a run directory made under a name no listing shows whole
        raise BadInput(f"{what} {path}: its name holds the control character {bad!r}; name it without")
    if st is not None:
        if stat.S_ISDIR(st.st_mode) and not directory:
            raise BadInput(f"{what} {path}: is a directory; name a file")
        if not stat.S_ISDIR(st.st_mode) and directory:
            raise BadInput(f"{what} {path}: is a file; name a directory")
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            raise BadInput(f"{what} {path}: not a regular file (a device, pipe or socket); name a file")
    where = path if directory and st is not None else path.parent
    if directory:
        while not where.exists() and where != where.parent:
            where = where.parent
    if not where.is_dir():
        if where.exists():
            raise BadInput(f"{what} {path}: {where} is a file, not a directory; check the path")
        raise BadInput(f"{what} {path}: directory {where} does not exist; create it or choose another path")
    try:
        fd, probe = tempfile.mkstemp(dir=where, prefix=".replay-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise PathError(f"{what} {path}: cannot create a file in {where}: {os_reason(e)}") from None
    if st is not None and not directory and (appended or st.st_uid != os.geteuid()):
        try:
            with open(path, "r+b" if appended else "ab"):
                pass
        except OSError as e:
            raise _named(path_error(e, path), what) from None
    free = _free(where)
    if free is not None and free < MIN_FREE:
        raise BadInput(
            f"{what} {path}: only {free:,} bytes free on its file system; free some space or choose another path"
        )
    if not directory and not appended:  # a directory or an appended file is its command's to account for
        _unfinished.setdefault(os.path.abspath(path), path)


def check_replaceable(path: Path, what: str, kind: str, looks_right: Callable[[bytes], bool]) -> None:
    """BadInput when ``path`` is a file holding something other than ``kind`` (``looks_right`` of its first
    bytes says): the output would replace it, and it is lost (``replay sample --out smoke.toml`` replaced
    the scenario with a plan, exit 0). An empty file, or one of ``kind`` (the last run's), is replaced."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except PermissionError as e:  # the user's own file of mode 000 (check_output lets it be replaced)
        if os.path.getsize(path):  # what it holds cannot be told: never replace a scenario unseen
            raise BadInput(
                f"{what} {path}: cannot read it to tell whether it holds {kind} ({e.strerror}); remove it, "
                "or choose another path"
            ) from None
        return
    except OSError:  # missing (the usual case), or check_output has named what is wrong with it
        return
    if head and not looks_right(head):
        raise BadInput(f"{what} {path}: already holds something other than {kind}; remove it or choose another path")


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is missing: not the same file
        return False


def _free(where: Path) -> int | None:
    try:
        sv = os.statvfs(where)
    except OSError:
        return None
    return sv.f_bavail * sv.f_frsize


def _named(e: PathError, what: str) -> PathError:
    return PathError(f"{what} {e}")


@contextlib.contextmanager
def atomic_output(path: Path, new: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` (``scratch_output``); it replaces ``path`` when the block ends
    normally, and is removed however else it ends. ``new``: the command refuses an existing ``path``, so
    one another command wrote meanwhile is not replaced either (BadInput, ``place_new``)."""
    with scratch_output(path) as tmp:
        yield tmp
        if not new:
            os.replace(tmp, path)
        elif not place_new(tmp, path):
            raise BadInput(f"{path}: written by another command while this one ran; remove it or choose another path")


def place_new(tmp: Path, path: Path) -> bool:
    """Move ``tmp`` to ``path`` unless ``path`` exists (False): another command wrote it meanwhile, and a
    rename would take its output (two imports, or two redacts, to one name at once both exited 0, one lost)."""
    try:
        os.link(tmp, path)  # unlike a rename, fails where path exists
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if path.exists():
            return False
        tmp.replace(path)
    return True


@contextlib.contextmanager
def scratch_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, its own (its name ends like ``path``'s, so ``.zst`` still
    compresses), removed however the block ends: the block moves or copies it where it belongs. Its
    name holds this process's id: one a ``kill -9`` left behind is removed by the next write of ``path``,
    and two commands writing ``path`` at once each have their own."""
    path = Path(path)
    _remove_orphans(path)
    tmp = path.with_name(f".part-{os.getpid()}-{secrets.token_hex(4)}-{path.name}")
    try:
        with errors_named(path, tmp):
            yield tmp
    except KeyboardInterrupt:
        _unfinished.setdefault(os.path.abspath(path), path)
        raise
    else:
        _unfinished.pop(os.path.abspath(path), None)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# This process's outputs not yet in place, by absolute path: each file ``check_output`` was asked about (a
# command's --out, before its work) or whose write an interrupt stopped, until its write ends well.
_unfinished: dict[str, Path] = {}


def forget_outputs() -> None:
    """Start a command's account of its outputs afresh (an embedding caller runs one command after another)."""
    _unfinished.clear()


def interrupted_outputs() -> str:
    """What Ctrl-C or SIGTERM left of this command's outputs not yet in place, for the one line of an interrupted
    command ("out.har not written", "report.html, report.json left as they were"); "" when there are none.
    Why: "interrupted" alone left the user to look whether a torn file was there, or an old one replaced."""
    parts = []
    for there, one, several in ((False, "not written", "not written"), (True, "left as it was", "left as they were")):
        names = [str(p) for p in _unfinished.values() if p.exists() == there]
        if names:
            parts.append(f"{', '.join(names)} {one if len(names) == 1 else several}")
    return "; ".join(parts)


def _remove_orphans(path: Path) -> None:
    """Remove the temporary files of ``path`` whose writer is gone (killed before it could): a partial
    output nothing reads, taking room, beside the output the next command writes."""
    pattern = re.compile(rf"\.part-(\d+)-[0-9a-f]{{8}}-{re.escape(path.name)}")
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            m = pattern.fullmatch(entry.name)
            if m is None or _alive(int(m.group(1))):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                warn(f"{path}: removed {entry.name}, left partial when its writer (pid {m.group(1)}) was killed")


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (another user's too); a reused id keeps a file, never loses one."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (an id past the largest is none either)
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def errors_named(path: Path, *also: Path) -> Iterator[None]:
    """An OSError on ``path`` or on one of ``also`` (its temporary files), or one of a write that names no
    file (write(2) on an open file: a full disk, ``ulimit -f``), as one line naming ``path``."""
    try:
        yield
    except OSError as e:
        if e.filename not in (None, str(path), *map(str, also)):
            raise  # about another file (an input): the caller's to name
        raise path_error(e, path) from None


def write_atomic(path: Path, data: bytes, new: bool = False) -> None:
    """Write ``data`` to ``path`` whole, or leave ``path`` as it was (``new``: see ``atomic_output``)."""
    with atomic_output(path, new) as tmp:
        tmp.write_bytes(data)


def write_set(files: list[tuple[Path, bytes]]) -> None:
    """Write files that belong together (a report's), each whole to a temporary name beside it, then
    rename them one after another in the order given, with nothing done between the renames.

    What a kill (or a failed write) leaves: every file as it was, unless it lands between two renames;
    then the files before it in the order are new and the rest old, so the last one is new only when
    all are. Why: written one by one, a ``kill -9`` while report.html was drawn (a CPU-second of plots)
    left the new report.json and junit.xml beside no report.html, or an older one."""
    with contextlib.ExitStack() as stack:
        done = []
        for path, data in files:
            if os.path.isdir(path):  # its rename would fail after the ones before it: a report.html new, the rest old
                raise PathError(f"{path}: is a directory, where this command writes a file; move it away")
            tmp = stack.enter_context(scratch_output(path))  # an error writing it names ``path``
            tmp.write_bytes(data)
            done.append((tmp, path))
        for tmp, path in done:
            os.replace(tmp, path)


def torn_tail(fh: BinaryIO) -> int | None:
    """Where the last line of the open JSON Lines file ``fh`` starts when it has no newline (a writer killed
    mid-line, a copy taken while it was written); None when the file ends with one, or is empty."""
    end = pos = fh.seek(0, os.SEEK_END)
    while pos > 0:
        step = min(pos, 1 << 16)
        fh.seek(pos - step)
        cut = fh.read(step).rfind(b"\n")
        if cut >= 0:
            pos = pos - step + cut + 1
            break
        pos -= step
    return pos if pos < end else None


def cut_torn_tail(path: Path) -> None:
    """Cut a last line without its newline (a writer killed mid-line) off the JSON Lines file at ``path``,
    if any: a line appended to it would be glued on and lost with it, and the file read as corrupt there."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe or a device has no tail to cut
            return
        fh = open(path, "r+b")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return
    with fh:
        end = fh.seek(0, os.SEEK_END)
        if (pos := torn_tail(fh)) is not None:
            fh.truncate(pos)
            warn(
                f"{path}: its last line was cut short ({end - pos:,} bytes: a writer was killed); dropped it to append"
            )
