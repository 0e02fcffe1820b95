"""The retry gates (retry_early, unretried, retry_spread, retry_backoff): what the fault proxy timed of the service's
retries after its error answers (replay.faults.counters), gated per step in a real run directory and
report; a gate the run did not measure fails and says so, a run without a fault proxy is bad input."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from replay import pipeline
from replay.errors import BadInput
from replay.faults.counters import Counters
from replay.judge.evaluate import HeldAs
from replay.judge.gates import parse_gate
from replay.report import SCHEMA_PATH
from replay.report.make import Report
from tests.report.rundir import Row, write_run

# A retry gate at step 1 where the proxy answered no errors (retries after the service's own timeouts may still
# have been made: the gates do not time those)
NO_ERRORS = (
    "not measured: the fault proxy answered no errors at step 1, and the retry gates time only the retries after "
    "its error answers"
)
SCENARIO = """
name = "retry gates"
[gates]
"retry_early{step=1}" = "< 20%"
"unretried{step=1}" = "< 50%"
"retry_spread{step=1}" = "> 0.1"
"""


Step = tuple[list[float], int, int]  # the retries' waits after 429s advising 2 s, 429s answered, of them retried


def _counters(steps: list[Step], advised: float) -> dict:
    """The fault proxy's counters (replay.faults.counters) of a run whose steps saw ``steps``, each error
    answer advising ``advised`` seconds (NaN: no retry-after)."""
    counters = Counters("limited")
    for k, (waited, answers, retried) in enumerate(steps):
        counters.switch("limited", str(k))
        seg = counters.now
        seg.requests, seg.answers, seg.retried = 40, answers, retried
        seg.waited.extend(waited)
        seg.advised.extend([advised] * len(waited))
        seg.first.extend([1] * len(waited))
        seg.faults["rate_limit"] = answers
    return counters.snapshot()


def _report(
    tmp_path: Path,
    steps: list[Step] | None,
    scenario: str = SCENARIO,
    advised: float = 2.0,
    table: list[dict] | None = None,
) -> Report:
    """A run of two steps whose proxy counted ``steps``; ``table``: the run's step table (the runner's own figures)."""
    rows = [Row(family="typical", step=s, prompt=f"question {i} at {s}") for s in range(2) for i in range(10)]
    run = write_run(tmp_path / "run", rows, scenario, steps=table)
    if steps is not None:
        proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": _counters(steps, advised)}
        (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False)


def _gates(reported: Report) -> dict[str, tuple[float | None, bool, str | None]]:
    return {g.gate.key: (g.value, g.passed, g.cause) for g in reported.doc.gates}


def test_jittered_retries_that_wait_out_retry_after_pass(tmp_path: Path) -> None:
    jittered = [2.0 * (1.0 - 0.5 * i / 19) + 0.05 for i in range(20)]  # retry-after 2 s, less up to half
    got = _gates(_report(tmp_path, [([], 0, 0), (jittered, 24, 22)]))
    assert got["retry_early{step=1}"][:2] == (0.0, True)
    assert got["unretried{step=1}"][0] == pytest.approx(2 / 24) and got["unretried{step=1}"][1]
    assert got["retry_spread{step=1}"][0] > 0.2 and got["retry_spread{step=1}"][1]  # about 0.27: (p50 - p10) / p50


def test_each_retry_behaviour_fails_its_gate_and_is_named(tmp_path: Path) -> None:
    """Retries 0.4 s after 429s that advised 2 s, all alike, and most 429s never retried."""
    reported = _report(tmp_path, [([], 0, 0), ([0.4] * 10, 30, 10)])
    got = _gates(reported)
    assert reported.exit_code == 1
    early, unretried, spread = (got[k] for k in ("retry_early{step=1}", "unretried{step=1}", "retry_spread{step=1}"))
    assert early[:2] == (1.0, False) and early[2] is not None
    assert early[2].endswith(
        "10 of the 10 retries at step 1 came back within half the retry-after their error "
        "answer advised: retry-after ignored"
    )
    assert unretried[0] == pytest.approx(2 / 3) and unretried[2] is not None
    assert "20 of the 30 error answers at step 1 were never retried" in unretried[2]
    assert (
        spread[:2] == (0.0, False)
        and spread[2] is not None
        and spread[2].endswith("retries in lockstep, without jitter")
    )


BUSY_STEP_1 = [  # the runner's workers waited for a core 9% of step 1 (1% at step 0)
    {"index": s, "start": 10.0 * s, "duration": 10.0, "rate": 1.0, "cpu_wait_mean": 1.0 + 8 * s} for s in (0, 1)
]


def test_retries_alike_under_the_advice_on_a_busy_machine_say_the_machine_may_have_made_them_so(tmp_path: Path) -> None:
    """Lockstep read where the runner waited for a core 9% of the step (1% at step 0), the retries back before all of
    the 2 s advised: a service waiting for a core wakes its retries together, so the gate still fails and its cause says
    the spread is partly the machine's (a production release's jittered retries read 0.09 beside a loaded CI)."""
    got = _gates(_report(tmp_path, [([], 0, 0), ([1.8] * 10, 10, 10)], table=BUSY_STEP_1))
    assert got["retry_spread{step=1}"][:2] == (0.0, False)
    assert got["retry_spread{step=1}"][2] == (
        "retry_spread{step=1} is 0.00, past its threshold > 0.1: the 10 first retries at step 1 waited alike (p10 to "
        "the median, over it): retries in lockstep, without jitter: the first retries were timed at step 1, on a busy "
        "machine: the load generator beside the service waited for a core 9% of the step (1% at its quietest), and a "
        "service waiting for a core wakes its retries together, so how alike their waits were is partly the machine's"
    )


def test_retries_that_wait_out_the_advice_in_lockstep_fail_on_a_busy_machine_as_the_releases(tmp_path: Path) -> None:
    """Every retry waits the 2 s advised, no jitter, and a busy service wakes most of them late: 20-600 ms here
    (production's release with jitter 0 beside two spinning processes, load 22: 24-317 ms). Read as shares of the
    advice they spread 0.12, past the gate's 0.1, where the service woke more than half of them a tenth of it late. A
    busy machine only delays a retry: a wait past all of the advice reads as all of it, so lockstep reads 0, and the
    cause names it without the machine."""
    delays = [0.02, 0.03, 0.05, 0.1, 0.28, 0.3, 0.32, 0.33, 0.34, 0.35, 0.36, 0.6]
    late = [2.0 + d for d in delays]
    got = _gates(_report(tmp_path, [([], 0, 0), (late, 12, 12)], table=BUSY_STEP_1))
    assert got["retry_spread{step=1}"][:2] == (0.0, False)
    assert got["retry_spread{step=1}"][2] == (
        "retry_spread{step=1} is 0.00, past its threshold > 0.1: the 12 first retries at step 1 waited alike (p10 to "
        "the median, over it): retries in lockstep, without jitter"
    )
    # Jitter drawn under the advice, the same delays added: back before it, spread past the gate's 0.1 on the same
    # busy machine.
    jittered = [2.0 * (1.0 - 0.5 * ((5 * i) % 12) / 11) + d for i, d in enumerate(delays)]
    got = _gates(_report(tmp_path / "2", [([], 0, 0), (jittered, 12, 12)], table=BUSY_STEP_1))
    assert got["retry_spread{step=1}"][0] > 0.2 and got["retry_spread{step=1}"][1]


def test_retries_all_past_the_advice_on_a_busy_machine_read_their_spread_under_it(tmp_path: Path) -> None:
    """Every first retry back after all of the 2 s advised, 0.3-3 s past it (jitter 0 beside other suites and two
    spinning processes: its service's sleeps up to 2.6 s late; 0.32 as shares, passed): on a busy step only the
    spread under the advice is read, none, and the gate fails named lockstep, with how much spread past the advice was
    read as the machine's. On a quiet machine the same waits are a jitter drawn past the advice, and pass."""
    late = [2.3, 2.4, 2.6, 2.7, 2.9, 3.0, 3.3, 3.5, 3.8, 4.2, 4.6, 5.0]
    got = _gates(_report(tmp_path, [([], 0, 0), (late, 12, 12)], table=BUSY_STEP_1))
    assert got["retry_spread{step=1}"][:2] == (0.0, False)
    assert got["retry_spread{step=1}"][2] == (
        "retry_spread{step=1} is 0.00, past its threshold > 0.1: the 12 first retries at step 1 waited alike (p10 to "
        "the median, over it): retries in lockstep, without jitter: 12 of the 12 first retries at step 1 after an "
        "advised wait came back after all of it, where the load generator beside the service waited for a core 9% of "
        "the step (1% at its quietest): a busy machine only delays a retry, so their spread past it (0.35) is read as "
        "none, where a jitter drawn under the advice would leave some back before it"
    )
    quiet = _gates(_report(tmp_path / "quiet", [([], 0, 0), (late, 12, 12)]))
    assert quiet["retry_spread{step=1}"][0] == pytest.approx(0.35, abs=0.01) and quiet["retry_spread{step=1}"][1]


def test_full_jitter_under_the_retry_after_is_named_apart_from_ignoring_it(tmp_path: Path) -> None:
    """Waits drawn from none to all of a 2 s retry-after (full jitter: the advice read as a ceiling, where honouring
    it waits at least half of it) were named "retry-after ignored", as a service that never read it; a back-off
    that grows past the advice, or one whose retries are nearly all early, still is."""
    jitter = [2.0 * (i + 0.5) / 20 for i in range(20)]  # none to all of it: 10 of 20 within half
    early = _gates(_report(tmp_path, [([], 0, 0), (jitter, 20, 20)]))["retry_early{step=1}"]
    assert early[:2] == (0.5, False) and early[2] is not None
    assert early[2].endswith(
        "10 of the 20 retries at step 1 came back within half the retry-after their error answer advised: full jitter "
        "under the retry-after (a wait drawn from none to all of it)"
    )
    grows = [0.2] * 10 + [0.5] * 4 + [4.0] * 6  # exponential, blind to the advice: past it at its last tries
    early = _gates(_report(tmp_path / "2", [([], 0, 0), (grows, 20, 20)]))["retry_early{step=1}"]
    assert early[2] is not None and early[2].endswith("advised: retry-after ignored")


def test_a_fixed_back_off_a_busy_service_delays_past_half_the_advice_is_still_ignoring_it(tmp_path: Path) -> None:
    """A 0.5 s back-off blind to a 2 s retry-after, its waits stretched to 0.5-1.6 s by a loaded service: half of
    them early, none after all of it, as full jitter's would be; but none back near none of the advice, where an
    eighth of full jitter's are. Named ignored (a matrix case on a crowded machine had been named full jitter)."""
    busy = [0.5 + 1.1 * i / 19 for i in range(20)]  # 0.5 .. 1.6 s: 9 of 20 within half the 2 s
    early = _gates(_report(tmp_path, [([], 0, 0), (busy, 20, 20)]))["retry_early{step=1}"]
    assert early[2] is not None and early[2].endswith(
        "9 of the 20 retries at step 1 came back within half the retry-after their error answer advised: retry-after "
        "ignored"
    )


def test_a_gate_on_what_the_proxy_did_not_measure_fails_and_says_so(tmp_path: Path) -> None:
    got = _gates(_report(tmp_path, [([], 0, 0), ([], 0, 0)]))
    for key in ("retry_early{step=1}", "unretried{step=1}", "retry_spread{step=1}"):
        value, passed, cause = got[key]
        assert value is None and not passed
        assert cause == f"{key} {NO_ERRORS}"


def test_a_share_of_too_few_error_answers_holds_and_the_report_says_so(tmp_path: Path) -> None:
    """3 error answers at step 1, 2 never tried again, and the one retry back at once (67% unretried, 100% early):
    too few to judge, neither a pass nor a fail, said as info; the run ships on them (its other gates held)."""
    scenario = '[gates]\n"retry_early{step=1}" = "< 20%"\n"unretried{step=1}" = "< 50%"\n'
    reported = _report(tmp_path, [([], 0, 0), ([0.4], 3, 1)], scenario)
    assert reported.exit_code == 0
    few = {g.gate.key: g for g in reported.doc.gates}
    assert few["unretried{step=1}"].value == pytest.approx(2 / 3) and few["unretried{step=1}"].passed
    said = {f.title: f.severity for f in reported.doc.findings}
    assert said["unretried{step=1} too few to judge: 3 error answers at step 1, 5 at least give a share"] == "info"
    assert (
        said[
            "retry_early{step=1} too few to judge: 1 retry after an answer that advised a retry-after at step 1, "
            "5 at least give a share"
        ]
        == "info"
    )
    data = orjson.loads((tmp_path / "run" / "report.json").read_bytes())
    assert [g["held"]["as"] for g in data["gates"]] == ["too_few", "too_few"]
    Draft202012Validator(orjson.loads(SCHEMA_PATH.read_bytes())).validate(data)
    assert b'skipped="2"' in (tmp_path / "run" / "junit.xml").read_bytes()
    html = (tmp_path / "run" / "report.html").read_text()
    assert html.count('<span class="verdict no-gates">too few to judge</span>') == 2


def test_a_retry_gate_without_a_fault_proxy_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r'gates."retry_early\{step=1\}": reads what a fault proxy timed'):
        _report(tmp_path, None)
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO + '[target]\nbase_url = "http://127.0.0.1:9"\n')
    with pytest.raises(BadInput, match="add \\[\\[faults\\]\\] in front of the dependency"):  # before any load
        pipeline.rehearse(pipeline.load(scenario), tmp_path / "capture.jsonl.zst", tmp_path / "out")


def test_retry_amplification_with_no_fault_proxy_nor_retries_header_is_bad_input(tmp_path: Path) -> None:
    """It failed as "no data" (exit 1), a release blamed for what its scenario never set up: refused as the retry
    gates are, before any load and by the report. With a retries header set up, a release that never says it fails
    the gate, as a retry gate fails where the proxy measured nothing."""
    gate = '[gates]\n"retry_amplification" = "< 1.5"\n'
    with pytest.raises(BadInput, match=r'"retry_amplification": counts the calls behind each request, .* neither is'):
        _report(tmp_path, None, gate)
    scenario = tmp_path / "s.toml"
    scenario.write_text(gate + '[target]\nbase_url = "http://127.0.0.1:9"\n')
    with pytest.raises(BadInput, match=r"or \[checks\] retries_header \(the header"):  # before any load
        pipeline.rehearse(pipeline.load(scenario), tmp_path / "capture.jsonl.zst", tmp_path / "out")
    said = _report(tmp_path / "said", None, '[checks]\nretries_header = "x-attempted-retries"\n' + gate)
    assert [(g.value, g.passed) for g in said.doc.gates] == [(None, False)] and said.exit_code == 1


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("retry_early{family=long}", "< 20%", "filter by step only"),
        ("unretried", "< 5% @95", "a confidence bound"),
        ("retry_spread", "> 3s", "plain number"),
        ("retry_backoff{step=2}", "< 20%", "takes ms, s, m or h"),
    ],
)
def test_bad_retry_gates(key: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_gate(key, text)


def test_retry_gates_of_the_whole_run_add_up_its_steps(tmp_path: Path) -> None:
    scenario = SCENARIO.replace("{step=1}", "")
    got = _gates(_report(tmp_path, [([0.4] * 5, 10, 5), ([2.5] * 5, 10, 5)], scenario))
    assert got["retry_early"][0] == pytest.approx(0.5) and got["unretried"][0] == pytest.approx(0.5)
    assert got["retry_spread"][0] is not None


def test_a_long_back_off_after_errors_that_advise_no_retry_after_fails_retry_backoff(tmp_path: Path) -> None:
    """503s that advise nothing: the service's own back-off times the retries (production's 0.25-0.5 s)."""
    scenario = '[gates]\n"retry_backoff{step=1}" = "< 1.2s"\n'
    jittered = [0.5 * (1.0 - 0.5 * i / 9) + 0.05 for i in range(10)]
    value, passed, _ = _gates(_report(tmp_path / "a", [([], 0, 0), (jittered, 12, 10)], scenario, float("nan")))[
        "retry_backoff{step=1}"
    ]
    assert value is not None and 0.3 < value < 0.55 and passed
    value, passed, cause = _gates(_report(tmp_path / "b", [([], 0, 0), ([3.0] * 8, 10, 8)], scenario, float("nan")))[
        "retry_backoff{step=1}"
    ]
    assert (value, passed) == (3.0, False) and cause is not None
    assert cause.endswith(
        "the 8 first retries at step 1 after error answers that advised no retry-after waited "
        "3.00 s (median): a long back-off"
    )
    # Retries after 429s that advised a retry-after are not the service's back-off: not measured.
    value, passed, cause = _gates(_report(tmp_path / "c", [([], 0, 0), ([3.0] * 8, 10, 8)], scenario))[
        "retry_backoff{step=1}"
    ]
    assert value is None and not passed and cause is not None and "advised no retry-after" in cause


def _path_faults(rule: str) -> str:
    """A scenario's model fault proxy with ``rule`` (a TOML inline table) at step 1."""
    return f"""
[[faults]]
name = "model"
upstream = "http://127.0.0.1:9"
steps = ["none", "errors"]
[[faults.profiles]]
name = "errors"
rules = [{rule}]
"""


def test_errors_the_scenario_meant_for_another_path_than_the_service_calls_are_named(tmp_path: Path) -> None:
    """A release calling another API (Anthropic's /v1/messages) than the scenario's faults match: its retry
    gates are not measured, and say why (api=anthropic in the demo said only 'no errors')."""
    faults = _path_faults('{ type = "error", path = "/v1/chat/*", status = 503, probability = 0.25 }')
    _, passed, cause = _gates(_report(tmp_path / "a", [([], 0, 0), ([], 0, 0)], SCENARIO + faults))["unretried{step=1}"]
    assert not passed and cause == (
        f"unretried{{step=1}} {NO_ERRORS}: the "
        "model fault proxy's error on /v1/chat/* answered none of its 40 calls at step 1: the service's calls take "
        "another path than /v1/chat/*, where the scenario's faults never reach them"
    )
    # A rule that chance alone may have left silent (1 in 20 over 40 calls) says nothing of paths.
    rare = SCENARIO + faults.replace("probability = 0.25", "probability = 0.05")
    _, _, cause = _gates(_report(tmp_path / "b", [([], 0, 0), ([], 0, 0)], rare))["unretried{step=1}"]
    assert cause == f"unretried{{step=1}} {NO_ERRORS}"


def test_an_outage_window_meant_for_another_path_than_the_service_calls_is_named(tmp_path: Path) -> None:
    """An outage window (every call a 503 from 4 s to 9 s of each 10 s step) on the OpenAI path while the release
    calls Anthropic's: half the step's calls would have met it, so its silence names the path (the demo's
    api=anthropic said only 'no errors' at step 1, whose rules all have windows); a window that opens after the
    step ends met no call by chance alone and says nothing."""
    faults = _path_faults(
        '{ type = "error", name = "outage", path = "/v1/chat/*", status = 503, start = "4s", end = "9s" }'
    )
    unmeasured = f"unretried{{step=1}} {NO_ERRORS}"
    path = (
        "the model fault proxy's error on /v1/chat/* answered none of its 40 calls at step 1: the service's calls "
        "take another path than /v1/chat/*, where the scenario's faults never reach them"
    )
    _, passed, cause = _gates(_report(tmp_path / "a", [([], 0, 0), ([], 0, 0)], SCENARIO + faults))["unretried{step=1}"]
    assert not passed and cause == f"{unmeasured}: {path}"
    late = SCENARIO + faults.replace('start = "4s", end = "9s"', 'start = "12s"')
    assert _gates(_report(tmp_path / "b", [([], 0, 0), ([], 0, 0)], late))["unretried{step=1}"][2] == unmeasured
    # The window hit calls (counted by its name; the proxy counts what it injected by type): the path is right.
    _report(tmp_path / "c", [([], 0, 0), ([], 0, 0)], SCENARIO + faults)
    data = orjson.loads((tmp_path / "c" / "run" / "faults.json").read_bytes())
    data["proxies"][0]["counters"]["segments"][-1] |= {
        "faults": {"error": 20},
        "windows": {"outage": {"start": 4.0, "end": 9.0, "hit": 20}},
    }
    (tmp_path / "c" / "run" / "faults.json").write_bytes(orjson.dumps(data))
    again = pipeline.report(pipeline.judge(tmp_path / "c" / "run"), plots=False)
    assert _gates(again)["unretried{step=1}"][2] == unmeasured


def test_an_error_rule_silent_beside_another_of_its_type_is_named_where_the_proxy_counted_by_rule(
    tmp_path: Path,
) -> None:
    """Two error rules, one on OpenAI's path, one on Anthropic's: the second answered 20 calls, the first none. By type
    (counters before version 2) an error fired, so neither was silent; by rule (H205) the first is named."""
    faults = _path_faults(
        '{ type = "error", path = "/v1/chat/*", status = 503, probability = 0.25 }, '
        '{ type = "error", name = "anthropic", path = "/v1/messages", status = 503, probability = 0.5 }'
    )
    _report(tmp_path, [([], 0, 0), ([], 0, 0)], SCENARIO + faults)
    path = tmp_path / "run" / "faults.json"
    data = orjson.loads(path.read_bytes())
    segment = data["proxies"][0]["counters"]["segments"][-1]
    segment["faults"] = {"error": 20}
    for_rules = segment | {
        "rules": {
            "error": {"type": "error", "does": "error 503, probability 0.25", "hit": 0},
            "anthropic": {"type": "error", "does": "error 503, probability 0.5", "hit": 20},
        }
    }
    causes = []
    for seg in (segment, for_rules):
        data["proxies"][0]["counters"]["segments"][-1] = seg
        path.write_bytes(orjson.dumps(data))
        causes.append(_gates(pipeline.report(pipeline.judge(tmp_path / "run"), plots=False))["unretried{step=1}"][2])
    assert causes == [
        f"unretried{{step=1}} {NO_ERRORS}",
        f"unretried{{step=1}} {NO_ERRORS}: the model fault proxy's error on /v1/chat/* answered none of its 40 calls "
        "at step 1: the service's calls take another path than /v1/chat/*, where the scenario's faults never reach "
        "them",
    ]


@pytest.mark.parametrize(("n", "refused"), [(10, 7), (20, 6)])
def test_a_back_off_not_measured_where_the_service_answered_a_share_of_rows_itself_says_so(
    tmp_path: Path, n: int, refused: int
) -> None:
    """A release whose own concurrency limit answers 503 overloaded to most rows at a step (the matrix's
    concurrency_4), or to a third of them (its step 1, where the cap also spaced out the calls that met the rate
    limit: 12 error answers, production's 55): few calls meet the model's errors, so none is retried after an answer
    that advised no retry-after; the gate says the service answered those rows itself and what it said (main: only
    '2 first retries ..., 5 at least', and with a third of them refused, '4 first retries at step 1 ...' alone). Two
    such retries are too few to judge (H205): the gate holds and says so."""
    busy = '{"error": {"message": "too many requests in flight", "type": "overloaded"}}'
    rows = [Row(family="typical", step=s, prompt=f"question {i} at {s}") for s in range(2) for i in range(n)]
    for r in rows[n : n + refused]:
        r.status, r.body, r.answer = 503, busy, None
    bounds = '[gates]\n"retry_backoff{step=1}" = ["< 1.2s", "> 100ms"]\n'
    run = write_run(tmp_path / "run", rows, bounds)
    counters = _counters([([], 0, 0), ([0.3, 0.4], 3, 2)], float("nan"))
    counters["by_request"] = {f"run/{i}": 1 for i in [*range(n), *range(n + refused, 2 * n)]}
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": counters}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    few = next(g for g in doc.gates if g.held)
    assert few.held is not None and few.held.as_ is HeldAs.TOO_FEW
    assert [f.title for f in doc.findings if f.severity == "info"].count(few.held.why) == 1  # one for both bounds
    assert (
        few.passed
        and few.value == pytest.approx(0.3)
        and few.held.why
        == (
            "retry_backoff{step=1} too few to judge: 2 first retries after an answer that advised no retry-after at "
            "step 1, 5 at least give a back-off"
        )
    )
    proxy["counters"] = _counters([([], 0, 0), ([0.3, 0.4], 3, 2)], 2.0) | {"by_request": counters["by_request"]}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    value, passed, cause = _gates(pipeline.report(pipeline.judge(run), plots=False))["retry_backoff{step=1}"]
    assert value is None and not passed and cause is not None
    assert cause.startswith("retry_backoff{step=1} not measured: no first retry at step 1 followed an answer that")
    assert cause.endswith(
        f"the service answered {refused} of the {n} rows at step 1 itself, without a call upstream: the service says "
        "overloaded (status 503) on 100% of the error rows"
    ), cause
