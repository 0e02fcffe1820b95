"""Imports held against signals: the modules whose import a signal must not interrupt, imported first by every
process replay runs Python in (the ``replay`` command, the runner's processes, the responses writer; the capture's
writers and the demo's services by ``python -m replay.util.held MODULE``: ``held_module``).

Stdlib only (``signal``): it is imported before anything else of replay's, and a runner process imports it before
locust patches the process with gevent.
"""

from __future__ import annotations

import runpy
import signal
import sys

__all__ = ["RISKY", "held_module", "import_held", "import_risky"]

# orjson imports uuid, json, dataclasses and more from its compiled module's start (0.1 s on a busy machine) and does
# not look for their errors: the KeyboardInterrupt of a signal that landed there segfaulted the process (exit -11,
# 2 of 90 early SIGTERMs of 'replay redact')
RISKY = ("orjson",)


def import_held(name: str) -> None:
    """Import module ``name`` with Ctrl-C, SIGTERM and SIGHUP held until it is done (one that came meanwhile is
    handled right after, as the block is lifted)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    try:
        __import__(name)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def import_risky() -> None:
    """Every module of ``RISKY``, each held (``import_held``): first thing in a process's entry point, before any
    other import of replay's can import one of them unheld. Why: the runner's processes and the responses writer
    started without 'replay''s entry point (replay/__main__.py), which alone held orjson's import."""
    for name in RISKY:
        import_held(name)


def held_module(module: str) -> list[str]:
    """The command that runs ``module`` as ``python -m`` does, ``import_risky`` first: for a module whose own imports
    (at its top, before its ``__main__`` code) import orjson (the capture's writers, the demo's services)."""
    return [sys.executable, "-m", "replay.util.held", module]


if __name__ == "__main__":  # python -m replay.util.held MODULE ARG...
    import_risky()
    sys.argv = sys.argv[1:]  # MODULE ARG...: MODULE is made its path, as -m makes it
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
