"""What the capture addon sends its writer process, and what the writer answers.

Down the writer's stdin, frames: a 4-byte big-endian length, then a kind byte and its payload.

    X  an exchange, whole (JSON); the writer answers one byte on its stdout once it is written
       (``ACK_OK``) or could not be (``ACK_FAILED``: the disk is full, the file unwritable)
    S  a streamed response has begun (JSON: the exchange so far, ``sse``, ``cap``)
    C  a chunk of a stream as it passes to the client: id length (1 byte), id, arrival time
       (8-byte double, seconds from the request's start), the bytes

An X frame with a stream's id ends that stream. A stream without its X frame when the pipe
closes (mitmdump was killed) is rebuilt by the writer from its chunks: what the client got.
"""

from __future__ import annotations

import os
import select
import struct
from collections.abc import Iterator
from typing import BinaryIO

import orjson

from replay.exchange.format import Exchange

__all__ = [
    "ACK_FAILED",
    "ACK_OK",
    "CHUNK",
    "EXCHANGE",
    "READY",
    "STREAM",
    "FrameReader",
    "chunk",
    "exchange",
    "parse_chunk",
    "read_frames",
    "stream",
]

EXCHANGE, STREAM, CHUNK = b"X", b"S", b"C"
ACK_OK, ACK_FAILED, READY = b".", b"!", b"R"  # READY: the writer has its file open
_TIME = struct.Struct(">d")


def _frame(kind: bytes, payload: bytes) -> bytes:
    return (len(payload) + 1).to_bytes(4, "big") + kind + payload


def exchange(ex: Exchange) -> bytes:
    return _frame(EXCHANGE, orjson.dumps(ex))


def stream(ex: Exchange, sse: bool, cap: int) -> bytes:
    return _frame(STREAM, orjson.dumps({"ex": ex, "sse": sse, "cap": cap}))


def chunk(flow_id: str, t: float, data: bytes) -> bytes:
    fid = flow_id.encode()
    return _frame(CHUNK, bytes([len(fid)]) + fid + _TIME.pack(t) + data)


def parse_chunk(payload: bytes) -> tuple[str, float, bytes]:
    n = payload[0]
    fid = payload[1 : 1 + n].decode()
    (t,) = _TIME.unpack_from(payload, 1 + n)
    return fid, t, payload[1 + n + _TIME.size :]


class FrameReader:
    """Frames from a pipe's descriptor, with its own buffer, so that the reader knows whether more
    are waiting (``waiting``): the writer answers a burst of exchanges in one write."""

    CHUNK = 1 << 16

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = bytearray()
        self.eof = False

    def _fill(self) -> bool:
        data = os.read(self.fd, self.CHUNK)
        if not data:
            self.eof = True
        self.buf += data
        return bool(data)

    def _complete(self) -> bool:
        return len(self.buf) >= 4 and len(self.buf) >= 4 + int.from_bytes(self.buf[:4], "big")

    def waiting(self) -> bool:
        """A whole frame is buffered, or more bytes can be read at once."""
        return self._complete() or (not self.eof and bool(select.select([self.fd], [], [], 0)[0]))

    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:
        """(kind, payload) until the pipe closes; a frame cut short by a kill ends it."""
        while True:
            while not self._complete():
                if self.eof or not self._fill():
                    return
            size = int.from_bytes(self.buf[:4], "big")
            data = bytes(self.buf[4 : 4 + size])
            del self.buf[: 4 + size]
            if not data:
                return
            yield data[:1], data[1:]


def read_frames(src: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(kind, payload) of a stream until it ends (a frame cut short ends it too)."""
    return iter(FrameReader(src.fileno()))
