"""Reading the fault proxies' counters of a run (``faults.json``)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay import pipeline
from replay.errors import BadInput
from replay.judge.upstream import CameBack, RuleHits, read_proxies
from tests.report.rundir import Row, write_run


def test_a_run_with_fault_proxies_but_no_faults_json_is_damaged_not_judged_without_them(tmp_path: Path) -> None:
    """H148's battery deleted faults.json of a finished run whose steps went through a fault proxy: the report
    judged it as a run without proxies (exit 0, no upstream evidence); it is a damaged directory, as a missing
    results.jsonl is."""
    steps = [{"index": 0, "start": 0.0, "duration": 10.0, "rate": 10.0, "faults": "model=slow"}]
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], steps=steps)
    with pytest.raises(BadInput) as e:
        pipeline.judge(run)
    assert str(e.value) == (
        f"{run / 'faults.json'}: is missing, though the run's steps went through fault proxies (model=slow); "
        "the run directory is damaged: copy it whole from where it ran, or re-run"
    )
    plain = write_run(tmp_path / "plain", [Row() for _ in range(5)])  # no proxies: nothing to miss
    assert pipeline.judge(plain).run.info.steps[0].faults == ""
    # H220's crash battery: a fault proxy killed as it started failed the run before its first send, no counters
    # ever written; 'replay report' offered --partial, which refused it as damaged
    unsent = [Row(outcome="unsent") for _ in range(5)]
    early = write_run(tmp_path / "early", unsent, steps=steps, status="failed")
    assert pipeline.report(pipeline.judge(early, partial=True), plots=False).exit_code == 3


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"proxies": [{"name": 3, "upstream": "u", "counters": None}]}, 'not the counters the run wrote ({"proxies"'),
        ({"proxies": "x"}, 'not the counters the run wrote ({"proxies"'),
        ({}, 'not the counters the run wrote ({"proxies"'),
        ({"proxies": []}, "lists no fault proxy, though the run's steps went through some (model=slow)"),
    ],
    ids=["name 3", "proxies a string", "no proxies key", "no proxies"],
)
def test_faults_json_without_the_proxies_the_steps_went_through_is_damaged(
    tmp_path: Path, data: dict[str, object], said: str
) -> None:
    """H220's battery: a proxy named 3 was a traceback at report.json's write (a dict key not a string); a
    faults.json without its "proxies" judged the run as one no proxy counted (exit 0 on the counters gone)."""
    steps = [{"index": 0, "start": 0.0, "duration": 10.0, "rate": 10.0, "faults": "model=slow"}]
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], steps=steps)
    (run / "faults.json").write_bytes(orjson.dumps(data))
    with pytest.raises(BadInput) as e:
        read_proxies(pipeline.judge(run).run)
    assert str(e.value).startswith(f"{run / 'faults.json'}: {said}"), str(e.value)


def test_every_proxys_call_time_is_read_per_step_weighted_by_its_calls(tmp_path: Path) -> None:
    """Each fault proxy's call time (the search's, the fallback model's), not only the one counting request ids: the
    time a row spent in every dependency it called, of the calls the upstream answered where faults.json says (every
    call's in an older one). main kept the model proxy's alone, every call's."""
    steps = [{"index": 0, "start": 0.0, "duration": 10.0, "rate": 10.0, "faults": "model=none,search=none"}]
    run = write_run(tmp_path / "run", [Row() for _ in range(5)], steps=steps)

    def seg(label: str, n: int, p50: float) -> dict[str, object]:
        return {
            "label": label,
            "profile": "none",
            "requests": n,
            "latency": {"total": {"n": n, "p50": p50, "p90": p50}},
        }

    proxies = [
        {"name": "model", "upstream": "u", "counters": {"segments": [seg("0", 4, 0.5)], "by_request": {"run/0": 1}}},
        # two segments of step 0 (a profile switch inside it), weighted by their calls; one before the first step
        {
            "name": "search",
            "upstream": "u",
            "counters": {"segments": [seg("", 9, 9.0), seg("0", 1, 0.1), seg("0", 3, 0.5)]},
        },
    ]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    counts = read_proxies(pipeline.judge(run).run)
    assert counts.counted_by == "model"
    assert counts.call_time == {0: {"model": {"p50": 0.5, "p90": 0.5}, "search": {"p50": 0.4, "p90": 0.4}}}

    # the calls the upstream answered where the proxy kept them apart: a step's injected errors answer at once
    answered = {"n": 2, "p50": 0.9, "p90": 1.1}
    proxies[0]["counters"]["segments"][0]["latency"]["answered"] = answered  # type: ignore[index]
    (run / "faults.json").write_bytes(orjson.dumps({"proxies": proxies}))
    assert read_proxies(pipeline.judge(run).run).call_time[0]["model"] == {"p50": 0.9, "p90": 1.1}


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ({"requests": -4}, "proxies[0].counters.segments[0].requests is -4 (a count or a time is 0 to 1e+11)"),
        ({"responses": {"200": -3}}, "proxies[0].counters.segments[0].responses.200 is -3"),
        ({"latency": {"answered": {"n": 3, "p50": -1.0}}}, "segments[0].latency.answered.p50 is -1.0"),
        ({"latency": {"answered": {"n": 3, "p50": 1e308}}}, "segments[0].latency.answered.p50 is 1e+308"),
    ],
    ids=["requests -4", "a status -3 times", "answered in -1 s", "answered in 1e308 s"],
)
def test_a_count_or_time_no_proxy_counts_is_refused(tmp_path: Path, edit: dict[str, object], said: str) -> None:
    """H181's battery: a faults.json edited to a call time of -1 s or 1e308 s, a count of -4, was reported as what a
    dependency took; refused in one line naming the number. A retry's wait may be below 0 (the clock stepped back)."""
    run = write_run(tmp_path / "run", [Row()])
    seg = {"label": "0", "profile": "none", "requests": 3, "latency": {"answered": {"n": 3, "p50": 0.5, "p90": 0.9}}}
    waited = {"n": 1, "p50": -0.01}  # the clock stepped back between an answer and its retry
    lockstep = {"basis": "waited", "n": 1, "spread": None}
    retries = {"retries": {"waited": waited, "share": {"n": 0}, "lockstep": lockstep, "answers": 1, "retried": 1}}
    path = run / "faults.json"
    for counters, bad in (({"segments": [seg | retries]}, False), ({"segments": [seg | edit]}, True)):
        path.write_bytes(orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": counters}]}))
        if not bad:
            assert read_proxies(pipeline.judge(run).run).upstream == {0: {"model": 3}}
            continue
        with pytest.raises(BadInput) as e:
            read_proxies(pipeline.judge(run).run)
        assert str(e.value).startswith(f"{path}: ") and said in str(e.value), str(e.value)


def test_the_rules_counts_are_read_per_step_and_old_or_newer_counters_are_told_apart(tmp_path: Path) -> None:
    """Counters of version 2 count faults by rule as well as by type (H205): two latency rules at one step, the mild
    one on every call and the long one on a tenth, are read apart, summed over the step's segments. A faults.json
    written before (no version) reads as it did, with no rules; one of a newer version is refused in one line."""
    run = write_run(tmp_path / "run", [Row()])
    mild = {"type": "latency", "does": "latency 250 ms ± 50 ms", "hit": 10}
    tail = {"type": "latency", "does": "latency 4 s, probability 0.1", "hit": 1}
    seg = {"label": "0", "profile": "slow", "requests": 10, "faults": {"latency": 11}}
    counters = {"version": 2, "segments": [seg | {"rules": {"latency": mild, "tail": tail}}, seg | {"rules": {}}]}
    path = run / "faults.json"
    path.write_bytes(orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": counters}]}))
    counts = read_proxies(pipeline.judge(run).run)
    assert counts.injected == {0: {"model": {"latency": 22}}}
    assert counts.rules == {0: {"model": {"latency": RuleHits(**mild), "tail": RuleHits(**tail)}}}

    del counters["version"]
    for s in counters["segments"]:
        del s["rules"]
    path.write_bytes(orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": counters}]}))
    counts = read_proxies(pipeline.judge(run).run)
    assert counts.injected == {0: {"model": {"latency": 22}}} and counts.rules == {0: {"model": {}}}

    counters["version"] = 3
    path.write_bytes(orjson.dumps({"proxies": [{"name": "model", "upstream": "u", "counters": counters}]}))
    with pytest.raises(BadInput) as e:
        read_proxies(pipeline.judge(run).run)
    assert str(e.value) == (
        f"{path}: fault proxy 'model': counters of version 3, this replay reads 2 and before; report it with the "
        "replay that ran it"
    )


def test_a_proxy_with_one_first_retry_counts_it_though_it_gives_no_spread() -> None:
    """One first retry gives no spread (two at least): it is counted (too few to judge, not 'none counted'), and a
    proxy whose first retries give one is preferred to one with more that give none."""
    came = CameBack()
    one = {"waited": {"n": 1}, "share": {"n": 0}, "lockstep": {"basis": "waited", "n": 1, "spread": None}}
    came.add(one | {"answers": 3, "retried": 1})
    assert (came.first, came.spread) == (1, None)
    came.merge(CameBack(first=3, spread=0.25))
    came.merge(CameBack(first=4, spread=None))
    assert (came.answers, came.first, came.spread) == (3, 3, 0.25)
