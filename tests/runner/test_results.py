"""The run directory: results written while a run goes, read back as records and columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replay.errors import BadInput
from replay.runner.results import FIELDS, Result, ResultWriter, open_run, step_stats, write_info


def result(row: int, step: int, lag: float, outcome: str = "response") -> Result:
    r = Result(row, 0, step, "typical", "none", "GET /x", 0, 100.0 + row, outcome)
    if outcome == "response":
        r.sent, r.send_lag, r.queued, r.latency, r.service, r.status = (
            100.0 + row + lag,
            lag,
            0.0,
            lag + 0.01,
            0.01,
            200,
        )
        r.tries = [[200, "", 0.0, 0.01]]
    return r


def test_write_and_read_back(tmp_path: Path) -> None:
    write_info(tmp_path, {"id": "r1", "status": "running"})
    w = ResultWriter(tmp_path)
    w.add(result(2, 0, 0.001), [2, 200, [["content-type", "text/plain"]], {"text": "hi", "encoding": "utf8"}])
    w.add_lists([result(0, 0, 0.002).as_list(), result(1, 1, 0.0, "dropped").as_list()], [])
    w.close()
    run = open_run(tmp_path)
    assert not run.complete and w.counts["response"] == 2 and w.counts["dropped"] == 1
    assert [r.row for r in run.results()] == [0, 1, 2] and run.results()[2].tries == [[200, "", 0.0, 0.01]]
    cols = run.columns()
    assert set(cols) == set(FIELDS) - {"tries"}
    assert np.isnan(cols["latency"][1]) and cols["status"].tolist() == [200, 0, 200]
    assert [x["row"] for x in run.responses()] == [2]


def test_step_stats_mark_a_generator_that_fell_behind(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path)
    for row in range(100):
        w.add(result(row, 0, 0.0005))
        w.add(result(100 + row, 1, 0.05 if row % 10 == 0 else 0.0005))
    w.add(result(200, 1, 0.0, "dropped"))
    w.close()
    steps = [{"index": 0, "start": 0.0, "duration": 1.0}, {"index": 1, "start": 1.0, "duration": 1.0}]
    cpu = [(100.5, 20.0), (101.5, 95.0)]
    s0, s1 = step_stats(steps, _cols(tmp_path), 100.0, cpu)
    assert not s0["generator_bound"] and s0["sent"] == 100 and s0["cpu_max"] == 20.0
    assert s1["generator_bound"] and s1["dropped"] == 1 and len(s1["bound_reasons"]) == 3
    assert s1["generator_lag_p99"] == pytest.approx(0.05)


def _cols(path: Path) -> dict[str, np.ndarray]:
    write_info(path, {"id": "r"})
    return open_run(path).columns()


def test_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"no run\.json"):
        open_run(tmp_path)
