"""Event streams: the one place a byte stream is split into events. Server-sent events are blank-line
separated blocks; an NDJSON stream (Ollama's ``application/x-ndjson``, JSON Lines) is one event a line.

``SSESplitter`` parses the events each chunk completes (the client times them, the capture records
them, the demo relays them); ``LineSplitter`` does the same for NDJSON, each line an event with its
text as ``data``; ``splitter_for`` picks one by content type (None: not an event stream).
``SSEBlocks`` (``LineBlocks`` for NDJSON, ``blocks_for`` by content type) hands back each complete
block as it came, blank line included, for a proxy that passes events on one by one (the fault
proxy's stream shaper); ``parse_stream`` parses a whole
body at once (the judge reads a stored response).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LINE_TYPES",
    "SSE_TYPE",
    "STREAM_TYPES",
    "LineBlocks",
    "LineSplitter",
    "SSEBlocks",
    "SSEEvent",
    "SSESplitter",
    "blocks_for",
    "parse_event",
    "parse_stream",
    "splitter_for",
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


def splitter_for(content_type: str) -> SSESplitter | None:
    """The splitter for a response of this content type: SSE, NDJSON, or None (not an event stream)."""
    ctype = content_type.strip().lower()
    if ctype.startswith(SSE_TYPE):
        return SSESplitter()
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


def blocks_for(content_type: str) -> SSEBlocks | None:
    """``SSEBlocks`` for an SSE response, ``LineBlocks`` for an NDJSON one, None for any other."""
    splitter = splitter_for(content_type)
    return None if splitter is None else LineBlocks() if isinstance(splitter, LineSplitter) else SSEBlocks()


def parse_stream(body: bytes, splitter: SSESplitter | None = None) -> list[SSEEvent]:
    """Every event of a whole stream (SSE unless ``splitter`` says), its unterminated last event included."""
    splitter = SSESplitter() if splitter is None else splitter
    return [*splitter.feed(body), *splitter.close()]
