"""What a class's rows share, as evidence: rows the fallback chain's other path answered after their calls to the
primary failed (the matrix's model_capacity: the model refusing calls past its capacity with 529, the fallback
model's answers then drifting by their model header) are named by what failed those calls, not by the other
model's header alone."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay import pipeline
from replay.faults.counters import Counters
from replay.report.sections import ReportDoc
from tests.report.rundir import Row, write_run

SCENARIO = """
name = "fallback path"
[gates]
"rate(drift)" = "< 5%"
[[faults]]
name = "model"
steps = ["none", "none"]
upstream = "http://127.0.0.1:9"
listen = "127.0.0.1:18001"
[checks.endpoints."POST /api/assist"]
path = "header:x-fallback-path"
"""
SECONDARY = {"x-fallback-path": "secondary", "x-model-version": "m-2"}


def _report(tmp_path: Path, refused: int, path: str = "primary") -> ReportDoc:
    """Two steps of 40 rows in four families; in two of them 4 rows a step were answered by the fallback model
    (another model header: drift) after three calls to the primary, which the model upstream itself answered
    ``refused`` of with 529 (the proxy injected nothing). The other rows took ``path`` (production: the primary)."""
    rows = [
        Row(
            family=fam,
            step=step,
            prompt=f"{fam} question {i} at {step}",
            headers={"x-fallback-path": path},
            baseline_headers={"x-fallback-path": "primary"},
        )
        for step in range(2)
        for fam in ("typical", "long", "code", "multi-turn")
        for i in range(10)
    ]
    fell = [k for k, r in enumerate(rows) if r.family in ("typical", "code") and int(r.prompt.split()[2]) < 4]
    for k in fell:
        rows[k].headers = SECONDARY
    run = write_run(tmp_path / "run", rows, SCENARIO)
    counters = Counters("none", "0")
    for step in range(2):
        if step:
            counters.switch("none", str(step))
        seg = counters.now
        seg.requests = seg.forwarded = 40 + 3 * len(fell) // 2
        seg.responses.update({200: 40 + (3 - refused) * len(fell) // 2, 529: refused * len(fell) // 2})
    data = counters.snapshot()
    data["by_request"] = {f"run/{k}": 4 if k in fell else 1 for k in range(len(rows))}
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": data}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


@pytest.mark.parametrize("path", ["primary", "secondary"])
def test_rows_the_fallback_model_answered_are_named_by_what_failed_their_calls_to_the_primary(
    tmp_path: Path, path: str
) -> None:
    """main: "x-model-version: 'm-1' in production, 'm-2' now on 100% of the drift rows", the other model's answers
    named by its header, which says only that another model answered, not why. Where every row took the fallback
    path (the matrix's model_timeout), production's path is the usual one, not the run's (H133: named by the header)."""
    drift = next(g for g in _report(tmp_path, 3, path).gates if g.gate.key == "rate(drift)")
    assert not drift.passed
    assert drift.cause == (
        "rate(drift) is 20.00%, over its threshold < 5%: the secondary path answered 100% of the drift rows after "
        "their earlier calls failed: the model upstream itself answered 529 to 38% of its 64 calls at step 0"
    )
