"""A run's figures per step: a generator that fell behind its schedule, the share of its lateness that
was waiting for a core, and this process's wait for a core."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.runner.results import ResultWriter, Run
from replay.runner.runinfo import PlannedStep, RunInfo
from replay.runner.stepstats import run_queue_wait, step_stats
from tests.runner.test_results import result


def test_step_stats_mark_a_generator_that_fell_behind(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path)
    for row in range(100):
        w.add(result(row, 0, 0.0005))
        w.add(result(100 + row, 1, 0.05 if row % 10 == 0 else 0.0005))
    w.add(result(200, 1, 0.0, "dropped"))
    w.close()
    steps = [PlannedStep(0, 0.0, 1.0), PlannedStep(1, 1.0, 1.0)]
    cpu = [(100.5, 20.0), (101.5, 95.0, 40.0)]  # a sample without the wait share: an older worker
    s0, s1 = step_stats(steps, Run(tmp_path, RunInfo(id="r")).columns(), 100.0, cpu)
    assert not s0.generator_bound and s0.sent == 100 and s0.cpu_max == 20.0 and s0.cpu_wait_mean is None
    assert s1.generator_bound and s1.dropped == 1 and len(s1.bound_reasons) == 3
    assert s1.generator_lag_p99 == pytest.approx(0.05)
    assert s1.cpu_wait_mean == 40.0 and "waited for a core 40% of the step" in s1.bound_reasons[0]


def test_a_few_late_rows_in_a_small_step_are_not_a_verdict(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path)
    for row in range(20):  # 2 of 20 rows late: 10% of the step, but two scheduler hiccups
        w.add(result(row, 0, 0.05 if row in (3, 11) else 0.0005))
    w.close()
    (s0,) = step_stats([PlannedStep(0, 0.0, 1.0)], Run(tmp_path, RunInfo(id="r")).columns(), 100.0, [])
    assert not s0.generator_bound, s0.bound_reasons


def test_step_stats_split_lag_into_the_machines_and_the_generators(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path)
    for row in range(100):  # every tenth row 50 ms late, 40 ms of it waiting for a core
        r = result(row, 0, 0.05 if row % 10 == 0 else 0.0005)
        r.machine_lag = 0.04 if row % 10 == 0 else 0.0
        w.add(r)
    w.close()
    (s0,) = step_stats([PlannedStep(0, 0.0, 1.0)], Run(tmp_path, RunInfo(id="r")).columns(), 100.0, [])
    assert s0.machine_lag_p99 == pytest.approx(0.04) and s0.own_lag_p99 == pytest.approx(0.01)
    assert s0.machine_lag_share == pytest.approx(0.4 / 0.545)
    assert "73% of the rows' lateness was waiting for a core" in s0.bound_reasons[0]


def test_run_queue_wait_reads_this_process() -> None:
    waited = run_queue_wait()
    assert waited is None or waited >= 0.0
