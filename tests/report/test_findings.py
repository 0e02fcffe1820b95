"""The collapse finding: about the classes that grew at its step, measured from a step before it even where the load
generator was bound there (a loaded machine), so a gate on those classes is named by what failed their rows."""

from __future__ import annotations

from pathlib import Path

from replay import pipeline
from replay.report.sections import Finding, FindingKind, ReportDoc, Severity
from tests.report.rundir import write_run
from tests.report.test_causes import SCENARIO, rows
from tests.report.test_explain import server_timed

BOUND = {"generator_bound": True, "generator_lag_p99": 0.4, "bound_reasons": ["40% of rows over 10 ms late"]}


def test_a_collapse_at_its_reference_step_names_the_classes_grown_since_the_discounted_step(tmp_path: Path) -> None:
    """Step 0 discounted (its generator 0.4 s late on 0.2 s rows: a loaded machine), so the collapse analysis measures
    from step 1, where 40% of the rows fell back after the model's 503s: a collapse at its own reference step.
    main: the finding was about no class (nothing grew from step 1 to step 1), its evidence the service's reasons of
    none, and a CI beside the lead's scoring named the matrix's no_secondary outage "the service held its rows up to
    0.6 s ... a queue at its concurrency limit"; here "collapse at step 1 (10/s)", the fallback rows unnamed."""
    runs = rows()
    for i, r in enumerate(runs):
        if r.step == 1 and i % 5 < 2:
            r.answer = "Sorry, we cannot answer right now."
            r.headers = {"x-fallback": "true", "x-fallback-reason": "model_503"}
    steps = [
        {"index": s, "start": 10.0 * s, "duration": 10.0, "rate": 10.0} | (BOUND if s == 0 else {}) for s in range(3)
    ]
    run = write_run(tmp_path / "run", runs, SCENARIO + '"rate(fallback){step=1}" = "< 5%"\n', steps=steps)
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert doc.collapse is not None and doc.collapse.step == doc.collapse.base == 1
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert collapse.classes == ["fallback"] and "grown since step 0: fallback 0% -> 40%" in collapse.detail
    gate = next(g for g in doc.gates if g.gate.name == "rate(fallback){step=1} < 5%")
    assert gate.cause == "collapse at step 1 (10/s): the service says model_503 on 100% of the fallback rows"


def test_a_collapse_on_top_of_a_cause_says_the_cause_once_and_gates_link_to_findings_by_id(tmp_path: Path) -> None:
    """Fallbacks after the model's 503s on 30% of the rows from the first step, on 90% at the last: a cause, and a
    collapse on top of it whose reason names the fallback rate's jump (``Collapse.jumped``), so the finding adds no
    "grown since" for it, and whose evidence at its step is the line the cause's title says already, left out.
    A failed gate names its finding by the finding's id, its cause being that finding's title."""
    runs = rows()
    for r in runs:
        if r.prompt.endswith(f" at {r.step}") and int(r.prompt.split()[-3]) < (9 if r.step == 2 else 3):
            r.answer = "Sorry, we cannot answer right now."
            r.headers = {"x-fallback": "true", "x-fallback-reason": "model_503"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, SCENARIO)), plots=False).doc
    assert doc.collapse is not None and doc.collapse.step == 2 and doc.collapse.jumped == ["fallback"]
    said = "the service says model_503 on 100% of the fallback rows"
    cause = next(f for f in doc.findings if f.kind == "cause")
    assert cause.title == f"fallback from the first step, growing on top of it: {said}"
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert (
        "grown since" not in collapse.detail
        and collapse.detail.count(said) == 1
        and said not in (collapse.evidence or [])
    )
    assert (cause.id, collapse.id) == ("cause-1", "collapse-1")  # each kind's first
    assert len({f.id for f in doc.findings}) == len(doc.findings)
    gate = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%")
    assert (gate.finding, gate.cause) == ("cause-1", cause.title)
    data = doc.to_json()
    back = ReportDoc.from_json(data)
    assert [g.finding for g in back.gates] == [g.finding for g in doc.gates] and back.findings[0].id == "cause-1"
    # A report written before the ids (and the collapse's jump classes) reads the same, without them.
    for f in data["findings"]:
        del f["id"]
    for g in data["gates"]:
        g.pop("finding", None)
    del data["collapse"]["jumped"]
    old = ReportDoc.from_json(data)
    assert old.findings[0].id is None and all(g.finding is None for g in old.gates)
    assert old.collapse is not None and old.collapse.jumped == []


def test_a_gate_on_productions_time_says_when_production_was_held_inside_the_service_where_it_was_captured(
    tmp_path: Path,
) -> None:
    """Staging 0.45 s where production's capture took 0.40 s on the same prompts: 113% of production's, the gate passes.
    But production's replies were held 0.30 s beyond the 0.10 s their Server-Timing says the model took, staging's
    0.05 s beyond 0.40 s: production was slowed where it was captured (a busy host), and against its time less that
    extra hold (0.15 s) the gate reads 300%: a warning that its pass is lenient. main said nothing (a capture made on a
    loaded host passes slower releases). Held 0.07 s against staging's 0.005 s: a note (less that hold, 134% still
    passes). Held alike, under twice staging's, 15 ms longer, or without the header on production's side: nothing."""

    def production_findings(production: str, staging: str = "model;dur=400") -> list[Finding]:
        doc = server_timed(tmp_path, 0.45, staging, production)
        assert not [g for g in doc.gates if not g.passed]
        return [f for f in doc.findings if f.kind == FindingKind.PRODUCTION]

    (held,) = production_findings("model;dur=100")
    assert held.severity == Severity.WARN
    assert held.title == (
        "p50{step=0} < 150% production compares with a production slowed where it was captured: its replies were held "
        "300 ms inside the service beyond the dependencies their Server-Timing names, staging's 49 ms on the same 40 "
        "prompts (medians): less that extra hold, the gate reads 301.3% of production: its pass is lenient"
    )
    (slowed,) = production_findings("model;dur=330", "model;dur=445")  # held 0.07 s, staging 0.005 s: still passes
    assert slowed.severity == Severity.INFO and slowed.title.endswith(
        "less that extra hold, the gate reads 134.4% of production (lenient by that much at least)"
    )
    assert production_findings("model;dur=350") == []  # held 0.05 s, as staging's
    assert production_findings("") == []
    assert production_findings("model;dur=310") == []  # held 0.09 s: under twice staging's 0.05 s
    assert production_findings("model;dur=385", "model;dur=449") == []  # held 15 ms longer than staging's 1 ms


def test_a_run_killed_before_its_first_send_is_judged_partial_on_no_rows(tmp_path: Path) -> None:
    """H220's crash battery: a runner killed before its first send left a failed run of no row sent; 'replay report
    --partial' of it was a traceback (the drift findings' '&' of a float64 array of no rows). It is a verdict of
    none: cut short, every row not run, exit 3."""
    from tests.report.rundir import Row

    run = write_run(tmp_path / "run", [Row(outcome="unsent") for _ in range(6)], status="failed")
    rep = pipeline.report(pipeline.judge(run, partial=True), plots=False)
    assert rep.exit_code == 3 and rep.data["partial"]["judged"] == 0 and rep.data["partial"]["not_run"] == 6
