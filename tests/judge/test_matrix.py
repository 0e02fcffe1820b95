"""The demo with one knob changed at a time (``tests.judge.matrix``): per case, the class that rises and
the finding that names the cause; production against production raises no gate and no warning
(one seed here, more in ``matrix.EXTRA``) but those the report finds a busy machine failed (``busy``).
Every case is a real ``replay rehearse`` of ``scenarios/demo.toml`` (shortened to a few hundred rows, its
SLO and p99 gates a second longer: ``matrix.SLACK``) against a real assistant, model and fault proxy; the
cases run three at a time (``matrix.PARALLEL``). The bundled candidate (three regressions at once) is
tests/demo/test_cli.py's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from replay import pipeline
from replay.demo.world import Egress
from replay.report.retries import LOCKSTEP_SAID
from tests.conftest import TIMING
from tests.judge.matrix import CASES, SCENARIO, SINGLE, _sets, run_cases

pytestmark = [pytest.mark.e2e, TIMING, pytest.mark.timeout(900)]

Report = dict[str, Any]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, Report | None, str]]:
    return run_cases(list(CASES.values()), tmp_path_factory.mktemp("matrix"))


def case(matrix: dict[str, tuple[int, Report | None, str]], name: str, code: int = 1) -> Report:
    got, report, tail = matrix[name]
    assert got == code and report is not None, f"{name}: exit {got}: {tail}"
    return report


def finding(report: Report, kind: str, cls: str | None = None) -> dict[str, Any]:
    for f in report["findings"]:
        if f["kind"] == kind and (cls is None or cls in (f.get("classes") or ())):
            return f
    raise AssertionError(f"no {kind} finding about {cls}: {[(f['kind'], f['title']) for f in report['findings']]}")


def failed(report: Report) -> dict[str, dict[str, Any]]:
    """The failed gates by name, each with its finding's evidence (``evidence``) beside its cause."""
    evidence = {f["id"]: f.get("evidence") or [] for f in report["findings"]}
    return {g["name"]: g | {"evidence": evidence.get(g.get("finding"), [])} for g in report["gates"] if not g["passed"]}


def busy(gates: dict[str, dict[str, Any]]) -> None:
    """Drop from ``gates`` those a crowded machine fails, which no case here is about. availability{step=3} where a
    collapse at that step names it: with the model 4 s slow, any release's replies come within two seconds of the
    matrix's SLO there (of the demo's, one: ``matrix.SLACK``), and a machine running six cases and other tests slows
    the model's own answers (p99 1.98 s, median 0.58 s seen) past it. A gate whose slow rows the judge found sent on
    a busy machine (the load generator beside the service waiting for a core, replay.report.reasons.busy_evidence),
    in its cause or beside it (a p99 at the step where the model was made 4 s slow: 9.63 s, named by that injection,
    the machine's share said after it),
    or whose first retries it timed there, some back before the retry-after advised (busy_retries: production's
    jittered retries read 0.09 beside a loaded CI, woken together by a service waiting for a core). And step 0's
    median against production's: the capture ran one release alone, the cases run several at once on one model and one
    search, whose answers the sharing slows (777-835 ms against 506-527 ms, 1.5-1.6x, in CI runs at load 12-17, named
    by the busy machine or, rightly, by the model's Server-Timing: "model took 0.63 s against production's 0.45 s"),
    where unchanged releases read 0.92-1.10 on a quiet machine; the gate's cases are ``matrix.SINGLE``'s (latency_mild
    ...), and unknown_model_chain's test names its own."""
    gate = gates.get("availability{step=3} > 95% @95")
    if gate is not None and gate["cause"].startswith("collapse at step 3 "):
        del gates["availability{step=3} > 95% @95"]
    for name in [
        n for n, g in gates.items() if any(", on a busy machine: " in e for e in [g["cause"], *g["evidence"]])
    ]:
        del gates[name]
    gates.pop("p50{step=0} < 150% production", None)


def causes(report: Report) -> list[dict[str, Any]]:
    """The report's release-wide causes (cause and broad findings) but those that explain only gates ``busy`` drops
    (step 0's median 2.0x the capture's on the crowded matrix: "latency from the first step ... the model upstream
    itself took 0.54 s to answer, no injected delay", a CI run at load 10)."""
    gates = failed(report)
    kept = dict(gates)
    busy(kept)
    crowded = set(gates) - set(kept)
    return [
        f
        for f in report["findings"]
        if f["kind"] in ("cause", "broad") and not (f.get("gates") and set(f["gates"]) <= crowded)
    ]


def assert_explained(report: Report) -> None:
    """Every failed gate names the finding that explains it, and the top finding explains one."""
    titles = {f["title"] for f in report["findings"]}
    for name, g in failed(report).items():
        assert g["cause"] in titles, (name, g["cause"])
    assert report["findings"][0].get("gates"), report["findings"][0]


def test_a_token_limit_under_some_answers_is_truncation_named_by_the_token_limit(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "max_tokens")
    # A fifth of the answers (the longer ones, in most families) are cut: the truncation gate's own finding names
    # the token limit, and explains goodput too (not the retries header the answered rows carry). When step 0 cut as
    # many as the later steps (the answers' lengths vary), a cause from the first step names it instead (21% at
    # step 0, 19-25% after it, seen once at load ~19): its evidence, the token limit.
    gates = failed(r)
    busy(gates)
    cause = gates.pop("rate(truncated) < 2%")["cause"]
    f = next(x for x in r["findings"] if x["title"] == cause)
    said = " ".join([f["title"], f["detail"], *f.get("evidence", ())])
    assert "finish_reason length" in cause and "finish_reason length: the model hit its token limit" in said, said
    assert all(g["cause"] == cause for g in gates.values()) and set(gates) <= {"goodput > 80%"}
    assert all(f["severity"] == "info" for f in r["findings"] if f["kind"] == "signal")
    # Flat from the first step: not load. The rate-limited step's clumps may still push its fallbacks past
    # the collapse rule on a loaded machine: a collapse there, never later.
    assert r["collapse"]["step"] in (None, 1)
    assert_explained(r)


def test_retrieval_timeout_is_a_retrieval_miss_named_by_the_service_signal(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "retrieval_timeout")
    f = finding(r, "broad", "retrieval_miss")
    # Production's capture misses now and then itself: a search past its 1 s timeout on a loaded machine.
    assert "x-retrieval: miss on" in f["evidence"][0] and re.search(r"\(production [0-4]%\)", f["evidence"][0])
    assert any("cite other sources than production's" in e for e in f["evidence"])
    assert failed(r)["rate(retrieval_miss) < 5%"]["cause"] == f["title"]
    signal = next(s for s in r["signals"] if s["signal"] == "retrieval_miss")
    assert signal["rate"] > 0.5 and signal["production"] < 0.05
    assert r["collapse"]["step"] is None
    assert_explained(r)


def test_an_unknown_model_id_is_a_cause_from_the_first_step_not_a_collapse(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "unknown_model")
    f = finding(r, "cause", "fallback")
    assert "from the first step, flat across steps" in f["title"] and "model_404" in f["title"]
    assert any("x-model-version support-mini-2025-01 in staging" in e for e in f["evidence"])
    assert r["collapse"]["step"] is None and r["collapse"]["from_start"]
    assert not [x for x in r["findings"] if x["kind"] == "collapse"]
    assert failed(r)["availability{step=3} > 95% @95"]["cause"] == f["title"]
    assert r["findings"][0] == f
    assert_explained(r)


def test_an_unknown_model_id_behind_a_fallback_model_is_drift_named_by_the_404_and_the_fallback_model(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "unknown_model_chain")
    # Every request: the primary's 404 through the fault proxy, then the fallback model on the other provider's API,
    # past the proxy (one call a request where the proxy counts). Its answers are another model's: drift, named by
    # the model API's 404s to the primary's calls and by the fallback model's version (in the title or its evidence:
    # a broad drift finding or the version header's signal, by how many rows drifted); not load.
    gates = failed(r)
    drift = gates.pop("rate(drift) < 5% @95")["cause"]
    f = next(x for x in r["findings"] if x["title"] == drift)
    said = " ".join([f["title"], *f.get("evidence", ())])
    assert "the model upstream itself answered 404" in said and "support-claude-2024-10" in said, said
    # each family's drift gate and goodput: by the same finding, or on their own rows by the 404s that sent them down
    # the fallback chain (before the version header that only says which model answered)
    named = {n: g["cause"] for n, g in gates.items() if n.startswith("rate(drift)") or n == "goodput > 80%"}
    assert all(c == drift or "the model upstream itself answered 404" in c for c in named.values()), named
    # Anything else is the slow steps' (the 4 s slow primary's 404, then the fallback model): a collapse, named; or
    # latency from the first step named by the 404s: two calls a request where production makes one, which a loaded
    # machine makes 2.1-4.6x production's median at step 0 (load 12-17, 4 runs of 13), "latency from the first step",
    # and the p99 gates with it where that shift is what put them past their bound (3.97 s against 0.71 s in CI).
    collapses = {x["title"] for x in r["findings"] if x["kind"] == "collapse"}
    rest = {n: g["cause"] for n, g in gates.items() if n not in named and g["cause"] not in collapses}
    assert all(
        n.startswith(("p50", "p99")) and "the model upstream itself answered 404" in c for n, c in rest.items()
    ), gates
    assert not r["collapse"]["from_start"]
    assert_explained(r)


def test_no_fallback_model_behind_an_outage_is_named_by_the_chain(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "no_secondary")
    # The outage (the model's API answering 503 from 4 s to 9 s into step 1) fails the primary for good on the
    # requests that meet it thrice: production's fallback model answers them, this release apologises.
    gates = failed(r)
    busy(gates)
    cause = gates.pop("rate(fallback){step=1} < 5% @95")["cause"]
    assert "no fallback model answered: " in cause and "took the canned path" in cause
    assert "after a fault proxy failed their call, and every answer came from support-mini-2024-07" in cause
    assert all(g["cause"] == cause for g in gates.values()), gates
    assert set(gates) <= {"rate(fallback) < 5%", "rate(fallback){family=long} < 5%", "goodput > 80%"}
    assert r["collapse"]["step"] == 1
    c = finding(r, "collapse")
    # the outage said once, by its share of the calls and its window (report.seen, H210)
    assert c["title"] == cause and any("injected" in e and "'outage' (error 503" in e for e in c["evidence"])
    assert_explained(r)


def test_a_shorter_context_that_keeps_the_question_is_context_loss_by_the_prompt_tokens(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "context_limit")
    f = finding(r, "context_loss")
    # The long prompts alone run past 1,500 characters; their answers read as production's (the question at the
    # end survives), but the model was sent a fraction of their tokens.
    assert f["families"] == ["long"] and "of production's prompt tokens (median)" in f["detail"]
    assert failed(r)["rate(drift){family=long} < 5% @95"]["cause"] == f["title"]
    assert not causes(r)
    # Not load: no collapse, or (twice in CI runs at load 5-10, never on a quiet machine) one at the 4 s step,
    # whose replies come within two seconds of the matrix's SLO for any release; the gates above stay named by the
    # context.
    assert r["collapse"]["step"] in (None, 3)
    assert_explained(r)


def test_retry_regression_alone_collapses_under_injected_latency(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "retries")
    titles = [f["title"] for f in r["findings"]]
    # "latency" or "faults": the steps' profiles hold the rate limit of step 1 too
    fallback = next(t for t in titles if t.startswith("fallback rate rises with injected upstream"))
    assert ": the service says budget on " in fallback  # its mechanism, in the title: the budget ran out
    assert any(t.startswith("retry amplification rises with injected upstream") for t in titles)
    # 4 s of injected latency is past the 2 s model timeout; on a crowded machine 1 s may already be, and so may the
    # rate-limited step 1, where this release retries in lockstep (seen once in a whole suite's run at -n 3)
    collapse = r["collapse"]
    assert collapse["step"] in (1, 2, 3) and not collapse["from_start"], collapse
    assert collapse["step"] == 1 or "slow-" in collapse["label"], collapse
    assert r["amplification"]["source"] == "request"  # counted per request id, in the request's step
    # No release-wide cause, but latency from the first step where the rate limit is: this release ignores
    # its retry-after and retries in lockstep there, so it may be slower from that step on.
    found = [f for f in r["findings"] if f["kind"] in ("cause", "broad")]
    assert all(f["title"].startswith("latency from the first step") for f in found), found
    assert r["steps"][3]["availability"] < 0.9 <= r["steps"][0]["availability"]
    # Three attempts a request where the budget allows; a loaded machine's slower service fits fewer (1.87 seen).
    assert r["steps"][3]["retry_amplification"] >= 1.5 > r["steps"][0]["retry_amplification"]
    # At the rate-limited step the fault proxy timed the retries: back long before the 2 s retry-after. (Its
    # unjittered 0.25 s back-off may fail the spread gate too, named lockstep, 0.075 seen; not asserted: the service's
    # own overhead, some 0.1 s on a loaded machine, can spread so short a wait as much as jitter would.)
    assert failed(r)["retry_early{step=1} < 20%"]["cause"].endswith("retry-after ignored")
    assert_explained(r)


def test_refusal_regression_alone_is_over_refusal(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "refusals")
    f = finding(r, "over_refusal")
    assert "code" in f["families"]
    assert failed(r)["rate(refusal) < 2%"]["cause"] == f["title"]
    assert r["collapse"]["step"] is None and r["steps"][3]["availability"] >= 0.9  # refusals are answers
    assert_explained(r)


def test_a_long_back_off_fails_the_back_off_gate_and_nothing_else(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "backoff")
    # Production's release honours retry-after (the 429s at step 1): its back-off shows only after the 503s that
    # advise none (step 2), where it waited 2-4 s (production: 0.25-0.5 s).
    gates = failed(r)
    busy(gates)
    assert gates.pop("retry_backoff{step=2} < 1.5s")["cause"].endswith("(median): a long back-off")
    # Two 503s in a row wait 4-8 s on top of two 1 s calls: past p99's bound, a collapse named by the back-off.
    assert all(n.startswith("p99 <") and g["cause"].endswith(": a long back-off") for n, g in gates.items()), {
        n: g["cause"] for n, g in gates.items()
    }
    assert not causes(r)
    assert_explained(r)


def test_retries_without_jitter_fail_the_spread_gate_named_lockstep(matrix) -> None:  # type: ignore[no-untyped-def]
    r = case(matrix, "jitter_0")
    # Each retry after the rate limit's 429s waits the retry-after advised, no less, and a wait just past all of it
    # reads as all of it (replay.faults.counters.PAST): lockstep reads none however late a busy service wakes most of
    # its retries (as shares of the advice they read 0.06 beside two spinning processes, and passed the gate in a CI
    # run), and no busy machine is its excuse: every first retry waited all of the advice, which jitter drawn under it
    # would not (reasons.busy_retries). Production's: about 0.27, 0.12-0.35 beside two spinning processes.
    gates = failed(r)
    spread = gates.pop("retry_spread{step=1} > 0.1", None)
    assert spread is not None, [g for g in r["gates"] if g["metric"].startswith("retry_spread")]
    assert spread["value"] < 0.1 and LOCKSTEP_SAID in spread["cause"], spread
    assert not [e for e in [spread["cause"], *spread["evidence"]] if ", on a busy machine: " in e], spread
    busy(gates)
    assert gates == {} and not causes(r)
    assert_explained(r)


@pytest.mark.parametrize("seed", [11])  # more seeds: matrix.EXTRA's aa-12 ... aa-28
def test_production_against_production_raises_nothing(matrix, seed: int) -> None:  # type: ignore[no-untyped-def]
    got, r, tail = matrix[f"aa-{seed}"]
    assert r is not None, tail
    gates = failed(r)
    busy(gates)  # exit 1 then, on the crowded machine's account
    assert gates == {} and got in (0, 1) and (got == 0) == (failed(r) == {})
    # The generator's own note (this matrix shares two cores with other work) is about the load
    # generator, not the release: every other finding stays below warning level, but those of the gates busy() drops.
    crowded = set(failed(r))
    loud = [f for f in r["findings"] if f["severity"] != "info" and f["kind"] != "generator"]
    assert [f for f in loud if not f.get("gates") or not set(f["gates"]) <= crowded] == [], loud
    assert r["collapse"]["step"] is None and not r["collapse"]["from_start"]


def test_report_files_of_every_case(matrix) -> None:  # type: ignore[no-untyped-def]
    for name, (_, report, _) in matrix.items():
        assert report is not None and (Path(report["run"]["path"]) / "report.html").exists(), name


@pytest.mark.parametrize("name", [n for n, c in SINGLE.items() if c.rules or c.search_rules])
def test_every_case_with_faults_makes_a_scenario_that_loads(name: str) -> None:
    """The demo's fault profiles with a case's rules (on the model's proxy, or the search's) added load (no case ends
    in bad input before its run: the inflight_* cases, whose step-3 rules were made whole, were refused for two rules
    named 'latency'). Milliseconds. Nothing listens: the proxy's port only differs from its upstream's (a proxy in
    front of itself is refused)."""
    egress = Egress.of([f.name for f in pipeline.load(SCENARIO).faults], "http://127.0.0.1:9", "http://127.0.0.1:8")
    pipeline.load(SCENARIO, "http://127.0.0.1:9", _sets(SINGLE[name], egress))
