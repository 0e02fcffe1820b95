"""Recording a streamed response (SSE, NDJSON, chunked) as it passes: a capped copy of the
payload and the arrival time of every event (an SSE event, an NDJSON line, an AWS event stream's frame). No mitmproxy
here: the capture addon feeds it chunks as they pass, and the capture writer rebuilds a cut
stream from the chunks it was sent."""

from __future__ import annotations

import re
import time

from replay.exchange.format import DEFAULT_BODY_CAP, Body, Stream, StreamEvent
from replay.util.sse import EventStreamSplitter, LineSplitter, SSEEvent, splitter_for

__all__ = ["StreamRecorder"]

# An event's name as protocols spell theirs (message, content_block_delta, response.output_text.delta,
# contentBlockDelta): the names are written as they came, unredacted, so any other (a stream's own "event:" or a
# Bedrock chunk's "type" holding an address) is recorded as no name.
_EVENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._:/-][A-Za-z0-9]+)*")
_NAMES: set[str] = set()  # names read once (a stream's are a protocol's few), looked up rather than matched an event
_NAMES_KEPT = 256


def _event_name(name: str | None) -> str | None:
    """``name`` if it is spelled as protocols spell theirs, else None (nothing else is written)."""
    if not name or name in _NAMES:
        return name or None
    if len(name) > 64 or not _EVENT_NAME.fullmatch(name):
        return None  # not kept: the memo holds no text that may be someone's
    if len(_NAMES) < _NAMES_KEPT:
        _NAMES.add(name)
    return name


class StreamRecorder:
    """The ``response.stream`` callable: passes chunks on untouched, keeps a capped copy and
    the arrival time of every event (seconds from ``start``, an epoch) of an SSE or NDJSON stream, as
    ``content_type`` says."""

    def __init__(self, start: float, content_type: str, cap: int = DEFAULT_BODY_CAP):
        self.start = start
        self.cap = cap
        self.buf = bytearray()
        self.size = 0
        self.chunks = 0
        self.first: float | None = None
        self.events: list[StreamEvent] = []
        self._sse = splitter_for(content_type)

    def __call__(self, data: bytes) -> bytes:
        self.feed(data, time.time() - self.start)
        return data

    def feed(self, data: bytes, t: float) -> None:
        """One chunk that arrived ``t`` s after the start; an empty one ends the stream."""
        if data:
            self.chunks += 1
            self.size += len(data)
            room = self.cap - len(self.buf)
            if room > 0:
                self.buf += data[:room]
            if self._sse is None:
                if self.first is None:
                    self.first = round(t, 6)
            else:
                self._add(self._sse.feed(data), t)
        elif self._sse is not None:  # end of stream
            self._add(self._sse.close(), t)

    @property
    def pending(self) -> int:
        """Bytes held of an event not yet ended."""
        return 0 if self._sse is None else self._sse.pending

    def _add(self, events: list[SSEEvent], t: float) -> None:
        for ev in events:
            self.events.append(StreamEvent(round(t, 6), _event_name(ev.event), ev.size))
        if events and self.first is None:
            self.first = round(t, 6)

    def body(self) -> Body | None:
        b = Body.from_bytes(bytes(self.buf), self.cap)
        if b is not None:
            b.size = self.size
            b.truncated = self.size > len(self.buf)
        return b

    def stream(self) -> Stream:
        sse = self._sse
        kind = "chunked" if sse is None else "ndjson" if isinstance(sse, LineSplitter) else "sse"
        kind = "eventstream" if isinstance(sse, EventStreamSplitter) else kind
        return Stream(kind=kind, events=self.events, first_event=self.first, chunks=self.chunks)
