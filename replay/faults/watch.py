"""The upstream's own error answers under a success status: a JSON body, or an event of a stream (SSE, NDJSON, an AWS
event stream), that ``replay.util.wire`` reads as an error though the status said all was well. Real APIs send them:
an OpenAI-compatible gateway's 200 with ``{"error": {...}}``, OpenAI's mid-stream ``data: {"error": ...}``,
Anthropic's ``event: error`` (``overloaded_error``) inside a 200 stream, Gemini's ``{"error": ...}`` in a 200 stream
chunk, a responses stream's ``response.failed``, Ollama's error line, Bedrock's ``exception`` message
(``throttlingException``, ``modelStreamErrorException``) in a 200 ConverseStream or InvokeModelWithResponseStream. A
service reads them as failed answers (and falls back, or fails); the fault proxy counts them (``counters``:
``error_bodies``) so that a report can tell a fallback they set off from one the scenario's rules did.

Counted, never kept (a JSON body that came with no length is held in memory to its end while it may be an error
body: up to ``MAX_BODY``, saying ``error`` in its first ``HEAD``): the bytes pass on as they came. A body or stream
under a content-encoding (gzip, deflate, br, zstd) is read decoded, no further than it is read (``codings``: a whole
body's head, a stream's chunks by one decoder, in bounded pieces). Cheap where nothing is said: a body or a chunk
without the bytes ``error`` is not parsed, and a stream is split into events (``replay.util.sse``) only while a chunk
ends inside an event or says ``error`` (an event stream's frames: ``exception`` or ``error``, and a chunk's end told
by the frames' length prefixes, no CRC computed); where one does, the events it completes are read by
``wire.read_event``, the judge's reader of stream events (and of Gemini's, Ollama's, Cohere's whole bodies), not a
second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import orjson

from replay.util.codings import CORRUPT, Expansive, bounded, decoded_head, decoder
from replay.util.eventstream import whole_frames
from replay.util.sse import (
    EVENTSTREAM_TYPE,
    LINE_TYPES,
    SSE_TYPE,
    EventStreamSplitter,
    LineSplitter,
    SSEEvent,
    SSESplitter,
)
from replay.util.wire import read_event

__all__ = [
    "HEAD",
    "MAX_BODY",
    "BodyWatch",
    "DecodedWatch",
    "FrameWatch",
    "StreamWatch",
    "Watch",
    "body_error",
    "is_json",
    "said_error",
    "watch_stream",
]

_WORD = b"error"
_EXCEPTION = b"exception"  # an AWS event stream's ``:message-type`` of an error (``error`` is its other)
# An event longer than this, its end not come, is not held to be read: a stream that never splits is passed on
# and not watched further (an answer the fault proxy could not read is not counted as an error)
MAX_HELD = 1 << 20
# A JSON body longer than this is an answer, not an error body (a few hundred bytes): not read. One that came with no
# length is kept up to this to be read at its end, and let go as it passes once longer
MAX_BODY = 64 * 1024
# A JSON body says ``error`` in its first HEAD bytes or reads as none: an error body is shorter, and a long answer
# that failed says so before its content (a responses body's ``error`` comes before its output).
# Why: a compressed answer is decoded that far only, a long one costing what a short one does
HEAD = 4 * 1024
_SEEN = HEAD + len(_WORD) - 1  # the bytes a head's search reads: a word that starts in the head ends here
_SSE_ENDS = (b"\n\n", b"\r\n\r\n", b"\r\r")  # an SSE event ends in a blank line (``replay.util.sse``)


def said_error(data: bytes | str) -> bool:
    """Whether one JSON value (a whole body, an event's data, an NDJSON line) reads as an error in a wire format
    ``replay.util.wire`` knows."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return isinstance(obj, dict) and read_event(obj).error is not None


def body_error(content: bytes, coding: str = "") -> bool:
    """Whether a whole JSON body reads as an error: one of at most ``MAX_BODY`` bytes that says ``error`` in its first
    ``HEAD`` (a byte search first: most bodies never say it). A body under a content-encoding ``coding`` is decoded
    no further than it is read (``codings.decoded_head``): its head, and on only where that says ``error``, so a long
    compressed answer costs its head and a compression bomb ``MAX_BODY``; one that does not decode reads as none."""
    if coding:
        raw = content
        try:
            content, whole = decoded_head(raw, coding, _SEEN)
            if not whole and _said_in_head(content):
                content, whole = decoded_head(raw, coding, MAX_BODY)
        except ValueError:
            return False
        if not whole:
            return False
    return len(content) <= MAX_BODY and _said_in_head(content) and said_error(content)


def _said_in_head(content: bytes) -> bool:
    return content.find(_WORD, 0, _SEEN) >= 0


def is_json(content_type: str) -> bool:
    """A JSON body's content type (``application/json``, ``application/problem+json``, with parameters or not)."""
    media = content_type.partition(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class StreamWatch:
    """The ``response.stream`` callable of a streamed answer: passes each chunk on unchanged, and ``found`` turns True
    once an event of it reads as an error (an SSE event named ``error``, as the judge reads one, or whose data does;
    an NDJSON line that does)."""

    __slots__ = ("done", "ends", "found", "held", "splitter")

    def __init__(self, splitter: SSESplitter, ends: tuple[bytes, ...]):
        self.splitter, self.ends = splitter, ends
        self.found = False
        self.done = False  # found, or given up (an event past MAX_HELD, ``stop``): nothing more to read
        self.held = False  # the splitter holds the start of an event

    def __call__(self, chunk: bytes) -> bytes:
        # a chunk of whole events that says nothing of an error is not split: most chunks of most streams
        if self.done or (not self.held and self._quiet(chunk)):
            return chunk
        self._read(self.splitter.feed(chunk))
        pending = self.splitter.pending
        self.held = pending > 0
        if pending > MAX_HELD:
            self.done = True
        return chunk

    def _quiet(self, chunk: bytes) -> bool:
        """Whether a chunk that starts at an event's start says nothing of an error and ends at an event's end."""
        return _WORD not in chunk and chunk.endswith(self.ends)

    def stop(self) -> None:
        """Read no more (what it read stands)."""
        self.done = True

    def close(self) -> bool:
        """Read an unterminated last event too; whether the stream said an error."""
        if not self.done:
            self._read(self.splitter.close())
        return self.found

    def _read(self, events: list[SSEEvent]) -> None:
        for ev in events:
            if ev.event == "error" or ("error" in ev.data and said_error(ev.data)):
                self.found = self.done = True
                return


class FrameWatch(StreamWatch):
    """``StreamWatch`` of an AWS event stream: an ``exception`` (or ``error``) message is an ``error`` event
    (``replay.util.sse.frame_event``, as the judge reads it). A frame whose CRC does not match ends the reading
    (the splitter reads nothing after it): the stream passes on as it came either way."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(EventStreamSplitter(), ())

    def _quiet(self, chunk: bytes) -> bool:
        return _EXCEPTION not in chunk and _WORD not in chunk and whole_frames(chunk)


class BodyWatch:
    """The ``response.stream`` callable of a JSON body that came chunked with no length (or an HTTP/2 one without
    it): its bytes kept while they may be an error body (under ``MAX_BODY``, saying ``error`` in their first
    ``HEAD``), read whole at its end as ``body_error`` reads a buffered body. Passed on unchanged as it comes."""

    __slots__ = ("kept", "size")

    def __init__(self) -> None:
        self.kept: list[bytes] | None = []
        self.size = 0

    def __call__(self, chunk: bytes) -> bytes:
        if self.kept is not None:
            before = self.size
            self.size += len(chunk)
            if self.size > MAX_BODY:
                self.kept = None
            else:
                self.kept.append(chunk)
                if before < _SEEN <= self.size and not _said_in_head(b"".join(self.kept)):
                    self.kept = None  # an answer: let go as it passes
        return chunk

    @property
    def done(self) -> bool:
        """Let go: nothing more to read."""
        return self.kept is None

    def stop(self) -> None:
        """Read no more: the body reads as no error."""
        self.kept = None

    def close(self) -> bool:
        """Whether the whole body read as an error (False for one let go)."""
        return self.kept is not None and body_error(b"".join(self.kept))


class DecodedWatch:
    """The ``response.stream`` callable of a streamed answer under a content-encoding (a gateway's gzip of an SSE
    stream or of a chunked JSON body): each chunk passed on as it came, and its decoded bytes read by the watch of
    its type, as an unencoded one's. One decoder for the flow, fed chunk by chunk, giving bounded pieces
    (``codings.decoder``), and no more of them once the watch is done; a stream that does not decode, or decodes
    past ``codings.RATIO_MAX`` times its size (a bomb), is read no further (what was read stands)."""

    __slots__ = ("inflate", "watch")

    def __init__(self, watch: StreamWatch | BodyWatch, inflate: Callable[[bytes], Iterable[bytes]]):
        self.watch, self.inflate = watch, bounded(inflate, MAX_HELD)

    def __call__(self, chunk: bytes) -> bytes:
        watch = self.watch
        if not watch.done:
            try:
                for piece in self.inflate(chunk):
                    watch(piece)
                    if watch.done:
                        break
            except (*CORRUPT, Expansive):
                watch.stop()
        return chunk

    def close(self) -> bool:
        """Whether the stream said an error (its watch's ``close``)."""
        return self.watch.close()


Watch = StreamWatch | BodyWatch | DecodedWatch


def watch_stream(content_type: str, coding: str = "") -> Watch | None:
    """A watch for a streamed answer of this content type and content-encoding: SSE, NDJSON, an AWS event stream, or
    a JSON body that came with no length, decoded as it passes where it is encoded (None for any other type: a gRPC
    stream, a chunked body of no event format; and for a coding not known, whose bytes cannot be read)."""
    watch = _plain_watch(content_type)
    if watch is None or not coding:
        return watch
    try:
        inflate = decoder(coding)
    except KeyError:
        return None
    return watch if inflate is None else DecodedWatch(watch, inflate)


def _plain_watch(content_type: str) -> StreamWatch | BodyWatch | None:
    if is_json(content_type):
        return BodyWatch()
    ctype = content_type.strip().lower()
    if ctype.startswith(EVENTSTREAM_TYPE):
        return FrameWatch()
    if ctype.startswith(SSE_TYPE):
        return StreamWatch(SSESplitter(), _SSE_ENDS)
    if ctype.startswith(LINE_TYPES):
        return StreamWatch(LineSplitter(), (b"\n",))
    return None
