"""One mitmdump in front of several upstreams (``start_fault_proxies``): a listener each, each with its own profiles,
counters, retry bookkeeping and control endpoint, as if each were a process of its own."""

from __future__ import annotations

import contextlib
import http.server
import re
from pathlib import Path

import httpx
import pytest
from mitmproxy.exceptions import OptionsError

from replay.config.faults import Fault, Profile, ProfileSet
from replay.errors import BadInput
from replay.faults.addon import _listeners
from replay.faults.proxy import FaultControl, ProxySpec, start_fault_proxies, stop_fault_proxies
from replay.util.procs import Children
from tests.conftest import QuietServer, serving

PROFILES = ProfileSet(
    [
        Profile("broken", [Fault("error", status=503)]),
        Profile("forced", [Fault("error", name="teapot", status=418, probability=0)]),
    ]
)


class _Tagged(http.server.BaseHTTPRequestHandler):
    """Answers with its server's name: which upstream a request reached."""

    def do_GET(self) -> None:
        body = self.server.tag  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _upstream(tag: bytes) -> QuietServer:
    server = QuietServer(("127.0.0.1", 0), _Tagged)
    server.tag = tag  # type: ignore[attr-defined]
    return server


def test_one_process_two_upstreams_each_its_own_faults_counters_and_control() -> None:
    with contextlib.ExitStack() as stack:
        a, b = (stack.enter_context(serving(_upstream(t))) for t in (b"a", b"b"))
        children = stack.enter_context(Children())
        specs = [
            ProxySpec(name, f"http://127.0.0.1:{s.server_address[1]}", ("127.0.0.1", 0), PROFILES, active)
            for name, s, active in (("a", a, None), ("b", b, "forced"))
        ]
        pa, pb = start_fault_proxies(children, specs)
        assert pa.mitm is pb.mitm and len(children.started) == 1
        assert len({pa.url, pb.url, pa.control.url, pb.control.url}) == 4 and pa.control.token != pb.control.token
        with pytest.raises(BadInput, match="token"):  # one listener's token does not open the other's endpoint
            FaultControl(pa.control.url, pb.control.token).profile()
        assert (pa.control.profile()["active"], pb.control.profile()["active"]) == ("none", "forced")

        pa.control.switch("broken", label="1")  # a's alone
        rid = {"x-replay-id": "r1"}
        with httpx.Client(timeout=10) as client:
            assert client.get(pa.url + "/x", headers=rid).status_code == 503
            got = client.get(pb.url + "/x", headers=rid)  # the same call at b: no retry of a's failed one
            assert (got.status_code, got.content) == (200, b"b")
            assert client.get(pb.url + "/x", headers={"x-replay-fault": "teapot"}).status_code == 418
            assert client.get(pa.url + "/x", headers=rid).status_code == 503  # a's retry, counted at a
        ca, cb = stop_fault_proxies([pa, pb])
    assert not pa.mitm.child.alive
    assert ca is not None and cb is not None
    assert [(s["label"], s["profile"]) for s in ca["segments"]] == [("", "none"), ("1", "broken")]
    assert [(s["label"], s["profile"]) for s in cb["segments"]] == [("", "forced")]
    assert (ca["total"]["requests"], ca["total"]["responses"], ca["total"]["faults"]) == (2, {"503": 2}, {"error": 2})
    assert (cb["total"]["requests"], cb["total"]["responses"], cb["total"]["faults"]) == (
        2,
        {"200": 1, "418": 1},
        {"error": 1},
    )
    assert (ca["by_request"], cb["by_request"]) == ({"r1": 2}, {"r1": 1})
    assert (ca["total"]["retries"]["retried"], cb["total"]["retries"]["retried"]) == (1, 0)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("[{}]", "faults_listeners[0].mode None: give each of the proxy's modes (--mode) once"),
        ('[{"mode": "m"}, {"mode": "m"}]', "faults_listeners[1].mode 'm': give each"),
        ('[{"mode": "m", "control": "192.0.2.1:0"}]', "faults_listeners[0].control '192.0.2.1:0': give a loopback"),
        ('[{"mode": "m", "profiles": {"profiles": []}, "active": "x"}]', "faults_listeners[0].active: "),
        ('{"mode": "m"}', "expected a JSON list of objects"),
    ],
)
def test_a_bad_listener_spec_is_refused_naming_the_entry(tmp_path: Path, spec: str, message: str) -> None:
    path = tmp_path / "listeners.json"
    path.write_text(spec)
    with pytest.raises(OptionsError, match=re.escape(message)):
        _listeners(str(path), ["m"])
