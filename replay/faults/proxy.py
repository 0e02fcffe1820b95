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

import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from replay.config.faults import ProfileSet
from replay.errors import BadInput, ProxyStartError
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.hostport import join_hostport, parse_upstream
from replay.util.procs import Children

__all__ = ["ADDON", "FaultControl", "FaultProxy", "start_fault_proxy"]

ADDON = Path(__file__).with_name("addon.py")


class FaultControl:
    """Client of a fault proxy's control endpoint (loopback)."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        try:
            r = httpx.request(method, self.url + path, json=body, timeout=self.timeout)
        except httpx.HTTPError as e:
            raise BadInput(f"fault proxy control {self.url}: {type(e).__name__} ({e}); is the proxy running?") from None
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
    parse_upstream(upstream)
    tmp = Path(tempfile.gettempdir())
    token = uuid.uuid4().hex
    if isinstance(profiles, ProfileSet):
        profile_file = tmp / f"replay-faults-{token}.json"
        profile_file.write_bytes(profiles.to_json())
    else:
        profile_file = profiles
    ready = tmp / f"replay-faults-control-{token}.json"
    options: dict[str, object] = {
        "faults_profile": profile_file,
        "faults_control": join_hostport(*control),
        "faults_control_ready": ready,
        # Lazy: connect upstream per request, so a refused upstream is a counted error, not a dead client.
        "connection_strategy": "lazy",
    }
    if active:
        options["faults_active"] = active
    try:
        mitm = start_mitmdump(children, name, f"reverse:{upstream}", listen, scripts=[ADDON], options=options)

        def probe() -> dict | None:
            return orjson.loads(ready.read_bytes()) if ready.exists() else None

        try:
            info = mitm.child.wait_for(probe, timeout, "its control endpoint")
        except BadInput as e:
            raise ProxyStartError(str(e)) from None
    finally:
        ready.unlink(missing_ok=True)
        if profile_file is not profiles:
            profile_file.unlink(missing_ok=True)  # read at start-up; the addon keeps it in memory
    return FaultProxy(mitm, FaultControl(info["control"]), upstream)
