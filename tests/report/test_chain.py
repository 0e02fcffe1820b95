"""The fallback chain's next call as the fault proxy saw it: a release whose fallback calls the API the scenario's
outage is on (the matrix's secondary_api_openai) is named by that, not by what the service says its last call met
(model_503), and the early "retries" its fallback calls make on the primary's path are named as what they are."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay import pipeline
from replay.faults.counters import Counters
from replay.report.chain import fallback_timed_out
from replay.report.make import frame_of
from replay.report.sections import ReportDoc
from tests.report.rundir import Row, write_run

FAMILIES = ("typical", "long", "code", "multi-turn")
# The outage on the chat API's path (PATH), as the demo's.
SCENARIO = """
name = "chain"
[gates]
"rate(fallback)" = "< 5%"
"retry_early{step=1}" = "< 20%"
[[faults]]
name = "model"
steps = ["none", "outage"]
profiles = [{ name = "outage", rules = [{ type = "error", PATHstatus = 503, retry_after = "1s" }] }]
upstream = "http://127.0.0.1:9"
listen = "127.0.0.1:18001"
[checks]
retries_header = "x-attempted-retries"
[checks.endpoints."POST /api/assist"]
fallback = [{ header = "x-fallback", reason = "x-fallback-reason" }]
path = "header:x-fallback-path"
"""
FAILING = (
    "the fallback calls the failing API: on 100% of the 12 fallback rows at step 1 the call after the primary's 3 "
    "tries met the model fault proxy's errors too, which act on /v1/chat/* alone"
)


def _canned_rows(reason: str, retries: str) -> tuple[list[Row], list[int]]:
    """Two steps of 40 rows answered by the primary, but for 12 at step 1 (the second): the canned apology for
    ``reason`` after ``retries`` retries of the service's own. The rows, and the indices of those 12."""
    rows = [
        Row(family=fam, step=step, prompt=f"{fam} question {i} at {step}", headers={"x-fallback-path": "primary"})
        for step in range(2)
        for fam in FAMILIES
        for i in range(10)
    ]
    canned = {
        "x-fallback": "true",
        "x-fallback-reason": reason,
        "x-fallback-path": "canned",
        "x-attempted-retries": retries,
    }
    fell = [k for k, r in enumerate(rows) if r.step == 1 and int(r.prompt.split()[2]) < 3]
    for k in fell:
        rows[k].answer, rows[k].headers = "Sorry, we cannot answer right now.", canned
    return rows, fell


def _report(tmp_path: Path, failed: int, path: str = "/v1/chat/*", rare: bool = False) -> ReportDoc:
    """Two steps of 40 rows; at step 1 the outage fails the primary's three tries of 12 requests, whose next call
    (the fallback model's) the proxy failed too (``failed`` 4 of their 4 calls) or let through (3), and which got
    the canned apology for model_503. The proxy timed 36 retries after its 503s advising 1 s: the primary's 24
    waited it out, the 12 next calls came at once. ``rare``: beside the outage a 500 on every path that fired on
    none, the proxy counting by rule (counters version 2)."""
    rows, outage = _canned_rows("model_503", "2")
    scenario = SCENARIO.replace("PATH", f'path = "{path}", ' if path else "")
    if rare:
        scenario = scenario.replace('retry_after = "1s" }', 'retry_after = "1s" }, { type = "error", name = "rare", '
                                    'status = 500, probability = 0.01 }')  # fmt: skip
    run = write_run(tmp_path / "run", rows, scenario)
    counters = Counters("none")
    counters.now.requests = 40
    counters.switch("outage", "1")
    seg = counters.now
    seg.requests, seg.answers, seg.retried = 40 + 3 * len(outage), 3 * len(outage), 3 * len(outage)
    seg.faults["error"] = failed * len(outage)
    seg.waited.extend([1.1] * 2 * len(outage) + [0.01] * len(outage))
    seg.advised.extend([1.0] * 3 * len(outage))
    seg.first.extend([1, 0, 0] * len(outage))
    data = counters.snapshot()
    if rare:
        data["segments"][1]["rules"] = {
            "error": {"type": "error", "does": "error 503", "hit": failed * len(outage)},
            "rare": {"type": "error", "does": "error 500, probability 0.01", "hit": 0},
        }
    data["by_request"] = {f"run/{k}": 4 if k in outage else 1 for k in range(len(rows))}
    data["aborted"] = {f"run/{k}": failed for k in outage}
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": data}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_fallback_calls_that_meet_the_primary_apis_outage_are_named_by_it(tmp_path: Path) -> None:
    """Every call of the fallback rows failed at the proxy, the fourth too, and the outage's rule acts on the chat
    API's path alone: the fallback calls that API. The fallback gate and the early retries are named by it (main:
    "the service says model_503 on 100% of the fallback rows", "retry-after ignored")."""
    gates = {g.gate.name: g for g in _report(tmp_path, 4).gates}
    fallback, early = gates["rate(fallback) < 5%"], gates["retry_early{step=1} < 20%"]
    assert not fallback.passed and fallback.cause is not None and fallback.cause.endswith(": " + FAILING)
    assert not early.passed and early.cause == (
        "retry_early{step=1} is 33.33%, past its threshold < 20%: the fallback calls the failing API: 12 requests at "
        "step 1 called again after the primary's tries, 12 of them failed by its errors on /v1/chat/*; the proxy "
        "counts such a call as a retry, at once after the last error, not a retry that ignored the retry-after (12 of "
        "the 36 retries at step 1 came back within half the retry-after)"
    )


def test_a_rule_on_every_path_that_fired_on_none_leaves_the_outage_on_one_path_to_name_it(tmp_path: Path) -> None:
    """Beside the outage on the chat path, a rare 500 on every path that never fired: counted by type, the proxy's
    errors were the scenario's on every path and said nothing of the fallback's API; counted by rule (H205), only
    the outage fired, and it names it."""
    gates = {g.gate.name: g for g in _report(tmp_path, 4, rare=True).gates}
    fallback = gates["rate(fallback) < 5%"]
    assert not fallback.passed and fallback.cause is not None and fallback.cause.endswith(": " + FAILING)


@pytest.mark.parametrize(
    ("failed", "path"),
    [
        (3, "/v1/chat/*"),  # the next call got through and failed by itself (secondary_timeout): not the API's outage
        (4, ""),  # the outage on every path: the fallback's calls met it wherever they went, the scenario's doing
    ],
)
def test_a_fallback_call_not_failed_by_a_fault_on_one_path_is_not_named_so(
    tmp_path: Path, failed: int, path: str
) -> None:
    doc = _report(tmp_path, failed, path)
    assert not [g for g in doc.gates if g.cause and "the fallback calls the failing API" in g.cause]
    early = next(g for g in doc.gates if g.gate.key == "retry_early{step=1}")
    assert early.cause is not None and early.cause.endswith(": retry-after ignored")


def _fallback_proxy_run(tmp_path: Path, reason: str, behind: str = "fallback") -> Path:
    """Two steps of 40 rows, 12 of which at step 1 the outage failed for good (the model's proxy failed their three
    tries) and which got the canned answer for ``reason``: their next call went through the proxy ``behind`` (the
    demo's ``fallback``, before the fallback model alone; ``model``: the same proxy as the primary's), where the
    service left every one unanswered."""
    rows, outage = _canned_rows(reason, "2")
    fallback_proxy = (
        '[[faults]]\nname = "fallback"\nsteps = ["none", "slow"]\nupstream = "http://127.0.0.1:9"\n'
        'listen = "127.0.0.1:18003"\nprofiles = [{ name = "slow", rules = [{ type = "latency", delay = "2s" }] }]\n'
    )
    run = write_run(
        tmp_path / "run", rows, SCENARIO.replace("PATH", "").replace("[checks]", fallback_proxy + "[checks]")
    )
    model, fallback = Counters("none"), Counters("none")
    model.now.requests = 40
    model.switch("outage", "1")
    model.now.requests = 40 + 3 * len(outage)
    model.now.faults["error"] = 3 * len(outage)
    fallback.now.requests = 0
    fallback.switch("slow", "1")
    fallback.now.requests = fallback.now.errors = len(outage)
    fallback.now.faults["latency"] = len(outage)
    ids = {
        "model": {f"run/{k}": 3 if k in outage else 1 for k in range(len(rows))},
        "fallback": {f"run/{k}": 1 for k in outage},
    }
    if behind == "model":  # every row called the proxy: it stands before the primary too, not the fallback alone
        ids["fallback"] |= {f"run/{k}": 1 for k in range(len(rows)) if k not in outage}
    aborted = {"model": {f"run/{k}": 3 for k in outage}, "fallback": {}}
    proxies = [
        {
            "name": name,
            "upstream": "http://127.0.0.1:9",
            "counters": c.snapshot() | {"by_request": ids[name], "aborted": aborted[name]},
        }
        for name, c in (("model", model), ("fallback", fallback))
    ]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    return run


@pytest.mark.parametrize("reason", ["timeout", "budget"])
def test_fallback_calls_the_service_gave_up_on_behind_a_proxy_of_their_own_are_the_fallback_model_timing_out(
    tmp_path: Path, reason: str
) -> None:
    """A second proxy in front of the fallback model alone (the demo's ``fallback``), which only the 12 requests the
    outage failed for good called and every call of which the service left unanswered: the fallback gate is named by
    the fallback model timing out (main: "the service says timeout on 100% of the fallback rows", the primary's word
    as much as the fallback's). The model's proxy, which every row called, is never read so. Where the service says
    another reason (its budget for the whole request ran out during those calls: the matrix's budget_3), that leads,
    and the calls given up on are said with it, not as the fallback model's timeout (main: "its timeout for the
    fallback model, shorter than the model took" under budget too)."""
    judged = pipeline.judge(_fallback_proxy_run(tmp_path, reason))
    gave_up = fallback_timed_out(judged, frame_of(judged), 1)
    assert gave_up is not None and gave_up.timeout is (reason == "timeout")
    doc = pipeline.report(judged, plots=False).doc
    cause = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%").cause or ""
    evidence = [e for f in doc.findings for e in f.evidence or []]
    if reason == "budget":  # the service's own reason, its budget for the request spent on the calls (budget_3)
        assert cause.endswith(": the service says budget on 100% of the fallback rows"), cause
        assert not [e for e in evidence if "timed out" in e or "its timeout" in e]
        assert (
            "the fallback model did not answer in time: the service gave up on 100% of its 12 calls through the "
            "fallback fault proxy at step 1, which only requests the primary had failed called, before they answered; "
            "the service says budget, not timeout, on 100% of the 12 fallback rows there: a limit of its own ran out "
            "during those calls"
        ) in evidence
        return
    assert "the fallback model timed out: the service gave up on 100% of its 12 calls through the fallback" in cause


def test_a_proxy_the_primary_path_calls_too_is_not_the_fallbacks(tmp_path: Path) -> None:
    """The same calls given up on, through a proxy rows answered by the primary called too: it is not the fallback
    model's alone (main's rule of thumb, calls no more than the rows off the primary path, held it so wherever those
    rows were as many as its calls), so nothing says the fallback model timed out."""
    doc = pipeline.report(pipeline.judge(_fallback_proxy_run(tmp_path, "timeout", "model")), plots=False).doc
    assert not [e for f in doc.findings for e in f.evidence or [] if "the fallback model timed out" in e]


def test_another_proxys_errors_are_not_read_as_the_model_proxys(tmp_path: Path) -> None:
    """Two proxies, errors on the second alone: a search proxy 503s both search calls of 12 requests at step 1,
    which the model's proxy (faults.0, no error rule) answered twice each (the primary, then the fallback on the same
    API) and which got the canned answer for a reason of the service's own. The search's failed calls are not the
    model's: the report neither says the fallback calls the failing API (the search proxy's errors on /search) nor
    that a fault proxy failed the rows' calls (main: "aborted" summed over both proxies against the model proxy's
    calls, 2 of 2, read as the model's proxy failing every call of theirs)."""
    rows, failed = _canned_rows("invalid_output", "0")
    proxies = (
        '[[faults]]\nname = "model"\nsteps = ["none", "slow"]\nupstream = "http://127.0.0.1:9"\n'
        'listen = "127.0.0.1:18001"\nprofiles = [{ name = "slow", rules = [{ type = "latency", delay = "10ms" }] }]\n'
        '[[faults]]\nname = "search"\nsteps = ["none", "down"]\nupstream = "http://127.0.0.1:9"\n'
        'listen = "127.0.0.1:18002"\n'
        'profiles = [{ name = "down", rules = [{ type = "error", path = "/search", status = 503 }] }]\n'
    )
    head, checks = SCENARIO.split("[[faults]]")[0], SCENARIO.split("[checks]")[1]
    run = write_run(tmp_path / "run", rows, head + proxies + "[checks]" + checks)
    ids = {f"run/{k}": 2 if k in failed else 1 for k in range(len(rows))}
    counted = []
    for name, profile, fault, fired in (("model", "slow", "latency", 40 + 24), ("search", "down", "error", 24)):
        c = Counters("none")
        c.now.requests = 40
        c.switch(profile, "1")
        c.now.requests, c.now.faults[fault] = 40 + 24, fired
        data = c.snapshot() | {
            "by_request": ids,
            "aborted": {f"run/{k}": 2 for k in failed} if fault == "error" else {},
        }
        counted.append({"name": name, "upstream": "http://127.0.0.1:9", "counters": data})
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": counted}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    fallback = next(g for g in doc.gates if g.gate.name == "rate(fallback) < 5%")
    assert not fallback.passed and fallback.cause is not None
    assert "the fallback calls the failing API" not in fallback.cause
    assert "after a fault proxy failed their call" not in fallback.cause


def test_amplification_counts_a_requests_calls_to_the_dependency_it_called_most(tmp_path: Path) -> None:
    """The 12 requests at step 1 called the model three times and the fallback model once behind its own proxy, every
    request the search once, through a proxy listed first: amplification counts the three calls to the model (a
    retry calls the same dependency again; the fallback's is another's first), 1.60 at step 1, not 1.90 (every
    model call) nor 1.00 (main: the first proxy counting ids, the search's, read for the model's)."""
    run = _fallback_proxy_run(tmp_path, "timeout")
    proxies = orjson.loads((run / "faults.json").read_bytes())["proxies"]
    search = Counters("none")
    search.now.requests = 40
    search.switch("slow", "1")
    search.now.requests = 40
    ids = {f"run/{k}": 1 for k in range(80)}
    first = {"name": "search", "upstream": "http://127.0.0.1:9", "counters": search.snapshot() | {"by_request": ids}}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [first, *proxies]}))
    doc = pipeline.report(pipeline.judge(run), plots=False).doc
    assert [s.retry_amplification for s in doc.steps] == [1.0, 1.6]
    assert doc.amplification.value == pytest.approx(1.3) and doc.amplification.source == "request"


def _error_bodies(
    tmp_path: Path, also: bool = False, own: bool = False, failed: bool = False, drift: bool = False
) -> ReportDoc:
    """Two steps of 40 rows, production's all on the primary path; at step 1 an error rule of status 200 answered 14
    of the model's 40 calls with an error body, and the service fell back on 14 requests: 10 answered by the secondary
    model, 4 by the canned apology. ``also``: a 503 rule fired there too. ``own``: the model sent the 14 bodies by
    itself, no rule firing (the proxy's ``error_bodies``). ``failed``: the service answered those 10 rows 502, not by
    the secondary model (a gate on the error class, not the fallback's). ``drift``: the secondary model's version
    header is compared with production's, and gates on the drift class (the run's, the long family's) are set."""
    rows, _ = _canned_rows("model_error", "0")
    secondary = [r for r in rows if r.step == 1 and not r.headers.get("x-fallback")][:10]
    for r in rows:
        r.baseline_headers = {"x-fallback-path": "primary"}
        r.headers = (
            {"x-fallback-path": "secondary"} | ({"x-model-version": "m-2"} if drift else {})
            if r in secondary
            else r.headers
        )
    canned = [r for r in rows if r.headers.get("x-fallback")]
    rows = [r for r in rows if r not in canned[4:]]
    for r in secondary if failed else ():
        r.status, r.answer, r.headers = 502, None, {}
    scenario = SCENARIO.replace('"retry_early{step=1}" = "< 20%"\n', "").replace(
        '{ type = "error", PATHstatus = 503, retry_after = "1s" }',
        '{ type = "error", name = "wrong-shape", status = 200, probability = 0.3 }, { type = "error", status = 503 }',
    )
    if drift:
        scenario = (
            scenario.replace("[gates]\n", '[gates]\n"rate(drift)" = "< 5%"\n"rate(drift){family=long}" = "< 5%"\n')
            + '[checks.baseline]\nheaders = ["x-model-version"]\n'
        )
    run = write_run(tmp_path / "run", rows, scenario)
    counters = Counters("none")
    counters.now.requests = 40
    counters.switch("outage", "1")
    counters.now.requests = 40
    counters.now.faults["error"] = 14 * (not own) + 2 * also
    counters.now.error_bodies[200] = 14 * own
    data = counters.snapshot()
    data["segments"][1]["rules"] = {
        "wrong-shape": {"type": "error", "does": "error 200, probability 0.3", "hit": 14 * (not own)},
        "error": {"type": "error", "does": "error 503", "hit": 2 * also},
    }
    proxy = {"name": "model", "upstream": "http://127.0.0.1:9", "counters": data}
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": [proxy]}))
    return pipeline.report(pipeline.judge(run), plots=False).doc


def test_fallbacks_set_off_by_error_bodies_under_a_success_status_are_said_and_explain_the_fallback_gate(
    tmp_path: Path,
) -> None:
    """The matrix's wrong_shape: the model answered 200 with an error body, the service fell back, and the report said
    nothing of why (main: the fallback gate named only by its own figures, the secondary's rows by no finding at all).
    Where a 503 fired there too, it explains them, and this says nothing."""
    doc = _error_bodies(tmp_path)
    (trigger,) = [f for f in doc.findings if f.kind == "trigger"]
    assert trigger.title == (
        "14 of the 32 rows at step 1 went off the primary path (44%; production's replies to the same prompts 0%) "
        "where no call the fault proxies failed had an error status: the model fault proxy's rule 'wrong-shape' (error "
        "200, probability 0.3) answered 14 of its 40 calls with an error body under status 200, which the service read "
        "as failed answers"
    )
    assert (trigger.steps, trigger.classes, trigger.gates) == ([1], ["fallback"], ["rate(fallback) < 5%"])
    assert doc.gates[0].finding == trigger.id
    assert not [f for f in _error_bodies(tmp_path / "also", also=True).findings if f.kind == "trigger"]


def test_fallbacks_set_off_by_the_upstreams_own_error_bodies_are_said_and_explain_the_fallback_gate(
    tmp_path: Path,
) -> None:
    """The model itself answered 14 of its calls 200 with an error body (a gateway's {"error": ...}), no rule firing:
    the proxy counted them, and the finding names the upstream, not a rule (main: only the paths' shares moved)."""
    doc = _error_bodies(tmp_path, own=True)
    (trigger,) = [f for f in doc.findings if f.kind == "trigger"]
    assert trigger.title.endswith(
        "where no call the fault proxies failed had an error status: the upstream behind the model fault proxy "
        "answered 14 of its 40 calls with an error body under status 200 by itself (no fault rule), which the service "
        "read as failed answers"
    )
    assert doc.gates[0].finding == trigger.id
    assert not [f for f in _error_bodies(tmp_path / "also", also=True, own=True).findings if f.kind == "trigger"]


def test_rows_another_model_answered_after_error_bodies_name_why_on_their_class_gates(tmp_path: Path) -> None:
    """The 10 rows the secondary model answered after the model's own error bodies are drift (its version header):
    the drift gates, the long family's too, name what sent them off the primary path, with the version that
    answered them beside it (main: the trigger finding about the fallback class alone, the drift gates named only
    by the model version, what answered them, and the long family's by nothing of why)."""
    doc = _error_bodies(tmp_path, own=True, drift=True)
    (trigger,) = [f for f in doc.findings if f.kind == "trigger"]
    assert trigger.classes == ["fallback", "drift"]
    drift = [g for g in doc.gates if g.gate.name.startswith("rate(drift)")]
    assert len(drift) == 2 and all(not g.passed and g.finding == trigger.id for g in drift)
    assert "'m-1' in production, 'm-2' now on 100% of the drift rows" in " ".join(trigger.evidence or [])


def test_rows_failed_on_the_upstreams_own_error_bodies_explain_the_error_gate(tmp_path: Path) -> None:
    """The service answered 502 to 10 of the requests the model's error bodies met: the error class rose, and the
    finding is about it, so that a failed gate on it nothing else names links here."""
    doc = _error_bodies(tmp_path, own=True, failed=True)
    (trigger,) = [f for f in doc.findings if f.kind == "trigger"]
    assert trigger.title.startswith(
        "10 of the 32 rows at step 1 failed with an error (31%; production's replies to the same prompts 0%) where no "
        "call the fault proxies failed had an error status: the upstream behind the model fault proxy answered 14"
    )
    assert trigger.classes == ["error"], "the 4 canned apologies are too few to say"
