"""Findings that name a cause: a regression on every family and step named by its strongest evidence, a
failure flat from the first step named as a cause rather than a collapse, and every failed gate
explained by a finding (its own figures when nothing else explains it)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import orjson
import pytest
from rich.console import Console

from replay import pipeline
from replay.faults.counters import Segment
from replay.report.sections import ReportDoc
from replay.report.terminal import print_summary
from tests.report.rundir import Row, sse, write_run

FAMILIES = ("typical", "long", "code", "short")
ANSWER = "Open Orders, choose the order and select Request refund. Refunds go back to the original payment method."
CLARIFY = "Could you tell me a bit more about what you need? I can help with refunds, billing and passwords."
SCENARIO = """
name = "causes"
[checks.endpoints."POST /api/assist"]
fallback = [{ header = "x-fallback", equals = "true", reason = "x-fallback-reason" }]
signals = [{ header = "x-retrieval", equals = "miss", class = "retrieval_miss" }]
[gates]
"rate(retrieval_miss)" = "< 5%"
"rate(fallback)" = "< 5%"
"availability{step=2}" = "> 90%"
"p99" = "< 1s"
"""


def rows(**kw: object) -> list[Row]:
    """Three steps, four families, ten rows each, every one built with ``kw``."""
    return [
        Row(family=fam, step=step, prompt=f"{fam} question {i} at {step}", **kw)  # type: ignore[arg-type]
        for step in range(3)
        for fam in FAMILIES
        for i in range(10)
    ]


def retried_scenario(gates: str = "", more: str = "") -> str:
    """SCENARIO with the retries header as its signal (and ``more`` check lines), its retrieval gate ``gates``."""
    signal = 'signals = [{ header = "x-attempted-retries", matches = "^[1-9]", class = "retried", fails = false }]'
    return SCENARIO.replace(
        'signals = [{ header = "x-retrieval", equals = "miss", class = "retrieval_miss" }]',
        signal + (f"\n{more}" if more else ""),
    ).replace('"rate(retrieval_miss)" = "< 5%"\n', f"{gates}\n" if gates else "")


def retried_fallback_rows(reason: str) -> list[Row]:
    """rows() with every fourth typical and code row retried twice, then given the canned fallback (``reason``)."""
    runs = rows()
    for i, r in enumerate(runs):
        if r.family in ("typical", "code") and i % 4 == 0:
            r.answer = "Sorry, we cannot answer right now."
            r.headers = {"x-fallback": "true", "x-fallback-reason": reason, "x-attempted-retries": "2"}
    return runs


def report(tmp_path: Path, rows: list[Row]) -> ReportDoc:
    run = write_run(tmp_path / "run", rows, SCENARIO)
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_a_retrieval_miss_everywhere_is_named_by_the_service_signal(tmp_path: Path) -> None:
    doc = report(
        tmp_path,
        rows(answer=CLARIFY, baseline=ANSWER, headers={"x-retrieval": "miss"}, baseline_headers={"x-retrieval": "hit"}),
    )
    top = doc.findings[0]
    assert top.kind == "broad" and top.title == (
        "retrieval_miss on every family and step: 100% of rows (production 0%): "
        "x-retrieval: miss on 100% of rows (production 0%)"  # its likeliest cause, which the gate names too
    )
    assert top.evidence and top.evidence[0] == "x-retrieval: miss on 100% of rows (production 0%)"
    assert top.gates == ["rate(retrieval_miss) < 5%"]
    gate = next(g for g in doc.gates if not g.passed)
    assert gate.cause == top.title and gate.interval is not None and gate.interval[0] > 0.9
    assert [(s.signal, s.rate, s.production) for s in doc.signals] == [("retrieval_miss", 1.0, 0.0)]
    assert doc.totals.availability == 1.0 and doc.totals.goodput == 0.0  # answers, in time, all wrong


def test_retrieval_misses_at_the_steps_a_release_retried_at_are_named_by_the_service_not_its_retries(
    tmp_path: Path,
) -> None:
    """7 of 120 rows missed their search (x-retrieval: miss), all at step 1, where the service retried a sixth of
    the rows (x-attempted-retries): the gate is named by the miss the service said against production's replies.
    main: "x-attempted-retries ~ /^[1-9]/ on 17% of rows" (every miss row carried a retry: the anthropic matrix's
    retrieval_timeout_005, searches past 50 ms on a loaded machine at the outage step)."""
    scenario = SCENARIO.replace(
        '{ header = "x-retrieval", equals = "miss", class = "retrieval_miss" }',
        '{ header = "x-retrieval", equals = "miss", class = "retrieval_miss" }, '
        '{ header = "x-attempted-retries", matches = "^[1-9]", class = "retried", fails = false }',
    )
    runs = rows(headers={"x-retrieval": "hit"}, baseline_headers={"x-retrieval": "hit"})
    retried = [r for r in runs if r.step == 1 and r.family in ("typical", "code")]
    for i, r in enumerate(retried):
        r.headers = {"x-retrieval": "miss" if i < 7 else "hit", "x-attempted-retries": "1"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "rate(retrieval_miss) < 5%")
    assert not gate.passed and gate.cause == (
        "rate(retrieval_miss) is 5.83%, over its threshold < 5%: x-retrieval: miss on 6% of rows (production 0%)"
    )


def test_retrieval_misses_at_one_step_are_named_by_the_search_given_up_there_not_a_model_given_up_everywhere(
    tmp_path: Path,
) -> None:
    """The searches missed at step 2 alone, where the search was slow; the service gave up on every model call at
    every step (a model timeout under the model's time: its fallback model answered). main named the misses "the
    service gave up on 100% of its 40 calls to model at step 2" (the matrix's model_timeout, whose search client
    shares that timeout): the model's calls were given up on as much where no search missed."""
    runs = rows(headers={"x-retrieval": "hit"}, baseline_headers={"x-retrieval": "hit"})
    for r in runs:
        if r.step == 2:
            r.headers = {"x-retrieval": "miss"}
    run = write_run(tmp_path / "run", runs, SCENARIO)
    model = [{"label": str(s), "profile": "none", "requests": 40, "errors": 40} for s in range(3)]
    search = [{"label": str(s), "profile": "none", "requests": 40, "errors": 40 if s == 2 else 0} for s in range(3)]
    proxies = [
        {"name": name, "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        for name, segments in (("model", model), ("search", search))
    ]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if not g.passed)
    assert gate.cause == (
        "retrieval_miss rate rises with time under steady load: the service gave up on 100% of its 40 calls to search "
        "at step 2 before they answered (a timeout on its side)"
    )
    signal = next(f for f in doc.findings if f.kind == "signal" and "retrieval_miss" in (f.classes or ()))
    assert signal.title.endswith(
        ": the service gave up on 100% of its 40 calls to search at step 2 before they answered (a timeout on its side)"
    )


@pytest.mark.parametrize("refused_at", [(1,), (0, 1, 2)])
def test_retrieval_misses_are_named_by_the_search_refusing_calls_only_where_it_refused_no_more_elsewhere(
    tmp_path: Path, refused_at: tuple[int, ...]
) -> None:
    """Half of step 1's searches missed; the search answered 413 to as many calls itself at step 1 alone, or at every
    step. Only where it refused them at step 1 alone does it name the misses (main named neither: the matrix's
    search_max_body read "x-retrieval: miss on 42% of rows" and no more); refusing as many where nothing missed, it
    explains nothing."""
    runs = rows(headers={"x-retrieval": "hit"}, baseline_headers={"x-retrieval": "hit"})
    for i, r in enumerate(runs):
        if r.step == 1 and i % 2 == 0:
            r.headers = {"x-retrieval": "miss"}
    run = write_run(tmp_path / "run", runs, SCENARIO)
    answered = {s: {"200": 20, "413": 20} if s in refused_at else {"200": 40} for s in range(3)}
    segments = [{"label": str(s), "profile": "none", "requests": 40, "responses": answered[s]} for s in range(3)]
    proxy = {"name": "search", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    signal = next(f for f in doc.findings if f.kind == "signal" and "retrieval_miss" in (f.classes or ()))
    named = ": the search upstream itself answered 413 to 50% of its 40 calls at step 1"
    assert signal.title == "x-retrieval: miss on 17% of rows (production 0%)" + (named if refused_at == (1,) else "")


def test_a_models_own_slow_tail_does_not_name_a_retrieval_miss_everywhere(tmp_path: Path) -> None:
    """The same misses, the model proxy's answers at step 0 slow on their own (p99 2.1 s, median 0.4 s: a mock model
    on a loaded machine). main named the misses "the model upstream itself took 2.10 s for its slowest answers at step
    0" (the matrix's retrieval_timeout beside a spinning process); the service's own signal names them."""
    misses = rows(
        answer=CLARIFY, baseline=ANSWER, headers={"x-retrieval": "miss"}, baseline_headers={"x-retrieval": "hit"}
    )
    run = write_run(tmp_path / "run", misses, SCENARIO)
    timed = {"upstream": {"n": 40, "p50": 0.4, "p99": 2.1}}
    segments = [{"label": str(s), "profile": "none", "requests": 40, "latency": timed} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    gate = next(g for g in pipeline.report(pipeline.judge(run), plots=False).doc.gates if not g.passed)
    assert gate.cause == (
        "retrieval_miss on every family and step: 100% of rows (production 0%): x-retrieval: miss on 100% of rows "
        "(production 0%)"
    )


def test_a_failure_flat_from_the_first_step_is_a_cause_not_a_collapse(tmp_path: Path) -> None:
    fallback = {"x-fallback": "true", "x-fallback-reason": "model_404", "x-model-version": "m-2"}
    doc = report(tmp_path, rows(answer="Sorry, we cannot answer right now.", headers=fallback))
    top = doc.findings[0]
    assert top.kind == "cause" and "from the first step, flat across steps" in top.title and "model_404" in top.title
    assert any("x-model-version m-2 in staging, m-1 in production" in e for e in top.evidence or ())
    assert doc.collapse is not None and doc.collapse.step is None and doc.collapse.from_start
    assert not [f for f in doc.findings if f.kind == "collapse"]
    assert {g.gate.name for g in doc.gates if not g.passed} == {"rate(fallback) < 5%", "availability{step=2} > 90%"}
    assert all(g.cause == top.title for g in doc.gates if not g.passed)


def test_a_failed_gate_nothing_else_explains_gets_a_finding_of_its_own(tmp_path: Path) -> None:
    slow = rows()
    for r in slow[-5:]:
        r.latency = 3.0
    doc = report(tmp_path, slow)
    (gate,) = [g for g in doc.gates if not g.passed]
    top = doc.findings[0]
    assert top.kind == "gate" and top.title == "p99 is 3.00 s, over its threshold < 1s" and gate.cause == top.title
    assert "the slowest 1% of rows are ok 100%; by step: 2: 5" in top.detail


def test_the_terminal_summary_shows_availability_intervals_signals_and_causes(tmp_path: Path) -> None:
    doc = report(tmp_path, rows(headers={"x-retrieval": "miss"}))
    console = Console(record=True, width=200)
    print_summary(doc, tmp_path, console)
    text = console.export_text()
    assert "availability 100.0% [" in text and "ok 0.0% [0.0%.." in text
    assert "retrieval_miss on every family and step" in text  # the cause column of the failed gate
    assert "x-retrieval: miss" in text and "avail." in text
    html = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "Service signals" in html and "cause (finding)" in html and "explains: rate(retrieval_miss) &lt; 5%" in html


def test_a_cause_is_named_without_production_replies_too(tmp_path: Path) -> None:
    fallback = {"x-fallback": "true", "x-fallback-reason": "model_404"}
    run = write_run(tmp_path / "run", rows(answer="Sorry, we cannot answer right now.", headers=fallback), SCENARIO)
    (run / "capture.jsonl").unlink()  # no baseline: the service's own reason still names the cause
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert doc.findings[0].kind == "cause" and "model_404" in doc.findings[0].title
    assert any("no baseline comparison" in n for n in doc.notes)


def test_a_rejection_in_one_family_explains_availability_by_its_own_code(tmp_path: Path) -> None:
    """A request limit only long prompts reach (too many messages, too big a body): too few rows overall
    to be a cause, but an availability gate it fails is explained by the family and the service's code."""
    limit = '{"error": {"message": "at most 3 messages", "type": "invalid_request_error", "param": "messages"}}'
    runs = rows()
    for i, r in enumerate(runs):
        if r.family == "long" and i % 2:
            r.status, r.body, r.answer = 400, limit, None
    doc = report(tmp_path, runs)
    gate = next(g for g in doc.gates if not g.passed and g.gate.name.startswith("availability"))
    top = doc.findings[0]
    assert top.kind == "segment" and top.title.startswith("rejected concentrated in long prompts")
    assert "the service says invalid_request_error on messages (status 400) on 100% of the rejected rows" in top.title
    assert gate.cause == top.title


def test_a_rejection_as_common_from_the_first_step_is_no_collapse_where_latency_grew(tmp_path: Path) -> None:
    """The same request limit at every step while the injected latency grows (the matrix's max_messages=3: 96% of
    the multi-turn prompts rejected, 9-18% of every step's rows): the step gate it fails at the last step is
    explained by the family and the service's code, not a collapse at that step (the latency moved, the rejections
    did not)."""
    limit = '{"error": {"message": "at most 3 messages", "type": "invalid_request_error", "param": "messages"}}'
    runs = rows()
    for r in runs:
        r.latency = (0.2, 0.3, 0.6)[r.step]
        if r.family == "long" and int(r.prompt.split()[-3]) % 5 < 2:
            r.status, r.body, r.answer = 400, limit, None
    scenario = SCENARIO.replace('"availability{step=2}" = "> 90%"', '"availability{step=2}" = "> 95%"')
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name.startswith("availability"))
    assert not gate.passed and gate.value == 0.9
    assert doc.collapse is not None and doc.collapse.step is None
    assert gate.cause is not None and gate.cause.startswith("rejected concentrated in long prompts: ")
    assert "invalid_request_error on messages (status 400)" in gate.cause


def test_a_signal_the_drifted_rows_carry_explains_the_drift(tmp_path: Path) -> None:
    """An empty retrieval does not fail a row, but when the drifted answers are the rows that carry it
    (and the others do not), the signal is what explains the drift gate."""
    scenario = SCENARIO.replace(
        'signals = [{ header = "x-retrieval", equals = "miss", class = "retrieval_miss" }]',
        'signals = [{ header = "x-retrieval", equals = "empty", class = "retrieval_empty", fails = false }]',
    ).replace('"rate(retrieval_miss)" = "< 5%"', '"rate(drift)" = "< 5%"')
    runs = rows(baseline_headers={"x-retrieval": "hit"})
    for r in runs:
        if r.family in ("typical", "code"):
            r.answer, r.baseline, r.headers = CLARIFY, ANSWER, {"x-retrieval": "empty"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%")
    top = doc.findings[0]
    assert top.kind == "signal" and top.title == "x-retrieval: empty on 50% of rows (production 0%)"
    assert "100% of the drift rows carry it" in top.detail and gate.cause == top.title


def test_drift_that_rises_across_steps_is_a_trend_named_by_what_the_drifted_rows_share(tmp_path: Path) -> None:
    """A fallback model that answers once the primary fails under the last step's faults: the drift is
    not broad (the first steps have none), it rises across steps, and its rows share the model header
    and the path that answered them."""
    scenario = SCENARIO.replace(
        "[gates]", 'path = "header:x-fallback-path"\n[checks.baseline]\nheaders = ["x-model-version"]\n[gates]'
    )
    scenario = scenario.replace('"rate(retrieval_miss)" = "< 5%"', '"rate(drift)" = "< 5%"')
    runs = rows(headers={"x-fallback-path": "primary"})
    for r in runs:
        if r.step == 2:
            r.headers = {"x-fallback-path": "secondary", "x-model-version": "m-2"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%")
    trend = next(f for f in doc.findings if f.kind == "trend")
    assert trend.title.startswith("drift rate rises with time under steady load: ") and gate.cause == trend.title
    assert "'m-1' in production, 'm-2' now on 100% of the drift rows" in trend.detail
    assert "the secondary path answered 100% of the drift rows" in trend.detail


def test_streams_broken_from_the_first_step_are_a_cause_named_by_how_they_broke(tmp_path: Path) -> None:
    """An upstream that cuts streams (a fault, a proxy's buffer): a share of rows broken from the first
    step, flat, is a cause, though it hits too few families to be broad."""
    runs = rows()
    for i, r in enumerate(runs):
        if r.family in ("typical", "long") and i % 2 == 0:
            r.stream, r.body = True, sse(["Open", " Settings"], end="error")
    doc = report(tmp_path, runs)
    top = doc.findings[0]
    assert top.kind == "cause" and top.title.startswith("truncated from the first step, flat across steps: error event")
    assert "of the truncated rows" in top.title
    assert next(g for g in doc.gates if g.gate.name.startswith("availability")).cause == top.title


def test_slow_rows_on_every_step_explain_the_latency_gate(tmp_path: Path) -> None:
    """An upstream that hangs on some calls until the service's timeout: slow rows in every family and
    step, no collapse; the p99 gate is explained by that broad finding, not by its own figures."""
    runs = rows()
    for i, r in enumerate(runs):
        if i % 4 == 0:
            r.latency = 8.0
    doc = pipeline.report(
        pipeline.judge(write_run(tmp_path / "run", runs, SCENARIO + '[checks]\nslo = "2s"\n')), plots=False
    ).doc
    gate = next(g for g in doc.gates if g.gate.name == "p99 < 1s")
    assert gate.cause is not None and gate.cause.startswith("slow on every family and step: 25% of rows")


def test_a_release_slower_than_production_from_the_first_step_explains_the_latency_gate(tmp_path: Path) -> None:
    """A slower model: every row takes 3 s where production took 0.4 s on the same prompt, from the first
    step and without a fault in force; the latency gate is that cause's, not a collapse's."""
    doc = report(tmp_path, rows(latency=3.0, baseline_latency=0.4))
    top = doc.findings[0]
    assert top.kind == "cause" and top.title.startswith(
        "latency from the first step: median 3.00 s against production's"
    )
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == top.title
    same = report(tmp_path / "same", rows(latency=0.5, baseline_latency=0.4))
    assert not [f for f in same.findings if f.kind == "cause"]  # as fast as production: no cause


def test_a_latency_gate_failed_by_more_than_the_first_steps_shift_is_not_that_shifts(tmp_path: Path) -> None:
    """Every row 0.6 s slower than production from the first step (a busy machine, or a slower model: 3x), under the
    1 s p99 bound there, and a few rows at the last step 6 s (the matrix's long back-offs): the p99 fails by more
    than the shift, which is not what failed it; the 6 s rows are (their own finding names them). Where the shift
    fails the gate at the first step already (1.2 s rows, 0.7 s over production's), it names the gate still."""
    runs = rows(latency=0.9, baseline_latency=0.3)
    for i, r in enumerate(runs):
        if r.step == 2 and i % 8 == 0:
            r.latency = 6.0
    doc = report(tmp_path, runs)
    shift = next(f for f in doc.findings if f.kind == "cause")
    assert shift.title.startswith("latency from the first step: median 0.90 s against production's 0.30 s")
    p99 = next(g for g in doc.gates if g.gate.name == "p99 < 1s")
    assert p99.cause is not None and p99.cause != shift.title
    assert p99.cause.startswith(("p99 is 6.00 s", "slow")), p99.cause
    within = report(tmp_path / "within", rows(latency=1.2, baseline_latency=0.5))
    top = within.findings[0]
    assert top.title.startswith("latency from the first step: median 1.20 s against production's 0.50 s")
    assert next(g for g in within.gates if g.gate.name == "p99 < 1s").cause == top.title


def test_a_delay_injected_from_the_first_step_is_the_latency_cause_named_by_the_fault(tmp_path: Path) -> None:
    """3 s injected into every model call from the first step (the matrix's fault_latency): staging's rows take 3.5 s
    where production's took 0.4 s, which production's capture never met; the latency gate is named by that cause and
    what the fault proxy injected at step 0 (it was skipped while a fault was in force there). Where a quarter of the
    rows also hit the client's deadline (a throttled stream), the p99 is the timeouts' cause's."""
    faults = """
[[faults]]
name = "model"
upstream = "http://127.0.0.1:9"
steps = ["slow", "slow", "slow"]
profiles = [{ name = "slow", rules = [{ type = "latency", delay = "3s" }] }]
"""
    segments = [{"label": str(s), "profile": "slow", "requests": 40, "faults": {"latency": 40}} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}

    def p99(name: str, runs: list[Row]) -> tuple[str | None, ReportDoc]:
        run = write_run(tmp_path / name, runs, SCENARIO + faults)
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause, doc

    runs = rows(latency=3.5, baseline_latency=0.4)
    cause, doc = p99("slow", runs)
    named = "latency from the first step: median 3.50 s against production's 0.40 s on the same prompts: "
    assert (
        cause
        == doc.findings[0].title
        == named + "the model fault proxy injected latency 40 times in its 40 calls at step 0"
    )
    for r in runs[::4]:
        r.outcome, r.answer, r.latency = "timeout", None, 5.0
    cause, doc = p99("throttled", runs)
    assert cause is not None and cause.startswith("timeout from the first step, flat across steps")
    assert any(f.title.startswith("latency from the first step") for f in doc.findings)


def test_a_delay_on_streams_only_from_the_first_step_is_the_latency_cause_of_the_streamed_rows(tmp_path: Path) -> None:
    """3 s injected before the first event of every stream (the matrix's fault_stream_delay): the streamed quarter of
    the rows take 3.5 s where production took 0.4 s, the others as long as production's, so the step's median did not
    move and the latency gate was named by what its tail's step saw; the streamed rows' own median names it, by the
    fault. Streams as fast as production's: no cause."""
    segments = [{"label": str(s), "profile": "p", "requests": 40, "faults": {"stream_delay": 10}} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}

    def p99(name: str, delayed: float) -> tuple[str | None, ReportDoc]:
        runs = rows(latency=0.4, baseline_latency=0.4)
        for r in runs[::4]:
            r.stream, r.latency, r.first_token = True, delayed, delayed - 0.2
        run = write_run(tmp_path / name, runs, SCENARIO)
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause, doc

    cause, doc = p99("delayed", 3.5)
    assert cause == (
        "latency from the first step on streamed rows: median 3.50 s against production's 0.40 s on the same "
        "prompts: the model fault proxy injected stream_delay 10 times in its 40 calls at step 0"
    )
    assert doc.findings[0].kind == "cause" and doc.findings[0].title == cause
    _, doc = p99("prompt", 0.5)
    assert not [f for f in doc.findings if f.title.startswith("latency from the first step")]


def test_a_model_writing_its_tokens_slower_is_named_by_the_time_per_output_token(tmp_path: Path) -> None:
    """The same answers, each token 40 ms where production's took 6 ms: the extra time grows with the answer's
    length, which names the model's writing, not its first token (a slower start adds the same to every row)."""
    runs = rows()
    for i, r in enumerate(runs):
        words = 10 + 5 * (i % 8)
        r.answer = r.baseline = " ".join(["refund"] * words)
        r.latency, r.baseline_latency = 0.4 + 0.04 * words, 0.4 + 0.006 * words
    top = report(tmp_path, runs).findings[0]
    assert top.kind == "cause" and top.title.startswith("latency from the first step: median ")
    assert ": the extra time grows with the answer's length, " in top.title
    assert top.title.endswith(
        "per output token than production's (correlation 1.00): the model writes its tokens slower"
    )
    later = rows(latency=3.0, baseline_latency=0.4)  # a later first token: the same 2.6 s on every row
    for i, r in enumerate(later):
        r.answer = r.baseline = " ".join(["refund"] * (10 + 5 * (i % 8)))
    assert "per output token" not in report(tmp_path / "later", later).findings[0].title


def test_a_model_timeout_under_production_times_names_the_calls_the_service_gave_up_on(tmp_path: Path) -> None:
    """A model timeout shorter than the model takes: the service gives up on most calls, retries and asks
    its fallback model, every row slow from the first step without a fault in force; the latency gate
    that cause explains names the timeout (the calls abandoned), not only the medians."""
    run = write_run(tmp_path / "run", rows(latency=2.4, baseline_latency=0.4), SCENARIO)
    segments = [{"label": str(s), "profile": "none", "requests": 120, "errors": 90} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    top = doc.findings[0]
    assert top.kind == "cause" and top.title.startswith("latency from the first step: median 2.40 s")
    assert top.title.endswith(
        ": the service gave up on 75% of its 120 calls to model at step 0 before they answered (a timeout on its side)"
    )
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == top.title


@pytest.mark.parametrize("model", [3.1, 0.45])
def test_a_latency_cause_nothing_injected_or_gave_up_on_names_the_upstream_that_took_the_time(
    tmp_path: Path, model: float
) -> None:
    """Every row 3.3 s from the first step, production's 0.5 s, with no fault injected and no call given up on: where
    the model's own answers took the extra 2.8 s (a slower model: the matrix's slow_model, named by its medians
    alone on main), the cause names the model; where they took 0.45 s, as production's would have, they hold none of
    it and are not named (the time went elsewhere)."""
    run = write_run(tmp_path / "run", rows(latency=3.3, baseline_latency=0.5), SCENARIO)
    own = {"upstream": {"n": 40, "p50": model, "p99": model + 0.5}}
    segments = [{"label": str(s), "profile": "none", "requests": 40, "latency": own} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    top = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0]
    head = "latency from the first step: median 3.30 s against production's 0.50 s on the same prompts"
    named = ": the model upstream itself took 3.10 s to answer (median of 40) at step 0, no injected delay"
    assert top.kind == "cause" and top.title == head + (named if model > 1 else ""), top.title


def test_calls_the_upstream_itself_ended_unanswered_are_not_the_services_timeout(tmp_path: Path) -> None:
    """The same slow rows where the model's calls ended unanswered because the model closed the connection
    (the fault proxy's counters say who ended them: "ended"): a dependency that fails, not a timeout the
    release set; every such call read as "the service gave up on" before."""
    run = write_run(tmp_path / "run", rows(latency=2.4, baseline_latency=0.4), SCENARIO)
    ended = {"upstream": 90}
    segments = [{"label": str(s), "profile": "none", "requests": 120, "errors": 90, "ended": ended} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    top = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0]
    assert top.kind == "cause" and top.title.startswith("latency from the first step: median 2.40 s"), top.title
    said = [top.title, *(top.evidence or [])]
    assert not any("gave up" in line for line in said), said
    assert any(
        "the model upstream itself ended 75% of its 120 calls at step 0 without an answer (it closed or refused the "
        "connection, or answered no HTTP)" in line
        for line in said
    ), said


def test_drift_everywhere_from_a_model_timeout_is_named_by_the_calls_given_up_not_the_retries(tmp_path: Path) -> None:
    """A model timeout under what the model takes: every call times out, the service retries and its
    fallback model answers every row (drift in the model header, the retried signal on every row). The
    retries and the other model follow from the timeout, so the broad drift names the calls given up."""
    scenario = retried_scenario('"rate(drift)" = "< 5%"', more='[checks.baseline]\nheaders = ["x-model-version"]')
    headers = {"x-attempted-retries": "2", "x-model-version": "support-claude"}
    runs = rows(headers=headers, baseline_headers={"x-model-version": "support-mini"})
    run = write_run(tmp_path / "run", runs, scenario)
    segments = [{"label": str(s), "profile": "none", "requests": 160, "errors": 120} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%")
    assert gate.cause == (
        "drift on every family and step: 100% of rows (production 0%): the service gave up on 75% of its 160 "
        "calls to model at step 0 before they answered (a timeout on its side)"
    )


def held_run(
    path: Path, steps: list[dict[str, Any]] | None = None, runs: list[Row] | None = None
) -> tuple[Path, list[Row], dict[str, Any]]:
    """(run, its rows, its proxy's faults.json entry): at step 2 every row (of ``runs``, default ``rows()``) made one
    model call of 1.2 s (the fault's delay) yet took 3 s (``steps``: the runner's step table)."""
    runs = runs or rows()
    for i, r in enumerate(runs):
        r.latency = 2.9 + i % 5 * 0.05 if r.step == 2 else 0.5
    run = write_run(path, runs, SCENARIO + '[checks]\nslo = "2s"\n', steps=steps)
    proxy = timed_proxy("model", [0.45, 0.45, 1.2], len(runs))
    for s, seg in enumerate(proxy["counters"]["segments"]):
        seg["faults"] = {"latency": 40 * (s > 0)}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return run, runs, proxy


def timed_proxy(name: str, p50: list[float], rows: int) -> dict[str, Any]:
    """A fault proxy's faults.json entry: one call a row of ``rows``, at each step a call's median ``p50`` (p90 0.1 s
    over it), 40 calls a step, a profile "slow" from step 1."""
    segments = [
        {"label": str(s), "profile": "slow" if s else "none", "requests": 40}
        | {"latency": {"total": {"n": 40, "p50": t, "p90": t + 0.1}}}
        for s, t in enumerate(p50)
    ]
    by_request = {f"run/{i}": 1 for i in range(rows)}
    return {
        "name": name,
        "upstream": "http://127.0.0.1:9",
        "counters": {"segments": segments, "by_request": by_request},
    }


def test_a_collapse_the_service_queues_itself_names_the_time_held_beyond_the_call(tmp_path: Path) -> None:
    """A concurrency limit under what injected latency makes in flight: at step 2 every row made one model
    call of 1.2 s (the fault's delay) yet took 3 s; the collapse names the time the service held its rows
    beyond the call (its own queue), before the latency the proxy injected."""
    run, runs, proxy = held_run(tmp_path / "run")
    segments = proxy["counters"]["segments"]
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%")
    assert gate.cause is not None and gate.cause.startswith("collapse at step 2")
    assert gate.cause.endswith(
        ": the service held its rows up to 1.8 s beyond their upstream calls at step 2 (0.0 s at step 0): "
        "time inside the service (a queue at its concurrency limit) or in a dependency no fault proxy sees, not in "
        "the call"
    )
    throttled = tmp_path / "throttled"  # the same 3 s, the body throttled after the proxy's time of the call
    write_run(throttled, runs, SCENARIO + '[checks]\nslo = "2s"\n')
    segments[2]["faults"] = {"latency": 40, "throttle": 40}
    (throttled / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(throttled), plots=False).doc
    assert not [f for f in doc.findings if "held" in f.title]
    segments[2]["faults"] = {"latency": 40}
    same = tmp_path / "same"  # the same 3 s, all of it in the call: latency upstream, not held by the service
    write_run(same, runs, SCENARIO + '[checks]\nslo = "2s"\n')
    segments[2]["latency"] = {"total": {"n": 40, "p50": 2.95, "p90": 3.05}}
    (same / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(same), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%")
    assert gate.cause is not None and "held" not in gate.cause


def test_time_a_row_spent_in_every_dependency_it_called_is_not_held_by_the_service(tmp_path: Path) -> None:
    """The held run whose 1.8 s at step 2 was the search's: a second fault proxy, each row's one search call through
    it, took 1.75 s there (0.01 s before). main read only the model proxy's call time: "the service held its rows up
    to 1.8 s ... a queue at its concurrency limit" for an unchanged release behind a slow search (the demo matrix's
    release_name and model_seed: the search's 650 ms at step 2)."""
    run, runs, model = held_run(tmp_path / "run")
    search = timed_proxy("search", [0.01, 0.01, 1.75], len(runs))
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [model, search]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    said = [f.title for f in doc.findings] + [g.cause or "" for g in doc.gates]
    assert not [s for s in said if "held its rows" in s]
    # the search's time, half of it: the rest (0.9 s) is still no upstream's
    search = timed_proxy("search", [0.01, 0.01, 0.9], len(runs))
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [model, search]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%")
    assert gate.cause is not None and "the service held its rows up to 0.9 s beyond their upstream calls" in gate.cause


def test_a_retry_signal_a_model_timeout_set_off_is_named_by_the_calls_given_up(tmp_path: Path) -> None:
    """A model timeout near the model's own time: once latency is injected, calls time out, the service
    retries and its fallback model answers (drift in the model header). The retried signal those rows
    carry names the calls the service gave up on where most of them were sent."""
    scenario = retried_scenario('"rate(drift)" = "< 5%"', more='[checks.baseline]\nheaders = ["x-model-version"]')
    runs = rows()
    for r in runs:
        if r.step > 0 and r.family in ("typical", "code"):
            r.headers = {"x-attempted-retries": "2", "x-model-version": "support-claude"}
    run = write_run(tmp_path / "run", runs, scenario)
    segments = [
        {"label": str(s), "profile": "slow" if s else "none", "requests": 90 if s else 40, "errors": 60 if s else 0}
        for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    signal = next(f for f in doc.findings if f.kind == "signal")
    assert signal.title.endswith(
        ": the service gave up on 67% of its 90 calls to model at step 1 before they answered (a timeout on its side)"
    )
    # The drift's trend names the same timeout before what the drifted rows share (the other model's header).
    trend = next(f for f in doc.findings if f.kind == "trend" and "drift" in (f.classes or ()))
    assert trend.title.endswith(
        ": the service gave up on 67% of its 90 calls to model at step 2 before they answered (a timeout on its side)"
    )
    assert next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%").cause == trend.title


def test_a_retry_signal_carried_by_drifted_rows_is_named_by_the_fault_behind_them(tmp_path: Path) -> None:
    """Broken streams at every step, retried, then answered by the fallback model (drift in the model header): the
    retries header the drifted rows carry names the one fault injected where they were sent (main: the header alone,
    "x-attempted-retries ~ /^[1-9]/ on 50% of rows", the anthropic matrix's fault_stream_error and fault_truncate)."""
    scenario = retried_scenario('"rate(drift)" = "< 5%"', more='[checks.baseline]\nheaders = ["x-model-version"]')
    runs = rows()
    for r in runs:
        if r.family in ("typical", "code"):
            r.headers = {"x-attempted-retries": "2", "x-model-version": "support-claude"}
    run = write_run(tmp_path / "run", runs, scenario)
    segments = [{"label": str(s), "profile": "case", "requests": 60, "faults": {"stream_error": 20}} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    signal = next(f for f in doc.findings if f.kind == "signal")
    assert signal.title == (
        "the model fault proxy injected stream_error 60 times in its 180 calls at steps 0, 1 and 2, where 100% of the "
        "rows carrying it were sent, then x-attempted-retries ~ /^[1-9]/ on 50% of rows (production 0%)"
    )


def test_a_retry_signal_only_where_errors_were_injected_moved_with_the_faults(tmp_path: Path) -> None:
    """The service's retries header rises at the one step where the fault proxy answered 429s, in every
    release (production's captured replies never met them): said, not a warning, though the drifted rows
    carry it; the same signal at a step without injected errors stays a warning."""
    scenario = retried_scenario('"rate(drift)" = "< 50%"')
    for retried_at, severity in ((1, "info"), (2, "warn")):
        runs = rows()
        for r in runs:
            if r.step == retried_at and r.family in ("typical", "code"):
                r.answer, r.baseline, r.headers = CLARIFY, ANSWER, {"x-attempted-retries": "1"}
        run = write_run(tmp_path / f"run{retried_at}", runs, scenario)
        segments = [
            {
                "label": str(s),
                "profile": "limited",
                "requests": 60,
                "errors": 0,
                "faults": {"rate_limit": 20 * (s == 1)},
            }
            for s in range(3)
        ]
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        signal = next(f for f in doc.findings if f.kind == "signal")
        assert signal.severity == severity and "of the drift rows carry it" in signal.detail
        assert ("100% of its rows at steps where the fault proxies injected errors" in signal.detail) == (
            severity == "info"
        )


def test_slow_rows_from_the_first_step_are_a_cause_named_by_the_fault_there(tmp_path: Path) -> None:
    """A model hanging on a share of calls at every step until the service's timeout, then a retry: a
    quarter of the rows past the SLO from the first step, flat, in half the families. A cause, named by
    the fault injected there, and the availability gate is that cause's, not a finding of its own."""
    runs = rows()
    for i, r in enumerate(runs):
        if r.family in ("typical", "code") and i % 2 == 0:
            r.latency, r.headers = 8.0, {"x-attempted-retries": "1"}
    run = write_run(tmp_path / "run", runs, SCENARIO + '[checks]\nslo = "2s"\n')
    segments = [
        {"label": str(s), "profile": "hang", "requests": 50, "faults": {"hang": 10}, "errors": 10} for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    top = doc.findings[0]
    assert top.kind == "cause" and top.title == (
        "slow from the first step, flat across steps: the model fault proxy injected hang 10 times in its 50 calls "
        "at step 0"
    )
    assert next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%").cause == top.title


def test_a_tail_of_timeouts_from_the_first_step_is_their_cause_not_a_later_collapse(tmp_path: Path) -> None:
    """A quarter of the rows at the client's deadline at every step (a throttled model stream: the matrix's
    fault_throttle) and a collapse into fallbacks at the last step: the p99 is the timeouts', so the cause that
    names them explains it, not the collapse whose rows answered sooner."""
    runs = rows()
    for i, r in enumerate(runs):
        if i % 4 == 0:
            r.outcome, r.answer, r.latency = "timeout", None, 5.0
        elif r.step == 2:
            r.answer, r.headers = (
                "Sorry, we cannot answer right now.",
                {"x-fallback": "true", "x-fallback-reason": "budget"},
            )
    doc = report(tmp_path, runs)
    assert doc.collapse is not None and doc.collapse.step == 2
    cause = next(f for f in doc.findings if f.kind == "cause")
    assert cause.title.startswith("timeout from the first step, flat across steps")
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == cause.title


def test_a_tail_nothing_else_explains_is_named_by_what_its_slowest_rows_share(tmp_path: Path) -> None:
    """A few model calls failing with 503 behind injected latency: the rows that retried wait the latency
    twice, and only they pass the p99 gate's threshold; no cause, trend or collapse, so the gate's own
    finding names what those rows share (the retry) and what the fault proxy injected at their step."""
    scenario = retried_scenario()
    runs = rows(latency=0.5)
    for r in runs[-2:]:
        r.latency, r.headers = 1.5, {"x-attempted-retries": "1"}
    run = write_run(tmp_path / "run", runs, scenario)
    segments = [
        {"label": str(s), "profile": "slow", "requests": 40 + 2 * (s == 2), "faults": {"latency": 40 + 2 * (s == 2)}}
        for s in range(3)
    ]
    segments[2]["faults"]["error"] = 2  # type: ignore[index]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "p99 < 1s")
    own = next(f for f in doc.findings if f.title == gate.cause)
    assert own.kind == "gate" and own.title == (
        "p99 is 1.50 s, over its threshold < 1s: the retried signal on 100% of the slowest 1% of rows "
        "(0% of the other rows)"
    )
    assert "the model fault proxy injected latency 42 times, error 2 times in its 42 calls at step 2" in (
        own.evidence or []
    )
    # The proxy timed those retries 3 s after their 503s (the matrix's backoff=4): the release's back-off leads.
    segments[2]["retries"] = _retries([3.0] * 6, None)
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    cause = next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause
    assert cause == (
        "p99 is 1.50 s, over its threshold < 1s: retries to model at step 2 waited 3.00 s (median) after the error "
        "answer: a long back-off"
    )


def test_a_cause_from_the_first_step_explains_the_latency_its_slow_rows_make(tmp_path: Path) -> None:
    """A dependency that fails every call: the service retries, then falls back, slowly; no collapse
    (flat from the first step), so the p99 gate is the fallback cause's, not a finding of its own."""
    fallback = {"x-fallback": "true", "x-fallback-reason": "model_500"}
    doc = report(tmp_path, rows(answer="Sorry, we cannot answer right now.", headers=fallback, latency=3.0))
    top = doc.findings[0]
    assert top.kind == "cause" and "model_500" in top.title
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == top.title


def test_drift_on_long_prompts_with_other_sources_everywhere_is_retrieval_not_context_loss(tmp_path: Path) -> None:
    """Fewer articles retrieved for every prompt: long prompts' answers drift most, but every family's
    answers cite other sources than production's, so the drift is retrieval's, not a cut conversation's."""
    scenario = SCENARIO.replace('"rate(retrieval_miss)" = "< 5%"', '"rate(drift)" = "< 5%"')
    runs = rows()
    for r in runs:
        mine = CLARIFY if r.family == "long" else ANSWER
        r.body = orjson.dumps({"answer": mine, "sources": ["refunds"]}).decode()
        r.baseline_body = orjson.dumps({"answer": ANSWER, "sources": ["billing", "refunds"]}).decode()
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    top = doc.findings[0]
    assert top.kind == "answer_drift" and top.title.startswith("answers drift on long prompts, citing other sources")
    assert not [f for f in doc.findings if f.kind == "context_loss"]
    assert next(g for g in doc.gates if g.gate.name == "rate(drift) < 5%").cause == top.title


def test_a_cut_conversation_beside_fewer_articles_names_each_under_its_own_family(tmp_path: Path) -> None:
    """Two knobs at once (context_limit 1500, top_k 1): every answer cites fewer articles than production's; the long
    prompts' answers drift and reached the model with a fifth of production's prompt tokens, the multi-turn ones
    drift with the whole conversation sent. Long: context loss; multi-turn: retrieval. main: both "retrieval, not
    context; the conversation itself reached the model", the long prompts' cut unnamed."""
    scenario = SCENARIO.replace(
        '"rate(retrieval_miss)" = "< 5%"',
        '"rate(drift){family=long}" = "< 5%"\n"rate(drift){family=multi-turn}" = "< 5%"',
    )
    runs = rows()
    for r in runs:
        r.family = "multi-turn" if r.family == "code" else r.family
        mine = CLARIFY if r.family in ("long", "multi-turn") else ANSWER
        tokens = 300 if r.family == "long" else 1500  # a fifth, 1,200 fewer (a shrunk prompt: 500 fewer at least)
        r.body = orjson.dumps({"answer": mine, "sources": ["refunds"], "usage": {"prompt_tokens": tokens}}).decode()
        r.baseline_body = orjson.dumps(
            {"answer": ANSWER, "sources": ["billing", "refunds"], "usage": {"prompt_tokens": 1500}}
        ).decode()
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gates = {g.gate.name: g.cause for g in doc.gates if not g.passed}
    assert gates["rate(drift){family=long} < 5%"] == "context loss on long prompts"
    assert gates["rate(drift){family=multi-turn} < 5%"] == (
        "answers drift on multi-turn prompts, citing other sources than production's: retrieval, not context"
    )


def test_a_signal_the_fallback_rows_carry_is_named_with_what_the_service_says_of_them(tmp_path: Path) -> None:
    """Retries that end in the canned answer: the retried signal explains the fallback gate, and says
    why the retries failed (the reason the fallback rows give)."""
    scenario = retried_scenario()
    runs = retried_fallback_rows("model_529")
    for r in runs:
        if r.family == "long":
            r.headers = {"x-attempted-retries": "1"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%")
    assert gate.cause is not None and gate.cause.startswith("x-attempted-retries ~ /^[1-9]/ on ")
    assert gate.cause.endswith(": the service says model_529 on 100% of the fallback rows")


def test_an_availability_gate_nothing_else_explains_is_named_by_the_signal_its_rows_carry(tmp_path: Path) -> None:
    """The demo matrix's fault_hang: retries ending in the canned answer at every step, no cause or collapse to
    name its availability gate, which said only how far under it fell; the retried signal the fallback rows
    carry names it, with what the service says of them."""
    scenario = retried_scenario().replace('"availability{step=2}" = "> 90%"', '"availability{step=2}" = "> 95%"')
    runs = retried_fallback_rows("timeout")
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "availability{step=2} > 95%")
    assert not gate.passed and gate.cause is not None, gate
    assert gate.cause.startswith("x-attempted-retries ~ /^[1-9]/ on "), gate.cause
    assert gate.cause.endswith("the service says timeout on 100% of the fallback rows"), gate.cause


def test_a_signal_the_fallback_rows_carry_is_named_by_the_one_fault_injected_wherever_they_were_sent(
    tmp_path: Path,
) -> None:
    """The demo matrix's fault_hang: a hang at every step, the service's timeout cutting it, then retries ending in
    the canned answer ("timeout"); an outage at one step beside it. The hang, at every step the fallback rows were
    sent, names the retried signal that explains the fallback gate, not the timeout it set off; where the outage
    was at every step too, the steps cannot tell the two apart and the service's reason stays. The hang leads the
    title, the retries what followed it (main: "x-attempted-retries ~ /^[1-9]/ on 15% of rows ...: the model fault
    proxy injected hang ...", the matrix's fault_hang availability{step=3} named by the retries first)."""
    scenario = retried_scenario()
    runs = retried_fallback_rows("timeout")
    run = write_run(tmp_path / "run", runs, scenario)

    def cause(outage: tuple[int, ...]) -> str | None:
        segments = [
            {"label": str(s), "profile": "hung", "requests": 50, "faults": {"hang": 5, "error": 9 * (s in outage)}}
            for s in range(3)
        ]
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%").cause

    assert cause((1,)) == (
        "the model fault proxy injected hang 15 times in its 150 calls at steps 0, 1 and 2, where 100% of the fallback "
        "rows were sent, then x-attempted-retries ~ /^[1-9]/ on 15% of rows (production 0%)"
    )
    assert (cause((0, 1, 2)) or "").endswith(": the service says timeout on 100% of the fallback rows")


def test_fallback_rows_whose_call_got_through_are_named_by_the_broken_stream_not_the_refusals(tmp_path: Path) -> None:
    """The demo matrix's fault_truncate and fault_stream_error: an outage's 503s refuse the primary model's three
    tries, then the fallback model's stream is cut ("truncated"), both faults at every step the fallback rows were
    sent. The proxy counted each row's calls: three of four refused, the last let through, so the cut stream names
    the retried signal that explains the fallback gate, where the service's reason stood; where all four were
    refused, no stream was ever cut for them and the 503s name it; without per-request counts, the reason stays."""
    runs = retried_fallback_rows("truncated")
    fell = [i for i, r in enumerate(runs) if r.headers.get("x-fallback")]

    def cause(refused: int | None, rules: dict | None = None) -> str | None:
        run = write_run(tmp_path / f"{refused}{bool(rules)}" / "run", runs, retried_scenario())
        segments = [
            {"label": str(s), "profile": "p", "requests": 80, "faults": {"stream_truncate": 4, "error": 30}}
            | ({"rules": rules} if rules else {})
            for s in range(3)
        ]
        counters: dict = {"segments": segments}
        if refused is not None:
            counters["by_request"] = {f"run/{i}": 4 if i in fell else 1 for i in range(len(runs))}
            counters["aborted"] = {f"run/{i}": refused for i in fell}
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": counters}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%").cause

    then = ", then x-attempted-retries ~ /^[1-9]/ on 15% of rows (production 0%)"
    where = "in its 240 calls at steps 0, 1 and 2, where 100% of the fallback rows were sent"
    assert cause(3) == "the model fault proxy injected stream_truncate 12 times " + where + then
    assert cause(4) == "the model fault proxy injected error 90 times " + where + then
    assert cause(None) == (
        "x-attempted-retries ~ /^[1-9]/ on 15% of rows (production 0%): the service says truncated on 100% of the "
        "fallback rows"
    )
    # counted by rule (H205): the one rule of the fault's type named, by its own parameters, with its share
    outage = {"type": "error", "does": "error 503, from 4 s to 9 s", "hit": 30}
    cut = {"type": "stream_truncate", "does": "stream_truncate after 3 events", "hit": 4}
    steps = "at steps 0, 1 and 2, where 100% of the fallback rows were sent"
    assert cause(4, {"outage": outage, "stream_truncate": cut}) == (
        f"the model fault proxy injected 'outage' (error 503, from 4 s to 9 s) on 90 of its 240 calls (38%) {steps}"
        + then
    )
    assert cause(3, {"outage": outage, "stream_truncate": cut}) == (
        f"the model fault proxy injected stream_truncate after 3 events on 12 of its 240 calls (5%) {steps}" + then
    )


def _retried_tail_run(path: Path) -> Path:
    """A quarter of the rows retried, the last two (retried too) the slowest, 1.5 s where the others took 0.5 s."""
    runs = rows(latency=0.5)
    for i, r in enumerate(runs):
        if i % 4 == 0 or i >= len(runs) - 2:
            r.headers = {"x-attempted-retries": "1"}
    for r in runs[-2:]:
        r.latency = 1.5
    return write_run(path, runs, retried_scenario())


def test_a_tail_whose_signal_many_other_rows_carry_is_named_by_what_was_injected_at_its_step(tmp_path: Path) -> None:
    """The demo matrix's inflight cases: a concurrency cap refusing calls behind 4 s of injected latency, the
    refused calls retried. A quarter of all rows retried, so the retry its slowest rows share says how they came to
    wait, not why: the cap's refusals the proxy injected at their step lead (a retry only the tail made still leads,
    test_a_tail_nothing_else_explains_is_named_by_what_its_slowest_rows_share)."""
    run = _retried_tail_run(tmp_path / "run")
    segments = [
        {"label": str(s), "profile": "capped", "requests": 40, "faults": {"latency": 40, "concurrency": 4 * (s == 2)}}
        for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause == (
        "p99 is 1.50 s, over its threshold < 1s: the model fault proxy injected latency 40 times, concurrency 4 "
        "times (calls past its cap on calls in flight, refused at once) in its 40 calls at step 2"
    )


def test_a_tail_at_a_step_where_the_upstream_itself_answered_slowly_is_named_by_that(tmp_path: Path) -> None:
    """The matrix's model_latency_jitter (a model whose own time varies widely) and aa-31 (an unchanged release whose
    one slow row met the mock model's slowest answer): the proxy timed the upstream's own answers, no injected delay
    in them, and their p99 at the tail's step is six times their median. That leads what the proxy injected there,
    which every row met; an upstream as steady as ever leaves the injected faults leading."""
    run = _retried_tail_run(tmp_path / "run")

    def cause(p99: float) -> str | None:
        own = {"n": 40, "mean": 0.6, "p50": 0.5, "p90": 0.6, "p99": p99, "max": p99}
        segments = [
            {"label": str(s), "profile": "p", "requests": 40, "faults": {"latency": 40}}
            | ({"latency": {"upstream": own, "total": own}} if s == 2 else {})
            for s in range(3)
        ]
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause

    assert cause(3.0) == (
        "p99 is 1.50 s, over its threshold < 1s: the model upstream itself took 3.00 s for its slowest answers at "
        "step 2 (p99 of 40, median 0.50 s), no injected delay in it"
    )
    assert cause(0.8) == (
        "p99 is 1.50 s, over its threshold < 1s: the model fault proxy injected latency 40 times in its 40 calls at "
        "step 2"
    )


def test_a_cause_from_the_first_step_names_what_the_fault_proxy_saw_there(tmp_path: Path) -> None:
    fallback = {"x-fallback": "true", "x-fallback-reason": "model_500"}
    run = write_run(tmp_path / "run", rows(answer="Sorry, we cannot answer right now.", headers=fallback), SCENARIO)
    segments = [
        {"label": str(s), "profile": "broken", "requests": 40, "errors": 30, "faults": {"error": 40, "reset": 10}}
        for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    top = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0]
    assert top.kind == "cause" and "model_500" in top.title
    assert "the model fault proxy injected error 40 times, reset 10 times in its 40 calls at step 0" in (
        top.evidence or []
    )
    # Calls that ended without an answer, less those the proxy reset: the service gave up on them (its own timeout).
    gave_up = (
        "the service gave up on 50% of its 40 calls to model at step 0 before they answered (a timeout on its side)"
    )
    assert gave_up in (top.evidence or [])
    # The fault the rehearsal put in from the first step comes before the timeouts it set off.
    assert (top.evidence or []).index(gave_up) > (top.evidence or []).index(
        "the model fault proxy injected error 40 times, reset 10 times in its 40 calls at step 0"
    )


def test_answers_cut_in_every_family_and_step_stay_the_broad_finding(tmp_path: Path) -> None:
    """A token limit that cuts every answer: truncated everywhere is the broad finding, not a cause."""
    doc = report(tmp_path, rows(stream=True, body=sse(["Open", " Settings"], end="error")))
    assert doc.findings[0].kind == "broad" and doc.findings[0].title.startswith("truncated on every family and step")


def test_a_collapse_names_what_the_service_says_of_the_rows_that_grew(tmp_path: Path) -> None:
    runs = rows()
    for r in runs:
        if r.step == 2:
            r.answer, r.headers = (
                "Sorry, we cannot answer right now.",
                {"x-fallback": "true", "x-fallback-reason": "budget"},
            )
    doc = report(tmp_path, runs)
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert collapse.title.startswith("collapse at step 2") and collapse.title.endswith(
        ": the service says budget on 100% of the fallback rows"
    )


def test_a_deadline_the_client_hit_is_what_the_client_saw_not_what_the_service_says(tmp_path: Path) -> None:
    doc = report(tmp_path, rows(outcome="timeout", answer=None))
    top = doc.findings[0]
    assert top.kind == "cause" and top.title.endswith(": the client saw timeout on 100% of the timeout rows")


def test_a_deadline_the_client_hit_behind_an_injected_fault_is_named_by_the_fault(tmp_path: Path) -> None:
    """The model's bytes throttled from the first step: the client's deadline hits, and the service said nothing;
    the throttle the fault proxy injected is the cause to name, before what the client saw."""
    run = write_run(tmp_path / "run", rows(outcome="timeout", answer=None), SCENARIO)
    segments = [{"label": str(s), "profile": "slow", "requests": 40, "faults": {"throttle": 40}} for s in range(3)]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    top = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0]
    assert top.kind == "cause" and top.title.endswith(
        ": the model fault proxy injected throttle 40 times in its 40 calls at step 0"
    )
    assert "the client saw timeout on 100% of the timeout rows" in (top.evidence or [])


def test_errors_a_dependency_answers_itself_are_named_apart_from_injected_ones(tmp_path: Path) -> None:
    """A model past its capacity answers 429 itself: no fault injected, the proxy saw it pass."""
    fallback = {"x-fallback": "true", "x-fallback-reason": "model_429"}
    run = write_run(tmp_path / "run", rows(answer="Sorry, we cannot answer right now.", headers=fallback), SCENARIO)
    segments = [
        {"label": str(s), "profile": "none", "requests": 40, "responses": {"429": 30, "200": 10}} for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    top = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0]
    assert "the model upstream itself answered 429 to 75% of its 40 calls at step 0" in (top.evidence or [])


def _retries(waited: list[float], advised: float | None) -> dict:
    """A segment's "retries" as the fault proxy counts them (replay.faults.counters)."""
    seg = Segment("limited", "0", 0.0)
    seg.waited.extend(waited)
    seg.advised.extend([math.nan if advised is None else advised] * len(waited))
    seg.first.extend([1] * len(waited))
    return seg.retries()


def test_a_rate_limit_is_named_as_injected_with_how_the_service_came_back(tmp_path: Path) -> None:
    """The proxy's own bucket answered the 429s (injected, not the model's); the retries came back in lockstep
    0.3 s after them where the 429s advised 1 s: retry-after ignored, no jitter."""
    fallback = {"x-fallback": "true", "x-fallback-reason": "rate_limited"}
    run = write_run(tmp_path / "run", rows(answer="Sorry, we cannot answer right now.", headers=fallback), SCENARIO)
    retries = _retries([0.3] * 20, 1.0)
    segments = [
        {"label": str(s), "profile": "limited", "requests": 40, "responses": {"429": 30, "200": 10}}
        | {"faults": {"rate_limit": 30}, "retries": retries}
        for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    evidence = pipeline.report(pipeline.judge(run), plots=False).doc.findings[0].evidence or []
    assert not [e for e in evidence if "upstream itself answered" in e]
    assert any(
        e.startswith("the model fault proxy injected rate_limit 30 times (429s its token bucket") for e in evidence
    )
    lockstep = "the 20 first retries to model at step 0 waited alike (of the retry-after advised, spread 0.00"
    assert any(e.startswith(lockstep) for e in evidence), evidence
    assert any(e.endswith("advised retry-after 1.00 s: 70% too early, retry-after ignored") for e in evidence)


def test_goodput_lowered_by_answers_cut_is_named_by_their_gate_not_by_a_signal_good_rows_carry(tmp_path: Path) -> None:
    """A token limit cutting a sixth of the answers (two families), no broad finding about it: goodput's cause is
    the truncation gate's own finding, not the retries header that answered-in-time rows carry (which lower
    nothing; the demo's max_tokens=60 named goodput by it)."""
    scenario = retried_scenario('"rate(truncated)" = "< 2%"\n"goodput" = "> 90%"')
    runs = rows()
    for r in runs:
        i = int(r.prompt.split()[2])
        if r.family in ("typical", "long") and i < 3:
            r.body = orjson.dumps({"answer": ANSWER[:30], "finish_reason": "length"}).decode()
            r.baseline = ANSWER
        elif r.family in ("code", "short") and i < 4:
            r.headers = {"x-attempted-retries": "1"}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gates = {g.gate.name: g for g in doc.gates if not g.passed}
    truncated = gates["rate(truncated) < 2%"].cause
    assert "the model hit its token limit" in truncated
    assert gates["goodput > 90%"].cause == truncated
    assert all(f.severity != "fail" for f in doc.findings if f.kind == "signal")


def test_an_availability_gate_is_named_by_what_made_its_rows_unavailable_not_by_their_class(tmp_path: Path) -> None:
    """A fifth of every step's answers cut by the token limit, and at step 2 every row past the SLO, most of them
    drifted: the step's rows are classed drift or truncated, yet unavailable for being slow, so the collapse names
    the availability gate. main: the truncated rows' finding, the heaviest class there, which made none of them
    unavailable (the matrix's model_timeout 0.3 s with max_tokens 60 at the 4 s step)."""
    runs = rows()
    for r in runs:
        i = int(r.prompt.split()[2])
        if i < 2:
            r.body = orjson.dumps({"answer": ANSWER[:30], "finish_reason": "length"}).decode()
            r.baseline = ANSWER
        if r.step == 2:
            r.latency = 3.0
            if i >= 2:
                r.answer, r.baseline = CLARIFY, ANSWER
    scenario = SCENARIO + '"rate(truncated)" = "< 2%"\n[checks]\nslo = "2s"\n'
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    gates = {g.gate.name: g.cause for g in doc.gates if not g.passed}
    assert gates["availability{step=2} > 90%"] == gates["p99 < 1s"] == "collapse at step 2 (10/s)"
    assert gates["rate(truncated) < 2%"].startswith("truncated on every family and step")  # type: ignore[union-attr]


def test_drift_in_one_family_answered_from_other_articles_is_named_by_the_sources(tmp_path: Path) -> None:
    """Retrieval returned fewer articles for every prompt (a top-k of 1) and the code prompts that needed the
    others drifted: their drift gate is named by the sources they cite, before a retries header half of them carry."""
    scenario = retried_scenario('"rate(drift){family=code}" = "< 5%"', more='sources = "sources"')
    runs = rows()
    for r in runs:
        drifted = r.family == "code" and int(r.prompt.split()[2]) < 2 and r.step < 2
        r.body = orjson.dumps({"answer": CLARIFY if drifted else ANSWER, "sources": ["refund-request"]}).decode()
        r.baseline_body = orjson.dumps({"answer": ANSWER, "sources": ["refund-request", "refund-timeline"]}).decode()
        r.headers = {"x-attempted-retries": "1"} if drifted and r.step == 0 else {}
    doc = pipeline.report(pipeline.judge(write_run(tmp_path / "run", runs, scenario)), plots=False).doc
    (gate,) = [g for g in doc.gates if not g.passed]
    assert gate.cause.endswith(
        ": answers cite other sources than production's on 100% of the drift rows (100% of the other rows)"
    )


def _outage(
    tmp_path: Path, reason: str, unfaulted: int = 0, calls: int | None = None, behind: bool = False
) -> ReportDoc:
    """An outage window failing the primary model's calls at step 2 (three each), whose requests got the canned
    apology for ``reason``, as did the first ``unfaulted`` rows of each family at step 1, where no fault was in force;
    every answer came from the one model. ``calls``: the calls the proxy counted for each of those requests;
    ``behind``: one more call each, through a second proxy before the fallback model alone (the demo's wiring)."""
    scenario = SCENARIO.replace("signals = [", 'path = "header:x-fallback-path"\nsignals = [', 1)
    answered = orjson.dumps({"answer": ANSWER, "model": "m-1"}).decode()
    runs = rows(body=answered, baseline=ANSWER, headers={"x-fallback-path": "primary"})
    canned = {"x-fallback": "true", "x-fallback-reason": reason, "x-fallback-path": "canned"}
    outage = [i for i, r in enumerate(runs) if r.step == 2 and int(r.prompt.split()[2]) < 6]
    own = [i for i, r in enumerate(runs) if r.step == 1 and int(r.prompt.split()[2]) < unfaulted]
    for i in outage + own:
        runs[i].body, runs[i].answer, runs[i].headers = None, "Sorry, we cannot answer right now.", canned
    run = write_run(tmp_path / "run", runs, scenario)
    window = {"outage": {"start": 1.0, "end": 5.0, "hit": 72}}
    segments = [
        {"label": str(s), "profile": "p", "requests": 40 + 72 * (s == 2), "faults": {"error": 72} if s == 2 else {}}
        | ({"windows": window} if s == 2 else {})
        for s in range(3)
    ]
    counters = {"segments": segments, "aborted": {f"run/{i}": 3 for i in outage}}
    if calls is not None:
        counters["by_request"] = {f"run/{i}": calls if i in outage else 1 for i in range(len(runs))}
    proxies = [{"name": "model", "upstream": "u", "counters": counters}]
    if behind:
        segments = [{"label": str(s), "profile": "p", "requests": 24 * (s == 2)} for s in range(3)]
        ids = {f"run/{i}": 1 for i in outage}
        proxies.append({"name": "fallback", "upstream": "u", "counters": {"segments": segments, "by_request": ids}})
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_fallbacks_behind_an_outage_without_a_fallback_model_are_named_by_the_chain(tmp_path: Path) -> None:
    """An outage window fails the primary model's calls at step 2; a release without a fallback model answers the
    requests that met it with the canned apology, and every answer came from the one model: the collapse names the
    missing fallback model first, then what the service says, and the window's hits are in its evidence."""
    doc = _outage(tmp_path, "model_503")
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    chain = (
        "no fallback model answered: 100% of the 24 fallback rows took the canned path, 100% of them after a fault "
        "proxy failed their call, and every answer came from m-1"
    )
    assert collapse.title.endswith(": " + chain)
    evidence = collapse.evidence or []
    assert evidence[:2] == [chain, "the service says model_503 on 100% of the fallback rows"]
    assert "the model fault proxy's window 'outage' (1.00 s to 5.00 s into step 2) hit 72 of its 112 calls" in evidence
    gate = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%")
    assert not gate.passed and gate.cause is not None and gate.cause.endswith(": " + chain)  # the trend's, here


def test_fallbacks_whose_fallback_model_was_called_and_failed_too_say_how(tmp_path: Path) -> None:
    """The matrix's secondary_timeout (a fallback model's timeout under its answer time): the outage's three
    refusals, then a fourth call the proxy let through (the fallback model's), which the service gave up on, or that
    call through a proxy before the fallback model alone (the demo's wiring, where main said nothing of it: the
    model's proxy let none through). The chain is named as before, with that call and what the service says of it;
    three calls (no fallback model) say nothing more."""
    chain = "no fallback model answered: 100% of the 24 fallback rows took the canned path, 100% of them after a fault "
    model = ", and every answer came from m-1"
    then = "proxy failed their call and then their call to the fallback model"
    collapse = next(f for f in _outage(tmp_path / "4", "timeout", calls=4).findings if f.kind == "collapse")
    assert (collapse.evidence or [])[0] == chain + then + " failed (the service says timeout)" + model
    doc = _outage(tmp_path / "behind", "timeout", calls=3, behind=True)
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert (collapse.evidence or [])[0] == (
        chain + then + " through the fallback fault proxy failed (the service says timeout)" + model
    )
    collapse = next(f for f in _outage(tmp_path / "3", "timeout", calls=3).findings if f.kind == "collapse")
    assert (collapse.evidence or [])[0] == chain + "proxy failed their call" + model


def test_fallbacks_behind_an_outage_for_a_reason_given_without_faults_too_are_named_by_it(tmp_path: Path) -> None:
    """The same outage, the canned apology for a reason the service also gives rows no fault touched (a time budget
    the retries after the outage's 503s ran out, as where the model was only slow: the matrix's budget_severe, whose
    release has its fallback model): not the chain, which never reached it; what the service says names them."""
    doc = _outage(tmp_path, "budget", unfaulted=2)
    gate = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%")
    assert not gate.passed and gate.cause is not None
    assert gate.cause.endswith(" under steady load: the service says budget on 100% of the fallback rows")
    assert not [e for f in doc.findings for e in f.evidence or () if e.startswith("no fallback model answered")]


def test_another_model_answering_where_the_faults_failed_every_other_call_is_no_drift(tmp_path: Path) -> None:
    """The fallback model answers (x-model-version m-2, production m-1): where a fault proxy failed every call of
    the request but that last one, the chain did what it is for and its model header is no drift; where the
    primary failed by itself (one call failed on purpose, then its own error), it is."""
    scenario = SCENARIO.replace("signals = [", 'path = "header:x-fallback-path"\nsignals = [', 1)
    runs = rows(headers={"x-fallback-path": "primary"}, baseline_headers={"x-fallback-path": "primary"})
    rerouted = [i for i, r in enumerate(runs) if r.step == 2 and int(r.prompt.split()[2]) < 4]
    for i in rerouted:
        runs[i].headers = {"x-fallback-path": "secondary", "x-model-version": "m-2"}
    run = write_run(tmp_path / "run", runs, scenario)
    by_outage, by_itself = rerouted[::2], rerouted[1::2]
    counters = {
        "segments": [],
        "by_request": {f"run/{i}": 4 for i in rerouted},
        "aborted": {f"run/{i}": 3 for i in by_outage} | {f"run/{i}": 1 for i in by_itself},
    }
    (run / "faults.json").write_bytes(
        orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": counters}]})
    )
    judged = pipeline.judge(run)
    drifted = {i for i, v in enumerate(judged.verdicts) if v.cls == "drift"}
    assert drifted == set(by_itself) and all(judged.verdicts[i].faulted for i in by_outage)


def test_fallbacks_after_errors_the_release_never_retried_are_named_by_that_then_by_the_errors(tmp_path: Path) -> None:
    """The demo matrix's retries_0_429 and bucket_retries_0: a rate limit's 429s at step 2, which production's retries
    ride out, answered the canned apology by a release that retries nothing. The fallback gates were named by the 429s
    alone ("the service says rate_limited"); what the release changed (no retries) leads, then what the rows met, in
    the one line a gate is named by. A release that retried them is named by the 429s, as before."""
    runs = rows(baseline=ANSWER, answer=ANSWER)
    limited = [i for i, r in enumerate(runs) if r.step == 2 and int(r.prompt.split()[2]) < 6]
    for i in limited:
        runs[i].answer = "Sorry, we cannot answer right now."
        runs[i].headers = {"x-fallback": "true", "x-fallback-reason": "rate_limited"}

    def cause(retried: int) -> str | None:
        run = write_run(tmp_path / str(retried) / "run", runs, SCENARIO)
        came = Segment("limited", "2", 0.0)
        came.answers, came.retried = 30, retried
        came.waited.extend([0.6] * retried)
        came.advised.extend([1.0] * retried)
        came.first.extend([1] * retried)
        segments = [
            {"label": str(s), "profile": "p", "requests": 40, "faults": {"rate_limit": 30 * (s == 2)}}
            | ({"retries": came.retries()} if s == 2 else {})
            for s in range(3)
        ]
        proxy = {"name": "model", "upstream": "u", "counters": {"segments": segments}}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%").cause

    said = "the service says rate_limited on 100% of the fallback rows"
    assert cause(0) == (
        "collapse at step 2 (10/s, model: p): the service retried none of the 30 error answers at step 2, giving up "
        "at the first error (no retries); " + said
    )
    assert cause(20) == "collapse at step 2 (10/s, model: p): " + said


def _retried_through(tmp_path: Path, retries: str, slow: int = 6) -> ReportDoc:
    """An outage window failing the model's calls at step 2: the first ``slow`` rows of each family there retried
    ``retries`` times through it, then a fallback model answered them 3 s in (past the 2 s SLO); the step's other
    rows and every earlier row answered at once, unretried."""
    scenario = SCENARIO.replace("signals = [", 'retries_header = "x-attempted-retries"\nsignals = [', 1)
    runs = rows(headers={"x-attempted-retries": "0"})
    for r in runs:
        if r.step == 2 and int(r.prompt.split()[2]) < slow:
            r.latency, r.headers = 3.0, {"x-attempted-retries": retries}
    run = write_run(tmp_path / "run", runs, scenario + '[checks]\nslo = "2s"\n')
    segments = [
        {"label": str(s), "profile": "p", "requests": 40 + 96 * (s == 2), "faults": {"error": 96} if s == 2 else {}}
        for s in range(3)
    ]
    (run / "faults.json").write_bytes(
        orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": {"segments": segments}}]})
    )
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_slow_rows_that_retried_more_than_the_others_are_named_by_the_retries(tmp_path: Path) -> None:
    """The matrix's retries_4 (production's release retrying 4 times, not 2): the requests that met the outage
    retried through it, each retry waiting out its retry-after, before the fallback model answered, past the SLO.
    The collapse, and the p99 gate it explains, name those retries (the release's doing) before the errors the
    scenario injected there, which production's fewer retries met too."""
    doc = _retried_through(tmp_path / "four", "4")
    line = (
        "the slow rows at step 2 retried 4 times (median, the service's own count; 0 for the step's other rows): their "
        "time went to the release's retries of the error answers, a wait before each"
    )
    gate = next(g for g in doc.gates if g.gate.name == "p99 < 1s")
    assert not gate.passed and gate.cause is not None and gate.cause.startswith("collapse at step 2")
    assert gate.cause.endswith(": " + line)
    # Two retries, the SDKs' default (production's release under the scenario's errors): the errors are the cause.
    doc = _retried_through(tmp_path / "two", "2")
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert collapse.title.endswith(": latency 3.00 s > SLO 2 s on 100% of the slow rows")
    # A tail of four such rows, no collapse: the p99 gate's own finding names their retries as well.
    doc = _retried_through(tmp_path / "tail", "4", slow=1)
    gate = next(g for g in doc.gates if g.gate.name == "p99 < 1s")
    assert not [f for f in doc.findings if f.kind == "collapse"]
    assert gate.cause is not None and gate.cause.endswith(
        ": the slowest 1% of rows at step 2 retried 4 times (median, the service's own count; 0 for the step's other "
        "rows): their time went to the release's retries of the error answers, a wait before each"
    )


def test_a_tail_an_upstreams_own_slow_answers_account_for_is_named_by_them_from_the_first_step(tmp_path: Path) -> None:
    """The matrix's model_latency_jitter: the model's own answers (no injected delay in them) took 5.97 s at their p99
    over a median of 0.48 s from step 0 on; p99{step=1} failed at 12.1 s by a call past the service's 10 s timeout, then
    retried, where the proxy also injected the outage's 503s. main named it by step 1's collapse and the faults
    injected there, no finding reading the tail from the first step. The tail names a latency gate it accounts for
    (the figure, less how far the upstream's p99 went beyond its median, holds the gate); not one failing by more, nor
    a stall of a loaded machine's mock model (2 s beyond its median), which the faults injected at the step still
    name."""

    def cause(p99: float, slowest: float = 1.5) -> str | None:
        runs = rows(latency=0.5)
        for r in runs[45:47]:  # two rows at step 1 the slowest
            r.latency = slowest
        run = write_run(tmp_path / f"{p99}-{slowest}" / "run", runs, SCENARIO)
        segments = [
            {
                "label": str(s),
                "profile": "p",
                "requests": 40,
                "faults": {"error": 10 * (s == 1)},
                "responses": {"200": 40 - 10 * (s == 1), "503": 10 * (s == 1)},
                "latency": {"upstream": {"n": 40, "p50": 0.5, "p99": 0.8 if s == 1 else p99}},
            }
            for s in range(3)
        ]
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        return next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause

    tail = (
        "the model upstream's own slowest answers from the first step: p99 6.00 s against a median of 0.50 s at step "
        "0, no fault rule injected them"
    )
    injected = "p99 is 1.50 s, over its threshold < 1s: the model fault proxy injected error 10 times in its 40 calls"
    assert cause(6.0) == tail
    assert (cause(2.5) or "").startswith(injected)  # 2 s beyond the median: a loaded machine's stall, no cause
    assert (cause(6.0, slowest=7.0) or "").startswith("p99 is 7.00 s")  # 5.5 s of tail leaves 7 s past 1 s


def test_a_tail_an_upstreams_own_slow_answers_account_for_at_its_step_alone_is_named_by_them(tmp_path: Path) -> None:
    """A tail of the search's own at step 1 alone (not from the first step): its answers took 6 s at their p99 over a
    median of 0.05 s, no fault rule on the search, while the model's proxy injected errors there. p99{step=1} failed
    by the rows at that step, the step's slower median a collapse: main named the gate by the collapse, titled by the
    errors injected into the model, which did not make the search slow. The tail its rows met names it."""
    runs = rows(latency=0.5)
    for r in runs[40:80]:  # step 1 slower, a collapse there: two of its rows the slowest
        r.latency = 1.5 if r in runs[45:47] else 1.2
    run = write_run(tmp_path / "run", runs, SCENARIO.replace('"p99" = "< 1s"', '"p99{step=1}" = "< 1s"'))

    def segments(p50: float, p99: float, tail: float, errors: int) -> list[dict[str, Any]]:
        return [
            {
                "label": str(s),
                "profile": "p" if errors else "none",
                "requests": 40,
                "faults": {"error": errors} if s == 1 and errors else {},
                "responses": {"200": 40 - errors * (s == 1), "503": errors * (s == 1)},
                "latency": {"upstream": {"n": 40, "p50": p50, "p99": tail if s == 1 else p99}},
            }
            for s in range(3)
        ]

    timed = {"model": segments(0.5, 0.8, 0.8, 10), "search": segments(0.05, 0.1, 6.0, 0)}
    proxies = [{"name": n, "upstream": "http://127.0.0.1:9", "counters": {"segments": seg}} for n, seg in timed.items()]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert next(g for g in doc.gates if g.gate.name == "p99{step=1} < 1s").cause == (
        "p99{step=1} is 1.50 s, over its threshold < 1s: the search upstream itself took 6.00 s for its slowest "
        "answers at step 1 (p99 of 40, median 0.05 s), no injected delay in it"
    )
    assert not [f for f in doc.findings if f.kind == "cause"]


def test_gates_at_a_step_after_a_collapse_its_classes_left_alone_are_named_by_the_upstreams_own_errors(
    tmp_path: Path,
) -> None:
    """The matrix's model_queue (the model answering 429 itself when its queue is full): a collapse of fallback rows
    at step 1, then at step 2 rows slow past the SLO behind retries of the model's own 429s, a quarter of every step's
    rows retried. The collapse made none of step 2's rows unavailable nor slow: it names neither availability{step=2}
    nor the p99 those rows make (main named both by it), the model's own 429s there do, not the latency every row met.
    Fails without the fix."""
    runs = rows(latency=0.5)
    for i, r in enumerate(runs):
        if i % 4 == 0:
            r.headers = {"x-attempted-retries": "1"}
        if r.step == 1 and i % 2 == 1:
            r.answer = "Sorry, we cannot answer right now."
            r.headers = {"x-fallback": "true", "x-fallback-reason": "model_529"}
    slow = [r for r in runs if r.step == 2][::8]
    for r in slow:
        r.latency, r.headers = 2.0, {"x-attempted-retries": "2"}
    scenario = retried_scenario().replace('name = "causes"\n', 'name = "causes"\n[checks]\nslo = "1s"\n')
    run = write_run(tmp_path / "run", runs, scenario)
    segments = [
        {"label": str(s), "profile": "p", "requests": 40, "faults": {"latency": 40}}
        | ({"responses": {"429": 10, "200": 30}} if s == 2 else {})
        for s in range(3)
    ]
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": {"segments": segments}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    causes = {g.gate.name: g.cause for g in doc.gates if g.passed is False}
    assert (causes["rate(fallback) < 5%"] or "").startswith("collapse at step 1")
    own = ": the model upstream itself answered 429 to 25% of its 40 calls at step 2"
    assert causes["availability{step=2} > 90%"] == "availability{step=2} is 87.50%, over its threshold > 90%" + own
    assert causes["p99 < 1s"] == "p99 is 2.00 s, over its threshold < 1s" + own
