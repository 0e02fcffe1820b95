"""What the capture addon sends its writer processes, what they pass on, and what comes back.

Every frame is a 4-byte big-endian length, a kind byte and its payload. Down a writer's stdin,
from the addon in mitmdump:

    E  a finished exchange, handed over: its sequence number (8 bytes), the length of a JSON
       header (4 bytes), the header (the exchange without the bodies held in ``parts``, and
       ``parts``: per raw body its side, byte count, original size and content-encoding), then
       the raw bodies. The bodies cross as mitmproxy holds them, never decoded or escaped on
       mitmproxy's event loop: the writer decodes, caps, redacts and serialises.
    S  a streamed response has begun: as E (sequence number 0), the exchange so far (its content
       type says how its events split)
    C  a chunk of a stream as it passes to the client: id length (1 byte), id, arrival time
       (8-byte double, seconds from the request's start), the bytes

An E frame with a stream's id ends that stream. A stream without its E frame when the pipe
closes (mitmdump was killed) is rebuilt by the writer from its chunks: what the client got.

With a pool of writers (``--writers N``, N >= 2), each redacting writer passes its results to
one sink process, which writes them in sequence order:

    L  a result: sequence number (8 bytes; 0 for a stream cut by the end, written last), what it
       is (1 byte: ``LINE``, ``CUT`` or ``DROPPED``, an exchange that could not be redacted),
       the length of its redaction counts (2 bytes), the bytes and events of a stream that came past
       the body cap (8 bytes each: ``meta.past_cap``), which bodies were recorded cut (1 byte: ``CUT_REQUEST``,
       ``HALF_SENT``, ``CUT_RESPONSE``), the counts (JSON), the line (of ``DROPPED``: what failed where)
    Z  the writer's end: it has passed on everything it was handed (a writer whose pipe ends
       without it has died)

Up the pipe to the addon: ``READY`` once the process has started, then (from the sink, or the
single writer) acknowledgements: ``ACK.size``-byte records of a first and last sequence number
and a status byte (``ACK_OK`` written, ``ACK_FAILED`` not), one record a run.
"""

from __future__ import annotations

import os
import select
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from replay.exchange.format import Exchange, latin1_strings

__all__ = [
    "ACK",
    "ACK_FAILED",
    "ACK_OK",
    "CHUNK",
    "CUT",
    "CUT_REQUEST",
    "CUT_RESPONSE",
    "DROPPED",
    "END",
    "EXCHANGE",
    "HALF_SENT",
    "LINE",
    "NOT_CAPPED",
    "READY",
    "RESULT",
    "STREAM",
    "Capped",
    "FrameReader",
    "capped",
    "chunk",
    "end",
    "exchange_frame",
    "parse_chunk",
    "parse_exchange",
    "parse_result",
    "read_frames",
    "result",
]

EXCHANGE, STREAM, CHUNK, RESULT, END = b"E", b"S", b"C", b"L", b"Z"
LINE, CUT, DROPPED = b".", b"c", b"u"  # what a result holds
ACK_OK, ACK_FAILED, READY = b".", b"!", b"R"  # READY: the process has started (the sink: its file is open)
ACK = struct.Struct(">QQc")  # first, last sequence number, status
_TIME = struct.Struct(">d")
_EXCHANGE_HEAD = struct.Struct(">IcQI")  # frame length, kind, sequence number, header length
_RESULT_HEAD = struct.Struct(">IcQcHQQB")  # frame length, kind, sequence number, what, counts length, ``Capped``
_LEN = struct.Struct(">I")

Part = tuple[str, bytes | memoryview, int, str]  # side, the bytes sent, original size, content-encoding
# The bytes and events of a stream that came past the body cap (not recorded), and which of the exchange's bodies its
# record holds cut (the flags below): counted by the writer, which alone knows a compressed body's decoded size.
Capped = tuple[int, int, int]
NOT_CAPPED: Capped = (0, 0, 0)
CUT_REQUEST, HALF_SENT, CUT_RESPONSE = 1, 2, 4  # cut at the body cap; never sent whole (``meta.request_incomplete``)


def capped(ex: Exchange) -> Capped:
    """What of the exchange's stream came past the body cap, and which of its bodies its record holds cut (as
    ``replay inspect`` counts them from the records). In the writer, not in the addon: a compressed body is decoded
    only there, and one short on the wire may be cut once decoded; and of a record read back, when the writer died
    before it could say what it wrote (``capture.proxy``)."""
    past = ex.meta.get("past_cap")
    req, resp = ex.request.body, ex.response.body if ex.response is not None else None
    cut = CUT_REQUEST if req is not None and req.truncated else 0
    if not cut and ex.meta.get("request_incomplete"):
        cut = HALF_SENT
    if resp is not None and resp.truncated:
        cut |= CUT_RESPONSE
    return (past["bytes"], past["events"] or 0, cut) if past else (0, 0, cut)


def _frame(kind: bytes, payload: bytes) -> bytes:
    return (len(payload) + 1).to_bytes(4, "big") + kind + payload


def exchange_frame(
    seq: int, header: dict[str, Any], parts: list[Part], kind: bytes = EXCHANGE
) -> list[bytes | memoryview]:
    """The E (or S) frame of one exchange as buffers for one ``writev`` (the bodies are not copied)."""
    header["parts"] = [(side, len(data), size, ce) for side, data, size, ce in parts]
    try:
        head = orjson.dumps(header)
    except orjson.JSONEncodeError:  # a header or URL that is not UTF-8 (see ``latin1_strings``)
        head = orjson.dumps(latin1_strings(header))
    size = 1 + 8 + 4 + len(head) + sum(len(p[1]) for p in parts)
    return [_EXCHANGE_HEAD.pack(size, kind, seq, len(head)) + head, *(p[1] for p in parts if p[1])]


def parse_exchange(payload: memoryview) -> tuple[int, dict[str, Any], list[tuple[str, memoryview, int, str]]]:
    """Sequence number, header and the raw bodies (views into ``payload``) of an E frame."""
    seq, hlen = struct.unpack_from(">QI", payload)
    header = orjson.loads(payload[12 : 12 + hlen])
    at = 12 + hlen
    parts = []
    for side, n, size, ce in header.pop("parts"):
        parts.append((side, payload[at : at + n], size, ce))
        at += n
    return seq, header, parts


def chunk(flow_id: str, t: float, data: bytes) -> bytes:
    fid = flow_id.encode()
    return _frame(CHUNK, bytes([len(fid)]) + fid + _TIME.pack(t) + data)


def parse_chunk(payload: bytes | memoryview) -> tuple[str, float, bytes]:
    n = payload[0]
    fid = bytes(payload[1 : 1 + n]).decode()
    (t,) = _TIME.unpack_from(payload, 1 + n)
    return fid, t, bytes(payload[1 + n + _TIME.size :])


def result(seq: int, what: bytes, counts: dict[str, int], line: bytes, past: Capped = NOT_CAPPED) -> list[bytes]:
    """An L frame (as buffers for one ``writev``)."""
    c = orjson.dumps(counts) if counts else b""
    head = _RESULT_HEAD.pack(_RESULT_HEAD.size - 4 + len(c) + len(line), RESULT, seq, what, len(c), *past)
    return [head + c, line]


def parse_result(payload: memoryview) -> tuple[int, bytes, dict[str, int], memoryview, Capped]:
    seq, what, clen, past_bytes, past_events, cut = struct.unpack_from(">QcHQQB", payload)
    at = _RESULT_HEAD.size - 5
    counts = orjson.loads(payload[at : at + clen]) if clen else {}
    return seq, what, counts, payload[at + clen :], (past_bytes, past_events, cut)


def end() -> bytes:
    return _frame(END, b"")


class FrameReader:
    """Frames from a pipe's descriptor, with its own buffer, so that the reader knows whether more
    are waiting (``waiting``): a writer flushes and answers a burst of exchanges at once. A frame
    bigger than the read size is read straight into a buffer of its own (no growing, no second copy)."""

    CHUNK = 1 << 18

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = bytearray()
        self.eof = False
        self._scratch = memoryview(bytearray(self.CHUNK))  # read into, not a fresh 256 KB object per read
        self._drained = True  # the last read took less than it could: the pipe held no more then

    def _fill(self) -> bool:
        n = os.readv(self.fd, [self._scratch])
        if not n:
            self.eof = True
        self.buf += self._scratch[:n]
        self._drained = n < self.CHUNK
        return bool(n)

    def _need(self) -> int:
        """Bytes the next whole frame takes (4 until its length is known)."""
        return 4 if len(self.buf) < 4 else 4 + _LEN.unpack_from(self.buf)[0]

    def buffered(self) -> bool:
        """A whole frame is in the buffer."""
        return len(self.buf) >= self._need()

    def waiting(self) -> bool:
        """A whole frame is buffered, or more bytes can be read at once. The pipe is asked only when
        the last read filled the buffer: after a read that emptied it, what arrived since is the next
        burst (asking would be a system call per burst, for frames that came during this one)."""
        if self.buffered():
            return True
        return not self.eof and not self._drained and bool(select.select([self.fd], [], [], 0)[0])

    def _big(self, need: int) -> memoryview | None:
        """The rest of a frame larger than the read size, read into a buffer of its own."""
        have = len(self.buf)
        frame = bytearray(need)
        frame[:have] = self.buf
        self.buf.clear()
        view = memoryview(frame)
        while have < need:
            n = os.readv(self.fd, [view[have:]])
            if not n:
                self.eof = True
                return None
            have += n
        self._drained = False  # more may wait: ask the pipe before the burst ends
        return view

    def next(self) -> tuple[bytes, memoryview] | None:
        """The next (kind, payload), or None at the pipe's end (a frame cut short by a kill ends it)."""
        while len(self.buf) < (need := self._need()):
            if need > self.CHUNK:
                frame = self._big(need)
                if frame is None:
                    return None
                return bytes(frame[4:5]), frame[5:]
            if self.eof or not self._fill():
                return None
        if need == 4:  # an empty frame: not one the writer sends
            return None
        with memoryview(self.buf) as mv:
            frame = memoryview(mv[:need].tobytes())  # its own bytes: the buffer moves on
        del self.buf[:need]
        return bytes(frame[4:5]), frame[5:]

    def __iter__(self) -> Iterator[tuple[bytes, memoryview]]:
        """(kind, payload) until the pipe closes."""
        while (got := self.next()) is not None:
            yield got


def read_frames(src: BinaryIO) -> Iterator[tuple[bytes, memoryview]]:
    """(kind, payload) of a stream until it ends (a frame cut short ends it too)."""
    return iter(FrameReader(src.fileno()))
