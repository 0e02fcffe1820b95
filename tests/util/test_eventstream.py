"""AWS event stream frames (``replay.util.eventstream``): what it encodes botocore's own decoder reads back, header
for header and byte for byte of the payload, and what it decodes of them is the same; a corrupt frame is named,
not raised. botocore has a decoder only: boto3's calls in tests/test_sdk_calls.py read the frames the test API
encodes with ``encode_frame``, through the capture."""

from __future__ import annotations

import struct
import uuid
import zlib

import pytest
from botocore.eventstream import EventStreamBuffer

from replay.util.eventstream import decode_frames, encode_frame, whole_frames, with_strings

HEADERS = {":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"}
PAYLOAD = b'{"contentBlockIndex":0,"delta":{"text":" Monday"},"p":"abcdefgh"}'


def _botocore(data: bytes) -> list[tuple[dict[str, object], bytes]]:
    buf = EventStreamBuffer()
    buf.add_data(data)
    return [(m.headers, m.payload) for m in buf]


def test_botocore_reads_what_encode_frame_writes_and_decode_frames_reads_the_same() -> None:
    frames = encode_frame(HEADERS, PAYLOAD) + encode_frame({":event-type": "messageStop", "n": 7, "ok": True}, b"{}")
    read = _botocore(frames)
    assert read == [(HEADERS, PAYLOAD), ({":event-type": "messageStop", "n": 7, "ok": True}, b"{}")]
    ours, used, broken = decode_frames(frames)
    assert [(f.headers, f.payload) for f in ours] == read and used == len(frames) and broken is None


def test_every_header_type_botocore_reads_is_read_and_kept_where_a_string_is_rewritten() -> None:
    """Header value types 0-9 (true, false, byte, short, int, long, bytes, string, timestamp, uuid), written by
    hand as the format lays them out, read as botocore reads them."""
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    parts = [(b"t", 0, b""), (b"f", 1, b""), (b"b", 2, struct.pack(">b", -3)), (b"s", 3, struct.pack(">h", 300)),
             (b"i", 4, struct.pack(">i", -70000)), (b"l", 5, struct.pack(">q", 2**40)), (b"y", 6, b"\x00\x02\xff\x00"),
             (b"z", 7, b"\x00\x03abc"), (b"ts", 8, struct.pack(">q", 1733450000000)), (b"u", 9, u.bytes)]  # fmt: skip
    head = b"".join(bytes([len(n)]) + n + bytes([k]) + v for n, k, v in parts)
    prelude = struct.pack(">II", 16 + len(head), len(head))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    frame = prelude + head
    frame += struct.pack(">I", zlib.crc32(frame))
    (expected, _), = _botocore(frame)  # fmt: skip
    ours, _, broken = decode_frames(frame)
    assert broken is None and ours[0].headers == expected | {"u": u.bytes}  # botocore makes the UUID bytes too
    assert expected["ts"] == 1733450000000 and expected["b"] == -3
    # with_strings (the redaction's) rewrites a string header; every other keeps its type: botocore reads the rest alike
    head = with_strings(ours[0].head, lambda name, value: value * 2 if name == "z" else value)
    (again, _), = _botocore(encode_frame(head, b""))  # fmt: skip
    assert again == expected | {"z": "abcabc"} and with_strings(ours[0].head, lambda _, v: v) is ours[0].head


@pytest.mark.parametrize(
    ("damage", "why"),
    [(lambda f: f[:8] + b"\x00\x00\x00\x00" + f[12:], "prelude CRC"),
     (lambda f: f[:-1] + bytes([f[-1] ^ 1]), "message CRC"),
     (lambda f: f[:-10] + b"X" + f[-9:], "message CRC")],
    ids=["prelude", "trailer", "payload"],
)  # fmt: skip
def test_a_corrupt_frame_stops_the_decoding_and_says_why(damage: object, why: str) -> None:
    good = encode_frame(HEADERS, PAYLOAD)
    frames, used, broken = decode_frames(good + damage(good) + good)  # type: ignore[operator]
    assert len(frames) == 1 and used == len(good) and broken is not None and why in broken


def test_a_frame_not_yet_whole_waits_and_a_length_past_any_frame_is_corrupt() -> None:
    good = encode_frame(HEADERS, PAYLOAD)
    for cut in (1, 11, 12, len(good) - 1):
        assert decode_frames(good + good[:cut]) == (decode_frames(good)[0], len(good), None)
    huge = struct.pack(">II", 1 << 30, 0)
    huge += struct.pack(">I", zlib.crc32(huge))
    assert decode_frames(huge)[2] == f"frame length {1 << 30}"


def test_whole_frames_tells_a_chunk_that_ends_at_a_frames_end() -> None:
    """By the length prefixes alone: whole frames, none (an empty chunk), or a frame cut anywhere."""
    good = encode_frame(HEADERS, PAYLOAD)
    assert whole_frames(good) and whole_frames(good * 3) and whole_frames(b"")
    for cut in (1, 4, 15, 16, len(good) - 1, len(good) + 3):
        assert not whole_frames((good * 2)[:cut]), cut
    assert not whole_frames(bytes(20)), "a zero length moves on by the least a frame is, and ends past the chunk"
