"""The load-curve plots: latency, TTFT and ITL against offered rate with the knee and the capacity, goodput
and availability against rate, the Pareto view, cost per family; each only where the run has its data.
And a report drawn where matplotlib cannot keep its configuration (a read-only home), or with a family
its font cannot draw, says nothing of it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from replay import pipeline
from replay.judge.capacity import Capacity, Probe
from replay.report.curves import RatePoint, curves, knee, pareto
from replay.report.make import frame_of
from tests.report.rundir import Row, write_run
from tests.report.sweeprun import judge_sweep

PLOTS = ("rate-latency", "rate-goodput", "pareto", "cost-families")


def _plots(out: Path) -> set[str]:
    return set(re.findall(r'<div id="plot-([a-z-]+)">', (out / "report.html").read_text(encoding="utf-8")))


def _svgs(out: Path) -> list[str]:
    return re.findall(r"<svg.*?</svg>", (out / "report.html").read_text(encoding="utf-8"), flags=re.S)


def test_knee_and_pareto() -> None:
    flat_then_up = [RatePoint(r, f"{r}", p99=y) for r, y in ((2, 0.30), (4, 0.31), (8, 0.33), (16, 0.6), (32, 4.0))]
    assert knee(flat_then_up).rate == 16  # type: ignore[union-attr]
    assert knee([RatePoint(r, "", p99=0.3) for r in (2, 4, 8)]) is None  # flat: no knee
    assert knee([RatePoint(r, "", p99=r / 10) for r in (1, 2, 3, 4)]) is None  # a straight line: no knee
    assert knee(flat_then_up[:2]) is None  # two points: no curve
    figures = (("a", 1, 5), ("b", 2, 8), ("c", 3, 6), ("d", 1, 4))
    a, b, c, d = (RatePoint(0, n, p99=p, throughput=t) for n, p, t in figures)
    assert [p.label for p in pareto([a, b, c, d])] == ["a", "b"]  # c: b is faster and busier; d: a is busier


def test_a_sweep_with_repeats_and_prices_has_every_plot(tmp_path: Path) -> None:
    judged = judge_sweep(tmp_path, repeats=2)
    rep = pipeline.report(judged, out=tmp_path)
    assert _plots(tmp_path) >= set(PLOTS)
    c = curves(rep.doc, frame_of(judged))
    assert [p.rate for p in c.points] == [2, 4, 8, 16]
    assert c.knee is not None and c.knee.rate == 8 and c.collapse == 16 and c.capacity is None
    assert all(p.itl_p99 and p.ttft_p99 for p in c.points)
    assert len(c.pareto) == 8  # one point per repetition and step
    assert {p.rate for p in c.optimal} <= {2, 4, 8}  # 16/s: less goodput at a worse p99
    # Drawn again, the plots are the same to the byte: matplotlib salts its SVG ids with a random uuid unless told
    again = tmp_path / "again"
    pipeline.report(judged, out=again)
    assert _svgs(again) == _svgs(tmp_path)


def test_plots_appear_only_where_the_run_has_their_data(tmp_path: Path) -> None:
    one = write_run(tmp_path / "one", [Row(latency=0.1 + 0.01 * i) for i in range(20)])
    pipeline.report(pipeline.judge(one))
    assert not _plots(one) & set(PLOTS)  # one rate, no repetitions, no prices
    # Steps at one rate, differing only by faults: no curve against rate.
    same = [{"index": k, "start": 10.0 * k, "duration": 10.0, "rate": 6.0} for k in range(3)]
    faults = write_run(tmp_path / "faults", [Row(step=k, latency=0.1 * (k + 1)) for k in range(3) for _ in range(8)],
                       steps=same)  # fmt: skip
    pipeline.report(pipeline.judge(faults))
    assert not _plots(faults) & set(PLOTS)


def test_a_search_draws_its_probes_and_marks_the_capacity(tmp_path: Path) -> None:
    """Each probe's figures come from its own report.json; the capacity and its bracket are marked."""
    probes, judged = [], None
    for k, (rate, latency) in enumerate(((2.0, 0.2), (8.0, 3.0), (4.0, 0.3))):
        step = [{"index": 0, "start": 0.0, "duration": 2.0, "rate": rate}]
        run = write_run(tmp_path / f"probe-{k + 1}", [Row(latency=latency) for _ in range(int(rate * 2))],
                        '[gates]\np99 = "< 1s"\n', steps=step)  # fmt: skip
        j = pipeline.judge(run)
        passed = pipeline.report(j, html=False).exit_code == 0  # a probe's report, as a search makes it
        probes.append(Probe(rate, passed, None if passed else "p99 < 1s", None, str(run), int(rate * 2)))
        judged = j if rate == 4.0 else judged
    cap = Capacity(4.0, [4.0, 8.0], "p99 < 1s", "p99 is 3 s", probes)
    assert judged is not None
    rep = pipeline.report(judged, out=tmp_path / "search", capacity=cap)
    assert {"rate-latency", "rate-goodput", "pareto"} <= _plots(tmp_path / "search")
    c = curves(rep.doc, frame_of(judged))
    assert [(p.rate, p.passed) for p in c.points] == [(2, True), (4, True), (8, False)]
    assert c.capacity == 4.0 and c.bracket == (4.0, 8.0) and c.collapse is None
    assert c.points[-1].p99 == 3.0


def test_a_report_in_a_home_matplotlib_cannot_write_prints_no_warning(tmp_path: Path) -> None:
    """Nor of a family named in a script its font lacks (one warning per glyph, before)."""
    rows = [Row(family=family) for family in ("typical", "日本語の質問") for _ in range(5)]
    run = write_run(tmp_path / "run", rows, '[gates]\np99 = "< 4s"\n')
    unwritable = tmp_path / "a-file"  # no directory can be made under it, even by root
    unwritable.write_text("")
    env = os.environ | {"HOME": str(unwritable), "MPLCONFIGDIR": str(unwritable / "mpl"), "XDG_CONFIG_HOME": ""}
    proc = subprocess.run(
        [sys.executable, "-m", "replay", "report", str(run)], capture_output=True, text=True, env=env, timeout=120
    )
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    assert (run / "report.html").read_text().count("<svg") >= 1
