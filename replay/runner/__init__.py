"""The replayer: plan + scenario -> requests sent open-loop by Locust -> ``runs/<id>/``.

    cli.py          ``replay run`` / ``replay worker``: options in, ``supervise`` does the work
    supervise.py    checks every input, writes the run directory, starts and follows the children
    rundir.py       every file name in ``runs/<id>/`` and the run directory's format version
    runinfo.py      run.json as typed records (RunInfo, the step table, counts)
    prepare.py      plan rows + capture + scenario -> requests for the target; shards for workers
    prepared.py     the requests as records and as data in the run directory (prepared.zip)
    results.py      the Result record, its writer and the run directory reader
    settle.py       how a run ends in run.json, however it ended; ``open_run`` for every reader
    faults.py       the run's fault proxies, switched on the run's clock
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

from replay.config.target import ClientConfig, Policy, TargetConfig
from replay.runner.results import FIELDS, OUTCOMES, Result, Run
from replay.runner.runinfo import RunInfo, Status
from replay.runner.settle import open_run

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
