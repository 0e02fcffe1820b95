"""Exchange records from what the capture addon hands over (``frames``), in a writer process.

The addon sends each body as mitmproxy holds it (raw, maybe compressed) so that mitmproxy's
event loop, which serves every flow, neither decodes nor copies nor escapes it; here, on another
core, a body is decoded (its content-encoding, as strictly as mitmproxy's ``get_content(strict=True)``,
in bounded pieces and no further than the cap: ``codings.decoded_head``), capped and made a ``Body``. A
streamed response's body and event timings are rebuilt from the chunks the addon passed on as the client got them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from replay.capture import frames
from replay.exchange.encoded import SIZE_UNKNOWN, body_of
from replay.exchange.format import Exchange, Headers, content_type
from replay.exchange.stream import StreamRecorder
from replay.util.codings import CORRUPT, Expansive, bounded, decoder
from replay.util.sse import SSESplitter, splitter_for

__all__ = ["CUT", "Assembler"]

CUT = "the capture stopped before the stream ended; recorded as far as the client got it"


def exchange_of(header: dict[str, Any], parts: list[tuple[str, memoryview, int, str]]) -> Exchange:
    """The exchange of an E (or S) frame: its header, with the raw bodies decoded into it."""
    cap = header.pop("cap")
    header.pop("streamed", None)
    ex = Exchange.from_dict(header)
    for side, data, size, ce in parts:
        msg = ex.request if side == "request" else ex.response
        if msg is not None:
            msg.body = body_of(bytes(data), size, ce, cap, ex.meta, side)
    return ex


def _type_and_coding(headers: Headers) -> tuple[str, str]:
    """A response's content type and its content-encodings, in the order applied."""
    return content_type(headers), ", ".join(v for k, v in headers if k.lower() == "content-encoding")


PENDING_MAX = 1 << 20  # bytes of one event past the cap held while it is split; a longer one stops the count


@dataclass(slots=True)
class _Past:
    """What of a stream came after the cap: not recorded, but counted (``meta.past_cap``). Its events are
    split as they pass (one block at a time held, up to ``PENDING_MAX``; none kept): those that end past the cap,
    the one the cap cut through included (recorded in part as the stream's last event). A compressed stream's
    bytes are decoded to be split, by a decoder that has read the bytes kept before the cap (bytes past it
    decode only after those): its state is kept, not its output. The count is None when it cannot be told: not an
    event stream, bytes that do not decode (or a bomb: ``codings.bounded``), an event past the cap longer than
    ``PENDING_MAX``. ``decoded`` is what
    those bytes decoded to, all of them while the count goes on (``whole``); nothing else decodes them."""

    splitter: SSESplitter | None
    inflate: Callable[[bytes], Iterable[bytes]] | None = None
    bytes: int = 0
    events: int = 0
    decoded: int = 0

    def add(self, data: bytes) -> None:
        self.bytes += len(data)
        self.split(data)

    def split(self, data: bytes) -> None:
        """Count the events ``data`` (as it came, still encoded) completes."""
        splitter = self.splitter
        if splitter is None:
            return
        try:
            for piece in (data,) if self.inflate is None else self.inflate(data):
                self.decoded += len(piece)
                self.events += len(splitter.feed(piece))
                if splitter.pending > PENDING_MAX:
                    self.splitter = None
                    return
        except (*CORRUPT, Expansive):
            self.splitter = None

    @property
    def whole(self) -> bool:
        """Every byte past the cap was decoded (counted in ``decoded``)."""
        return self.splitter is not None

    def meta(self, cap: int, ended: bool) -> dict[str, int | None]:
        if ended and self.splitter is not None:  # an unterminated last event
            self.events += len(self.splitter.close())
        return {"cap": cap, "bytes": self.bytes, "events": None if self.splitter is None else self.events}


@dataclass(slots=True)
class _Partial:
    """A stream in progress: the exchange as it began, and its chunks so far."""

    ex: Exchange
    cap: int
    chunks: list[tuple[float, bytes, int]] = field(default_factory=list)  # t, bytes kept, size
    kept: int = 0
    past: _Past | None = None  # from the first byte past the cap

    def add(self, t: float, data: bytes) -> None:
        kept = data[: max(0, self.cap - self.kept)]  # past the cap only a chunk's time and size matter
        self.chunks.append((t, kept, len(data)))
        self.kept += len(kept)
        if len(kept) < len(data):
            if self.past is None:
                self.past = self._past()
            self.past.add(data[len(kept) :])

    def _past(self) -> _Past:
        """The count of what comes past the cap, begun where the cap is: a compressed stream's decoder and the
        splitter have read the bytes kept before it (their events are the record's, not counted)."""
        assert self.ex.response is not None
        ctype, coding = _type_and_coding(self.ex.response.headers)
        splitter = splitter_for(ctype)
        try:
            inflate = decoder(coding)
        except KeyError:  # a coding not known: its bytes cannot be read
            return _Past(None)
        past = _Past(splitter, None if inflate is None else bounded(inflate, self.cap))
        if inflate is not None:
            for _, data, _ in self.chunks:
                past.split(data)
            past.events = past.decoded = 0
        return past

    def finish(self, end: float | None, cut: bool = False) -> Exchange:
        """The exchange with its body and stream rebuilt from the chunks; ``end`` (seconds from the
        start) is when the stream ended (closing the last SSE event), None when it did not end
        (an error, or ``cut``: the capture stopped first; recorded as far as the client got it).
        A stream with a content-encoding (nginx's gzip of a chunked JSON answer, a compressed event
        stream) is decoded, as a whole body is: its events are read, and its text redacted, not
        dropped as binary; one that does not decode is kept as it came, the encoding it claimed in meta."""
        ex = self.ex
        assert ex.response is not None
        headers = ex.response.headers
        ctype, coding = _type_and_coding(headers)
        rec, stopped = None, 0
        try:
            inflate = decoder(coding)
            if inflate is not None:
                rec, stopped = self._recorded(ctype, end, bounded(inflate, self.cap))
                ex.response.headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
        except (KeyError, *CORRUPT):
            ex.meta["response_undecodable"] = coding
        decoded = rec is not None
        if rec is None:
            rec, _ = self._recorded(ctype, end, None)
        if cut:
            ex.meta["cut"] = CUT
        if stopped:  # the rest not decoded: neither its size nor its events can be told
            ex.meta["response_size"] = SIZE_UNKNOWN
            self.past = self.past or _Past(None)
            self.past.bytes += stopped
            self.past.splitter = None
        if self.past is not None:
            ex.meta["past_cap"] = self.past.meta(self.cap, end is not None)
            if decoded and not stopped:  # its decoded bytes past the cap: counted while their events were
                rec.size += self.past.decoded
                if not self.past.whole:
                    ex.meta["response_size"] = SIZE_UNKNOWN
        ex.response.body, ex.stream = rec.body(), rec.stream()
        return ex

    def _recorded(
        self, ctype: str, end: float | None, inflate: Callable[[bytes], Iterable[bytes]] | None
    ) -> tuple[StreamRecorder, int]:
        """The chunks fed to a recorder as the client got them, each decoded by ``inflate`` (if any), and the
        bytes kept that were not decoded (0: all were). Its size counts bytes as recorded: decoded ones, and of
        those past the cap only what ``_Past`` decoded (in ``finish``); raw ones when nothing is decoded, those
        past the cap as they came. Decoding stops at a bomb (``Expansive``) or at an event longer than
        ``PENDING_MAX`` (a recorder splits it again at every piece: 64 MiB of one took 172 s)."""
        rec = StreamRecorder(self.ex.timings.start, ctype, self.cap)
        for i, (t, data, size) in enumerate(self.chunks):
            try:
                for piece in (data,) if inflate is None else inflate(data):
                    if piece:  # an empty one would end the stream
                        rec.feed(piece, t)
                    if inflate is not None and rec.pending > PENDING_MAX:
                        raise Expansive("an event longer than PENDING_MAX")
            except Expansive:
                rec.chunks = len(self.chunks)
                return rec, sum(len(d) for _, d, _ in self.chunks[i:])
            if inflate is None:
                rec.size += size - len(data)
        rec.chunks = len(self.chunks)  # as they came, however many pieces each decoded to
        if end is not None:
            rec.feed(b"", end)
        return rec, 0


class Assembler:
    """Frames in, finished exchanges out; streams in progress kept until their end (or ``cut``)."""

    def __init__(self) -> None:
        self.partial: dict[str, _Partial] = {}

    def feed(self, kind: bytes, payload: memoryview) -> tuple[int, Exchange] | None:
        """The sequence number and exchange an E frame finishes; None for other frames."""
        if kind == frames.CHUNK:
            fid, t, data = frames.parse_chunk(payload)
            if (p := self.partial.get(fid)) is not None:
                p.add(t, data)
            return None
        if kind == frames.STREAM:
            _, header, parts = frames.parse_exchange(payload)
            cap = header["cap"]
            ex = exchange_of(header, parts)
            self.partial[ex.id] = _Partial(ex, cap)
            return None
        if kind != frames.EXCHANGE:
            return None
        seq, header, parts = frames.parse_exchange(payload)
        p = self.partial.pop(header["id"], None)
        if p is None or not header.get("streamed"):
            return seq, exchange_of(header, parts)
        done = exchange_of(header, parts)  # the end: timings and error; the body comes from the chunks
        p.ex.timings, p.ex.error = done.timings, done.error
        p.ex.meta.update(done.meta)
        if p.ex.response is not None and done.response is not None:
            p.ex.response.headers, p.ex.response.trailers = done.response.headers, done.response.trailers
        return seq, p.finish(None if done.error else done.timings.total or 0.0)

    def cut(self) -> list[Exchange]:
        """Streams whose end never came (mitmdump was killed): as far as the client got them."""
        out = [p.finish(None, cut=True) for p in self.partial.values()]
        self.partial.clear()
        return out
