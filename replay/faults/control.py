"""The fault proxy's control endpoint, on loopback only, inside the mitmdump process.

    GET  /profile               {"active": NAME, "profiles": [NAME, ...]}
    POST /profile               {"name": NAME, "label": "step 2"}  -> {"active", "previous", "segment"}
                                switches the profile (its coins reset) and starts a counter segment;
                                404 naming the known profiles if NAME is not one
    GET  /counters              see replay.faults.counters

It binds a loopback address and answers loopback peers only: it changes what a rehearsal does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson

from replay.config.faults import is_loopback
from replay.faults.counters import Counters
from replay.faults.decide import Injector
from replay.faults.http1 import Request, Responder, serve

__all__ = ["Control"]


class Control:
    def __init__(self, injector: Callable[[], Injector], counters: Callable[[], Counters]):
        # Getters: the addon replaces both when its options change.
        self.injector, self.counters = injector, counters
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> tuple[str, int]:
        self._server = await asyncio.start_server(lambda r, w: serve(self._handle, r, w), host, port)
        bound = self._server.sockets[0].getsockname()
        return str(bound[0]), int(bound[1])

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _handle(self, req: Request, out: Responder) -> None:
        if not is_loopback(req.peer):
            await out.json(403, {"error": "the control endpoint answers loopback clients only"})
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
        counters.switch(name, label)
        return 200, {"active": name, "previous": previous, "segment": len(counters.segments) - 1}
