"""The stateful faults, rate_limit (a token bucket) and concurrency (calls in flight): the injector's
decisions from request times alone, and their 429/529 and quota headers through a real fault proxy
(mitmdump + addon) in front of a real local server."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from replay.errors import BadInput
from replay.faults.decide import Injector
from replay.faults.proxy import FaultProxy
from tests.conftest import wait_until
from tests.faults.conftest import injector, proxy_of

# One token every 100 s: a test's handful of requests never sees one refill, and a retry sent at once is early against
# the wait its 429 advised, however long a loaded machine takes to send them (10 s was over within three requests at a
# load of 20 on two cores).
PROFILES = """
[[profiles]]
name = "bucket"
rules = [{ type = "rate_limit", rate = 0.01, burst = 3, key = "authorization", path = "/json*" }]

[[profiles]]
name = "anthropic-bucket"
rules = [{ type = "rate_limit", rate = 0.01, burst = 1, shape = "anthropic" }]

[[profiles]]
name = "inflight"
rules = [{ type = "concurrency", limit = 2, status = 529, shape = "anthropic" }]
"""


def _refused(inj: Injector, times: list[float], headers: dict[str, str] | None = None) -> list[float | None]:
    """Per request at each time, the wait the bucket asked for (None: let through)."""
    out = []
    for t in times:
        d = inj.decide("POST", "api", "/v1/chat/completions", headers or {}, now=t)
        out.append(None if d is None or d.abort is None else d.quota.retry_after)  # type: ignore[union-attr]
    return out


def test_a_bucket_answers_from_request_times_alone() -> None:
    rule = {"type": "rate_limit", "rate": 2.0, "burst": 2}
    times = [0.0, 0.1, 0.2, 0.3, 0.8, 1.2, 1.25]
    got = _refused(injector(rule), times)
    assert got == _refused(injector(rule), times)  # the same times, the same answers
    # Two at once (the burst), then one each half second: 0.2 waits for the token due at 0.5 s.
    assert [w is None for w in got] == [True, True, False, False, True, True, False]
    assert got[2] == pytest.approx(0.3) and got[3] == pytest.approx(0.2)


def test_a_bucket_per_key_and_afresh_with_the_profile() -> None:
    inj = injector({"type": "rate_limit", "rate": 1.0, "burst": 1, "key": "Authorization"})
    assert _refused(inj, [0.0, 0.0], {"authorization": "Bearer a"})[1] is not None
    assert _refused(inj, [0.0], {"authorization": "Bearer b"}) == [None]
    inj.activate("p")
    assert _refused(inj, [0.0], {"authorization": "Bearer a"}) == [None]


def test_a_concurrency_limit_counts_calls_until_released() -> None:
    inj = injector({"type": "concurrency", "limit": 2})
    held = [inj.decide("POST", "api", "/", {}) for _ in range(2)]
    refused = inj.decide("POST", "api", "/", {})
    assert all(d is not None and d.abort is None and d.slots for d in held)
    assert refused is not None and refused.abort is not None and refused.abort.type == "concurrency"
    held[0].slots[0].release()  # type: ignore[union-attr]
    again = inj.decide("POST", "api", "/", {})
    assert again is not None and again.abort is None


def test_a_refused_request_holds_no_slot() -> None:
    inj = injector({"type": "rate_limit", "rate": 0.1, "burst": 1}, {"type": "concurrency", "limit": 1})
    first = inj.decide("POST", "api", "/", {}, now=0.0)
    assert first is not None and first.abort is None and len(first.slots) == 1
    first.slots[0].release()
    second = inj.decide("POST", "api", "/", {}, now=0.1)
    assert second is not None and second.abort is not None and second.abort.type == "rate_limit" and not second.slots
    third = injector({"type": "concurrency", "limit": 1})
    assert third.decide("POST", "api", "/", {}) is not None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"type": "rate_limit"}, "rate: missing"),
        ({"type": "rate_limit", "rate": 1, "probability": 0.5}, "a limit, not a coin"),
        ({"type": "rate_limit", "rate": 1, "burst": 0}, "burst: 0"),
        ({"type": "rate_limit", "rate": 1, "key": "a b"}, "not a request header name"),
        ({"type": "rate_limit", "rate": 1, "key": "clé"}, "'clé' is not a request header name"),
        ({"type": "rate_limit", "rate": 1, "key": "authorization:"}, "not a request header name"),
        ({"type": "rate_limit", "rate": 1e-300, "shape": "anthropic"}, r"bucket of 1 in 1.16e\+295 days"),
        ({"type": "rate_limit", "rate": 1e6, "burst": 2**62}, "a bucket refills within 30 days"),
        ({"type": "rate_limit", "rate": 1, "status": 204}, "status: 204 answers with no body"),
        ({"type": "concurrency", "limit": 1, "status": 101}, "status: 101 answers with no body"),
        ({"type": "error", "status": 304}, "status: 304 answers with no body"),
        ({"type": "concurrency"}, "limit: missing"),
        ({"type": "concurrency", "limit": 2, "rate": 1}, "does not apply to concurrency faults"),
    ],
)
def test_bad_limits(rule: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        injector(rule)


@pytest.fixture(scope="module")
def limited(upstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultProxy]:  # type: ignore[no-untyped-def]
    yield from proxy_of(upstream, tmp_path_factory, PROFILES)


def test_rate_limit_through_the_proxy(limited: FaultProxy, upstream) -> None:  # type: ignore[no-untyped-def]
    limited.control.switch("bucket", label="b")
    key = {"authorization": "Bearer one"}
    passed = [httpx.get(limited.url + "/json", headers=key) for _ in range(3)]
    assert [r.status_code for r in passed] == [200, 200, 200]
    assert [r.headers["x-ratelimit-remaining-requests"] for r in passed] == ["2", "1", "0"]
    assert passed[0].headers["x-ratelimit-limit-requests"] == "3"
    hits = upstream.hits
    r = httpx.get(limited.url + "/json", headers=key)
    assert r.status_code == 429 and upstream.hits == hits
    assert r.json()["error"]["code"] == "rate_limit_exceeded"
    assert 1 <= int(r.headers["retry-after-ms"]) <= 100_000 and 1 <= int(r.headers["retry-after"]) <= 100
    assert r.headers["x-ratelimit-remaining-requests"] == "0"
    assert re.fullmatch(r"\d+ms|(\d+m)?[\d.]+s", r.headers["x-ratelimit-reset-requests"])
    assert httpx.get(limited.url + "/json", headers={"authorization": "Bearer two"}).status_code == 200
    assert httpx.get(limited.url + "/other", headers=key).status_code == 200  # outside the rule's path
    seg = limited.control.counters()["segments"][-1]
    assert seg["faults"] == {"rate_limit": 1} and seg["responses"] == {"200": 5, "429": 1}

    limited.control.switch("anthropic-bucket")
    assert httpx.post(limited.url + "/json", json={}).status_code == 200
    rid = {"x-replay-id": "run/7"}
    r = httpx.post(limited.url + "/json", json={}, headers=rid)
    assert r.status_code == 429 and r.json()["error"]["type"] == "rate_limit_error"
    assert r.headers["anthropic-ratelimit-requests-remaining"] == "0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r.headers["anthropic-ratelimit-requests-reset"])
    # The token's refill less the time since the first call took it (a 10 s bucket advised 8.3 s at a load of 20, the
    # calls 1.7 s apart); test_a_bucket_answers_from_request_times_alone holds the bucket's arithmetic.
    advised = int(r.headers["retry-after-ms"]) / 1000
    assert 0 < advised <= 100
    # The same request id again at once: a retry, long before the time its 429 advised.
    assert httpx.post(limited.url + "/json", json={}, headers=rid).status_code == 429
    came = limited.control.counters()["segments"][-1]["retries"]
    assert came["waited"]["n"] == 1 and came["advised"]["p50"] == pytest.approx(advised, abs=0.001)
    assert came["share"]["p50"] < 0.5
    assert came["lockstep"] == {"basis": "advised", "n": 1, "spread": None, "under": None}
    # Two 429s to the call, the first tried again (back within half its retry-after: early), the second not (yet).
    assert (came["answers"], came["retried"], came["early"]) == (2, 1, 1)


def test_concurrency_through_the_proxy(limited: FaultProxy, upstream) -> None:  # type: ignore[no-untyped-def]
    limited.control.switch("inflight", label="c")
    for _ in range(2):  # clients leaving mid-stream free their slots
        with httpx.stream("GET", limited.url + "/sse?n=15&gap=0.1", timeout=30) as r:
            next(r.iter_raw())
    deadline = time.monotonic() + 10
    while limited.control.counters()["segments"][-1]["errors"] < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    started = threading.Barrier(3)
    done: list[int] = []

    def hold() -> None:
        with httpx.stream("GET", limited.url + "/sse?n=1&gated=1", timeout=30) as r:
            started.wait()
            for _ in r.iter_raw():
                pass
            done.append(r.status_code)

    # Both streams end when the test says, not 1.5 s after they began: on a loaded machine they had ended before the
    # third call came (a 200).
    upstream.gate.clear()
    threads = [threading.Thread(target=hold) for _ in range(2)]
    for t in threads:
        t.start()
    started.wait()  # both streams have their headers: two calls in flight
    try:
        r = httpx.get(limited.url + "/json")
    finally:
        upstream.gate.set()
    assert r.status_code == 529 and r.json()["error"]["type"] == "overloaded_error"
    for t in threads:
        t.join()
    assert done == [200, 200]
    # a slot frees in the response hook, which may run after the stream's last bytes went out
    answered = lambda: limited.control.counters()["segments"][-1]["responses"].get("200", 0) >= 2  # noqa: E731
    wait_until(answered, 10, "both streams' ends counted")
    assert [httpx.get(limited.url + "/json").status_code for _ in range(3)] == [200, 200, 200]
    assert limited.control.counters()["segments"][-1]["faults"] == {"concurrency": 1}
