"""Event streams: the one place a byte stream is split into events. Server-sent events are blank-line
separated blocks; an NDJSON stream (Ollama's ``application/x-ndjson``, JSON Lines) is one event a line.

``SSESplitter`` parses the events each chunk completes (the client times them, the capture records
them, the demo relays them); ``LineSplitter`` does the same for NDJSON, each line an event with its
text as ``data``; ``splitter_for`` picks one by content type (None: not an event stream).
``SSEBlocks`` (``LineBlocks`` for NDJSON, ``blocks_for`` by content type) hands back each complete
block as it came, blank line included, for a proxy that passes events on one by one (the fault
proxy's stream shaper); ``parse_stream`` parses a whole
body at once (the judge reads a stored response); ``sse_event`` writes one event.

An AWS event stream (``application/vnd.amazon.eventstream``: Bedrock's ConverseStream and
InvokeModelWithResponseStream, binary frames ``replay.util.eventstream`` decodes) is split by
``EventStreamSplitter``, a frame an event. An ``event`` frame of ConverseStream is named by its
``:event-type`` and its data is ``{"<event-type>": payload}`` (the JSON boto3 hands its caller:
``{"contentBlockDelta": {...}}``); InvokeModel's ``chunk`` carries the model's own JSON as base64
``bytes``, which is the event's data (named by the model's ``type``, Anthropic's ``content_block_delta``,
when it has one). An ``exception`` frame is an ``error`` event whose data is ``{"type": "error", "error":
{"type": its exception type, "message": ...}}``. A frame whose CRC does not match, or a stream that ends
mid-frame, is a cut stream: no event is made of it or of anything after it, and ``broken`` says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from replay.util.eventstream import EVENTSTREAM_TYPE, MAX_FRAME, Frame, chunk_bytes, decode_frames

__all__ = [
    "EVENTSTREAM_TYPE",
    "LINE_TYPES",
    "SSE_TYPE",
    "STREAM_TYPES",
    "EventStreamSplitter",
    "FrameBlocks",
    "LineBlocks",
    "LineSplitter",
    "SSEBlocks",
    "SSEEvent",
    "SSESplitter",
    "blocks_for",
    "frame_event",
    "parse_event",
    "parse_stream",
    "splitter_for",
    "sse_event",
]

_BOUNDARY = re.compile(rb"\r\n\r\n|\n\n|\r\r")
_NEWLINE = re.compile(rb"\r?\n")
SSE_TYPE = "text/event-stream"
# Content types of a stream of JSON values one a line (NDJSON, JSON Lines; json-seq's records end in a newline too).
LINE_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq")
STREAM_TYPES = (SSE_TYPE, *LINE_TYPES)  # content types whose bodies are events: SSE, or a line an event


@dataclass(slots=True)
class SSEEvent:
    event: str | None
    data: str
    id: str | None
    size: int


def parse_event(block: bytes) -> SSEEvent | None:
    """Parse one event block (without its blank line); None for a comment-only block."""
    event = id_ = None
    data: list[str] = []
    seen = False
    for raw in block.splitlines():
        line = raw.decode("utf-8", "replace")
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        seen = True
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id":
            id_ = value
    return SSEEvent(event, "\n".join(data), id_, len(block)) if seen else None


class _Buffer:
    """Bytes not yet ending in a blank line, and the complete blocks a chunk adds to them."""

    __slots__ = ("_rest",)
    _boundary = _BOUNDARY

    def __init__(self) -> None:
        self._rest = b""

    def _split(self, chunk: bytes) -> tuple[bytes, list[tuple[int, int, int]]]:
        """The buffer with ``chunk`` added, and per complete block (start, end of its text, end of
        its blank line); the bytes after the last block stay for the next chunk."""
        buf = self._rest + chunk
        spans = []
        pos = 0
        for m in self._boundary.finditer(buf):
            spans.append((pos, m.start(), m.end()))
            pos = m.end()
        self._rest = buf[pos:]
        return buf, spans

    @property
    def pending(self) -> int:
        """Bytes held of a block not yet ended: a caller that only counts events bounds it (a giant event)."""
        return len(self._rest)

    def _take_rest(self) -> bytes:
        rest, self._rest = self._rest, b""
        return rest


class SSESplitter(_Buffer):
    """Feed chunks; get back the events each chunk completed."""

    __slots__ = ()

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        buf, spans = self._split(chunk)
        return [ev for start, end, _ in spans if (ev := parse_event(buf[start:end])) is not None]

    def close(self) -> list[SSEEvent]:
        """Events left in a stream that ended without a final blank line."""
        rest = self._take_rest()
        ev = parse_event(rest) if rest.strip() else None
        return [ev] if ev else []


class LineSplitter(SSESplitter):
    """Feed chunks of an NDJSON stream; get back each line a chunk completed as an event (``data`` the
    line; blank lines skipped)."""

    __slots__ = ()
    _boundary = _NEWLINE

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        buf, spans = self._split(chunk)
        return [ev for start, end, _ in spans if (ev := _line(buf[start:end])) is not None]

    def close(self) -> list[SSEEvent]:
        ev = _line(self._take_rest())
        return [ev] if ev else []


def _line(line: bytes) -> SSEEvent | None:
    text = line.decode("utf-8", "replace").strip().removeprefix("\x1e")  # json-seq's record separator
    return SSEEvent(None, text, None, len(line)) if text else None


def _json(text: str | bytes) -> dict[str, Any]:
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return obj if isinstance(obj, dict) else {}


def frame_event(frame: Frame) -> SSEEvent:
    """The event an AWS event stream's frame is (see the module docstring)."""
    h, payload = frame.headers, frame.payload.decode("utf-8", "replace")
    if h.get(":message-type") in ("exception", "error"):  # throttlingException, modelStreamErrorException...
        kind = str(h.get(":exception-type") or h.get(":error-code") or "error")
        said = _json(payload)
        message = said.get("message") or said.get("Message") or h.get(":error-message") or kind
        error = {"type": "error", "error": {"type": kind, "message": str(message)}}
        return SSEEvent("error", orjson.dumps(error).decode(), None, frame.size)
    kind = str(h.get(":event-type") or "")
    if kind == "chunk":
        try:
            raw = chunk_bytes(frame)
        except ValueError:  # read as the frame it is
            raw = None
        if inner := raw.decode("utf-8", "replace") if raw else "":
            named = _json(inner).get("type")
            return SSEEvent(named if isinstance(named, str) else kind, inner, None, frame.size)
    return SSEEvent(kind or None, f'{{"{kind}":{payload or "{}"}}}' if kind else payload, None, frame.size)


class EventStreamSplitter(SSESplitter):
    """Feed chunks of an event stream; get back the events each chunk completed (a splitter as ``replay.util.sse``'s
    are). After a corrupt frame nothing more is read: ``broken`` says why; ``close`` gives no event of a torn last
    frame, and ``broken`` says it was torn."""

    __slots__ = ("broken",)

    def __init__(self) -> None:
        super().__init__()
        self.broken: str | None = None

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        if self.broken is not None:
            return []
        buf = self._rest + chunk
        frames, used, why = decode_frames(buf)
        self._rest = b"" if why else buf[used:]
        self.broken = why
        return [frame_event(f) for f in frames]

    def close(self) -> list[SSEEvent]:
        if self._take_rest() and self.broken is None:
            self.broken = "a frame torn off"
        return []


def splitter_for(content_type: str) -> SSESplitter | None:
    """The splitter for a response of this content type: SSE, NDJSON, an AWS event stream, or None (not an event
    stream)."""
    ctype = content_type.strip().lower()
    if ctype.startswith(SSE_TYPE):
        return SSESplitter()
    if ctype.startswith(EVENTSTREAM_TYPE):
        return EventStreamSplitter()
    return LineSplitter() if ctype.startswith(LINE_TYPES) else None


class SSEBlocks(_Buffer):
    """Feed chunks; get back each block a chunk completed, byte for byte with its blank line."""

    __slots__ = ()

    def feed(self, chunk: bytes) -> list[bytes]:
        buf, spans = self._split(chunk)
        return [buf[start:end] for start, _, end in spans]

    def close(self) -> bytes:
        """The bytes of an unterminated last block, as they came (empty when none)."""
        return self._take_rest()


class LineBlocks(SSEBlocks):
    """``SSEBlocks`` of an NDJSON stream: each line a chunk completed, byte for byte with its newline."""

    __slots__ = ()
    _boundary = _NEWLINE


class FrameBlocks(SSEBlocks):
    """``SSEBlocks`` of an AWS event stream: each frame a chunk completed, byte for byte (by its length prefix). Past
    a length no frame has (a corrupt prelude) no boundary can be told: the rest is passed on as it comes, not held
    until the stream ends (it was, all of it, however long the stream went on)."""

    __slots__ = ("_through",)

    def __init__(self) -> None:
        super().__init__()
        self._through = False

    def feed(self, chunk: bytes) -> list[bytes]:
        if self._through:
            return [chunk] if chunk else []
        buf, pos, out = self._rest + chunk, 0, []
        while len(buf) - pos >= 4:
            size = max(16, int.from_bytes(buf[pos : pos + 4], "big"))
            if size > MAX_FRAME:
                self._through = True
                size = len(buf) - pos
            elif len(buf) - pos < size:
                break
            out.append(buf[pos : pos + size])
            pos += size
        self._rest = buf[pos:]
        return out


def blocks_for(content_type: str) -> SSEBlocks | None:
    """``SSEBlocks`` for an SSE response, ``LineBlocks`` for an NDJSON one, ``FrameBlocks`` for an AWS event
    stream, None for any other."""
    splitter = splitter_for(content_type)
    if isinstance(splitter, EventStreamSplitter):
        return FrameBlocks()
    return None if splitter is None else LineBlocks() if isinstance(splitter, LineSplitter) else SSEBlocks()


def sse_event(data: Any, event: str | None = None) -> bytes:
    """One server-sent event: ``event:`` when named, ``data:`` the JSON of ``data`` (a str as it is: ``[DONE]``),
    then the blank line that ends it."""
    text = data.encode() if isinstance(data, str) else orjson.dumps(data)
    return (b"event: " + event.encode() + b"\n" if event else b"") + b"data: " + text + b"\n\n"


def parse_stream(body: bytes, splitter: SSESplitter | None = None) -> list[SSEEvent]:
    """Every event of a whole stream (SSE unless ``splitter`` says), its unterminated last event included."""
    splitter = SSESplitter() if splitter is None else splitter
    return [*splitter.feed(body), *splitter.close()]
