"""The capture record: one ``Exchange`` (request, response or error, timings, stream, redaction
counts) a line of a capture file, as JSON (orjson).

The reader (``replay.exchange.read``) and the writer (``replay.exchange.write``) of capture files
live beside this module; every stage that hands exchanges on builds these records.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

__all__ = [
    "DEFAULT_BODY_CAP",
    "GIVEN_NAMES",
    "MAX_BODY_CAP",
    "MAX_LINE",
    "NEWER",
    "SCHEMA_VERSION",
    "Body",
    "Exchange",
    "Request",
    "Response",
    "Stream",
    "StreamEvent",
    "Timings",
    "body_from_json",
    "content_type",
    "head_not_passed_on",
    "is_zst",
    "latin1_strings",
    "version_problem",
]

SCHEMA_VERSION = 1
# Keys of ``Exchange.meta`` holding the name its source gave the exchange, which its id is made of (a Batch API
# line's custom_id, a Bedrock batch record's recordId): text its user chose, redacted as text is (an address, a
# customer's name or number as a line's id)
GIVEN_NAMES = ("custom_id", "record_id")
NEWER = "written by a newer replay"  # how version_problem begins for a record of a later schema
DEFAULT_BODY_CAP = 1 << 20  # 1 MiB
MAX_BODY_CAP = 64 << 20  # the most ``--body-cap`` keeps of a body
# The longest line a reader takes: two bodies at the cap, escaped as JSON (six bytes a control
# character at worst), are 768 MiB. Past it a line is no record replay wrote, and reading it whole
# (a multi-GB file without a newline) would take the memory it has.
MAX_LINE = 1 << 30
Headers = list[tuple[str, str]]


def content_type(headers: Headers) -> str:
    """The value of the first Content-Type field of ``headers`` ("" when there is none)."""
    return next((v for k, v in headers if k.lower() == "content-type"), "")


def version_problem(d: dict[str, Any]) -> str | None:
    """What is wrong with a record's schema version ``v`` (None: this replay reads it): a newer record
    read as this one would lose the fields it added, or misread the ones it changed."""
    v = d.get("v", SCHEMA_VERSION)
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:  # true is an int in Python, and 0 no version
        return f"schema version {v!r} is not a number replay writes (1, 2, ...)"
    if v > SCHEMA_VERSION:
        return f"{NEWER} (schema version {v}; this one reads {SCHEMA_VERSION}): upgrade replay to read it"
    return None


@dataclass(slots=True)
class Body:
    """A message body: UTF-8 text as is, anything else as base64. ``size`` is the whole body's length in bytes as
    recorded: decoded from its content-encoding (the raw bytes when they did not decode), of which ``text`` holds
    the first ``cap`` when ``truncated``; redaction moves it by what it changed. A compressed body a writer did not
    decode to its end (past the cap: a compression bomb is not decoded whole) has the bytes it decoded, a floor,
    and meta ``response_size`` (or ``request_size``) says so (``exchange.encoded.SIZE_UNKNOWN``)."""

    text: str
    encoding: Literal["utf8", "base64"]
    size: int
    truncated: bool = False

    @classmethod
    def from_bytes(cls, data: bytes | None, cap: int = DEFAULT_BODY_CAP) -> Body | None:
        """Encode ``data``, keeping at most ``cap`` bytes; None for an empty body."""
        if not data:
            return None
        kept = data[:cap]
        truncated = len(kept) < len(data)
        try:
            return cls(kept.decode("utf-8"), "utf8", len(data), truncated)
        except UnicodeDecodeError as e:
            # A cut through a multi-byte character is still text: drop the partial character.
            if truncated and e.start >= len(kept) - 3 and e.reason == "unexpected end of data":
                return cls(kept[: e.start].decode("utf-8"), "utf8", len(data), True)
        return cls(base64.b64encode(kept).decode("ascii"), "base64", len(data), truncated)

    def replace_text(self, text: str) -> None:
        """Swap in edited text (redaction), keeping ``size`` the size of what is stored."""
        old = len(self.text.encode("utf-8")) if self.encoding == "utf8" else len(base64.b64decode(self.text))
        self.size += len(text.encode("utf-8")) - old
        self.text, self.encoding = text, "utf8"

    def to_bytes(self) -> bytes:
        """The stored bytes (the first ``cap`` bytes when truncated)."""
        if self.encoding == "base64":
            return base64.b64decode(self.text)
        return self.text.encode("utf-8")


@dataclass(slots=True)
class Request:
    method: str
    url: str
    headers: Headers
    body: Body | None = None
    http_version: str = "HTTP/1.1"
    # Fields after the body (HTTP/2 and chunked HTTP/1.1 trailers): gRPC's grpc-status and grpc-message are here.
    trailers: Headers = field(default_factory=list)


@dataclass(slots=True)
class Response:
    status: int
    headers: Headers
    body: Body | None = None
    reason: str = ""
    http_version: str = "HTTP/1.1"
    trailers: Headers = field(default_factory=list)  # as Request.trailers


@dataclass(slots=True)
class Timings:
    """``start`` is epoch seconds; ``ttfb`` and ``total`` are seconds from ``start``."""

    start: float
    ttfb: float | None = None
    total: float | None = None


@dataclass(slots=True)
class StreamEvent:
    """One SSE event (an NDJSON line, or a chunk of another stream): seconds from start, event name, bytes."""

    t: float
    event: str | None
    size: int


@dataclass(slots=True)
class Stream:
    """How a streamed response arrived; the payload itself stays in ``response.body``."""

    kind: Literal["sse", "ndjson", "eventstream", "chunked"]
    events: list[StreamEvent] = field(default_factory=list)
    first_event: float | None = None
    chunks: int = 0


@dataclass(slots=True)
class Exchange:
    """One request and its response (or error), as captured and redacted."""

    id: str
    request: Request
    timings: Timings
    response: Response | None = None
    error: str | None = None
    stream: Stream | None = None
    redactions: dict[str, int] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    v: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        """One JSON line, without the newline."""
        return orjson.dumps(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Exchange:
        """Build from a parsed line; raises KeyError/TypeError/ValueError on a malformed one. Builds every
        record ``record_problem`` passes: fields it lets be left out take their defaults, and a key no
        field has is ignored, as at the top level (scan, export and redact refused such a record in
        Python's words, 'Timings.__init__() got an unexpected keyword argument', that inspect and sample read)."""
        if problem := version_problem(d):
            raise ValueError(problem)
        req = d["request"]
        resp = d.get("response")
        st = d.get("stream")
        return cls(
            id=str(d["id"]),
            request=Request(
                method=req["method"],
                url=req["url"],
                headers=_headers(req.get("headers", ())),
                body=body_from_json(req.get("body")),
                http_version=req.get("http_version", "HTTP/1.1"),
                trailers=_headers(req.get("trailers", ())),
            ),
            timings=_timings(d["timings"]),
            response=None
            if resp is None
            else Response(
                status=int(resp["status"]),
                headers=_headers(resp.get("headers", ())),
                body=body_from_json(resp.get("body")),
                reason=resp.get("reason", ""),
                http_version=resp.get("http_version", "HTTP/1.1"),
                trailers=_headers(resp.get("trailers", ())),
            ),
            error=d.get("error"),
            stream=None
            if st is None
            else Stream(
                kind=st["kind"],
                events=[StreamEvent(e["t"], e.get("event"), e.get("size", 0)) for e in st.get("events", ())],
                first_event=st.get("first_event"),
                chunks=st.get("chunks", 0),
            ),
            redactions=dict(d.get("redactions") or {}),
            meta=dict(d.get("meta") or {}),
            v=d.get("v", SCHEMA_VERSION),
        )


def _headers(raw: Iterable[list[str]]) -> Headers:
    return [(str(k), str(v)) for k, v in raw]


def _timings(raw: dict[str, Any]) -> Timings:
    return Timings(raw["start"], raw.get("ttfb"), raw.get("total"))


def body_from_json(raw: dict[str, Any] | None) -> Body | None:
    """A record's body as read (``record_problem`` has checked its fields' types), keys it does not know left
    out: every reader of a body reads it so (``Body(**raw)`` raised TypeError on a key of another name)."""
    if raw is None:
        return None
    body = Body(raw["text"], raw["encoding"], 0, raw.get("truncated", False))
    body.size = raw["size"] if "size" in raw else len(body.to_bytes())  # left out: what it holds
    return body


def head_not_passed_on(response: object, error: object, stream: object, meta: dict[str, Any]) -> bool:
    """A record's ``response`` is an upstream's head its client never got: it has an error, and neither a stream nor
    ``meta.response_incomplete``. Only a capture written before replay said so holds one (its client got mitmproxy's
    502; a capture now records no response, the head in ``meta.upstream_response``): readers take it as no response.
    Any other record with a response and an error holds an answer its client got only in part (a stream cut)."""
    return response is not None and error is not None and stream is None and not meta.get("response_incomplete")


def is_zst(path: Path) -> bool:
    """A capture file whose name says it is zstd-compressed."""
    return path.suffix == ".zst"


def latin1_strings(node: Any) -> Any:
    """``node`` with every string that held bytes not UTF-8 (mitmproxy carries them as lone surrogates,
    which no JSON can hold) read as ISO-8859-1 instead, HTTP's historical charset for field content: a
    client's ``X-Name: caf\\xe9`` is recorded as "café". Without this such a record cannot be written:
    the capture served the exchange and recorded nothing, ``replay import`` of a flow file failed."""
    if isinstance(node, str):
        try:
            node.encode()
        except UnicodeEncodeError:
            try:
                return node.encode("utf-8", "surrogateescape").decode("latin-1")
            except UnicodeEncodeError:  # a surrogate no byte stands for (not from mitmproxy): shown escaped
                return node.encode("utf-8", "backslashreplace").decode()
        return node
    if isinstance(node, dict):
        return {k: latin1_strings(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [latin1_strings(v) for v in node]
    return node
