"""mitmproxy flows to exchange records (used by the capture addon and ``replay import``).

The capture addon runs on mitmproxy's event loop, which serves every flow, so it takes from a
flow only what is cheap: ``exchange_header`` (the exchange without its bodies, as plain data)
and ``raw_parts`` (the bodies as mitmproxy holds them, not decoded, not copied). Its writer
process makes the record (``replay.capture.assemble``). ``flow_to_exchange`` makes it here, for
``replay import`` of a flow file.
"""

from __future__ import annotations

from typing import Any

import orjson
from mitmproxy import http

from replay.exchange.encoded import body_of
from replay.exchange.format import DEFAULT_BODY_CAP, Body, Exchange, latin1_strings
from replay.exchange.stream import StreamRecorder
from replay.util.sse import EVENTSTREAM_TYPE, STREAM_TYPES

__all__ = [
    "ERROR_SIDE",
    "StreamRecorder",
    "client_aborted",
    "exchange_header",
    "flow_to_exchange",
    "header",
    "is_streamed",
    "note_sides",
    "raw_parts",
    "recorded_error",
]

_NATIVE = ("utf-8", "surrogateescape")  # how mitmproxy decodes header names and values


def header(msg: http.Message, name: bytes) -> str | None:
    """``msg.headers.get(name)`` (values joined with ", "; ``name`` lower case) in a quarter of its time:
    one pass over the raw fields. The capture calls it on mitmproxy's event loop for every flow."""
    values = [v for k, v in msg.data.headers.fields if k.lower() == name]
    if not values:
        return None
    return b", ".join(values).decode(*_NATIVE)


# The answers whose bodies are events, passed on as each comes though the upstream sent a length: an AWS event stream
# with a length (a Bedrock ConverseStream a gateway relayed whole) is recorded by its events and read by the fault
# proxy's watch as the chunked one (the capture kept a body alone, the fault proxy did not read it)
_STREAMED = (*STREAM_TYPES, EVENTSTREAM_TYPE)
_H2_H3 = (b"HTTP/2.0", b"HTTP/3")  # no chunked coding; the authority a pseudo-header of its own


def is_streamed(resp: http.Response) -> bool:
    """SSE, NDJSON and AWS event streams, and chunked responses without a length, are passed through as they arrive,
    and so is an HTTP/2 (or 3) answer with a body and no length: those versions have no chunked coding, it is their
    chunked answer.
    Why: a gRPC server stream (no length, application/grpc) was held whole until its end, its messages all reaching
    the client at once, and a stream that never ends (a watch) never reaching it at all.
    One pass over the raw fields (``header`` for each of the three names took three)."""
    ctypes, tes, length = [], [], False
    for k, v in resp.data.headers.fields:
        k = k.lower()
        if k == b"content-type":
            ctypes.append(v)
        elif k == b"content-length":
            length = True
        elif k == b"transfer-encoding":
            tes.append(v)
    if ctypes and b", ".join(ctypes).decode(*_NATIVE).lower().startswith(_STREAMED):
        return True
    if length:
        return False
    if resp.data.http_version in _H2_H3:
        return resp.status_code >= 200 and resp.status_code not in (204, 304)  # those have no body
    return any(b"chunked" in v for v in tes)


def _body(msg: http.Message, cap: int, meta: dict[str, Any], key: str) -> Body | None:
    """The body decoded as the capture's writers decode it (``exchange.encoded.body_of``: no further than the cap, so a
    compression bomb in a flow file is not decoded whole, as mitmproxy's ``get_content`` did); on a bad encoding
    the raw bytes, with the reason in ``meta``."""
    raw = msg.raw_content
    return body_of(raw, len(raw), header(msg, b"content-encoding") or "", cap, meta, key) if raw else None


def _headers(msg: http.Message, keep_encoding: bool = False) -> list[tuple[str, str]]:
    """``msg.headers.items(multi=True)`` decoded from the raw fields in one pass (mitmproxy's takes two
    calls a field). Bodies are stored decoded, so their content-encoding no longer applies."""
    fields = msg.data.headers.fields
    if keep_encoding:
        return _decoded(fields)
    return [(k.decode(*_NATIVE), v.decode(*_NATIVE)) for k, v in fields if k.lower() != b"content-encoding"]


def _decoded(fields: tuple[tuple[bytes, bytes], ...]) -> list[tuple[str, str]]:
    return [(k.decode(*_NATIVE), v.decode(*_NATIVE)) for k, v in fields]


def _with_trailers(part: dict[str, Any], msg: http.Message) -> dict[str, Any]:
    """``part`` with the message's trailers, when it had any (HTTP/2's, gRPC's grpc-status; chunked HTTP/1.1's).
    Why: they were dropped unsaid, and a gRPC call's outcome is in them (its HTTP status is 200 either way)."""
    trailers = msg.data.trailers
    if trailers:
        part["trailers"] = _decoded(trailers.fields)
    return part


_URL_PREFIXES: dict[tuple[object, ...], str] = {}


def request_url(req: http.Request) -> str:
    """``req.pretty_url`` (what the capture records) at a fifth of its cost: the part before the path
    depends on a few fields that rarely change, so it is worked out once per set of them."""
    d = req.data  # its raw fields: the properties decode on every read
    if d.path == b"*" or req.method == "CONNECT":  # first_line_format "authority", without its authority decode
        return req.pretty_url
    hosts = tuple(v for k, v in d.headers.fields if k.lower() == b"host")
    key = (d.scheme, d.host, d.port, hosts, d.authority if d.http_version in _H2_H3 else b"")
    prefix = _URL_PREFIXES.get(key)
    path = d.path.decode(*_NATIVE)
    if prefix is None:
        url = req.pretty_url
        if not url.endswith(path):
            return url
        if len(_URL_PREFIXES) >= 1024:
            _URL_PREFIXES.clear()
        prefix = _URL_PREFIXES[key] = url[: len(url) - len(path)]
    return prefix + path


def exchange_header(flow: http.HTTPFlow, streamed: bool = False) -> dict[str, Any]:
    """The exchange of a flow as plain data, without bodies (``Exchange.from_dict`` reads it).
    A ``streamed`` response keeps all its headers: its body is stored as it passed, not decoded."""
    req = flow.request
    start = req.timestamp_start
    timings: dict[str, float | None] = {"start": start, "ttfb": None, "total": None}
    header: dict[str, Any] = {
        "id": flow.id,
        "request": _with_trailers(
            {"method": req.method, "url": request_url(req), "headers": _headers(req), "http_version": req.http_version},
            req,
        ),
        "timings": timings,
        "meta": {},
    }
    resp = flow.response
    if resp is not None:
        header["response"] = _with_trailers(
            {
                "status": resp.status_code,
                "headers": _headers(resp, keep_encoding=streamed),
                "reason": resp.reason,
                "http_version": resp.http_version,
            },
            resp,
        )
        timings["ttfb"] = round(resp.timestamp_start - start, 6)
        if resp.timestamp_end:
            timings["total"] = round(resp.timestamp_end - start, 6)
    if flow.error is not None:
        header["error"] = recorded_error(flow)
        timings["total"] = round(flow.error.timestamp - start, 6)
        _broken(flow, header, streamed)
    return header


# mitmproxy's words for a client that went away (HTTP/1's), for a request its client closed half sent, and for an
# HTTP/2 stream reset, which it says of a reset by either peer ("stream reset by client (INTERNAL_ERROR)" of the
# upstream's too).
_CLIENT_LEFT, _HALF_SENT, _RESET = (
    "Client disconnected.",
    "peer closed connection without sending complete",
    "stream reset by client",
)
ERROR_SIDE = "replay.error_side"  # flow.metadata: whose connection's protocol error ended the flow (``note_sides``)


def note_sides() -> bool:
    """Have mitmproxy's HTTP layer note on a flow which side's protocol error ended it: ``flow.metadata[ERROR_SIDE]``,
    "client" or "upstream". Why: its HTTP/2 layer (11 and 12) says 'stream reset by client (CODE)' of a RST_STREAM
    from either peer, and the flow keeps only those words; the side is known only in its HTTP stream, where the
    event is a ``RequestProtocolError`` (from the client's connection) or a ``ResponseProtocolError`` (the
    upstream's). Called once in mitmdump, by the capture addon; it costs nothing until a flow fails. False, and
    nothing noted, where the layer has no such method (a later mitmproxy): ``client_aborted`` then guesses."""
    from mitmproxy.proxy.layers.http import HttpStream, RequestProtocolError  # mitmdump's own, not replay's import

    handle = HttpStream.__dict__.get("handle_protocol_error")
    if handle is None:
        return False
    if getattr(handle, "notes_sides", False):
        return True

    def handle_protocol_error(self: HttpStream, event: Any) -> Any:
        flow = getattr(self, "flow", None)
        if flow is not None and flow.error is None and ERROR_SIDE not in flow.metadata:  # the error it ends with
            flow.metadata[ERROR_SIDE] = "client" if isinstance(event, RequestProtocolError) else "upstream"
        return handle(self, event)

    handle_protocol_error.notes_sides = True  # type: ignore[attr-defined]
    HttpStream.handle_protocol_error = handle_protocol_error  # type: ignore[method-assign]
    return True


def client_aborted(flow: http.HTTPFlow) -> bool:
    """The flow ended because its client went away: it left (or reset its stream) waiting for the answer or during
    it, or closed the connection with its request half sent. A reset's side is what mitmproxy's layer knew
    (``note_sides``, in a capture); of a flow that did not note it (one imported from plain mitmproxy's flow file)
    it is a guess, and its record says so (``meta.reset_side_guessed``): the client's where only the client speaks
    HTTP/2, and where both do, one with CANCEL (RFC 9113 8.7: what a client that no longer wants the answer sends;
    an upstream may send it too, passing on its own caller's cancel)."""
    msg = flow.error.msg if flow.error is not None else ""
    if msg.startswith(_RESET):
        if (side := flow.metadata.get(ERROR_SIDE)) is not None:
            return side == "client"
        if flow.server_conn.alpn != b"h2":
            return True
        return flow.request.data.http_version in _H2_H3 and msg.endswith("(CANCEL)")
    return msg.startswith(_CLIENT_LEFT) or (flow.request.timestamp_end is None and _HALF_SENT in msg)


def recorded_error(flow: http.HTTPFlow) -> str:
    """The flow's error as its record says it: mitmproxy's words, but for an upstream's stream reset, which they
    say was the client's."""
    msg = flow.error.msg if flow.error is not None else ""
    if msg.startswith(_RESET) and not client_aborted(flow):
        return "stream reset by the upstream" + msg[len(_RESET) :]
    return msg


def _broken(flow: http.HTTPFlow, header: dict[str, Any], streamed: bool) -> None:
    """Say in ``meta`` what of an exchange that ended in an error its client got. Why: an upstream that reset mid-body
    left a record with its 200 head and the error, while the client got mitmproxy's 502 (a response is passed on
    whole, and this one never was): inspect, sample, the judge's baseline and HAR read a 200 from production.
    The record's ``response`` is what reached the client: a head the client never got is moved to
    ``meta.upstream_response``, as the upstream's partial answer; a streamed one the client got as far as it came
    (``meta.response_incomplete``). ``meta.request_incomplete``: the request never came whole (never sent upstream
    whole); ``meta.client_aborted``: the client went away."""
    meta = header["meta"]
    if client_aborted(flow):
        meta["client_aborted"] = True
    if flow.error is not None and flow.error.msg.startswith(_RESET) and ERROR_SIDE not in flow.metadata:
        meta["reset_side_guessed"] = True  # mitmproxy's words name the client for either side (``client_aborted``)
    if flow.request.timestamp_end is None:
        meta["request_incomplete"] = True
    resp = header.get("response")
    if resp is None:
        return
    if streamed:
        meta["response_incomplete"] = True
        return
    del header["response"]
    timings = header["timings"]
    meta["upstream_response"] = {k: resp[k] for k in ("status", "reason", "http_version")} | {"ttfb": timings["ttfb"]}
    timings["ttfb"] = None


def raw_parts(flow: http.HTTPFlow, cap: int) -> list[tuple[str, bytes | memoryview, int, str]]:
    """The bodies as mitmproxy holds them: (side, bytes, raw size, content-encoding). A body that is
    not encoded is cut just past ``cap`` (a view, not a copy); an encoded one goes whole, to be decoded."""
    parts: list[tuple[str, bytes | memoryview, int, str]] = []
    for side, msg in (("request", flow.request), ("response", flow.response)):
        raw = msg.raw_content if msg is not None else None
        if raw:
            ce = header(msg, b"content-encoding") or ""  # type: ignore[arg-type]
            data = memoryview(raw)[: cap + 1] if not ce and len(raw) > cap + 1 else raw
            parts.append((side, data, len(raw), ce))
    return parts


def flow_to_exchange(
    flow: http.HTTPFlow, cap: int = DEFAULT_BODY_CAP, recorder: StreamRecorder | None = None
) -> Exchange:
    """The exchange record of a finished flow (response or error)."""
    header = exchange_header(flow, streamed=recorder is not None)
    try:
        orjson.dumps(header)
    except orjson.JSONEncodeError:  # a header or URL that is not UTF-8: see ``latin1_strings``
        header = latin1_strings(header)
    ex = Exchange.from_dict(header)
    ex.request.body = _body(flow.request, cap, ex.meta, "request")
    resp = flow.response
    if resp is not None and ex.response is not None:
        if recorder is not None:
            ex.response.body, ex.stream = recorder.body(), recorder.stream()
        else:
            ex.response.body = _body(resp, cap, ex.meta, "response")
    return ex
