"""A fault with a time window (``start``, ``end``): an outage of the upstream for a while in a step. The
injector's decisions from request times alone, and the window through a real fault proxy (mitmdump + addon)
in front of a real local server, counted per segment."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest

from replay.errors import BadInput
from replay.faults.decide import Injector
from replay.faults.proxy import FaultProxy
from tests.conftest import TIMING
from tests.faults.conftest import injector, proxy_of

OUTAGE = {"type": "error", "name": "outage", "status": 503, "path": "/json*", "start": "1s", "end": "2.5s"}


def _aborted(inj: Injector, times: list[float], path: str = "/json") -> list[bool]:
    out = []
    for t in times:
        d = inj.decide("GET", "api", path, {}, now=t)
        out.append(d is not None and d.abort is not None)
    return out


def test_a_window_holds_between_its_offsets_from_the_switch() -> None:
    inj = injector(OUTAGE)
    inj.activate("p", now=100.0)
    assert _aborted(inj, [100.0, 100.99, 101.0, 102.0, 102.49, 102.5, 110.0]) == [
        *(False, False),
        *(True, True, True),
        *(False, False),
    ]
    assert _aborted(inj, [101.5], path="/other") == [False]  # the matchers still apply inside it
    inj.activate("p", now=200.0)  # a switch (the next step) starts its clock again
    assert _aborted(inj, [200.5, 201.5]) == [False, True]
    d = inj.decide("GET", "api", "/json", {}, now=201.6)
    assert d is not None and [r.name for r in d.windowed] == ["outage"]
    # Forced by header, a rule fires whatever its window.
    forced = inj.decide("GET", "api", "/json", {}, forced="outage", now=200.1)
    assert forced is not None and forced.abort is not None


def test_outside_its_window_a_rule_draws_no_coin() -> None:
    """A coin drawn only inside the window: its decisions there are those of the same rule without one over
    the same requests."""
    flaky = {"type": "error", "status": 503, "probability": 0.5}
    windowed, plain = injector({**flaky, "start": 10}), injector(flaky)
    windowed.activate("p", now=0.0)
    assert not any(_aborted(windowed, [t / 10 for t in range(50)]))
    assert _aborted(windowed, [10.0 + t / 10 for t in range(30)]) == _aborted(plain, [0.0] * 30)


def test_an_open_ended_window_and_a_window_on_a_limit() -> None:
    inj = injector({"type": "latency", "delay": "1s", "end": "2s"}, {"type": "rate_limit", "rate": 0.1, "start": 5})
    inj.activate("p", now=0.0)
    first = inj.decide("GET", "api", "/", {}, now=1.0)
    assert first is not None and first.delay == 1.0 and first.abort is None
    assert inj.decide("GET", "api", "/", {}, now=3.0) is None  # between the two windows
    inj.decide("GET", "api", "/", {}, now=5.0)  # the bucket's one token
    refused = inj.decide("GET", "api", "/", {}, now=5.1)
    assert refused is not None and refused.abort is not None and [r.type for r in refused.windowed] == ["rate_limit"]


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"start": "3s", "end": "2s"}, "end: 2 s is not after start (3 s)"),
        ({"start": 0, "end": 0}, "end: 0 s is not after start (0 s)"),
        ({"start": -1}, "start: -1.0 s; give 0 or more"),
        ({"start": "soon"}, "start: 'soon' is not a duration"),
    ],
)
def test_bad_windows(window: dict, message: str) -> None:
    with pytest.raises(BadInput, match=re.escape(message)):
        injector({**OUTAGE, **window})


PROFILES = """
[[profiles]]
name = "outage"
rules = [{ type = "error", name = "outage", status = 503, path = "/json*", end = "2s" }]

[[profiles]]
name = "later"
rules = [{ type = "reset", name = "later", start = "10m" }]
"""


@pytest.fixture(scope="module")
def windowed(upstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultProxy]:  # type: ignore[no-untyped-def]
    yield from proxy_of(upstream, tmp_path_factory, PROFILES)


@pytest.mark.e2e
@TIMING  # a window of 2 s from the switch: its first calls come at once
def test_an_outage_window_through_the_proxy(windowed: FaultProxy) -> None:
    with httpx.Client(timeout=5) as client:
        windowed.control.switch("later", "0")
        before = [client.get(windowed.url + "/json").status_code for _ in range(3)]
        windowed.control.switch("outage", "1")
        switched = time.monotonic()
        # The ids a runner sends: the calls the proxy failed are counted per request id.
        sent = [(path, {"x-replay-id": f"run/{i}"}) for i, path in enumerate(("/json", "/json", "/other", "/json"))]
        inside = [client.get(windowed.url + path, headers=h).status_code for path, h in sent]
        time.sleep(max(0.0, switched + 2.1 - time.monotonic()))
        after = [client.get(windowed.url + "/json").status_code for _ in range(2)]
    assert before == [200, 200, 200]  # the reset's window opens 10 min into its step
    assert inside == [503, 503, 200, 503] and after == [200, 200]
    counters = windowed.control.counters()
    assert counters["aborted"] == {"run/0": 1, "run/1": 1, "run/3": 1}
    later, outage = counters["segments"][1:]
    assert later["windows"] == {"later": {"start": 600.0, "end": None, "hit": 0}}
    assert outage["windows"] == {"outage": {"start": 0.0, "end": 2.0, "hit": 3}}
    assert outage["faults"] == {"error": 3} and outage["requests"] == 6
