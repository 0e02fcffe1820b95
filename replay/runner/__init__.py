"""The replayer: plan + scenario -> requests sent open-loop by Locust -> ``runs/<id>/``.

    cli.py          ``replay run`` / ``replay worker``: checks every input, prepares, starts children
    config.py       scenario sections [target] and [client]
    prepare.py      plan rows + capture + scenario -> requests for the target; shards for workers
    results.py      the Result record, the run directory writer and reader
    client.py       one request with production client behaviour (gevent, geventhttpclient)
    dispatch.py     the Locust user whose greenlet walks its shard on schedule   (imports locust)
    distributed.py  local, master and worker processes over Locust's runners     (imports locust)

This package's ``__init__`` and config/prepare/results/cli never import locust: Locust patches
the process with gevent, so it runs only in the child processes ``python -m replay.runner``.
"""

from __future__ import annotations

from replay.config.target import ClientConfig, Policy, TargetConfig
from replay.runner.results import FIELDS, OUTCOMES, Result, Run, open_run

__all__ = ["FIELDS", "OUTCOMES", "ClientConfig", "Policy", "Result", "Run", "TargetConfig", "open_run"]
