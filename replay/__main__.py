"""``python -m replay`` and the ``replay`` console script ([project.scripts] points at ``run``)."""

import os
import signal
import sys
from types import FrameType

from replay.util.held import import_risky  # stdlib only


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Load the command line and run it. Ctrl-C or SIGTERM while it loads (importing click and the commands,
    0.3 s) ends as either does later, exit 130 and one line: a pip- or uv-generated script imports its entry
    point's module before any handler is set, so the import of replay.cli is made here, inside the try, not
    in the script; SIGTERM, whose default ends the process at once (exit -15), raises KeyboardInterrupt, first
    by a handler of its own set here (stdlib only: importing replay.util.procs takes 0.1 s; 12 of 50 SIGTERMs
    sent in the first 0.3 s landed in it), then by the one every command has (util/procs.sigterm_as_interrupt), its
    pending-handler nudge included. ``main`` runs inside the try too: its first lines precede its own."""
    # numpy's OpenBLAS starts a thread per core as numpy loads, ~0.06 CPU-s of every process importing it, and replay
    # multiplies no matrices: one thread, here and in every process replay starts (they inherit it)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:  # a caller's SIG_IGN or handler is left as it is
            signal.signal(signal.SIGTERM, _interrupt)
        import_risky()  # orjson, held: every command but --help imports it
        from replay.util.procs import sigterm_as_interrupt  # stdlib and replay.errors only

        with sigterm_as_interrupt():
            from replay.cli import main
        main()
    except KeyboardInterrupt:
        # util/procs.forget_interrupt, which may not be imported yet: running a string clears CPython's note of an
        # interrupt that left code run from one, which under python -m ends the process by SIGINT (-2), not 130
        exec("")
        print("replay: error: interrupted", file=sys.stderr, flush=True)
        sys.exit(130)
    finally:
        if signal.getsignal(signal.SIGTERM) is _interrupt:  # the exit (atexit hooks) ends at SIGTERM, as it did
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


if __name__ == "__main__":
    run()
