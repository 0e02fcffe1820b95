"""Judge a run, gate it and write its report files (the one entry point for ``replay report`` and
``replay rehearse``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.scenario import Scenario, load_scenario
from replay.errors import BadInput
from replay.judge import NOT_SENT, Judged, judge_run, run_scenario
from replay.judge.frame import Frame
from replay.judge.gates import GateResult, evaluate, parse_gates
from replay.redact import default_redactor
from replay.report.build import build_report
from replay.report.html import write_html
from replay.report.junit import write_junit
from replay.report.regress import regressions
from replay.runner.results import Run, open_run

__all__ = ["SCHEMA_PATH", "Report", "collapse_view", "make_report", "open_finished"]

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
LOAD_CLASSES = ("timeout", "error", "rejected", "truncated", "fallback", "slow")


@dataclass
class Report:
    data: dict[str, Any]  # report.json
    gates: list[GateResult]
    out: Path  # the directory the files are in
    judged: Judged

    @property
    def exit_code(self) -> int:
        return 0 if all(g.passed for g in self.gates) else 1


def open_finished(path: str | Path) -> Run:
    """A run directory whose run finished; BadInput for an unfinished, interrupted or failed one."""
    run = open_run(path)
    status = run.info.get("status")
    if status != "complete":
        why = {
            "starting": "it has not started sending",
            "running": "it is still running, or its runner was killed before it finished",
            "interrupted": "it was interrupted before every row was sent",
            "failed": f"it failed ({run.info.get('reason') or 'see run.json'})",
        }.get(str(status), f"its status is {status!r}")
        raise BadInput(f"{path}: the run is unfinished: {why}; a partial run is never gated, re-run it")
    return run


def collapse_view(judged: Judged, gate_steps: list[int] | None = None) -> Any:
    """The collapse analysis (``replay.judge.collapse``) of a judged run, or None when it is not installed.

    It sees the classes that move with load and faults only: a refusal, a drifted or invalid answer is
    as wrong at one request per minute as at a thousand per second, so it counts as ok there (the
    report's own tables keep every class)."""
    try:
        from replay.judge.collapse import analyse_run
    except ImportError:
        return None
    classes = judged.classes
    classes[~np.isin(classes, (*LOAD_CLASSES, NOT_SENT))] = "ok"
    endpoints = {r.endpoint for r in judged.results}
    header = next(
        (h for ep in sorted(endpoints) if (h := judged.scenario.checks.for_endpoint(ep).retries_header)), None
    )
    return analyse_run(judged.run, classes, gate_steps=gate_steps or (), retries_header=header or "x-attempted-retries")


def _load_gate(result: GateResult) -> bool:
    """A failed gate on a figure that moves with load (latency, amplification, load-sensitive classes)."""
    g = result.gate
    if result.passed:
        return False
    if g.metric in ("quantile", "retry_amplification"):
        return True
    return g.metric in ("rate", "count") and set(g.classes) <= set(LOAD_CLASSES)


def make_report(
    run_dir: str | Path,
    scenario: Scenario | str | Path | None = None,
    baseline: str | Path | None = None,
    out: str | Path | None = None,
) -> Report:
    """Judge ``run_dir``, evaluate the gates, write report.json, junit.xml and report.html to ``out``
    (default: the run directory). ``scenario`` replaces the run's own [checks] and [gates];
    ``baseline`` is another run to flag regressions against (judged with the same checks)."""
    run = open_finished(run_dir)
    if scenario is not None and not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    scenario = scenario or run_scenario(run)
    gates = parse_gates(scenario.gates, str(scenario.path or "scenario"))
    judged = judge_run(run, scenario)
    collapse = collapse_view(judged)
    frame = Frame.of(judged, collapse.amplification() if collapse is not None else None)
    regress = None
    if baseline is not None:
        other = judge_run(open_finished(baseline), scenario)
        regress = regressions(Frame.of(other), frame, str(other.run.info.get("id")))
    where = str(scenario.path or "scenario")
    results = evaluate(gates, frame, None if regress is None else regress["count"], where)
    failed_steps = sorted({int(s) for r in results if _load_gate(r) and (s := r.gate.tag("step")) is not None})
    if failed_steps and collapse is not None:
        collapse = collapse_view(judged, failed_steps)  # a failed step gate is a collapse signal too
    view = collapse.as_dict() if collapse is not None else None
    data = build_report(judged, frame, results, default_redactor(), regress, view)
    out_dir = Path(out) if out is not None else run.path
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
    write_junit(data, out_dir / "junit.xml")
    write_html(data, frame, out_dir / "report.html")
    return Report(data, results, out_dir, judged)
