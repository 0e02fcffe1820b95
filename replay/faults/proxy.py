"""Run the fault proxy (mitmdump + the faults addon) as a child process and drive it from outside.

    with Children() as children:
        proxy = start_fault_proxy(children, "http://127.0.0.1:8001", ("127.0.0.1", 0), profiles)
        # point the service's dependency URL at proxy.url
        proxy.control.switch("slow-1s", label="2")      # at a step boundary
        figures = proxy.control.counters()              # see replay.faults.counters
        proxy.stop()                                    # returns the last counters

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

from replay.config.faults import ProfileSet
from replay.errors import BadInput
from replay.faults.control import TOKEN_HEADER
from replay.mitm.launch import ANNOUNCE, Mitmdump, start_mitmdump
from replay.util.hostport import join_hostport, parse_upstream
from replay.util.procs import Children

__all__ = [
    "ADDON",
    "FaultControl",
    "FaultProxy",
    "spawn_fault_proxy",
    "start_fault_proxy",
    "wait_fault_proxy",
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
    mitm: Mitmdump
    control: FaultControl
    upstream: str

    @property
    def url(self) -> str:
        """Where the service under test should send what it sent to the upstream."""
        return self.mitm.url

    def stop(self) -> dict[str, Any] | None:
        """Stop mitmdump; returns the counters read just before (None if it had died)."""
        final = None
        if self.mitm.child.alive:
            try:
                final = self.control.counters()
            except BadInput:
                final = None
        self.mitm.child.stop()
        return final


def start_fault_proxy(
    children: Children,
    upstream: str,
    listen: tuple[str, int],
    profiles: ProfileSet | Path,
    active: str | None = None,
    control: tuple[str, int] = ("127.0.0.1", 0),
    name: str = "mitmdump (faults)",
    timeout: float = 30.0,
) -> FaultProxy:
    """Start a fault proxy to ``upstream`` on ``listen`` with ``profiles`` (a set, or a profile file);
    returns once both the proxy and its control endpoint listen."""
    mitm = spawn_fault_proxy(children, upstream, listen, profiles, active, control, name)
    return wait_fault_proxy(mitm, upstream, timeout)


def spawn_fault_proxy(
    children: Children,
    upstream: str,
    listen: tuple[str, int],
    profiles: ProfileSet | Path,
    active: str | None = None,
    control: tuple[str, int] = ("127.0.0.1", 0),
    name: str = "mitmdump (faults)",
) -> Mitmdump:
    """``start_fault_proxy`` without the wait (``wait_fault_proxy``): a run's several proxies boot side by side."""
    parse_upstream(upstream, proxied=True)
    pass_fds: tuple[int, ...] = ()
    if isinstance(profiles, ProfileSet):
        # An unnamed file handed down by descriptor: read at start-up, and nothing left on disk.
        fd = _anonymous_file(profiles.to_json())
        pass_fds, profile_file = (fd,), f"/dev/fd/{fd}"
    else:
        profile_file = str(profiles)
    options: dict[str, object] = {
        "faults_profile": profile_file,
        "faults_control": join_hostport(*control),
        "faults_control_ready": ANNOUNCE,
        # Lazy: connect upstream per request, so a refused upstream is a counted error, not a dead client.
        "connection_strategy": "lazy",
    }
    if active:
        options["faults_active"] = active
    try:
        mitm = start_mitmdump(
            children, name, f"reverse:{upstream}", listen, [ADDON], options, timeout=None, pass_fds=pass_fds
        )
    finally:  # the child has its own copy once started
        for fd in pass_fds:
            os.close(fd)
    return mitm


def wait_fault_proxy(mitm: Mitmdump, upstream: str, timeout: float = 30.0) -> FaultProxy:
    """The proxy ``spawn_fault_proxy`` started to ``upstream``, once both it and its control endpoint listen;
    ProxyStartError (naming it) if they do not."""
    mitm.wait_listening(timeout)
    url = mitm.wait_for("control", timeout, "its control endpoint")
    return FaultProxy(mitm, FaultControl(url, mitm.announcements.values["control_token"]), upstream)


def _anonymous_file(data: bytes) -> int:
    fd, path = tempfile.mkstemp(prefix="replay-faults-", suffix=".json")
    os.unlink(path)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
