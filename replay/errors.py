"""The exception tree every stage raises for problems a user can fix, or a run that could not end.

    ReplayError                 anything replay reports without a traceback
     ├─ BadInput                exit code 2: a file, option or value is wrong
     │   ├─ CaptureError        a capture file cannot be read (missing, corrupt line)
     │   ├─ ImportFormatError   a file given to ``replay import`` is in no format it reads, or is cut
     │   │   └─ OnlyLocal       a HAR of browser-answered entries only (replay.formats.har)
     │   ├─ ProxyStartError     mitmdump could not start (port in use, bad upstream)
     │   ├─ PathError           the OS refused a path the user gave (see ``path_error``)
     │   └─ PolicyError         a redaction policy file is not valid (replay.redact.policy)
     └─ RunFailed               exit code 3: the run could not complete (a worker or the master died,
         │                      the disk filled, the target vanished before the first response)
         └─ CaptureFailed       a capture stopped recording part way (its writer died, the disk filled)

Exit codes mean one thing each: 0 passed, 1 a gate failed, 2 bad input, 3 the run could not
complete, 130 interrupted (Ctrl-C, SIGTERM, or SIGHUP: a closed terminal), 141 stdout's reader
went away (``| head``). Messages are one line: what is wrong, where, and how to fix it.
"""

from __future__ import annotations

import errno
import os

__all__ = [
    "BadInput",
    "CaptureError",
    "CaptureFailed",
    "ImportFormatError",
    "PathError",
    "ProxyStartError",
    "ReplayError",
    "RunFailed",
    "os_reason",
    "path_error",
]


class ReplayError(Exception):
    """Base of every error replay reports as one line instead of a traceback."""

    exit_code = 2


class BadInput(ReplayError):
    """A file, option or value given by the user is wrong; exit code 2."""


class CaptureError(BadInput):
    """A capture file cannot be read."""


class ImportFormatError(BadInput):
    """A file to import is not HAR 1.2 nor a mitmproxy flow file."""


class ProxyStartError(BadInput):
    """mitmdump did not come up."""


class RunFailed(ReplayError):
    """The run could not complete (a process died, the disk filled, the target vanished); exit code 3.

    The run directory says so too: run.json ends ``failed`` with the reason and the rows counted."""

    exit_code = 3


class PathError(BadInput):
    """The OS refused a path the user gave: missing, a directory, read-only, full, ..."""


class CaptureFailed(RunFailed):
    """A capture could not record everything it served or was asked to; exit code 3."""


# errno -> how to fix it; the OS's own words say what went wrong.
_FIXES: dict[int, str] = {
    errno.ENOENT: "check the path",
    errno.ENOTDIR: "a part of the path is a file, not a directory; check the path",
    errno.EISDIR: "name a file",  # after the OS's "Is a directory"
    errno.EEXIST: "it is in the way; remove it or choose another path",
    errno.EACCES: "check its permissions or choose another path",
    errno.EPERM: "check its permissions or choose another path",
    errno.EROFS: "the file system is read-only; choose another path",
    errno.ENOSPC: "free some space or choose another path",
    errno.EDQUOT: "free some space (disk quota) or choose another path",
    errno.EFBIG: "the file is over the size limit (ulimit -f); choose another path or raise the limit",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.ELOOP: "a symbolic link in the path loops; check the path",
    errno.EIO: "the device reported an I/O error; check the disk or choose another path",
    errno.EXDEV: "choose an output on the same file system",
    errno.ENXIO: "not a file replay can use; name a regular file",
    errno.ENODEV: "not a file replay can use; name a regular file",
    errno.EINVAL: "not a file replay can use; name a regular file",
}


def os_reason(e: OSError) -> str:
    """What the OS said and how to fix it: "No space left on device; free some space or ..."."""
    return f"{e.strerror or type(e).__name__}; {_FIXES.get(e.errno or 0, 'check the path')}"


def path_error(e: OSError, path: str | os.PathLike[str] | None = None) -> PathError:
    """One line for an OS error on a user's path: the path, what the OS said, and the fix."""
    where = path if path is not None else e.filename
    head = f"{os.fspath(where)}: " if where is not None else ""
    return PathError(f"{head}{os_reason(e)}")
