"""Collapse analysis of a judged run directory, as the report makes it (the judge's classes on the report's
frame): figures per step, retry amplification from the proxy's counters, the collapse point,
generator-bound steps left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import orjson

from replay.judge.collapse import Collapse, StepInput, Thresholds, analyse, analyse_frame
from replay.judge.run import judge_run
from replay.report.make import frame_of
from replay.runner import open_run
from replay.runner.results import Result, ResultWriter
from replay.runner.rundir import FAULTS, SCENARIO
from replay.runner.runinfo import RunInfo, Status, StepStats, write_info

# step -> (rows, fallback rows, timeouts, upstream requests the proxy saw, generator-bound)
PLAN = {0: (20, 0, 0, 20, False), 1: (20, 18, 2, 90, True), 2: (20, 1, 0, 24, False), 3: (20, 9, 3, 70, False)}
CHECKS = '[checks]\nfallback = [{ header = "x-fallback", equals = "true" }]\nretries_header = "x-attempted-retries"\n'
TEXT = '{"answer": "Open Settings, then Security."}'
ANSWER = {"text": TEXT, "encoding": "utf8", "size": len(TEXT)}  # the response body (format.Body)


def _run(run_dir: Path, kind: Callable[[int, str], str] | None = None) -> Path:
    """A run directory of PLAN's rows, each ok, fallback or timeout as PLAN says or as ``kind(step,
    planned class)`` says instead, its scenario's [checks] reading the demo's headers."""
    run_dir.mkdir()
    (run_dir / SCENARIO).write_text(CHECKS, encoding="utf-8")
    steps = [StepStats(k, 10.0 * k, 10.0, rate=2.0, generator_bound=bound) for k, (*_, bound) in PLAN.items()]
    write_info(run_dir, RunInfo(id="r", status=Status.COMPLETE, steps=steps))
    w = ResultWriter(run_dir)
    row = 0
    segments = [{"profile": "none", "label": "", "requests": 3}]
    for k, (n, fallbacks, timeouts, upstream, _) in PLAN.items():
        for i in range(n):
            planned = "timeout" if i < timeouts else "fallback" if i < timeouts + fallbacks else "ok"
            cls = kind(k, planned) if kind is not None else planned
            if cls == "timeout":
                w.add(Result(row, row, k, "typical", "none", "POST /api", 0, 0.0, "timeout", latency=5.0, attempts=1))
            else:
                fb = "true" if cls == "fallback" else "false"
                r = Result(row, row, k, "typical", "none", "POST /api", 0, 0.0, "response", latency=0.1 * (k + 1))
                r.status, r.attempts = 200, 1
                headers = [["x-fallback", fb], ["x-attempted-retries", "2" if fb == "true" else "0"]]
                w.add(r, [row, 200, headers, ANSWER])
            row += 1
        w.add(Result(row, row, k, "typical", "none", "POST /api", 0, 0.0, "dropped"))
        row += 1
        segments.append({"profile": f"p{k}", "label": str(k), "requests": upstream})
    w.close()
    faults = {"proxies": [{"name": "model", "upstream": "http://x", "counters": {"segments": segments}}]}
    (run_dir / FAULTS).write_bytes(orjson.dumps(faults))
    return run_dir


def _collapse(run_dir: Path, thresholds: Thresholds | None = None, gate_steps: Iterable[int] = ()) -> Collapse:
    """The run judged, its rows as the report's frame (report/make.frame_of), and their collapse analysis."""
    judged = judge_run(open_run(run_dir))
    frame = frame_of(judged)
    return analyse_frame(frame, [judged.run.info.step_table], frame.proxies, thresholds or Thresholds(), gate_steps)


def test_figures_and_collapse(tmp_path: Path) -> None:
    c = _collapse(_run(tmp_path / "run"))
    s0, s1, _, s3 = c.steps
    assert (s0.offered, s0.sent, s0.offered_rate, s0.goodput, s0.goodput_rate) == (21, 20, 2.1, 20 / 21, 2.0)
    assert s0.availability == 20 / 21 and s3.availability == 8 / 21  # a dropped row was not served either
    assert s0.rates == {"ok": 1.0} and s0.amplification == 1.0 and s0.service_retries == 0.0
    assert s0.profiles == {"model": "p0"} and s0.label == "2/s, model: p0"
    assert s1.generator_bound and s1.amplification == 4.5
    assert s3.rates == {"ok": 0.4, "fallback": 0.45, "timeout": 0.15}
    assert s3.amplification == 3.5 and s3.latency["p50"] == 0.4 and s3.latency["max"] == 5.0
    assert c.amplification() == {0: 1.0, 1: 4.5, 2: 1.2, 3: 3.5}
    # Step 1 is worse but generator-bound: the collapse is step 3's
    assert c.step == 3 and c.label == "2/s, model: p3"
    # 3 timeouts in 20 rows against none in 20 is within the rows' noise: not named as growth
    assert c.reason == "availability 38% of offered rows (< 90%); fallback rate 45%, up from 0% at step 0"
    assert c.jumped == ["fallback"]  # the class the reason names, as data: the report names the others itself
    d = c.to_json()
    assert d["step"] == 3 and len(d["steps"]) == 4 and d["from_start"] is False and d["amplification_from"] == "step"
    assert d["base"] == 0 and d["jumped"] == ["fallback"]


def test_failures_from_the_first_step_are_a_cause_not_a_collapse(tmp_path: Path) -> None:
    c = _collapse(_run(tmp_path / "fallback", lambda k, cls: "fallback"), gate_steps=[3])
    assert c.from_start and c.step is None, c.reason  # flat from step 0: misconfiguration, not load
    c = _collapse(_run(tmp_path / "timeout", lambda k, cls: "timeout" if k == 3 else "fallback"))
    assert c.from_start and c.step is None  # still nothing served: no step fell further


def _steps(available: list[int], rows: int = 48, bound: tuple[int, ...] = ()) -> list[StepInput]:
    """Steps of ``rows`` rows each, the first ``available[k]`` of step k ok, the rest fallback."""
    out = []
    for k, ok in enumerate(available):
        cls = np.array(["ok"] * ok + ["fallback"] * (rows - ok), dtype=object)
        nan = np.full(rows, np.nan)
        out.append(StepInput(k, 8.0, cls, nan, np.ones(rows), nan, generator_bound=k in bound))
    return out


def test_a_collapse_is_growth_beyond_the_first_steps_failures_and_beyond_noise() -> None:
    # Half the rows fail from the first step; a few more at the last step is noise, not a collapse.
    c = analyse(_steps([24, 25, 23, 18]))
    assert c.from_start and c.base == 0 and c.step is None
    # ... but the same failures growing to most rows is: only the growth is named.
    c = analyse(_steps([24, 25, 23, 4]))
    assert c.from_start and c.step == 3 and c.jumped == ["fallback"]
    assert c.reason.startswith("availability fell to 8% from 50% at step 0 (beyond the failures present")
    # A healthy service a hair under the threshold at one step is within its noise ...
    assert analyse(_steps([48, 47, 48, 43])).step is None
    # ... a clear fall is a collapse.
    c = analyse(_steps([48, 47, 48, 30]))
    assert not c.from_start and c.step == 3 and "availability 62% of offered rows" in c.reason


def test_the_reference_step_is_the_first_usable_one() -> None:
    # The first two steps discounted (the generator was the bottleneck): failures flat from the first
    # step the target can be judged on are still a cause, not a collapse.
    c = analyse(_steps([0, 0, 0, 0], bound=(0, 1)))
    assert c.base == 2 and c.from_start and c.step is None
    # ... but discounted steps that served their rows say the failures were not there from the start.
    c = analyse(_steps([48, 48, 0, 0], bound=(0, 1)))
    assert c.base == 2 and not c.from_start and c.step == 2
    # Every step discounted: the first step that sent rows is the reference.
    c = analyse(_steps([0, 0, 0, 0], bound=(0, 1, 2, 3)))
    assert c.base == 0 and c.from_start and c.step is None


def test_retries_count_in_the_step_of_the_request_that_caused_them(tmp_path: Path) -> None:
    run_dir = _run(tmp_path / "run")
    info = orjson.loads((run_dir / "run.json").read_bytes())
    faults = orjson.loads((run_dir / FAULTS).read_bytes())
    # Rows 0-3 (step 0) each called the model twice, row 5 once; their retries reached the proxy in
    # whatever step; the other rows of step 0 made no call at all (refused before the model, say).
    faults["proxies"][0]["counters"]["by_request"] = {f"{info['id']}/{r}": 2 for r in range(4)} | {"r/5": 1}
    (run_dir / FAULTS).write_bytes(orjson.dumps(faults))
    c = _collapse(run_dir)
    assert c.amplification_from == "request"
    s0 = c.steps[0]
    assert s0.amplification == 9 / 5 and s0.zero_call == 15  # 9 calls by 5 requests; 15 sent rows made none
    assert c.steps[1].amplification is None and c.steps[1].zero_call == 20


def test_judge_classes_gates_and_thresholds(tmp_path: Path) -> None:
    fine = _run(tmp_path / "fine", lambda k, cls: "ok")
    c = _collapse(fine, Thresholds(min_availability=0.5))
    assert c.classes_from == "judge" and c.step is None  # the judge says every row was fine
    c = _collapse(fine, gate_steps=[2])
    assert (c.step, c.reason, c.jumped) == (2, "a gate failed", [])
    c = _collapse(_run(tmp_path / "run"), Thresholds(min_availability=0.0, jump=0.5))
    assert c.step is None
