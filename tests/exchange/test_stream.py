"""Recording a stream as it passes (``replay.exchange.stream``): what of its events reaches the capture file."""

from __future__ import annotations

import base64

import orjson

from replay.exchange.stream import StreamRecorder
from replay.util.eventstream import EVENTSTREAM_TYPE, encode_frame


def _chunk(inner: dict[str, object]) -> bytes:
    payload = orjson.dumps({"bytes": base64.b64encode(orjson.dumps(inner)).decode()})
    return encode_frame({":event-type": "chunk", ":message-type": "event"}, payload)


def test_an_event_name_of_no_protocols_shape_is_recorded_as_none() -> None:
    """Names are written unredacted (the body is redacted, the timings' names are not): an SSE ``event:`` or a
    Bedrock chunk's ``type`` holding an address reached the capture file as it was."""
    sse = StreamRecorder(0.0, "text/event-stream")
    sse.feed(b"event: response.output_text.delta\ndata: {}\n\nevent: jane.doe@example.org\ndata: {}\n\n", 0.1)
    sse.feed(b"event: a name with spaces\ndata: {}\n\nevent: message\ndata: {}\n\n", 0.2)
    assert [e.event for e in sse.stream().events] == ["response.output_text.delta", None, None, "message"]
    frames = StreamRecorder(0.0, EVENTSTREAM_TYPE)
    frames.feed(_chunk({"type": "content_block_delta"}) + _chunk({"type": "jane.doe@example.org"}), 0.1)
    frames.feed(encode_frame({":event-type": "contentBlockDelta", ":message-type": "event"}, b"{}"), 0.2)
    frames.feed(b"", 0.3)
    assert [e.event for e in frames.stream().events] == ["content_block_delta", None, "contentBlockDelta"]
