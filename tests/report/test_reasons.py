"""What a collapse carries first: the fault that failed its rows before the time the service held them, and that
time said as the machine's where the runner waited for a core there (a loaded machine or CI runner)."""

from __future__ import annotations

from pathlib import Path

import orjson

from replay import pipeline
from replay.judge.upstream import ProxyCounts
from replay.report.reasons import failing_at
from tests.report.rundir import write_run
from tests.report.test_causes import SCENARIO, held_run, rows
from tests.report.test_seen import frame_of

# Three steps of 10 s; the runner's workers waited for a core 9% of step 2, 1% of the others.
BUSY_STEPS = [
    {"index": s, "start": 10.0 * s, "duration": 10.0, "rate": 10.0, "cpu_wait_mean": 9.0 if s == 2 else 1.0}
    for s in range(3)
]


def _cause(run: Path) -> str:
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    gate = next(g for g in doc.gates if g.gate.name == "availability{step=2} > 90%")
    assert gate.cause is not None and gate.cause.startswith("collapse at step 2")
    return gate.cause


def test_time_held_while_the_runner_waited_for_a_core_is_named_the_machines(tmp_path: Path) -> None:
    """The held run of test_causes with the runner's workers waiting for a core 9% of step 2 (1% elsewhere): the
    service on the same machine waited as they did. main: "a queue at its concurrency limit", the release's doing."""
    run, _, _ = held_run(tmp_path / "run", BUSY_STEPS)
    assert _cause(run).endswith(
        ": the service held its rows up to 1.8 s beyond their upstream calls at step 2 (0.0 s at step 0) on a busy "
        "machine: the load generator beside the service waited for a core 9% of the step (1% at its quietest): the "
        "machine (a loaded host or CI runner) was the bottleneck, not the release"
    )


def test_time_held_at_one_step_of_a_machine_as_busy_at_every_step_is_the_services(tmp_path: Path) -> None:
    """The held run with the runner waiting for a core 5-6% of every step, the quietest among them where the service
    held nothing: the busy machine holds every step alike, the time held at step 2 alone is the release's (the demo
    matrix's max_concurrency_16, 4.5-6.1% on every step at load 8). main: "the machine ... was the bottleneck, not
    the release"."""
    steps = [s | {"cpu_wait_mean": 5.5 + 0.3 * s["index"]} for s in BUSY_STEPS]
    run, _, _ = held_run(tmp_path / "run", steps)
    assert _cause(run).endswith(
        ": the service held its rows up to 1.8 s beyond their upstream calls at step 2 (0.0 s at step 0): time "
        "inside the service (a queue at its concurrency limit) or in a dependency no fault proxy sees, not in the call"
    )


def test_the_fault_that_failed_most_of_a_collapses_rows_comes_before_the_time_held(tmp_path: Path) -> None:
    """Of step 2's 40 rows, 24 fell back after the proxy failed their one call with an error; every row took 3 s.
    main: the time the service held its rows ("a queue at its concurrency limit") came before the fault that failed
    them, after what the service says of them."""
    runs = rows()
    failed = [i for i, r in enumerate(runs) if r.step == 2][:24]
    for i in failed:
        runs[i].answer, runs[i].headers = "Sorry, we cannot answer right now.", {"x-fallback": "true"}
    run, _, proxy = held_run(tmp_path / "run", runs=runs)
    counters = proxy["counters"]
    counters["segments"][2]["faults"] = {"latency": 40, "error": 24}
    counters["aborted"] = {f"run/{i}": 1 for i in failed}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    collapse = next(f for f in doc.findings if f.kind == "collapse")
    assert collapse.evidence is not None
    assert collapse.evidence[:3] == [
        "the service says marked on 100% of the fallback rows",
        "the model fault proxy injected latency 40 times, error 24 times in its 40 calls at step 2",
        "the service held its rows up to 1.8 s beyond their upstream calls at step 2 (0.0 s at step 0): time "
        "inside the service (a queue at its concurrency limit) or in a dependency no fault proxy sees, not in the call",
    ]


def test_a_tail_nothing_else_explains_on_a_busy_step_is_named_the_machines(tmp_path: Path) -> None:
    """An unchanged release whose two slowest rows (1.5 s, the rest 0.2 s) were sent at step 2, where the runner waited
    for a core 9% of the step: its p99 gate still fails, named by the machine. main: its own figures alone."""
    runs = rows()
    for r in [r for r in runs if r.step == 2][:2]:
        r.latency = 1.5
    run = write_run(tmp_path / "run", runs, SCENARIO, steps=BUSY_STEPS)
    gate = next(g for g in pipeline.report(pipeline.judge(run), plots=False).doc.gates if g.gate.name == "p99 < 1s")
    assert not gate.passed and gate.cause == (
        "p99 is 1.50 s, over its threshold < 1s: the slowest 1% of rows were sent at step 2, on a busy machine: the "
        "load generator beside the service waited for a core 9% of the step (1% at its quietest): the machine (a "
        "loaded host or CI runner) was the bottleneck, not the release"
    )


def test_the_dependency_that_failed_calls_is_named_whatever_its_proxy_is_called() -> None:
    """The calls given up on are blamed on their proxy's dependency, read from the counts: main parsed it back out of
    "... calls to model at step 0 at step 1 ...", and blamed "model". A slow tail of its own fails no call (main: its
    "the search upstream itself took ..." read as the search failing calls)."""
    counts = ProxyCounts(
        upstream={1: {"model at step 0": 100, "search": 50}},
        abandoned={1: {"model at step 0": 25}},
        answer_time={1: {"search": {"n": 50.0, "p50": 0.2, "p99": 2.0}}},
    )
    assert failing_at(frame_of(counts), [1]) == {"model at step 0"}


def test_a_signal_on_one_row_of_a_tail_of_several_is_no_trait_they_share(tmp_path: Path) -> None:
    """The two slowest rows (1.5 s, the rest 0.2 s), one of them with the search's answer empty: the p99 is not named
    by that signal on 50% of them (the matrix's wrong_shape: named so on 1 of its 2 slowest rows); on both it is."""
    scenario = SCENARIO.replace(
        '"retrieval_miss" }]',
        '"retrieval_miss" }, { header = "x-retrieval", equals = "empty", class = "retrieval_empty", fails = false }]',
    )
    for name, empty in (("one", 1), ("both", 2)):
        runs = rows()
        for i, r in enumerate([r for r in runs if r.step == 1][:2]):
            r.latency = 1.5
            r.headers = {"x-retrieval": "empty"} if i < empty else {}
        run = write_run(tmp_path / name, runs, scenario)
        doc = pipeline.report(pipeline.judge(run), plots=False).doc
        cause = next(g for g in doc.gates if g.gate.name == "p99 < 1s").cause or ""
        assert ("the retrieval_empty signal on" in cause) == (empty == 2), cause
