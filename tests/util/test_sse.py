"""The one event splitter: SSE events and NDJSON lines parsed as chunks complete them, or blocks byte for byte."""

from __future__ import annotations

import base64

import orjson

from replay.exchange.stream import StreamRecorder
from replay.util.eventstream import encode_frame
from replay.util.sse import (
    EventStreamSplitter,
    LineSplitter,
    SSEBlocks,
    SSESplitter,
    blocks_for,
    parse_event,
    parse_stream,
    splitter_for,
)

STREAM = b'event: delta\ndata: {"text": "hi"}\n\n: keep-alive\n\ndata: a\r\ndata: b\r\n\r\nid: 7\ndata: [DONE]\r\r'


def test_events_are_the_same_however_the_stream_is_cut() -> None:
    whole = parse_stream(STREAM)
    assert [(e.event, e.data, e.id) for e in whole] == [
        ("delta", '{"text": "hi"}', None),
        (None, "a\nb", None),
        (None, "[DONE]", "7"),
    ]
    for cut in range(1, len(STREAM)):
        s = SSESplitter()
        assert [*s.feed(STREAM[:cut]), *s.feed(STREAM[cut:]), *s.close()] == whole


def test_an_unterminated_last_event_comes_at_close() -> None:
    s = SSESplitter()
    assert s.feed(b"data: x\n\ndata: tail") == [parse_event(b"data: x")]
    assert [e.data for e in s.close()] == ["tail"] and s.close() == []


def test_blocks_come_byte_for_byte_with_their_blank_line() -> None:
    b = SSEBlocks()
    got = [*b.feed(STREAM[:5]), *b.feed(STREAM[5:40]), *b.feed(STREAM[40:] + b"data: cut")]
    assert got == [
        b'event: delta\ndata: {"text": "hi"}\n\n',
        b": keep-alive\n\n",
        b"data: a\r\ndata: b\r\n\r\n",
        b"id: 7\ndata: [DONE]\r\r",
    ]
    assert b"".join(got) + b.close() == STREAM + b"data: cut"
    assert b.close() == b""


def test_event_size_is_the_block_without_its_blank_line() -> None:
    (ev,) = SSESplitter().feed(b"data: abc\r\n\r\n")
    assert ev.size == len(b"data: abc")


LINES = b'{"message":{"content":"Hi"},"done":false}\r\n\n{"response":" there","done":false}\n{"done":true}'


def test_ndjson_is_an_event_a_line_however_the_stream_is_cut() -> None:
    splitter = splitter_for("application/x-ndjson; charset=utf-8")
    assert isinstance(splitter, LineSplitter)
    whole = parse_stream(LINES, splitter)
    assert [e.data for e in whole] == [
        '{"message":{"content":"Hi"},"done":false}',
        '{"response":" there","done":false}',
        '{"done":true}',
    ]
    assert all(e.event is None for e in whole)
    for cut in range(1, len(LINES)):
        s = LineSplitter()
        assert [*s.feed(LINES[:cut]), *s.feed(LINES[cut:]), *s.close()] == whole


def test_the_splitter_follows_the_content_type() -> None:
    assert type(splitter_for("text/event-stream")) is SSESplitter
    assert type(splitter_for("application/jsonl")) is LineSplitter
    assert splitter_for("application/json") is None and splitter_for("") is None


def test_the_capture_records_an_ndjson_stream_line_by_line() -> None:
    rec = StreamRecorder(0.0, "application/x-ndjson")
    rec.feed(LINES[:30], 0.1)
    rec.feed(LINES[30:], 0.2)
    rec.feed(b"", 0.3)
    stream = rec.stream()
    assert stream.kind == "ndjson" and [e.t for e in stream.events] == [0.2, 0.2, 0.3] and stream.first_event == 0.2
    assert StreamRecorder(0.0, "application/octet-stream").stream().kind == "chunked"


# -- AWS event streams (Bedrock) --------------------------------------------------------------------

_DELTA = {":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"}


_INNER = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}


def _bedrock_stream() -> list[bytes]:
    inner = orjson.dumps(_INNER)
    chunk = {":event-type": "chunk", ":message-type": "event"}
    error = {":exception-type": "throttlingException", ":message-type": "exception"}
    return [
        encode_frame(_DELTA, b'{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abc"}'),
        encode_frame(chunk, b'{"bytes":"' + base64.b64encode(inner) + b'","p":"ab"}'),
        encode_frame(error, b'{"message":"Too many requests, please wait before trying again."}'),
    ]


def test_an_event_stream_is_an_event_a_frame_fed_in_any_pieces() -> None:
    """ConverseStream's payload under its event type, InvokeModel's chunk decoded (named by the model's type), an
    exception an error event; the same whether the bytes come whole or one at a time."""
    data = b"".join(_bedrock_stream())
    assert splitter_for("application/vnd.amazon.eventstream") is not None
    whole = parse_stream(data, EventStreamSplitter())
    assert [(e.event, orjson.loads(e.data)) for e in whole] == [
        ("contentBlockDelta", {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"text": "Hi"}, "p": "abc"}}),
        ("content_block_delta", _INNER),
        ("error", {"type": "error", "error": {"type": "throttlingException",
                                               "message": "Too many requests, please wait before trying again."}}),
    ]  # fmt: skip
    s = EventStreamSplitter()
    assert [e for i in range(len(data)) for e in s.feed(data[i : i + 1])] + s.close() == whole


def test_a_torn_or_corrupt_event_stream_is_a_cut_not_a_crash() -> None:
    first, second, _ = _bedrock_stream()
    torn = EventStreamSplitter()
    assert len(torn.feed(first + second[:-3])) == 1 and torn.close() == [] and torn.broken == "a frame torn off"
    bad = EventStreamSplitter()
    broken = second[:20] + bytes([second[20] ^ 0xFF]) + second[21:]
    assert len(bad.feed(first + broken)) == 1 and bad.broken == "message CRC mismatch"
    assert bad.feed(first) == [] and bad.close() == []  # nothing after a corrupt frame is read


def test_frame_blocks_pass_an_event_stream_on_a_frame_at_a_time() -> None:
    frames = _bedrock_stream()
    blocks = blocks_for("application/vnd.amazon.eventstream")
    data = b"".join(frames)
    assert blocks is not None and blocks.feed(data[:5]) == [] and blocks.feed(data[5:-2]) == frames[:2]
    assert blocks.feed(data[-2:]) == frames[2:] and blocks.close() == b""


def test_frame_blocks_pass_the_rest_of_a_stream_on_as_it_comes_after_a_corrupt_length() -> None:
    """A prelude saying 4 GB: every byte after it was held (the fault proxy's client got nothing more, its memory
    grew) until the stream ended."""
    first = _bedrock_stream()[0]
    blocks = blocks_for("application/vnd.amazon.eventstream")
    corrupt = (0xFFFFFFF0).to_bytes(4, "big") + b"\0" * 8
    assert blocks is not None and blocks.feed(first + corrupt) == [first, corrupt]
    assert blocks.feed(b"x" * 1000) == [b"x" * 1000] and blocks.pending == 0 and blocks.close() == b""
