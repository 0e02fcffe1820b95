"""Reading the fault proxies' counters of a run (``faults.json``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay import pipeline
from replay.errors import BadInput
from tests.report.rundir import Row, write_run


def test_a_run_with_fault_proxies_but_no_faults_json_is_damaged_not_judged_without_them(tmp_path: Path) -> None:
    """H148's battery deleted faults.json of a finished run whose steps went through a fault proxy: the report
    judged it as a run without proxies (exit 0, no upstream evidence); it is a damaged directory, as a missing
    results.jsonl is."""
    steps = [{"index": 0, "start": 0.0, "duration": 10.0, "rate": 10.0, "faults": "model=slow"}]
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], steps=steps)
    with pytest.raises(BadInput) as e:
        pipeline.judge(run)
    assert str(e.value) == (
        f"{run / 'faults.json'}: is missing, though the run's steps went through fault proxies (model=slow); "
        "the run directory is damaged: copy it whole from where it ran, or re-run"
    )
    plain = write_run(tmp_path / "plain", [Row() for _ in range(5)])  # no proxies: nothing to miss
    assert pipeline.judge(plain).run.info.steps[0].faults == ""
