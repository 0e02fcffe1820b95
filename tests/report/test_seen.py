"""What the fault proxies saw at a step, as typed records: which dependency each is about, what kind of thing it says,
and whether it says why calls failed there, read from the proxies' counts (not from the sentence the report says)."""

from __future__ import annotations

import numpy as np

from replay.judge.frame import Frame
from replay.judge.upstream import ProxyCounts, RuleHits
from replay.report.seen import Seen, SeenKind, failed_at, retry_timing, upstream_at, windows_unopened
from tests.report.test_causes import _retries

K = SeenKind


def frame_of(counts: ProxyCounts, durations: dict[int, float] | None = None) -> Frame:
    """A frame of no rows with the proxies' counts (and the steps' lengths): all ``upstream_at`` reads."""
    none = np.array([])
    return Frame(none, none, none, none, none, none, none, none, none, none, durations or {}, {}, proxies=[counts])


def _counts(search: str = "search") -> ProxyCounts:
    """At step 1: the model answered 529 to 30 of its 100 calls itself beside 20 injected 503s, and the service gave
    up on 25 of them; the search, behind an injected delay, had a slow tail of its own under a window 'ramp'."""
    return ProxyCounts(
        upstream={1: {"model": 100, search: 50}},
        injected={1: {"model": {"error": 20}, search: {"latency": 50}}},
        abandoned={1: {"model": 25, search: 0}},
        statuses={1: {"model": {"200": 50, "529": 30, "503": 20}, search: {"200": 50}}},
        windows={1: {search: {"ramp": {"start": 0.0, "end": None, "hit": 12}}}},
        answer_time={1: {search: {"n": 50.0, "p50": 0.2, "p99": 2.0}}},
    )


def test_each_observation_names_its_dependency_and_kind_and_whether_it_failed_calls() -> None:
    seen = upstream_at(frame_of(_counts()), 1)
    assert [(w.dependency, w.kind, w.failing) for w in seen] == [
        ("model", K.OWN_ERRORS, True),
        ("model", K.GAVE_UP, True),
        ("model", K.INJECTED, True),  # an error answer fails the call
        ("search", K.OWN_TAIL, False),  # slow, not failed
        ("search", K.WINDOW, False),
        ("search", K.INJECTED, False),  # a delay alone fails none
    ]
    assert {w.step for w in seen} == {1}
    assert seen[1].text == (
        "the service gave up on 25% of its 100 calls to model at step 1 before they answered (a timeout on its side)"
    )
    assert seen[3].text.startswith("the search upstream itself took 2.00 s for its slowest answers at step 1")
    assert upstream_at(frame_of(_counts()), 2) == []


def test_failed_at_keeps_what_says_why_calls_failed() -> None:
    """The search's own slow tail is no failure: its line once read as one for saying "the search upstream itself"."""
    assert [(w.dependency, w.kind) for w in failed_at(frame_of(_counts()), 1)] == [
        ("model", K.OWN_ERRORS),
        ("model", K.GAVE_UP),
        ("model", K.INJECTED),
    ]


def test_a_dependency_is_named_whatever_its_proxy_is_called() -> None:
    """A proxy named like the report's own words ("search at step 0") is still the dependency its records are about."""
    name = "search at step 0 upstream itself"
    tail = [w for w in upstream_at(frame_of(_counts(name)), 1) if w.dependency == name]
    assert [w.kind for w in tail] == [K.OWN_TAIL, K.WINDOW, K.INJECTED]


def test_jittered_retries_that_honour_retry_after_say_nothing_of_how_they_came_back() -> None:
    jittered = [1.0 - 0.5 * i / 19 for i in range(20)]  # retry-after 1 s, less up to half at random
    assert retry_timing("model", _retries(jittered, 1.0), 1) == []
    assert retry_timing("model", _retries([0.5] * 3, None), 1) == []  # too few retries to say
    lockstep = retry_timing("model", _retries([0.5] * 20, None), 1)  # nothing advised
    assert [w.kind for w in lockstep] == [K.LOCKSTEP]
    slow = retry_timing("model", _retries([3.0 + i / 10 for i in range(20)], 1.0), 1)
    text = (
        "retries to model at step 1 waited 3.90 s (median) after the error answer, 3.9x the retry-after "
        "its answers advised: a long back-off"
    )
    assert slow == [Seen("model", K.LONG_BACKOFF, 1, text)]


def test_retries_that_waited_out_a_long_retry_after_say_so_as_the_dependencys_wait_not_a_back_off() -> None:
    """A 429 storm advising 20 s: production's retries wait it out (jittered, from half of it); the rows retried through
    it took that long, which the dependency asked for (not the release's back-off, not retry-after ignored)."""
    waited = [20.0 * (1.0 - 0.5 * i / 19) for i in range(20)]
    said = (
        "retries to model at step 2 waited 14.74 s (median), as the retry-after its answers advised asked (20.00 s): "
        "a long retry-after, waited out"
    )
    assert retry_timing("model", _retries(waited, 20.0), 2) == [Seen("model", K.ADVISED_WAIT, 2, said)]
    assert retry_timing("model", _retries([w / 20 for w in waited], 1.0), 2) == []  # a short one: nothing to say


def test_one_call_of_a_few_is_no_share_of_them() -> None:
    """One of 7 calls given up on (14%), answered an error or dropped by the dependency itself says nothing of them (a
    collapse at step 3 was named by the one fallback call given up on); 2 of 7 do."""
    for k, said in ((1, []), (2, [K.OWN_ERRORS, K.OWN_DROPPED, K.GAVE_UP])):
        counts = ProxyCounts(
            upstream={3: {"fallback": 7}},
            abandoned={3: {"fallback": k}},
            dropped={3: {"fallback": k}},
            statuses={3: {"fallback": {"200": 7 - k, "500": k}}},
        )
        assert [w.kind for w in upstream_at(frame_of(counts), 3)] == said


def test_injected_faults_are_said_by_rule_where_the_proxy_counted_them_so() -> None:
    """Counters of version 2 (H205): two latency rules at one step, said apart, each by its own parameters and its
    share of the calls, most first; one rule alone as "X on k of its n calls"; counters without rules by type."""
    mild = RuleHits("latency", "latency 250 ms ± 50 ms", 100)
    tail = RuleHits("latency", "latency 4 s, probability 0.1", 9)
    counts = _counts()
    counts.rules = {1: {"model": {"error": RuleHits("error", "error 503, probability 0.2", 20)}}}
    counts.rules[1]["search"] = {"latency": mild, "case-latency": tail, "idle": RuleHits("error", "error 503", 0)}
    counts.injected[1]["search"] = {"latency": 109}
    counts.upstream[1]["search"] = 100
    said = {w.dependency: w.text for w in upstream_at(frame_of(counts), 1) if w.kind is K.INJECTED}
    assert said == {
        "model": "the model fault proxy injected error (503, probability 0.2) on 20 of its 100 calls at step 1 (20%)",
        "search": (
            "the search fault proxy injected, of its 100 calls at step 1: latency 250 ms ± 50 ms on 100 (100%), "
            "'case-latency' (latency 4 s, probability 0.1) on 9 (9%)"
        ),
    }
    old = {w.dependency: w.text for w in upstream_at(frame_of(_counts()), 1) if w.kind is K.INJECTED}
    assert old["model"] == "the model fault proxy injected error 20 times in its 100 calls at step 1"
    counts.rules[1] = {"model": {"limit": RuleHits("rate_limit", "rate_limit 7/s, burst 3", 17)}}
    (limited,) = [w.text for w in upstream_at(frame_of(counts), 1) if w.kind is K.INJECTED and w.dependency == "model"]
    # what the limit's refusals were, inside the share's brackets (a second pair followed the first)
    assert limited.endswith(
        "on 17 of its 100 calls at step 1 (17%; 429s its token bucket answered, the wait until a token in retry-after)"
    ), limited


def test_a_windowed_rule_counted_by_rule_is_said_once_with_its_share_and_its_window() -> None:
    """The share line ("'outage' (error 503, from 4 s to 9 s) on 12 of its 40 calls") said the window line's
    ("window 'outage' (4.00 s to 9.00 s into step 1) hit 12 of its 40 calls") again; the window's own line stays for
    a window that met no call, and for counters without rules (``_counts``'s 'ramp', above)."""
    counts = ProxyCounts(
        upstream={1: {"model": 40}},
        injected={1: {"model": {"error": 12}}},
        statuses={1: {"model": {"200": 28, "503": 12}}},
        windows={
            1: {
                "model": {
                    "outage": {"start": 4.0, "end": 9.0, "hit": 12},
                    "late": {"start": 30.0, "end": None, "hit": 0},
                }
            }
        },
        rules={
            1: {
                "model": {
                    "outage": RuleHits("error", "error 503, from 4 s to 9 s", 12),
                    "late": RuleHits("error", "error 500, from 30 s", 0),
                }
            }
        },
    )
    seen = upstream_at(frame_of(counts), 1)
    assert [w.text for w in seen] == [
        "the model fault proxy's window 'late' (30.00 s to the step's end into step 1) hit 0 of its 40 calls",
        "the model fault proxy injected 'outage' (error 503, from 4 s to 9 s) on 12 of its 40 calls at step 1 (30%)",
    ]


def test_a_window_that_met_no_call_is_said_where_it_is_evidence() -> None:
    """H210: every demo report of 8 s steps said "window 'rate_limit_back' (9.00 s to the step's end into step 1)
    hit 0 of its 93 calls", a window that never opened (said once, as a note) and a bucket's, which counts what it
    refused. An outage the step's calls would have met but none did is said: the service stopped calling."""
    windows = {
        "gone": ({"start": 2.0, "end": 6.0, "hit": 0}, "error"),  # half the step: 40 calls would have met it
        "back": ({"start": 2.0, "end": None, "hit": 0}, "rate_limit"),  # refused none: the calls came slowly
        "late": ({"start": 9.0, "end": None, "hit": 0}, "error"),  # after the step's end
        "moment": ({"start": 7.9, "end": None, "hit": 0}, "error"),  # 1% of the step: chance left it no call
    }
    counts = ProxyCounts(
        upstream={1: {"model": 40}},
        statuses={1: {"model": {"200": 40}}},
        windows={1: {"model": {r: w for r, (w, _) in windows.items()}}},
        rules={1: {"model": {r: RuleHits(t, t, 0) for r, (_, t) in windows.items()}}},
    )
    frame = frame_of(counts, {1: 8.0})
    assert [w.text for w in upstream_at(frame, 1)] == [
        "the model fault proxy's window 'gone' (2.00 s to 6.00 s into step 1) hit 0 of its 40 calls"
    ]
    assert windows_unopened(frame) == [
        "the model fault proxy's window 'late' (from 9.00 s) opens after step 1's 8.00 s: never in force in this run "
        "(the scenario timed its faults for longer steps)"
    ]
    assert windows_unopened(frame_of(counts)) == []  # the step's length unknown: nothing to say
