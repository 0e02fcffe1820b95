"""Which finding names a failed gate where no cause, broad, trend or collapse finding does: the gate's own
finding, named by the fault a rehearsal injected from the first step, and a latency gate named by the own
finding of the class its slowest rows are in. A gate on a figure is named by the finding about that figure
(``Finding.about``), never by a finding's words."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay import pipeline
from replay.judge.evaluate import GateResult
from replay.judge.gates import parse_gate
from replay.report.explain import explain_gates
from replay.report.make import frame_of
from replay.report.sections import Finding, FindingKind, ReportDoc, Severity
from tests.report.rundir import sse, write_run
from tests.report.test_causes import SCENARIO, rows

# Rows a fault failed per step: a share at the first step, few where the scenario's errors pre-empted it at the
# second (the demo's outage), the most where its latency came on top at the third.
FAILED = {0: 12, 1: 2, 2: 14}


def _run(tmp_path: Path, fault: str, fail: dict[str, object], gate: str) -> ReportDoc:
    """Three steps of 40 rows, FAILED[step] of them built with ``fail``; the model's fault proxy injected ``fault``
    into every call that failed, the scenario's errors and latency at the later steps beside it."""
    runs = rows()
    for step, n in FAILED.items():
        at = [r for r in runs if r.step == step]  # ten rows a family: spread over the families, none singled out
        for r in sorted(at, key=lambda r: at.index(r) % 10)[:n]:
            for key, value in fail.items():
                setattr(r, key, value)
    run = write_run(tmp_path / "run", runs, SCENARIO + f'"{gate}" = "< 2%"\n')
    extra = ({}, {"error": 30}, {"latency": 40})
    segments = [
        {"label": str(s), "profile": "case", "requests": 40, "faults": {fault: n, **extra[s]}}
        for s, n in FAILED.items()
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


@pytest.mark.parametrize(
    ("fault", "fail", "gate"),
    [
        # streams cut after a few chunks (the matrix's fault_truncate): a trait of the rows, not what the service says
        ("stream_truncate", {"stream": True, "body": sse(["Open", " Settings"], end="error")}, "rate(truncated)"),
        # a throttled stream past the client's deadline (fault_throttle): "the client saw timeout" says nothing of why
        ("throttle", {"outcome": "timeout", "answer": None, "latency": 5.0}, "rate(timeout)"),
    ],
)
def test_a_class_gate_no_cause_names_is_named_by_the_fault_injected_from_the_first_step(
    tmp_path: Path, fault: str, fail: dict[str, object], gate: str
) -> None:
    """30% of the first step's rows failed where only the rehearsal's fault was in force, fewer where the scenario's
    errors took its turn, more under its latency: uneven across steps, so no cause finding; the class gate's own
    finding is named by that fault at the first step, not by the rows' trait or what the client saw at the step
    most of them fell in (main: 'error event: model stream broke ...', 'the client saw timeout ...')."""
    doc = _run(tmp_path, fault, fail, gate)
    assert not [f for f in doc.findings if f.kind in ("cause", "broad")]
    result = next(g for g in doc.gates if g.gate.name == f"{gate} < 2%")
    assert result.cause is not None and result.cause.endswith(
        f": the model fault proxy injected {fault} 12 times in its 40 calls at step 0"
    ), result.cause


def test_a_latency_gate_nothing_about_latency_names_is_named_by_its_tail_rows_class_gate(tmp_path: Path) -> None:
    """Streams stalled until the service's timeout, then cut (the matrix's fault_stall): the slowest rows are the
    truncated ones, and no cause, trend or collapse is about latency; the p99 gate is named by the truncated rows'
    own gate finding (the stall injected from the first step), not by a finding of its own figures (main)."""
    cut = {"stream": True, "body": sse(["Open", " Settings"], end="error"), "latency": 5.0}
    doc = _run(tmp_path, "stream_stall", cut, "rate(truncated)")
    truncated = next(g for g in doc.gates if g.gate.name == "rate(truncated) < 2%")
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == truncated.cause
    own = next(f for f in doc.findings if f.id == truncated.finding)
    assert own.title == truncated.cause
    assert own.kind == "gate" and own.gates is not None and own.gates[:2] == ["p99 < 1s", "rate(truncated) < 2%"]


def _ramped(run: Path, refused: int) -> ReportDoc:
    """``run`` reported with its model's fault proxy injecting latency into every call, at the last step in two
    windows (a 1 s ramp for 2 s, then more: the demo's step 3), a cap refusing ``refused`` calls there."""
    segments: list[dict[str, object]] = [
        {"label": str(s), "profile": "slow", "requests": 40, "faults": {"latency": 40}} for s in range(3)
    ]
    segments[2] |= {
        "faults": {"latency": 40, "concurrency": refused},
        "windows": {"ramp": {"start": 0.0, "end": 2.0, "hit": 12}, "latency": {"start": 2.0, "end": None, "hit": 28}},
    }
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_a_tail_named_by_the_proxy_names_what_it_injected_before_when_its_windows_were_open(tmp_path: Path) -> None:
    """A cap on calls in flight refusing a few calls while a step's latency ramps up (a 1 s window, then 4 s: the
    matrix's inflight_retries_0): the slowest rows carry no signal, so the p99 gate's own finding is named by what the
    fault proxy saw at their step, and what it injected comes before when its windows were open (main: "the model
    fault proxy's window 'ramp' (0 ms to 2.00 s into step 2) hit 12 of its 40 calls")."""
    runs = rows(latency=0.5)
    for r in runs[-2:]:
        r.latency = 1.5
    doc = _ramped(write_run(tmp_path / "run", runs, SCENARIO), refused=2)
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == (
        "p99 is 1.50 s, over its threshold < 1s: the model fault proxy injected latency 40 times, concurrency 2 times "
        "(calls past its cap on calls in flight, refused at once) in its 40 calls at step 2"
    )


def test_a_collapse_under_a_ramp_window_is_named_by_what_the_proxy_injected(tmp_path: Path) -> None:
    """Every row at the last step past the SLO under injected latency that ramps up in two windows, a cap refusing a
    few calls: the collapse there says nothing of the service, so what the proxy saw names it, what it injected
    before when its windows were open (the matrix's inflight_aa_12: "collapse at step 3 ...: the model fault proxy's
    window 'ramp' (0 ms to 2.00 s into step 3) hit 14 of its 56 calls" on main)."""
    runs = rows()
    for i, r in enumerate(runs):
        r.latency = 3.0 + 0.1 * (i % 20) if r.step == 2 else 0.2  # the slow rows each their own time
    doc = _ramped(write_run(tmp_path / "run", runs, SCENARIO + '[checks]\nslo = "2s"\n'), refused=3)
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert collapse.title.endswith(
        ": the model fault proxy injected latency 40 times, concurrency 3 times (calls past its cap on calls in "
        "flight, refused at once) in its 40 calls at step 2"
    ), collapse.title


def test_a_class_whose_rows_came_before_a_collapse_is_not_named_by_it(tmp_path: Path) -> None:
    """The searches missed on a quarter of step 1's rows, none after; at step 2 the service called the model three
    times a request (a collapse there, about no class: a gate failed): the retrieval gate is named by the misses,
    not the collapse after them (the matrix's model timeout of 0.3 s: "collapse at step 3 ..." named the misses at
    the slow-search step 2 on main)."""
    runs = rows(headers={"x-retrieval": "hit"}, baseline_headers={"x-retrieval": "hit"})
    for i, r in enumerate(runs):
        if r.step == 1 and i % 4 == 0:
            r.headers = {"x-retrieval": "miss"}
    run = write_run(tmp_path / "run", runs, SCENARIO + '"retry_amplification{step=2}" = "< 1.5"\n')
    segments = [{"label": str(s), "profile": "none", "requests": 120 if s == 2 else 40} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert any(f.kind == "collapse" and f.steps == [2] for f in doc.findings)
    assert next(g for g in doc.gates if g.gate.name == "rate(retrieval_miss) < 5%").cause == (
        "rate(retrieval_miss) is 8.33%, over its threshold < 5%: x-retrieval: miss on 8% of rows (production 0%)"
    )
    # The rows' own header and signal only restate their class ("x-retrieval: miss on 100% of the retrieval_miss
    # rows", "the retrieval_miss signal on 100% of the retrieval_miss rows"): no evidence of it
    own = next(f for f in doc.findings if f.kind == "gate")
    assert own.evidence == ["x-retrieval: miss on 8% of rows (production 0%)"]


def test_a_signal_class_gate_is_named_by_the_signal_and_the_calls_that_failed_at_its_rows_step(tmp_path: Path) -> None:
    """The searches missed on a quarter of step 1's rows, where the model's proxy injected 503s into every row's calls
    and the service gave up on a quarter of its calls to the search: the gate's title says the signal, then the calls
    given up on (the matrix's search_300ms at load 10: main's title said "x-retrieval: miss on 6% of rows" alone, its
    evidence led by the model's injected errors, which every row met)."""
    runs = rows(headers={"x-retrieval": "hit"}, baseline_headers={"x-retrieval": "hit"})
    for i, r in enumerate(runs):
        if r.step == 1 and i % 4 == 0:
            r.headers = {"x-retrieval": "miss"}
    run = write_run(tmp_path / "run", runs, SCENARIO)
    model = [
        {"label": str(s), "profile": "none", "requests": 40}
        | ({"responses": {"503": 40}, "faults": {"error": 40}} if s == 1 else {})
        for s in range(3)
    ]
    search = [
        {"label": str(s), "profile": "none", "requests": 40}
        | ({"errors": 10, "ended": {"client": 10}} if s == 1 else {})
        for s in range(3)
    ]
    proxies = [
        {"name": name, "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        for name, segments in (("model", model), ("search", search))
    ]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert next(g for g in doc.gates if g.gate.name == "rate(retrieval_miss) < 5%").cause == (
        "rate(retrieval_miss) is 8.33%, over its threshold < 5%: x-retrieval: miss on 8% of rows (production 0%): "
        "the service gave up on 25% of its 40 calls to search at step 1 before they answered (a timeout on its side)"
    )


def test_a_steps_latency_gate_is_named_by_that_steps_slowest_rows(tmp_path: Path) -> None:
    """Slow rows at steps 1 and 2, the slowest at step 2: a p99 gate on step 1 alone is named by what the proxy saw
    at step 1, where its slowest rows were, not by step 2's (the matrix's fault_hang: p99{step=1} named by the hangs
    of step 3, the run's slowest 1%, on main)."""
    runs = rows(latency=0.5)
    at = {1: [r for r in runs if r.step == 1][-2:], 2: [r for r in runs if r.step == 2][-2:]}
    for step, slow in at.items():
        for r in slow:
            r.latency = 1.5 * step
    doc = _ramped(write_run(tmp_path / "run", runs, SCENARIO + '"p99{step=1}" = "< 1s"\n'), refused=2)
    assert next(g for g in doc.gates if g.gate.name == "p99{step=1} < 1s").cause == (
        "p99{step=1} is 1.50 s, over its threshold < 1s: the model fault proxy injected latency 40 times in its 40 "
        "calls at step 1"
    )


@pytest.mark.parametrize("path", ["secondary", "primary"])
def test_drift_the_fallback_model_answered_is_named_by_the_failure_that_sent_the_rows_there(
    tmp_path: Path, path: str
) -> None:
    """A third of the rows of two families at every step answered by another model (x-model-version m-2, production
    m-1) after the model itself answered their calls 404 (a wrong model name: the matrix's model_models): where they
    took the
    fallback path, the drift gate is named by the 404s that sent them there, the model's version after (main: named
    by x-model-version, the 404s second). On the primary path the version is the change itself and leads."""
    scenario = SCENARIO.replace("signals = [", 'path = "header:x-fallback-path"\nsignals = [', 1)
    runs = rows(headers={"x-fallback-path": "primary"}, baseline_headers={"x-fallback-path": "primary"})
    for r in runs:
        if int(r.prompt.split()[2]) < 3 and r.family in ("long", "code"):  # not every family: no broad finding names it
            r.headers = {"x-fallback-path": path, "x-model-version": "m-2"}
    run = write_run(tmp_path / "run", runs, scenario + '"rate(drift)" = "< 5%"\n')
    segments = [{"label": str(s), "profile": "none", "requests": 40, "responses": {"404": 6}} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    cause = next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%").cause or ""
    version = "x-model-version: 'm-1' in production, 'm-2' now on 100% of the drift rows"
    own = "the model upstream itself answered 404 to 15% of its 40 calls at step 0"
    assert cause.endswith(": " + (own if path == "secondary" else version)), cause


def test_a_gate_on_a_figure_is_named_by_the_finding_about_it_not_by_the_words_of_one(tmp_path: Path) -> None:
    """A cause whose title says "retry amplification" (its evidence said it) is about the fallback rows, not that
    figure: the amplification gate is named by the finding about it. The slope gate is named by the cause about the
    run's latency's slope whatever its title says (main: "amplification" in a cause's title chose it, and a slope gate
    took the cause whose title was the one its own slope would have)."""
    judged = pipeline.judge(write_run(tmp_path / "run", rows(), SCENARIO))
    worded = Finding(
        FindingKind.CAUSE,
        Severity.FAIL,
        "fallback from the first step: retry amplification 3.00",
        "",
        classes=["fallback"],
    )
    amplified = Finding(FindingKind.CAUSE, Severity.WARN, "three calls a request", "", about="retry_amplification")
    grew = Finding(FindingKind.CAUSE, Severity.WARN, "a slower prefill", "", about="slope(latency, tokens_in)")
    results = [
        GateResult(parse_gate("retry_amplification", "< 1.5"), 3.0, False, 120),
        GateResult(parse_gate("slope(latency,tokens_in)", "< 400ms"), 0.9, False, 120),
    ]
    explain_gates([worded, amplified, grew], results, judged, frame_of(judged), [])
    assert [r.cause for r in results] == ["three calls a request", "a slower prefill"]
    assert worded.gates is None and amplified.gates == ["retry_amplification < 1.5"]


def test_the_path_the_rows_of_a_signal_class_took_is_evidence_of_its_gate(tmp_path: Path) -> None:
    """The searches missed on a quarter of step 1's rows, all answered down the fallback chain's secondary path: the
    retrieval gate's own finding says so after the signal against production's; only the rows' own header and signal
    restate their class (main: the path's line left out too, its words ending "of the retrieval_miss rows")."""
    scenario = SCENARIO.replace("signals = [", 'path = "header:x-fallback-path"\nsignals = [', 1)
    hit = {"x-retrieval": "hit", "x-fallback-path": "primary"}
    runs = rows(headers=hit, baseline_headers=hit)
    for i, r in enumerate(runs):
        if r.step == 1 and i % 4 == 0:
            r.headers = {"x-retrieval": "miss", "x-fallback-path": "secondary"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    own = next(f for f in doc.findings if f.kind == "gate")
    assert own.evidence == [
        "x-retrieval: miss on 8% of rows (production 0%)",
        "the secondary path answered 100% of the retrieval_miss rows",
    ]


def test_a_latency_gate_against_production_is_named_by_the_latency_cause_else_by_its_own_figures(
    tmp_path: Path,
) -> None:
    """Every row 3 s where production took 0.4 s on the same prompt: the gate on the first step's time against
    production's is named by the cause about latency from the first step. At 0.7 s (1.75x, 0.3 s over it) no cause
    reads it (twice production's, half a second over it): the gate's own finding says its figures in seconds."""
    gate = '"p50{step=0}" = "< 150% production"\n'
    slow = pipeline.report(
        pipeline.judge(write_run(tmp_path / "slow", rows(latency=3.0, baseline_latency=0.4), SCENARIO + gate)),
        plots=False,
    ).doc
    result = next(g for g in slow.gates if g.gate.name == "p50{step=0} < 150% production")
    cause = next(f for f in slow.findings if f.kind == "cause")
    assert result.cause == cause.title and cause.title.startswith("latency from the first step: median 3.00 s")
    assert result.shown == "749.8% of production"
    nudged = pipeline.report(
        pipeline.judge(write_run(tmp_path / "nudged", rows(latency=0.701, baseline_latency=0.4), SCENARIO + gate)),
        plots=False,
    ).doc
    assert not [f for f in nudged.findings if f.kind == "cause"]
    result = next(g for g in nudged.gates if g.gate.name == "p50{step=0} < 150% production")
    assert result.cause == (
        "p50{step=0} is 175.0% of production's time on the same prompts, over its threshold < 150% production: "
        "700 ms against production's 400 ms"
    )


def server_timed(tmp_path: Path, latency: float, staging: str, production: str) -> ReportDoc:
    """The report of rows() taking ``latency`` where production took 0.4 s on the same prompts, gated on the first
    step's p50 against production's, each side's replies with its Server-Timing header (a new run under tmp_path)."""
    runs = rows(
        latency=latency,
        baseline_latency=0.4,
        headers={"server-timing": staging},
        baseline_headers={"server-timing": production},
    )
    run = write_run(
        tmp_path / str(len(list(tmp_path.iterdir()))), runs, SCENARIO + '"p50{step=0}" = "< 150% production"\n'
    )
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_a_gate_on_productions_time_names_the_dependency_whose_server_timing_grew_by_the_gap(tmp_path: Path) -> None:
    """The nudged run above (0.7 s against production's 0.4 s) where both releases send Server-Timing: the search took
    0.31 s against production's 0.01 s on the same prompts, the model alike. main named no dependency (the matrix's
    search_300ms). Without the header on production's side, or a metric that grew by under half the gap, nothing."""

    def cause(staging: str, production: str) -> str | None:
        doc = server_timed(tmp_path, 0.701, staging, production)
        return next(g for g in doc.gates if g.gate.name == "p50{step=0} < 150% production").cause

    figures = "p50{step=0} is 175.0% of production's time on the same prompts, over its threshold < 150% production: "
    said = 'model;dur=350;desc="support-mini", search;dur=310.2'
    assert cause(said, 'model;dur=352.5;desc="support-mini", search;dur=10') == (
        f"{figures}700 ms against production's 400 ms: search took 0.31 s against production's 0.01 s on the same 40 "
        "prompts (medians, as the service's Server-Timing header says): the whole gap"
    )
    assert cause("model;dur=350, search;dur=210", "model;dur=350, search;dur=10") == (
        f"{figures}700 ms against production's 400 ms: search took 0.21 s against production's 0.01 s on the same 40 "
        "prompts (medians, as the service's Server-Timing header says): 67% of the 0.30 s gap"
    )
    assert cause("model;dur=350, search;dur=110", "model;dur=350, search;dur=10") == (
        f"{figures}700 ms against production's 400 ms"
    )
    assert cause(said, "") == f"{figures}700 ms against production's 400 ms"


def test_a_latency_gate_against_production_on_rows_the_run_never_timed_fails_not_measured(tmp_path: Path) -> None:
    """Production timed the last step's rows, the run none of them (results without a service time): the gate fails
    and says it was not measured (its finding asserted the rows had both times and crashed the report)."""
    gate = '"p50{step=2}" = "< 150% production"\n'
    run = write_run(tmp_path / "run", rows(latency=0.4, baseline_latency=0.4), SCENARIO + gate)
    lines = [orjson.loads(line) for line in (run / "results.jsonl").read_bytes().splitlines()]
    for line in lines:
        if line.get("step") == 2:
            line["service"] = None
    (run / "results.jsonl").write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    result = next(g for g in doc.gates if g.gate.key == "p50{step=2}")
    assert not result.passed and result.value is None
    own = next(f for f in doc.findings if f.kind == "gate" and f.title.startswith("p50{step=2}"))
    assert own.title == "p50{step=2} not measured: none of its 40 rows had a service time to compare"


def test_a_later_steps_latency_against_production_is_named_by_the_collapse_there(tmp_path: Path) -> None:
    """As fast as production until the last step, where nine rows in ten fall back after 2 s: a collapse there, which
    names the gate on that step's time against production's; the first step's holds."""
    runs = rows(latency=0.4, baseline_latency=0.4)
    for r in runs:
        if r.step == 2 and int(r.prompt.split()[-3]) < 9:
            r.answer, r.latency = "Sorry, we cannot answer right now.", 2.0
            r.headers = {"x-fallback": "true", "x-fallback-reason": "model_503"}
    gates = '"p50{step=2}" = "< 150% production"\n"p50{step=0}" = "< 150% production"\n'
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, SCENARIO + gates)), plots=False).doc
    later, first = (next(g for g in doc.gates if g.gate.key == f"p50{{step={s}}}") for s in (2, 0))
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert not later.passed and later.cause == collapse.title and first.passed


def test_an_amplification_gate_no_cause_or_trend_reads_is_named_by_what_failed_the_calls_at_its_step(
    tmp_path: Path,
) -> None:
    """A model timeout under what the model takes: the service gives up on its calls from the first step and calls
    again, three calls a request, then fewer at the last step (its budget spent on the way): neither flat nor rising,
    so no cause or trend reads the amplification; the first step's gate is named by the calls given up on there (the
    matrix's model_timeout: "retry_amplification{step=0} is 2.98, over its threshold < 1.5" alone, on main)."""
    run = write_run(tmp_path / "run", rows(), SCENARIO + '"retry_amplification{step=0}" = "< 1.5"\n')
    calls = (120, 120, 40)
    segments = [{"label": str(s), "profile": "none", "requests": n, "errors": n * 3 // 4} for s, n in enumerate(calls)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert not [f for f in doc.findings if f.about == "retry_amplification"]
    assert next(g for g in doc.gates if g.gate.name == "retry_amplification{step=0} < 1.5").cause == (
        "retry_amplification{step=0} is 3.00, over its threshold < 1.5: the service gave up on 75% of its 120 calls "
        "to model at step 0 before they answered (a timeout on its side)"
    )


@pytest.mark.parametrize("model", [0.93, 0.52])
def test_a_gate_on_productions_time_names_the_upstream_that_alone_took_longer_than_it_allows(
    tmp_path: Path, model: float
) -> None:
    """Every row 0.95 s, production's 0.5 s on the same prompts: 190% of it, under a latency cause's twice, over the
    gate's 150%. A model whose own answers took 0.93 s (its first token 0.45 s later: the matrix's latency_moderate,
    named by the medians alone on main) took longer than the gate allows production's whole time: named. One that
    took 0.52 s, as an unchanged model may beside a busier machine, is not (the time went elsewhere)."""
    run = write_run(
        tmp_path / "run", rows(latency=0.95, baseline_latency=0.5), SCENARIO + '"p50" = "< 150% production"\n'
    )
    own = {"upstream": {"n": 40, "p50": model, "p99": model + 0.2}}
    segments = [{"label": str(s), "profile": "none", "requests": 40, "latency": own} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert not [f for f in doc.findings if f.kind == "cause"]
    cause = next(g for g in doc.gates if g.gate.name == "p50 < 150% production").cause or ""
    named = "the model upstream itself took 0.93 s to answer (median of 40) at step 0, no injected delay"
    assert cause.endswith("against production's 500 ms" + (f": {named}" if model > 0.9 else "")), cause


def test_a_gate_on_productions_time_no_latency_cause_reads_is_named_by_the_time_that_grows_with_the_prompt(
    tmp_path: Path,
) -> None:
    """The model 1 ms slower a prompt token (the matrix's model_per_input_token): the long prompts slow, the median
    159% of production's at step 0, under a latency cause's twice; the cause about latency that grows with the
    prompt's length names that gate (main: its own finding, named by the model's slowest answers, the long prompts')."""
    judged = pipeline.judge(write_run(tmp_path / "run", rows(latency=0.8, baseline_latency=0.5), SCENARIO))
    grew = Finding(FindingKind.CAUSE, Severity.WARN, "a slower prefill", "", about="slope(latency, tokens_in)")
    results = [GateResult(parse_gate("p50{step=0}", "< 150% production"), 1.59, False, 40)]
    explain_gates([grew], results, judged, frame_of(judged), [])
    assert results[0].cause == "a slower prefill" and grew.gates == ["p50{step=0} < 150% production"]
