"""The report's typed sections: report.json read back into them gives the same JSON, and renders the same."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from rich.console import Console

from replay import pipeline
from replay.report.sections import VERSION, ReportDoc
from replay.report.terminal import print_summary
from tests.report.rundir import Row, write_run

SCENARIO = '[checks]\nfallback = [{ header = "x-fallback" }]\n[gates]\np99 = "< 1s"\n"rate(fallback)" = "< 5%"\n'


def _summary(report: object, out: Path) -> str:
    buf = io.StringIO()
    print_summary(report, out, Console(file=buf, width=160))  # type: ignore[arg-type]
    return buf.getvalue()


def test_report_json_reads_back_into_its_sections(tmp_path: Path) -> None:
    rows = [Row(step=s, latency=0.1 + 0.3 * s) for s in range(3) for _ in range(20)]
    rows += [Row(family="long", step=2, headers={"x-fallback": "true"}) for _ in range(10)]
    rep = pipeline.report(pipeline.judge(write_run(tmp_path / "run", rows, SCENARIO)), plots=False)
    written = orjson.loads((rep.out / "report.json").read_bytes())
    doc = ReportDoc.from_json(written)
    assert doc.to_json() == written == rep.data
    assert [g.gate.name for g in doc.gates] == ["p99 < 1s", "rate(fallback) < 5%"]
    assert doc.steps[2].cell.rates["fallback"] == pytest.approx(1 / 3)
    assert _summary(written, rep.out) == _summary(rep.doc, rep.out)  # report.json as read prints the same
    for version in (VERSION + 1, 1, True):
        with pytest.raises(ValueError, match=f"report version {version!r}; this replay reads versions 2 to {VERSION}"):
            ReportDoc.from_json({**written, "version": version})
    # Version 2 (a held gate said in a sentence, ``too_few``) reads as this one.
    assert ReportDoc.from_json({**written, "version": 2}).to_json() == written
