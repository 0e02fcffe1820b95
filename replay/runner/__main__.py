"""``python -m replay.runner local|master|worker``: a runner process (imports locust; see distributed.py)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from replay.util.held import import_risky  # stdlib only


@contextlib.contextmanager
def _entry_points_read_once() -> Iterator[None]:
    """``importlib.metadata.entry_points`` reading the installed distributions once, while this lasts.

    ``import locust`` runs gevent's ``monkey.patch_all``, which looks for gevent plugins 25 times, each call a read
    of every installed distribution's metadata (150 in replay's virtualenv): ~0.25 of the ~0.9 CPU-s the import
    costs, paid by every runner process before its first row. What is installed does not change meanwhile."""
    read = importlib.metadata.entry_points
    every: list[Any] = []

    def once(**params: Any) -> Any:
        if not every:
            every.append(read())
        return every[0].select(**params)  # as ``read(**params)`` selects from the same entry points

    importlib.metadata.entry_points = once  # type: ignore[assignment]
    try:
        yield
    finally:
        importlib.metadata.entry_points = read


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads, as replay/__main__.py says why
    import_risky()  # orjson, held, before the imports below import it (a signal landing in it segfaulted a process)
    with _entry_points_read_once():  # first, as before: locust patches the process with gevent before the rest
        from replay.runner import distributed
        from replay.runner.worker import run_worker
    from replay.runner.settle import MASTER_WAIT
    from replay.util.hostport import parse_hostport
    from replay.util.procs import as_batch

    # The ~60,000 objects of the modules live as long as the process: no collection need walk them, the
    # interpreter's at exit included (~0.15 CPU-s with locust's and numpy's; a master never freezes a dispatcher's).
    gc.freeze()

    ap = argparse.ArgumentParser(prog="python -m replay.runner")
    sub = ap.add_subparsers(dest="role", required=True)
    local = sub.add_parser("local")
    local.add_argument("run_dir", type=Path)
    local.add_argument("--web-port", type=int)
    master = sub.add_parser("master")
    master.add_argument("run_dir", type=Path)
    master.add_argument("--bind", default="127.0.0.1:0", help="HOST:PORT the workers connect to")
    master.add_argument("--workers", type=int, required=True)
    master.add_argument("--wait", type=float, required=True, help="seconds to wait for all the workers")
    master.add_argument("--web-port", type=int)
    worker = sub.add_parser("worker")
    worker.add_argument("--master", required=True, help="HOST:PORT of the master")
    worker.add_argument("--wait", type=float, default=MASTER_WAIT, help="seconds to wait for the master to answer")
    args = ap.parse_args(argv)
    # Locust's web UI parses sys.argv with its own parser (ui_extra_args_dict), which knows none of
    # ours ("--bind", "--workers"): leave it nothing to choke on.
    sys.argv[1:] = []
    if args.role == "local":
        return distributed.run_local(args.run_dir, args.web_port)
    if args.role == "master":
        as_batch()  # it collects and writes; on a host with workers, it must not preempt their sends
        host, port = parse_hostport(args.bind, "--bind")
        return distributed.run_master(args.run_dir, host, port, args.workers, args.wait, args.web_port)
    return run_worker(*parse_hostport(args.master, "--master", connect=True), args.wait)


if __name__ == "__main__":
    sys.exit(main())
