"""mitmproxy flows to exchange records (used by the capture addon and ``replay import``)."""

from __future__ import annotations

from typing import Any

from mitmproxy import http

from replay.exchange.format import DEFAULT_BODY_CAP, Body, Exchange, Request, Response, Timings
from replay.exchange.stream import StreamRecorder

__all__ = ["StreamRecorder", "flow_to_exchange", "is_streamed"]

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


def flow_to_exchange(
    flow: http.HTTPFlow, cap: int = DEFAULT_BODY_CAP, recorder: StreamRecorder | None = None
) -> Exchange:
    """The exchange record of a finished flow (response or error)."""
    req = flow.request
    meta: dict[str, Any] = {}
    start = req.timestamp_start
    ex = Exchange(
        id=flow.id,
        request=Request(
            method=req.method,
            url=req.pretty_url,
            headers=_headers(req),
            body=Body.from_bytes(_content(req, meta, "request"), cap),
            http_version=req.http_version,
        ),
        timings=Timings(start=start),
        meta=meta,
    )
    resp = flow.response
    if resp is not None:
        if recorder is not None:
            body, ex.stream = recorder.body(), recorder.stream()
        else:
            body = Body.from_bytes(_content(resp, meta, "response"), cap)
        ex.response = Response(
            status=resp.status_code,
            headers=_headers(resp) if recorder is None else list(resp.headers.items(multi=True)),
            body=body,
            reason=resp.reason,
            http_version=resp.http_version,
        )
        ex.timings.ttfb = round(resp.timestamp_start - start, 6)
        if resp.timestamp_end:
            ex.timings.total = round(resp.timestamp_end - start, 6)
    if flow.error is not None:
        ex.error = flow.error.msg
        ex.timings.total = round(flow.error.timestamp - start, 6)
    return ex
