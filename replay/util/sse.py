"""Server-sent events: split a byte stream into events as they complete."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SSEEvent", "SSESplitter", "parse_event"]

_BOUNDARY = re.compile(rb"\r\n\r\n|\n\n|\r\r")


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


class SSESplitter:
    """Feed chunks; get back the events each chunk completed."""

    __slots__ = ("_rest",)

    def __init__(self) -> None:
        self._rest = b""

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        buf = self._rest + chunk
        out: list[SSEEvent] = []
        pos = 0
        for m in _BOUNDARY.finditer(buf):
            ev = parse_event(buf[pos : m.start()])
            if ev is not None:
                out.append(ev)
            pos = m.end()
        self._rest = buf[pos:]
        return out

    def close(self) -> list[SSEEvent]:
        """Events left in a stream that ended without a final blank line."""
        ev = parse_event(self._rest) if self._rest.strip() else None
        self._rest = b""
        return [ev] if ev else []
