"""Run the fault proxy (mitmdump + the faults addon) as a child process and drive it from outside.

    with Children() as children:
        proxy = start_fault_proxy(children, "http://127.0.0.1:8001", ("127.0.0.1", 0), profiles)
        # point the service's dependency URL at proxy.url
        proxy.control.switch("slow-1s", label="2")      # at a step boundary
        figures = proxy.control.counters()              # see replay.faults.counters
        proxy.stop()                                    # returns the last counters

One mitmdump serves several upstreams (a listener each, each with its own profiles, counters and control
endpoint): ``start_fault_proxies(children, [ProxySpec(name, upstream, listen, profiles), ...])`` returns a
``FaultProxy`` per spec, all sharing the process (mitmproxy's imports cost ~1-1.6 CPU-s a start), and
``stop_fault_proxies`` reads every one's last counters before stopping it. ``start_fault_proxy`` is that start
with one spec.

``FaultControl(url)`` drives a proxy started elsewhere (``replay faults`` next to the target).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from replay.config.faults import ProfileSet, load_profiles
from replay.errors import BadInput, ProxyStartError
from replay.faults.control import TOKEN_HEADER
from replay.mitm.launch import ANNOUNCE, Mitmdump, start_mitmdump
from replay.util.hostport import check_port_free, free_port, join_hostport, parse_upstream, url_of
from replay.util.procs import Children

__all__ = [
    "ADDON",
    "FaultControl",
    "FaultProxy",
    "ProxySpec",
    "start_fault_proxies",
    "start_fault_proxy",
    "stop_fault_proxies",
]

ADDON = Path(__file__).with_name("addon.py")


class FaultControl:
    """Client of a fault proxy's control endpoint (loopback), with the proxy's token."""

    def __init__(self, url: str, token: str = "", timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        headers = {TOKEN_HEADER: self.token}
        try:
            # verify=False: the endpoint is plain http on loopback (a scenario's control URL can be nothing else), and
            # each call loaded the CA bundle for an SSL context it never used: 28 ms of CPU (2.4 without), 0.36 s of
            # wall at load 14, in every step's switch
            r = httpx.request(method, self.url + path, json=body, headers=headers, timeout=self.timeout, verify=False)
        except httpx.HTTPError as e:
            why = re.sub(r"^\[Errno -?\d+\] ", "", str(e)) or "no answer"  # not httpx's class name, nor an errno
            raise BadInput(f"fault proxy control {self.url}: cannot reach it ({why}); is the proxy running?") from None
        if r.status_code in (401, 403):
            raise BadInput(f"fault proxy control {self.url}: {r.json().get('error')}")
        return r.status_code, r.json()

    def switch(self, profile: str, label: str = "") -> dict[str, Any]:
        """Put ``profile`` in force and start a counter segment labelled ``label``; BadInput if unknown."""
        status, data = self._call("POST", "/profile", {"name": profile, "label": label})
        if status != 200:
            raise BadInput(f"fault proxy {self.url}: {data.get('error', status)}")
        return data

    def profile(self) -> dict[str, Any]:
        """``{"active": NAME, "profiles": [NAME, ...]}``."""
        return self._call("GET", "/profile")[1]

    def counters(self) -> dict[str, Any]:
        """Counters per segment and in total (see ``replay.faults.counters``)."""
        return self._call("GET", "/counters")[1]


@dataclass(slots=True)
class FaultProxy:
    mitm: Mitmdump  # the process, shared by every upstream it serves
    control: FaultControl
    upstream: str
    url: str  # where the service under test should send what it sent to the upstream

    def last_counters(self) -> dict[str, Any] | None:
        """The counters now (None if the process has died or they cannot be read)."""
        if not self.mitm.child.alive:
            return None
        try:
            return self.control.counters()
        except BadInput:
            return None

    def stop(self) -> dict[str, Any] | None:
        """Stop mitmdump, and with it every upstream it serves (``stop_fault_proxies`` reads all their counters
        first); returns this one's counters read just before (None if it had died)."""
        final = self.last_counters()
        self.mitm.child.stop()
        return final


def stop_fault_proxies(proxies: list[FaultProxy]) -> list[dict[str, Any] | None]:
    """Stop the processes of ``proxies`` once every one's last counters are read; those counters, in order."""
    finals = [p.last_counters() for p in proxies]
    for p in proxies:
        p.mitm.child.stop()  # a process already stopped (one shared with an earlier proxy) is left as it is
    return finals


@dataclass(frozen=True, slots=True)
class ProxySpec:
    """One upstream of a fault proxy (which may serve several): its name (in errors), where it forwards, where it
    listens (port 0: one picked here), its profiles, the one in force at start (default: the set's) and where its
    control endpoint listens (loopback)."""

    name: str
    upstream: str
    listen: tuple[str, int]
    profiles: ProfileSet
    active: str | None = None
    control: tuple[str, int] = ("127.0.0.1", 0)


def start_fault_proxy(
    children: Children,
    upstream: str,
    listen: tuple[str, int],
    profiles: ProfileSet | Path,
    active: str | None = None,
    control: tuple[str, int] = ("127.0.0.1", 0),
    timeout: float = 30.0,
) -> FaultProxy:
    """A fault proxy to ``upstream`` alone (``replay faults``'s, its errors naming --listen): ``start_fault_proxies``
    with one spec, ``profiles`` a set or a profile file."""
    if isinstance(profiles, Path):
        profiles = load_profiles(profiles)
    spec = ProxySpec("--listen", upstream, listen, profiles, active, control)
    return start_fault_proxies(children, [spec], "mitmdump (faults)", timeout)[0]


def start_fault_proxies(
    children: Children, specs: list[ProxySpec], name: str = "", timeout: float = 30.0
) -> list[FaultProxy]:
    """One mitmdump in front of every spec's upstream, a listener each; a ``FaultProxy`` per spec, in order, once
    it listens and every control endpoint answers. ProxyStartError if it does not, naming the spec whose address
    cannot be listened on where that is known."""
    for s in specs:
        parse_upstream(s.upstream, proxied=True)
    listens = [_listen(s) for s in specs]
    # A mode per upstream, each with its address: mitmproxy refuses two listeners on one (two on port 0 too), so
    # each is told its port. ``faults_listeners`` gives each mode its own profiles and control endpoint. The host
    # bare, not join_hostport's: mitmproxy's spec splits at its last colon and would bind "[::1]" as a name.
    modes = [f"reverse:{s.upstream}@{h}:{p}" for s, (h, p) in zip(specs, listens, strict=True)]
    entries = [
        {
            "mode": m,
            "profiles": orjson.Fragment(s.profiles.to_json()),
            "active": s.active or "",
            "control": join_hostport(*s.control),
        }
        for s, m in zip(specs, modes, strict=True)
    ]
    fd = _anonymous_file(orjson.dumps(entries))
    name = name or f"mitmdump (faults: {', '.join(s.name for s in specs)})"
    # Lazy: connect upstream per request, so a refused upstream is a counted error, not a dead client.
    options = {"faults_listeners": f"/dev/fd/{fd}", "faults_control_ready": ANNOUNCE, "connection_strategy": "lazy"}
    try:
        mitm = start_mitmdump(children, name, modes, listens[0], [ADDON], options, timeout=None, pass_fds=(fd,))
    finally:  # the child has its own copy once started
        os.close(fd)
    try:
        mitm.wait_listening(timeout)
        controls = mitm.wait_for("controls", timeout, "its control endpoints")
    except ProxyStartError as e:  # mitmproxy names the address it could not listen on
        named = [s.name for s, at in zip(specs, listens, strict=True) if join_hostport(*at) in str(e)]
        raise ProxyStartError(f"{named[0]}: {e}" if len(named) == 1 else str(e)) from None
    return [
        FaultProxy(mitm, FaultControl(c["control"], c["control_token"]), s.upstream, url_of(*at))
        for s, at, c in zip(specs, listens, controls, strict=True)
    ]


def _listen(spec: ProxySpec) -> tuple[str, int]:
    """Where ``spec`` listens, port 0 made a free port; ProxyStartError naming it if nothing can listen there."""
    host, port = spec.listen
    try:
        port = port or free_port(host)
        check_port_free(host, port, f"{spec.name}: listen")
    except OSError as e:
        raise ProxyStartError(f"{spec.name}: cannot listen on {host} ({e.strerror})") from None
    except BadInput as e:
        raise ProxyStartError(str(e)) from None
    return host, port


def _anonymous_file(data: bytes) -> int:
    fd, path = tempfile.mkstemp(prefix="replay-faults-", suffix=".json")
    os.unlink(path)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
