"""AWS event streams (``application/vnd.amazon.eventstream``: Bedrock's ConverseStream and InvokeModel streams)
redacted as the event streams they are, and written back as frames.

Why not as a binary body: the frames carry the model's answer (ConverseStream's JSON payloads, InvokeModel's
chunks of the model's own JSON in base64), which the judge reads; dropped, production's answers were gone. Each
frame's payload (a chunk's decoded JSON) becomes one SSE event, the events go through the redaction of SSE streams
(a value split over events joined first), and each redacted event is encoded back into its frame, CRCs made anew.
A stream whose frames do not decode (a CRC mismatch) is left to the binary policy; a torn last frame (the capture's
cap, a cut) is dropped, as it cannot be read. A frame's string headers are redacted too, but for the protocol's own.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import orjson

from replay.util.eventstream import Frame, chunk_bytes, decode_frames, encode_frame, with_strings
from replay.util.sse import parse_stream

__all__ = ["redact_frames"]


# The protocol's own string headers: tokens the service sets (an event's or exception's type, a code), kept as
# they are; every other string header is redacted as text (``:error-message`` echoes what it refused: the prompt)
_PROTOCOL = frozenset({":event-type", ":content-type", ":message-type", ":exception-type", ":error-code"})


def _payload(frame: Frame) -> tuple[str, bool] | None:
    """A frame's JSON as one line of text ("" for a header-only frame: an empty payload), and whether it came
    base64-encoded in a chunk's ``bytes``; None when it is not JSON."""
    if not frame.payload.strip():  # Bedrock's header-only frames: nothing to redact, the frame kept as it is
        return "", False
    try:
        if (inner := chunk_bytes(frame)) is not None:
            return orjson.dumps(orjson.loads(inner)).decode(), True
        return orjson.dumps(orjson.loads(frame.payload)).decode(), False
    except ValueError:  # not JSON, or a chunk whose bytes are not base64
        return None


def redact_frames(
    data: bytes, redact_sse: Callable[[str], str], redact_text: Callable[[str], str]
) -> tuple[bytes, int] | None:
    """``data``'s whole frames with their payloads redacted by ``redact_sse`` (an SSE text's redaction) and their
    string headers other than the protocol's by ``redact_text``, and the bytes of ``data`` those frames span (short
    of it: a torn last frame dropped); None when the frames do not decode or their payloads are not JSON (the
    caller drops or hashes the body)."""
    frames, used, broken = decode_frames(data)
    payloads = [_payload(f) for f in frames]
    if broken is not None or any(p is None for p in payloads):
        return None
    texts = [text for text, _ in payloads if text]  # type: ignore[misc]
    done = parse_stream(redact_sse("".join(f"data: {text}\n\n" for text in texts)).encode())
    if len(done) != len(texts):
        return None
    events = iter(done)
    out = []
    for frame, (text, chunk) in zip(frames, payloads, strict=True):  # type: ignore[misc]
        payload = next(events).data.encode() if text else frame.payload
        if chunk:  # back into base64, beside the chunk's other keys (its padding)
            outer = orjson.loads(frame.payload) | {"bytes": base64.b64encode(payload).decode()}
            payload = orjson.dumps(outer)
        head = with_strings(frame.head, lambda name, value: value if name in _PROTOCOL else redact_text(value))
        out.append(encode_frame(head, payload))
    return b"".join(out), used
