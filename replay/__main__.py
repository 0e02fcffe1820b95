"""``python -m replay`` and the ``replay`` console script ([project.scripts] points at ``run``)."""

import os
import sys


def run() -> None:
    """Load the command line and run it. Ctrl-C or SIGTERM while it loads (importing click and the commands,
    0.3 s) ends as either does later, exit 130 and one line: a pip- or uv-generated script imports its entry
    point's module before any handler is set, so the import of replay.cli is made here, inside the try, not
    in the script; SIGTERM, whose default ends the process at once (exit -15), raises KeyboardInterrupt by the
    one handler every command has (util/procs.sigterm_as_interrupt), its pending-handler nudge included."""
    # numpy's OpenBLAS starts a thread per core as numpy loads, ~0.06 CPU-s of every process importing it, and replay
    # multiplies no matrices: one thread, here and in every process replay starts (they inherit it)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        from replay.util.procs import forget_interrupt, sigterm_as_interrupt  # stdlib and replay.errors only

        with sigterm_as_interrupt():
            from replay.cli import main
    except KeyboardInterrupt:
        forget_interrupt()
        print("replay: error: interrupted", file=sys.stderr, flush=True)
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
