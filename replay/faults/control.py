"""The fault proxy's control endpoint, on loopback only, inside the mitmdump process.

    GET  /profile               {"active": NAME, "profiles": [NAME, ...]}
    POST /profile               {"name": NAME, "label": "step 2"}  -> {"active", "previous", "segment"}
                                switches the profile (its coins reset) and starts a counter segment;
                                404 naming the known profiles if NAME is not one
    GET  /counters              see replay.faults.counters

It binds a loopback address and answers loopback peers only: it changes what a rehearsal does.
Every request must carry the proxy's token (``x-replay-control-token``; made per start and told
to whoever started it), and a request whose ``Host`` is not the endpoint's own address or that
comes with a foreign ``Origin`` is refused: a web page the operator happens to visit can neither
send a cross-site "simple" POST that switches the profile nor reach it by DNS rebinding.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from typing import Any

import orjson

from replay.config.faults import is_loopback
from replay.faults.counters import Counters
from replay.faults.decide import Injector
from replay.faults.http1 import Request, Responder, serve

__all__ = ["TOKEN_HEADER", "Control"]

TOKEN_HEADER = "x-replay-control-token"


class Control:
    def __init__(self, injector: Callable[[], Injector], counters: Callable[[], Counters], token: str = ""):
        # Getters: the addon replaces both when its options change.
        self.injector, self.counters = injector, counters
        self.token = token
        self._server: asyncio.Server | None = None
        self._hosts: set[str] = set()

    async def start(self, host: str, port: int) -> tuple[str, int]:
        self._server = await asyncio.start_server(lambda r, w: serve(self._handle, r, w), host, port)
        bound = self._server.sockets[0].getsockname()
        host, port = str(bound[0]), int(bound[1])
        names = {host, "localhost", "127.0.0.1", "[::1]"} | ({f"[{host}]"} if ":" in host else set())
        self._hosts = {f"{n}:{port}" for n in names}
        return host, port

    def _refusal(self, req: Request) -> tuple[int, str] | None:
        """Why ``req`` may not use the endpoint (status, message); None when it may."""
        if not is_loopback(req.peer):
            return 403, "the control endpoint answers loopback clients only"
        host = (req.header("host") or "").lower()
        if host not in self._hosts:
            return 403, f"Host {host!r} is not this endpoint's address"
        origin = req.header("origin")
        if origin is not None and origin.lower().split("://", 1)[-1] not in self._hosts:
            return 403, f"requests from {origin!r} are refused"
        given = req.header(TOKEN_HEADER) or ""
        if not self.token or not hmac.compare_digest(given.encode(), self.token.encode()):
            return 401, f"send this proxy's control token in {TOKEN_HEADER} (replay faults prints it)"
        return None

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _handle(self, req: Request, out: Responder) -> None:
        refused = self._refusal(req)
        if refused is not None:
            await out.json(refused[0], {"error": refused[1]})
            return
        path = req.target.split("?", 1)[0].rstrip("/")
        if path == "/counters" and req.method == "GET":
            await out.json(200, self.counters().snapshot())
        elif path == "/profile" and req.method == "GET":
            inj = self.injector()
            await out.json(200, {"active": inj.active, "profiles": inj.profiles.names})
        elif path == "/profile" and req.method == "POST":
            await out.json(*self._switch(req.body))
        else:
            await out.json(404, {"error": "unknown endpoint; use GET /counters, GET /profile or POST /profile"})

    def _switch(self, body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            data = orjson.loads(body)
            name, label = data["name"], str(data.get("label", ""))
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return 400, {"error": 'send {"name": PROFILE, "label": TEXT}'}
        inj, counters = self.injector(), self.counters()
        previous = inj.active
        try:
            inj.activate(name)
        except KeyError:
            return 404, {"error": inj.profiles.unknown(str(name))}
        counters.switch(name, label, inj.rules)
        return 200, {"active": name, "previous": previous, "segment": len(counters.segments) - 1}
