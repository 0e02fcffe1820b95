"""mitmproxy flows to exchange records (used by the capture addon and ``replay import``).

The capture addon runs on mitmproxy's event loop, which serves every flow, so it takes from a
flow only what is cheap: ``exchange_header`` (the exchange without its bodies, as plain data)
and ``raw_parts`` (the bodies as mitmproxy holds them, not decoded, not copied). Its writer
process makes the record (``replay.capture.assemble``). ``flow_to_exchange`` makes it here, for
``replay import`` of a flow file.
"""

from __future__ import annotations

from typing import Any

from mitmproxy import http

from replay.exchange.format import DEFAULT_BODY_CAP, Body, Exchange
from replay.exchange.stream import StreamRecorder

__all__ = ["StreamRecorder", "exchange_header", "flow_to_exchange", "is_streamed", "raw_parts"]

_STREAM_TYPES = ("text/event-stream", "application/x-ndjson", "application/jsonl")


def is_streamed(resp: http.Response) -> bool:
    """SSE, NDJSON and chunked responses without a length are passed through as they arrive."""
    ctype = resp.headers.get("content-type", "").lower()
    if ctype.startswith(_STREAM_TYPES):
        return True
    return "content-length" not in resp.headers and "chunked" in resp.headers.get("transfer-encoding", "")


def _content(msg: http.Message, meta: dict[str, Any], key: str) -> bytes | None:
    """Decoded content; on a bad encoding the raw bytes, with the reason in ``meta``."""
    try:
        return msg.get_content(strict=True)
    except ValueError:
        meta[f"{key}_undecodable"] = msg.headers.get("content-encoding", "")
        return msg.raw_content


def _headers(msg: http.Message) -> list[tuple[str, str]]:
    # Bodies are stored decoded, so their content-encoding no longer applies.
    return [(k, v) for k, v in msg.headers.items(multi=True) if k.lower() != "content-encoding"]


def exchange_header(flow: http.HTTPFlow, streamed: bool = False) -> dict[str, Any]:
    """The exchange of a flow as plain data, without bodies (``Exchange.from_dict`` reads it).
    A ``streamed`` response keeps all its headers: its body is stored as it passed, not decoded."""
    req = flow.request
    start = req.timestamp_start
    timings: dict[str, float | None] = {"start": start, "ttfb": None, "total": None}
    header: dict[str, Any] = {
        "id": flow.id,
        "request": {
            "method": req.method,
            "url": req.pretty_url,
            "headers": _headers(req),
            "http_version": req.http_version,
        },
        "timings": timings,
        "meta": {},
    }
    resp = flow.response
    if resp is not None:
        header["response"] = {
            "status": resp.status_code,
            "headers": list(resp.headers.items(multi=True)) if streamed else _headers(resp),
            "reason": resp.reason,
            "http_version": resp.http_version,
        }
        timings["ttfb"] = round(resp.timestamp_start - start, 6)
        if resp.timestamp_end:
            timings["total"] = round(resp.timestamp_end - start, 6)
    if flow.error is not None:
        header["error"] = flow.error.msg
        timings["total"] = round(flow.error.timestamp - start, 6)
    return header


def raw_parts(flow: http.HTTPFlow, cap: int) -> list[tuple[str, bytes | memoryview, int, str]]:
    """The bodies as mitmproxy holds them: (side, bytes, raw size, content-encoding). A body that is
    not encoded is cut just past ``cap`` (a view, not a copy); an encoded one goes whole, to be decoded."""
    parts: list[tuple[str, bytes | memoryview, int, str]] = []
    for side, msg in (("request", flow.request), ("response", flow.response)):
        raw = msg.raw_content if msg is not None else None
        if raw:
            ce = msg.headers.get("content-encoding", "")  # type: ignore[union-attr]
            data = memoryview(raw)[: cap + 1] if not ce and len(raw) > cap + 1 else raw
            parts.append((side, data, len(raw), ce))
    return parts


def flow_to_exchange(
    flow: http.HTTPFlow, cap: int = DEFAULT_BODY_CAP, recorder: StreamRecorder | None = None
) -> Exchange:
    """The exchange record of a finished flow (response or error)."""
    ex = Exchange.from_dict(exchange_header(flow, streamed=recorder is not None))
    ex.request.body = Body.from_bytes(_content(flow.request, ex.meta, "request"), cap)
    resp = flow.response
    if resp is not None and ex.response is not None:
        if recorder is not None:
            ex.response.body, ex.stream = recorder.body(), recorder.stream()
        else:
            ex.response.body = Body.from_bytes(_content(resp, ex.meta, "response"), cap)
    return ex
