"""mitmdump addon: inject faults into what passes through a reverse proxy in front of an upstream.

    mitmdump -s replay/faults/addon.py --mode reverse:http://127.0.0.1:8001 \
        --set faults_profile=profiles.toml --set faults_control=127.0.0.1:0

One process can serve several upstreams: a ``--mode reverse:URL@HOST:PORT`` per upstream and ``faults_listeners``
naming a JSON list with an entry per mode, ``{"mode", "profiles" (as ProfileSet.to_json), "active", "control"}``,
each listener with its own profiles, counters, retry bookkeeping and control endpoint (and token), told to the
parent as ``{"controls": [{"control", "control_token"}, ...]}`` in the list's order. A flow belongs to the
listener it came in on (its client connection's mode).

Request-phase faults (latency, the limits, error, reset, hang) happen in a coroutine the ``request`` hook hands
mitmproxy to await, so a delayed flow waits alone (and an unfaulted one creates no coroutine).
Stream faults are handed to ``replay.faults.streamer`` (mitmproxy's stream callable cannot wait).
Streamed responses are passed through as they arrive either way.
``x-replay-fault: NAME`` forces a rule on one request and is never sent upstream. Requests carrying
the id header (``faults_id_header``, default ``x-replay-id``) are counted per id (``by_request``).
A concurrency slot is held from the request hook until the flow's ``response`` or ``error``; a rate
limit's headers go on every answer its bucket let through, as the APIs send them.
The upstream's own answers under 400 whose JSON body or a stream event reads as an error are counted per segment
(``error_bodies``; ``replay.faults.watch`` reads them as they pass, a byte search first, decoded where compressed).
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections.abc import Callable, Coroutine, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from mitmproxy import ctx, http
from mitmproxy.connection import ConnectionState
from mitmproxy.exceptions import OptionsError

from replay.config.faults import ProfileSet, is_loopback, load_profiles, parse_profiles
from replay.errors import BadInput
from replay.faults.bodies import error_response, quota_headers
from replay.faults.control import TOKEN_HEADER, Control
from replay.faults.counters import Counters, Segment, ended_by
from replay.faults.decide import FORCE_HEADER, HANG_CAP, Decision, Injector
from replay.faults.streamer import TICKET_HEADER, Streamer, Ticket
from replay.faults.watch import Watch, body_error, is_json, watch_stream
from replay.mitm.convert import header, is_streamed
from replay.mitm.ready import announce
from replay.util.hostport import parse_listen, url_of
from replay.util.wire import retry_after

log = logging.getLogger(__name__)
_SEG, _SENT, _TICKET = "replay.faults.segment", "replay.faults.sent", "replay.faults.ticket"
_SLOTS, _QUOTA, _WATCH = "replay.faults.slots", "replay.faults.quota", "replay.faults.watch"
_CTYPE, _CODING = b"content-type", b"content-encoding"
RETRIED = (408, 409, 429)  # with 5xx, the statuses the official SDKs retry
CALLS_KEPT = 1 << 16  # error answers awaiting their retry: a long-running proxy keeps no more
_FORCE = FORCE_HEADER.lower().encode()


def _control_address(text: str, what: str = "faults_control") -> tuple[str, int]:
    """The control endpoint's loopback host and port (``what``: the option or entry that gave it); OptionsError
    otherwise."""
    try:
        host, port = parse_listen(text, what)
    except BadInput as e:
        raise OptionsError(str(e)) from None
    if not is_loopback(host):
        raise OptionsError(f"{what} {text!r}: give a loopback HOST:PORT")
    return host, port


def _injector(profiles: Callable[[], ProfileSet], active: str, what: str) -> Injector:
    """An injector for the ``profiles`` read (``active`` in force if given); OptionsError naming ``what``."""
    try:
        injector = Injector(found := profiles())
        if active:
            injector.activate(active)
    except BadInput as e:
        raise OptionsError(str(e)) from None
    except KeyError:
        raise OptionsError(f"{what}: {found.unknown(active)}") from None
    return injector


class Listener:
    """One listener's faults: the profile in force, its counters, the error answers awaiting their retry and its
    control endpoint. A proxy started with the ``faults_*`` options has one; with ``faults_listeners``, one per mode."""

    def __init__(self, injector: Injector, control: str) -> None:
        self.use(injector)
        self.control_at = control  # loopback HOST:PORT of its control endpoint; "" for none
        self.control = Control(lambda: self.injector, lambda: self.counters)
        # (request id, path) -> its last error answer's end and retry-after: a retry is the same call again,
        # not the next route of a fallback chain
        # ... the retries before it, and the segment that answered it (which counts the call as retried)
        self.failed: dict[tuple[str, str], tuple[float, float, int, Segment]] = {}
        self.retried: dict[tuple[str, str], int] = {}  # a call retried that has not failed again (yet)

    def use(self, injector: Injector) -> None:
        self.injector = injector
        self.counters = Counters(injector.active, rules=injector.rules)

    async def serve_control(self, token: str) -> dict[str, str]:
        """Start the control endpoint with ``token`` (one made here if empty); its URL and token."""
        self.control.token = token or secrets.token_urlsafe(24)
        bound = await self.control.start(*_control_address(self.control_at))
        return {"control": url_of(*bound), "control_token": self.control.token}


def _listeners(spec: str, modes: Sequence[str]) -> dict[str, Listener]:
    """The listeners ``faults_listeners`` names (a JSON file, or ``/dev/fd/N``), by mode; OptionsError naming the
    entry that is wrong."""
    try:
        entries = orjson.loads(Path(spec).read_bytes())
    except (OSError, orjson.JSONDecodeError) as e:
        raise OptionsError(f"faults_listeners {spec!r}: cannot read it as JSON ({e})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise OptionsError(f"faults_listeners {spec!r}: expected a JSON list of objects")
    found: dict[str, Listener] = {}
    for i, e in enumerate(entries):
        where, mode = f"faults_listeners[{i}]", e.get("mode")
        if mode not in modes or mode in found:
            raise OptionsError(f"{where}.mode {mode!r}: give each of the proxy's modes (--mode) once")
        control = str(e.get("control", "127.0.0.1:0"))
        _control_address(control, f"{where}.control")
        profiles = partial(parse_profiles, e.get("profiles", {}), where)
        injector = _injector(profiles, str(e.get("active") or ""), f"{where}.active")
        found[mode] = Listener(injector, control)
    return found


class Faults:
    def __init__(self) -> None:
        self.main = Listener(Injector(ProfileSet()), "127.0.0.1:0")  # the faults_* options' (a single-mode proxy)
        self.by_mode: dict[str, Listener] = {}  # faults_listeners: mode (as given) -> its listener
        self.streamer = Streamer()
        self.id_header = b"x-replay-id"  # faults_id_header, lower case: read per flow, so not from ctx.options

    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option("faults_profile", str, "", "Profile file (TOML, or JSON) with the fault profiles.")
        loader.add_option("faults_active", str, "", "Profile in force at start (default: the file's 'active').")
        loader.add_option("faults_control", str, "127.0.0.1:0", "Loopback HOST:PORT of the control endpoint.")
        loader.add_option("faults_control_ready", str, "", "Where to announce the control address: fd:N or a file.")
        loader.add_option(
            "faults_control_token",
            str,
            "",
            "Token the control endpoint requires (x-replay-control-token); default: one made at start and logged.",
        )
        loader.add_option("faults_id_header", str, "x-replay-id", "Request header whose values are counted per id.")
        loader.add_option(
            "faults_listeners",
            str,
            "",
            "JSON file with a listener per mode, each with its own profiles and control endpoint (replaces the "
            "faults_profile, faults_active and faults_control options).",
        )

    def configure(self, updated: set[str]) -> None:
        opts = ctx.options
        if updated & {"faults_profile", "faults_active"}:
            load = partial(load_profiles, opts.faults_profile) if opts.faults_profile else ProfileSet
            self.main.use(_injector(load, opts.faults_active, "faults_active"))
        if "faults_control" in updated:
            if opts.faults_control:
                _control_address(opts.faults_control)
            self.main.control_at = opts.faults_control
        if "faults_listeners" in updated:
            self.by_mode = _listeners(opts.faults_listeners, opts.mode) if opts.faults_listeners else {}
        if "faults_id_header" in updated:
            self.id_header = opts.faults_id_header.lower().encode()

    async def running(self) -> None:
        await self.streamer.start()
        opts = ctx.options
        if self.by_mode:  # the parent learns every listener's control URL and token down its pipe
            said = [await one.serve_control("") for one in self.by_mode.values()]
            announce(opts.faults_control_ready, {"controls": said})
        elif opts.faults_control:
            said = await self.main.serve_control(opts.faults_control_token)
            if opts.faults_control_ready:  # the parent learns the token down its pipe
                announce(opts.faults_control_ready, said)
            elif not opts.faults_control_token:  # run by hand: the operator needs it
                log.warning(
                    f"fault control endpoint {said['control']}; token {said['control_token']} (header {TOKEN_HEADER})"
                )

    async def done(self) -> None:
        for one in (self.main, *self.by_mode.values()):
            one.control.stop()
        await self.streamer.stop()

    def _listener(self, flow: http.HTTPFlow) -> Listener:
        """The listener the flow came in on: a dict lookup by its mode's text (whose hash is cached)."""
        return self.by_mode.get(flow.client_conn.proxy_mode.full_spec, self.main) if self.by_mode else self.main

    def request(self, flow: http.HTTPFlow) -> Coroutine[Any, Any, None] | None:
        # Not ``async def``: mitmproxy awaits what a hook returns, so only a faulted flow pays for a coroutine.
        lis = self._listener(flow)
        seg = lis.counters.now
        seg.requests += 1
        flow.metadata[_SEG] = seg
        req = flow.request
        rid = header(req, self.id_header) if self.id_header else None
        if rid:
            lis.counters.by_request[rid] += 1
            failed = lis.failed.pop((rid, req.path), None)
            if failed is not None:  # a retry: how long after the error answer, against what it advised
                answered = failed[3]  # counted where the error was answered, as the request that caused it
                # From the retry's arrival (its head read), not this hook: a proxy with hooks queued ahead of it
                # reads retries late together, alike.
                answered.waited.append((req.timestamp_start or time.time()) - failed[0])
                answered.advised.append(failed[1])
                answered.first.append(failed[2] == 0)
                answered.retried += 1
                lis.retried[rid, req.path] = failed[2] + 1
        forced = header(req, _FORCE)
        if lis.injector.rules or forced is not None:  # no faults in force costs one header lookup
            try:
                path = req.path.split("?", 1)[0]
                decision = lis.injector.decide(req.method, req.host, path, req.headers, forced, time.monotonic())
            except KeyError as e:
                msg = f"{FORCE_HEADER}: {e.args[0]!r} names no fault rule of any profile"
                flow.response = http.Response.make(400, orjson.dumps({"error": {"message": msg, "type": "proxy"}}))
                return None
            if forced is not None:
                del req.headers[FORCE_HEADER]
            if decision is not None:
                if rid and decision.abort is not None:  # failed on purpose: the judge excuses what the chain did next
                    lis.counters.aborted[rid] += 1
                return self._inject(flow, seg, decision)
        flow.metadata[_SENT] = time.time()
        return None

    async def _inject(self, flow: http.HTTPFlow, seg: Segment, d: Decision) -> None:
        """Apply request-phase faults (awaiting delays: only this flow waits) and set up stream faults."""
        for rule in d.delays:
            seg.count(rule)
        for rule in d.windowed:
            if rule.name in seg.windows:  # forced from another profile: not this segment's window
                seg.windows[rule.name].hit += 1
        if d.slots:  # held through the delay too: an injected delay stands for a slow upstream
            flow.metadata[_SLOTS] = d.slots
        if d.delay:
            await asyncio.sleep(d.delay)
        if d.abort is not None:
            seg.count(d.abort)
            if d.abort.type in ("error", "rate_limit", "concurrency"):
                status, body, headers = error_response(d.abort, d.quota)
                flow.response = http.Response.make(status, body, headers)
            elif d.abort.type == "hang":
                await asyncio.sleep(HANG_CAP if d.abort.cap is None else d.abort.cap)
                flow.kill()
            else:
                flow.kill()
            return
        if d.stream is not None:
            req = flow.request
            ticket = Ticket(req.url, d.stream, seg)
            req.headers[TICKET_HEADER] = self.streamer.issue(ticket)
            req.scheme, req.host, req.port = "http", "127.0.0.1", self.streamer.port
            flow.metadata[_TICKET] = ticket
        if d.quota is not None:
            flow.metadata[_QUOTA] = (d.quota, d.quota_shape)
        flow.metadata[_SENT] = time.time()

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        resp = flow.response
        if resp is None:
            return
        quota = flow.metadata.pop(_QUOTA, None)
        if quota is not None:
            resp.headers.update(quota_headers(*quota))
        if not resp.stream and is_streamed(resp):
            resp.stream = True  # pass events on as they come, or the proxy itself would delay them
            if resp.status_code < 400 and _its_own(flow):  # read for an error event as it passes
                watch = watch_stream(header(resp, _CTYPE) or "", header(resp, _CODING) or "")
                if watch is not None:
                    resp.stream = flow.metadata[_WATCH] = watch

    def response(self, flow: http.HTTPFlow) -> None:
        self._release(flow)
        seg: Segment | None = flow.metadata.get(_SEG)
        resp = flow.response
        if seg is None or resp is None:
            return
        seg.responses[resp.status_code] += 1
        if resp.status_code < 400 and _said_error(flow, resp):
            seg.error_bodies[resp.status_code] += 1
        end = resp.timestamp_end or time.time()
        failed = resp.status_code in RETRIED or resp.status_code >= 500
        lis = self._listener(flow)
        rid = header(flow.request, self.id_header) if self.id_header and (failed or lis.retried) else None
        if rid:
            call = (rid, flow.request.path)
            retries = lis.retried.pop(call, 0)  # an answered retry is done with: the map holds calls under way
            if failed:
                advised = retry_after(resp.headers)
                lis.failed[call] = (end, math.nan if advised is None else advised, retries, seg)
                seg.answers += 1
                if len(lis.failed) > CALLS_KEPT:  # the oldest error answer was never retried: its call is over
                    del lis.failed[next(iter(lis.failed))]
        took = end - flow.request.timestamp_start
        seg.total.append(took)
        ticket: Ticket | None = flow.metadata.get(_TICKET)
        if ticket is not None:
            if ticket.upstream is not None:
                seg.upstream.append(ticket.upstream)
                seg.answered.append(took)
        elif _SENT in flow.metadata:
            seg.upstream.append(end - flow.metadata[_SENT])
            seg.answered.append(took)
        self._reached(flow, seg)

    def error(self, flow: http.HTTPFlow) -> None:
        self._release(flow)
        seg: Segment | None = flow.metadata.get(_SEG)
        if seg is not None:
            seg.errors += 1
            seg.ended[ended_by(flow.error.msg if flow.error else "", _client_left(flow))] += 1
            self._reached(flow, seg)

    @staticmethod
    def _release(flow: http.HTTPFlow) -> None:
        for slots in flow.metadata.pop(_SLOTS, ()):
            slots.release()

    @staticmethod
    def _reached(flow: http.HTTPFlow, seg: Segment) -> None:
        """Count a flow the upstream answered (its headers at least); a client that left during an
        injected delay never gets that far."""
        ticket: Ticket | None = flow.metadata.get(_TICKET)
        if ticket.reached if ticket is not None else (_SENT in flow.metadata and flow.response is not None):
            seg.forwarded += 1


def _client_left(flow: http.HTTPFlow) -> bool:
    """Whether the client had closed its side of the connection (mitmproxy read its end) when the flow failed: the
    service gave up on the call (its own timeout), whichever side mitmproxy's error names. Under load a call the
    service left while mitmproxy was still connecting upstream failed with "client disconnected" (the connect
    cancelled with the client's connection), counted as the upstream's own doing: "the search upstream itself ended 33%
    of its 43 calls" of a healthy search at the matrix's 50 ms retrieval timeout."""
    return not flow.client_conn.state & ConnectionState.CAN_READ


def _its_own(flow: http.HTTPFlow) -> bool:
    """Whether the flow's answer is the upstream's as it sent it: forwarded, and no ``stream_error`` rule's event in
    it (the streamer's other faults delay or cut what the upstream said, and add nothing)."""
    if _SENT not in flow.metadata:
        return False
    ticket: Ticket | None = flow.metadata.get(_TICKET)
    return ticket is None or ticket.plan.end is None or ticket.plan.end.type != "stream_error"


def _said_error(flow: http.HTTPFlow, resp: http.Response) -> bool:
    """Whether the upstream's own answer under 400 read as an error: a stream's event (its watch), or a whole JSON
    body (``replay.faults.watch``)."""
    watch: Watch | None = flow.metadata.pop(_WATCH, None)
    if watch is not None:
        return watch.close()
    raw = resp.raw_content
    if resp.stream or not raw or not _its_own(flow) or not is_json(header(resp, _CTYPE) or ""):
        return False
    return body_error(raw, header(resp, _CODING) or "")  # decoded no further than it reads


addons = [Faults()]
