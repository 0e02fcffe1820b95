"""The exception tree every stage raises for problems a user can fix, or a run that could not end.

    ReplayError                 anything replay reports without a traceback
     ├─ BadInput                exit code 2: a file, option or value is wrong
     │   ├─ CaptureError        a capture file cannot be read (missing, corrupt line)
     │   ├─ ImportFormatError   a HAR or flow file is not what it claims to be
     │   └─ ProxyStartError     mitmdump could not start (port in use, bad upstream)
     └─ RunFailed               exit code 3: the run could not complete (a worker or the master died,
                                the disk filled, the target vanished before the first response)

Exit codes mean one thing each: 0 passed, 1 a gate failed, 2 bad input, 3 the run could not
complete, 130 interrupted (Ctrl-C or SIGTERM). Messages are one line: what is wrong, where, and how
to fix it.
"""

from __future__ import annotations

__all__ = ["BadInput", "CaptureError", "ImportFormatError", "ProxyStartError", "ReplayError", "RunFailed"]


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
