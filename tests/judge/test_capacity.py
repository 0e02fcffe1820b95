"""The capacity search's answer kept beside its run (``capacity.json``), read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.errors import BadInput
from replay.judge.capacity import Capacity, Probe, read_capacity, write_capacity

PROBES = [Probe(10.0, True, sent=100), Probe(20.0, False, "p99 < 1s", "p99 is 3 s", sent=200)]
FOUND = Capacity(10.0, [10.0, 20.0], "p99 < 1s", "p99 is 3 s", PROBES, 0.1, 10.0)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"capacity": 1e308}, "capacity is 1e+308 (a rate is over 0 and at most 100,000,000 requests/s)"),
        ({"capacity": -5.0}, "capacity is -5.0 (a rate is over 0"),
        ({"bracket": [10.0]}, "bracket is [10.0] (two rates: the last passing, the first failing)"),
        ({"capacity": 15.0, "bracket": [15.0, 20.0]}, "capacity 15.0 and bracket [15.0, 20.0] are not what its probes"),
        (
            {"probes": [dataclasses.replace(PROBES[0], sent=-1), PROBES[1]]},
            "probes[0].sent is -1 (a count is 0 or more)",
        ),
        ({"precision": 0.0}, "precision 0.0 or duration 10.0 s is out of its bounds"),
    ],
    ids=["capacity 1e308", "capacity -5", "a bracket of one rate", "not its probes'", "sent -1", "precision 0"],
)
def test_an_answer_no_search_gives_is_refused(tmp_path: Path, change: dict[str, Any], said: str) -> None:
    """H181's battery: a capacity.json edited to 1e308 requests/s, or to a bracket of one rate (a traceback), was
    shown as the search's answer by 'replay report RUN'; refused in one line, naming the field."""
    write_capacity(tmp_path, FOUND)
    assert read_capacity(tmp_path) == FOUND
    edited = dataclasses.replace(FOUND, **change)
    (tmp_path / "capacity.json").write_bytes(
        orjson.dumps({"format": "replay-capacity", "version": 1, "capacity": edited.to_json()})
    )
    with pytest.raises(BadInput) as e:
        read_capacity(tmp_path)
    assert str(e.value).startswith(f"{tmp_path / 'capacity.json'}: {said}"), str(e.value)
    assert str(e.value).endswith(", not what a search wrote; restore it from the run, or re-run the search")
