"""Fixtures of the import tests: a round trip of an imported capture through ``replay sample`` and ``replay run``
against the runner tests' loopback target, which counts every request by its ``x-replay-id``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.shape.plan import load_plan
from tests.conftest import replay_here
from tests.runner.conftest import Target, start_target  # noqa: F401  (a fixture)

SCENARIO = """
[sample]
size = {size}
seed = 5
[load]
rate = 25
arrival = "uniform"
[target]
base_url = "{url}"
allow_hosts = ["127.0.0.1"]
allow_unsafe = ["POST /v1/*"]
"""


def asked(ex: Exchange) -> dict[str, Any]:
    """An imported call's request body."""
    assert ex.request.body is not None
    return orjson.loads(ex.request.body.text)


def said(ex: Exchange) -> dict[str, Any]:
    """An imported call's response body."""
    assert ex.response is not None and ex.response.body is not None
    return orjson.loads(ex.response.body.text)


def import_capture(tmp: Path, *files: Path, name: str = "imported.jsonl") -> Path:
    out = tmp / name
    proc = replay_here("import", *map(str, files), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"imported {len(list(read_exchanges(out)))} exchanges from ")
    return out


def round_trip(tmp: Path, capture: Path, target: Target) -> int:
    """Sample every record of ``capture`` once more and replay the plan; asserts each row was sent exactly
    once. Returns the rows."""
    size = len(list(read_exchanges(capture)))
    scenario = tmp / "round-trip.toml"
    scenario.write_text(SCENARIO.format(size=size, url=target.url), encoding="utf-8")
    plan = tmp / "round-trip.plan"
    proc = replay_here("sample", str(capture), "--scenario", str(scenario), "--out", str(plan))
    assert proc.returncode == 0, proc.stderr
    rows = len(load_plan(plan))
    assert rows == size
    proc = replay_here("run", str(scenario), "--plan", str(plan), "--out", str(tmp / "run"))
    assert proc.returncode == 0, proc.stderr
    stats = target.stats()
    assert stats["count"] == rows and len(stats["ids"]) == rows and set(stats["ids"].values()) == {1}, stats
    return rows
