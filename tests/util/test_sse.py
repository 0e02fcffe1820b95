"""The one SSE splitter: events parsed as chunks complete them, or blocks handed on byte for byte."""

from __future__ import annotations

from replay.util.sse import SSEBlocks, SSESplitter, parse_event, parse_stream

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
