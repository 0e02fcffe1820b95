"""AWS event streams (``application/vnd.amazon.eventstream``): the binary frames Bedrock's ConverseStream and
InvokeModelWithResponseStream answer in, read as the events ``replay.util.sse`` gives every other stream.

A frame is a prelude (total length, headers length: big-endian uint32 each, then the CRC32 of those 8 bytes),
its headers (name length uint8, name, value type uint8, value), its payload and the CRC32 of all before it.
Why our own ~100 lines and not botocore's decoder: botocore (and boto3 with it) would be an ~80 MB runtime
dependency for one struct layout; the tests hold this decoder to botocore's on the same frames.

``replay.util.sse.EventStreamSplitter`` makes the events of a stream of them.
"""

from __future__ import annotations

import base64
import binascii
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = [
    "EVENTSTREAM_TYPE",
    "MAX_FRAME",
    "Frame",
    "chunk_bytes",
    "decode_frames",
    "encode_frame",
    "whole_frames",
    "with_strings",
]

EVENTSTREAM_TYPE = "application/vnd.amazon.eventstream"
_PRELUDE = struct.Struct(">II")
_LENGTH = struct.Struct(">I")
MAX_FRAME = 16 * 1024 * 1024  # the largest frame the service sends; a larger length is a corrupt prelude
# Header value types: fixed sizes of the numeric ones (0 true, 1 false: no value; 9 a UUID's 16 bytes).
_FIXED = {0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16}
_INTS = {2: ">b", 3: ">h", 4: ">i", 5: ">q", 8: ">q"}


@dataclass(slots=True)
class Frame:
    """One decoded frame: its headers (strings, bytes, ints or booleans by their type), payload, and header block as
    it came (``with_strings`` rewrites its strings, every other value kept as its type)."""

    headers: dict[str, Any]
    payload: bytes
    size: int
    head: bytes = b""


def _walk(raw: bytes) -> Iterator[tuple[str, int, int, int, Any]]:
    """Each header of a header block: its name, value type, where its value starts (after a string's length) and
    ends, and the value (strings, bytes, ints or booleans by the type)."""
    pos = 0
    while pos < len(raw):
        n = raw[pos]
        name = raw[pos + 1 : pos + 1 + n].decode("utf-8", "replace")
        kind = raw[pos + 1 + n]
        pos += 2 + n
        if kind in (6, 7):  # bytes, string: a uint16 length first
            (size,) = struct.unpack_from(">H", raw, pos)
            value: Any = raw[pos + 2 : pos + 2 + size]
            yield name, kind, pos + 2, pos + 2 + size, value.decode("utf-8", "replace") if kind == 7 else value
            pos += 2 + size
        elif kind in _FIXED:
            chunk = raw[pos : pos + _FIXED[kind]]
            yield (
                name,
                kind,
                pos,
                pos + _FIXED[kind],
                (kind == 0 if kind < 2 else struct.unpack(_INTS[kind], chunk)[0] if kind in _INTS else chunk),
            )
            pos += _FIXED[kind]
        else:
            raise ValueError(f"header type {kind}")


def _headers(raw: bytes) -> dict[str, Any]:
    return {name: value for name, _, _, _, value in _walk(raw)}


def with_strings(head: bytes, rewrite: Callable[[str, str], str]) -> bytes:
    """A frame's header block (``Frame.head``) with each string value made ``rewrite(name, value)``; every other
    header's bytes as they came (a timestamp stays a timestamp, a UUID a UUID)."""
    out, last = [], 0
    for name, kind, start, end, value in _walk(head):
        if kind == 7 and (new := rewrite(name, value)) != value:
            data = new.encode()[:0xFFFF].decode("utf-8", "ignore").encode()  # the length is a uint16
            out += [head[last : start - 2], struct.pack(">H", len(data)), data]
            last = end
    return b"".join(out) + head[last:] if out else head


def chunk_bytes(frame: Frame) -> bytes | None:
    """An InvokeModel stream's ``chunk`` frame's own bytes (the model's JSON, base64 in the payload's ``bytes``);
    None for any other frame. ValueError: a chunk whose payload or ``bytes`` does not decode."""
    if frame.headers.get(":event-type") != "chunk":
        return None
    try:
        outer = orjson.loads(frame.payload)
        raw = outer.get("bytes") if isinstance(outer, dict) else None
        return base64.b64decode(raw, validate=True) if isinstance(raw, str) else None
    except (orjson.JSONDecodeError, binascii.Error) as e:
        raise ValueError(f"a chunk that does not decode ({e})") from None


def decode_frames(buf: bytes) -> tuple[list[Frame], int, str | None]:
    """The whole frames at the start of ``buf``, the bytes they span, and why decoding stopped short of the
    rest (a CRC mismatch, a bad length or header; None: the rest is only a frame not yet whole)."""
    frames: list[Frame] = []
    pos = 0
    while len(buf) - pos >= 12:
        total, head = _PRELUDE.unpack_from(buf, pos)
        if zlib.crc32(buf[pos : pos + 8]) != struct.unpack_from(">I", buf, pos + 8)[0]:
            return frames, pos, "prelude CRC mismatch"
        if total < 16 + head or total > MAX_FRAME:
            return frames, pos, f"frame length {total}"
        if len(buf) - pos < total:
            break
        end = pos + total
        if zlib.crc32(buf[pos : end - 4]) != struct.unpack_from(">I", buf, end - 4)[0]:
            return frames, pos, "message CRC mismatch"
        try:
            headers = _headers(buf[pos + 12 : pos + 12 + head])
        except (ValueError, IndexError, struct.error) as e:
            return frames, pos, f"bad headers ({e})"
        frames.append(Frame(headers, buf[pos + 12 + head : end - 4], total, buf[pos + 12 : pos + 12 + head]))
        pos = end
    return frames, pos, None


def whole_frames(buf: bytes) -> bool:
    """Whether ``buf``, starting at a frame's start, ends at a frame's end: told by the length prefixes alone, no
    CRC checked, no header read (a cheap look at each chunk of a stream passing by; ``decode_frames`` reads them)."""
    pos, size = 0, len(buf)
    while size - pos >= 16:
        pos += max(16, _LENGTH.unpack_from(buf, pos)[0])  # a corrupt length under a frame's least still moves on
    return pos == size


def _header(name: str, value: Any) -> bytes:
    key = bytes([len(name.encode())]) + name.encode()
    if isinstance(value, bool):
        return key + (b"\x00" if value else b"\x01")
    if isinstance(value, int):
        return key + b"\x05" + struct.pack(">q", value)
    data = value if isinstance(value, bytes) else str(value).encode()
    return key + (b"\x06" if isinstance(value, bytes) else b"\x07") + struct.pack(">H", len(data)) + data


def encode_frame(headers: dict[str, Any] | bytes, payload: bytes) -> bytes:
    """A frame of ``headers`` (strings, bytes, booleans; an int as a long; or a header block as it is:
    ``Frame.head``) and ``payload`` (a redacted stream is written back with it)."""
    head = headers if isinstance(headers, bytes) else b"".join(_header(k, v) for k, v in headers.items())
    prelude = _PRELUDE.pack(16 + len(head) + len(payload), len(head))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    body = prelude + head + payload
    return body + struct.pack(">I", zlib.crc32(body))
