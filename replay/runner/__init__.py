"""The replayer: plan + scenario -> requests sent open-loop by Locust -> ``runs/<id>/``.

    cli.py          ``replay run`` / ``replay worker``: options in, ``supervise`` does the work
    supervise.py    checks every input, writes the run directory, starts and follows the children
    rundir.py       every file name in ``runs/<id>/`` and the run directory's format version
    runinfo.py      run.json as typed records (RunInfo, the step table, counts)
    prepare.py      plan rows + capture + scenario -> requests for the target; shards for workers
    prepared.py     the requests as records and as data in the run directory (prepared.zip)
    results.py      the Result record, its writer and the run directory reader
    settle.py       how a run ends in run.json, however it ended; ``open_run`` for every reader
    stepstats.py    a run's figures per step: lag, worker CPU, the machine's stops, generator-bound or not
    faults.py       the run's fault proxies, switched on the run's clock
    responses.py    responses.jsonl through the capture's redactor, in a process of its own
    reassign.py     a lost worker's rows taken over (``on_worker_loss = "reassign"``)
    gate.py         which workers a master deals shards to (``REPLAY_TOKEN``)
    client.py       one request with production client behaviour (gevent, geventhttpclient)
    body.py         reading a response as it arrives (stream timing), what of it is kept
    timer.py        waiting to a row's due time under a millisecond; the machine's part of lateness
    dispatch.py     the Locust user whose greenlet walks its shard on schedule   (imports locust)
    distributed.py  local and master processes over Locust's runners            (imports locust)
    worker.py       a worker process joining a master                            (imports locust)

Only dispatch, distributed, worker, client, timer and ``__main__`` import locust or gevent: Locust
patches the process with gevent, so it runs only in the child processes ``python -m replay.runner``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replay.config.target import ClientConfig, Policy, TargetConfig
    from replay.runner.results import FIELDS, OUTCOMES, Result, Run
    from replay.runner.runinfo import RunInfo, Status
    from replay.runner.settle import open_run

# Loaded on first use: the responses writer's process (``replay.runner.responses``) imports this
# package first, and these (numpy, the run directory's records) cost it ~0.2 CPU-s it never uses.
_HOMES = {
    "ClientConfig": "replay.config.target",
    "Policy": "replay.config.target",
    "TargetConfig": "replay.config.target",
    "FIELDS": "replay.runner.results",
    "OUTCOMES": "replay.runner.results",
    "Result": "replay.runner.results",
    "Run": "replay.runner.results",
    "RunInfo": "replay.runner.runinfo",
    "Status": "replay.runner.runinfo",
    "open_run": "replay.runner.settle",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'replay.runner' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "FIELDS",
    "OUTCOMES",
    "ClientConfig",
    "Policy",
    "Result",
    "Run",
    "RunInfo",
    "Status",
    "TargetConfig",
    "open_run",
]
