"""Cause before load in the findings: what is there from the first step is a cause, only what grows on
top of it is a collapse, and each failed gate is explained by the one that fits it."""

from __future__ import annotations

from pathlib import Path

from replay import pipeline
from replay.report.sections import ReportDoc
from tests.report.rundir import Row, write_run

FAMILIES = ("typical", "long", "code", "short")
CANNED = "Sorry, we cannot answer right now."
SCENARIO = """
name = "cause before load"
[checks.endpoints."POST /api/assist"]
fallback = [{ header = "x-fallback", equals = "true", reason = "x-fallback-reason" }]
retries_header = "x-attempted-retries"
[gates]
"rate(fallback)" = "< 5%"
"availability{step=3}" = "> 90%"
"retry_amplification" = "< 1.5"
"retry_amplification{step=3}" = "< 1.5"
"""


def report(tmp_path: Path, rows: list[Row]) -> ReportDoc:
    return pipeline.report(pipeline.judge(write_run(tmp_path / "run", rows, SCENARIO)), plots=False).doc


def rows(fallbacks: list[int], headers: dict[str, str] | None = None) -> list[Row]:
    """Four steps of four families of ten rows; in step k the first ``fallbacks[k]`` rows of each family
    are the canned answer for ``model_404``."""
    out = []
    for step, n in enumerate(fallbacks):
        for fam in FAMILIES:
            for i in range(10):
                h = dict(headers or {})
                answer = None
                if i < n:
                    h |= {"x-fallback": "true", "x-fallback-reason": "model_404"}
                    answer = CANNED
                row = Row(family=fam, step=step, prompt=f"{fam} question {i} at {step}", headers=h)
                if answer is not None:
                    row.answer = answer
                out.append(row)
    return out


def test_amplification_flat_from_the_first_step_explains_the_amplification_gates(tmp_path: Path) -> None:
    doc = report(tmp_path, rows([0, 0, 0, 0], {"x-attempted-retries": "1"}))
    top = doc.findings[0]
    assert top.kind == "cause" and top.title.startswith("retry amplification 2.00 from the first step, flat")
    assert top.about == "retry_amplification"  # what the amplification gates are explained by
    failed = {g.gate.name: g for g in doc.gates if not g.passed}
    assert set(failed) == {"retry_amplification < 1.5", "retry_amplification{step=3} < 1.5"}
    assert all(g.cause == top.title for g in failed.values())
    assert doc.collapse is not None and doc.collapse.step is None  # flat: nothing grew
    assert "not its retries" not in top.detail  # the service says it retried: these are its retries


def test_failures_growing_on_top_of_a_cause_are_a_collapse_naming_it(tmp_path: Path) -> None:
    doc = report(tmp_path, rows([4, 4, 4, 10]))  # 40% from the first step, all of them at the last
    cause = next(f for f in doc.findings if f.kind == "cause")
    assert cause.title.startswith("fallback from the first step, growing on top of it: the service says model_404")
    assert doc.collapse is not None and doc.collapse.from_start and doc.collapse.step == 3
    assert "beyond the failures present from the first step" in doc.collapse.reason
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert cause.title in collapse.detail
    assert doc.findings[0] is cause  # what was broken before load leads


def test_a_flat_share_of_failures_is_no_collapse_whatever_its_noise(tmp_path: Path) -> None:
    doc = report(tmp_path, rows([4, 5, 4, 5]))  # 40-50% at every step: the rows' own noise
    assert doc.collapse is not None and doc.collapse.from_start and doc.collapse.step is None
    assert not [f for f in doc.findings if f.kind in ("collapse", "trend")]
    assert doc.findings[0].title.startswith("fallback from the first step, flat across steps")
