"""The control endpoint: switch profiles at runtime, seeded coins, counters per segment."""

from __future__ import annotations

import time

import httpx
import pytest

from replay.errors import BadInput
from replay.faults.control import TOKEN_HEADER
from replay.faults.proxy import FaultControl, FaultProxy
from tests.conftest import TIMING

pytestmark = [pytest.mark.e2e, TIMING]  # a latency window


def _statuses(proxy: FaultProxy, n: int) -> list[int]:
    with httpx.Client(timeout=5) as client:
        return [client.get(proxy.url + "/json").status_code for _ in range(n)]


def test_switch_reproducible_coins_and_counters(proxy: FaultProxy) -> None:
    assert proxy.control.profile() == {"active": "none", "profiles": ["none", "forced", "flaky", "slow"]}
    assert set(_statuses(proxy, 5)) == {200}

    assert proxy.control.switch("flaky", "step 1") == {"active": "flaky", "previous": "none", "segment": 1}
    first = _statuses(proxy, 40)
    proxy.control.switch("flaky", "step 2")  # switching in again resets the coins: same decisions
    second = _statuses(proxy, 40)
    assert first == second
    assert set(first) == {200, 503}
    assert 4 <= first.count(503) <= 20  # probability 0.3, seeded

    proxy.control.switch("slow", "step 3")
    assert set(_statuses(proxy, 3)) == {200}

    c = proxy.control.counters()
    assert c["active"] == "slow"
    segs = c["segments"]
    assert [(s["profile"], s["label"], s["requests"]) for s in segs] == [
        ("none", "", 5),
        ("flaky", "step 1", 40),
        ("flaky", "step 2", 40),
        ("slow", "step 3", 3),
    ]
    assert segs[1]["faults"] == {"error": first.count(503)}
    # by rule too, with what it does (H205); a profile's rules listed where they acted on nothing
    assert segs[1]["rules"] == {
        "error": {"type": "error", "does": "error 503, probability 0.3", "hit": first.count(503)}
    }
    assert segs[0]["rules"] == {} and c["version"] == 2
    assert segs[1]["forwarded"] == first.count(200)
    assert segs[1]["responses"] == {"200": first.count(200), "503": first.count(503)}
    # the calls the upstream answered, timed apart from the injected errors the proxy answered at once
    assert (segs[1]["latency"]["total"]["n"], segs[1]["latency"]["answered"]["n"]) == (40, first.count(200))
    assert segs[3]["faults"] == {"latency": 3} and segs[3]["rules"]["latency"]["hit"] == 3
    slow = segs[3]["latency"]
    assert slow["total"]["n"] == 3 and 0.14 <= slow["total"]["p50"] < 0.4  # 200 ms +- 50 ms injected
    assert slow["upstream"]["p50"] < 0.1  # the upstream itself stayed fast
    assert segs[0]["end"] == segs[1]["start"] and segs[3]["end"] is None
    assert c["total"]["requests"] == 88


def test_counters_say_who_ended_a_call_without_an_answer(proxy: FaultProxy) -> None:
    """A call that got no response was all the service's timeout to the report ("the service gave up on ..."):
    a dependency that closed the connection read the same. The counters now say who ended each: the service
    (it left during an injected delay), the proxy (an injected reset) or the upstream (it closed without an
    answer)."""
    proxy.control.switch("none", "ended")
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(proxy.url + "/json", headers={"x-replay-fault": "latency"}, timeout=0.2)
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(proxy.url + "/json", headers={"x-replay-fault": "reset"})
    assert httpx.get(proxy.url + "/drop").status_code == 502  # mitmproxy's answer when its upstream closes
    seg = proxy.control.counters()["segments"][-1]
    assert seg["label"] == "ended"
    for _ in range(50):  # the delayed flow ends when its 400 ms are over
        if seg["errors"] == 3:
            break
        time.sleep(0.02)
        seg = proxy.control.counters()["segments"][-1]
    assert seg["errors"] == 3 and seg["ended"] == {"client": 1, "proxy": 1, "upstream": 1}


def test_unknown_profile(proxy: FaultProxy) -> None:
    with pytest.raises(BadInput, match="'ghost' names no profile; defined: none, forced, flaky, slow"):
        proxy.control.switch("ghost")
    r = httpx.post(proxy.control.url + "/profile", content=b"not json", headers={TOKEN_HEADER: proxy.control.token})
    assert r.status_code == 400


def test_calls_are_counted_per_request_id(proxy: FaultProxy) -> None:
    """A service that passes the runner's x-replay-id on lets the proxy count every call (retries
    included) against the request that caused it."""
    with httpx.Client(timeout=5) as client:
        for rid in ("run-a/1", "run-a/1", "run-a/1", "run-a/2"):
            assert client.get(proxy.url + "/json", headers={"x-replay-id": rid}).status_code in (200, 503)
        client.get(proxy.url + "/json")  # no id: counted in the segment only
    by_request = proxy.control.counters()["by_request"]
    assert by_request["run-a/1"] == 3 and by_request["run-a/2"] == 1 and len(by_request) == 2


def test_control_needs_the_token_and_its_own_origin(proxy: FaultProxy) -> None:
    """A page in the operator's browser cannot switch the profile: no token, a foreign Origin or Host."""
    url, token = proxy.control.url, proxy.control.token
    before = proxy.control.profile()["active"]
    simple = {"content-type": "text/plain"}  # a cross-site "simple" request: no CORS preflight
    body = b'{"name": "flaky"}'
    r = httpx.post(url + "/profile", content=body, headers=simple)
    assert r.status_code == 401 and TOKEN_HEADER in r.json()["error"]
    r = httpx.post(url + "/profile", content=body, headers={**simple, TOKEN_HEADER: "guess"})
    assert r.status_code == 401
    evil = {**simple, TOKEN_HEADER: token, "origin": "http://evil.example"}
    assert httpx.post(url + "/profile", content=body, headers=evil).status_code == 403
    rebound = {TOKEN_HEADER: token, "host": "evil.example:80"}  # DNS rebinding: the name is not ours
    assert httpx.get(url + "/counters", headers=rebound).status_code == 403
    assert proxy.control.profile()["active"] == before  # nothing above switched it
    port = url.rsplit(":", 1)[1]
    own = {TOKEN_HEADER: token, "origin": f"http://127.0.0.1:{port}"}
    assert httpx.post(url + "/profile", json={"name": "flaky"}, headers=own).status_code == 200
    with pytest.raises(BadInput, match=TOKEN_HEADER):
        FaultControl(url).switch("slow")  # a client without the token is refused in one line
