"""replay.faults.watch: the upstream's own error bodies and stream error events under a success status, in each
wire format ``replay.util.wire`` reads, told from answers that merely say the word."""

from __future__ import annotations

import base64
import functools
import zlib

import orjson
import pytest
from botocore.eventstream import EventStreamBuffer

from replay.faults.watch import HEAD, MAX_BODY, MAX_HELD, BodyWatch, DecodedWatch, body_error, is_json, watch_stream
from replay.util.eventstream import EVENTSTREAM_TYPE, encode_frame
from tests.faults.conftest import Encoder

# Shapes as the APIs document them (OpenAI's and Anthropic's error objects, Gemini's google.rpc.Status, a responses
# body's ``error`` that is null on success); messages shortened.
OPENAI = {"error": {"message": "The server had an error", "type": "server_error", "param": None, "code": None}}
ANTHROPIC = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
GEMINI = {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}
ANSWER = {
    "object": "chat.completion",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "No error on our side."}}],
}
RESPONSE = {"object": "response", "status": "completed", "error": None, "output": []}


@pytest.mark.parametrize("body", [OPENAI, ANTHROPIC, GEMINI, {"error": "model runner stopped"}])
def test_error_bodies_read_as_errors(body: dict) -> None:
    assert body_error(orjson.dumps(body))


@pytest.mark.parametrize("body", [ANSWER, RESPONSE, {"error": None}])
def test_answers_that_say_the_word_are_not(body: dict) -> None:
    assert not body_error(orjson.dumps(body))
    assert not body_error(b"error: not JSON")


def _stream(ctype: str, chunks: list[bytes], coding: str = "") -> bool:
    watch = watch_stream(ctype, coding)
    assert watch is not None
    for chunk in chunks:
        assert watch(chunk) is chunk, "passed on unchanged"
    return watch.close()


def _sse(obj: dict, event: str = "") -> bytes:
    return (f"event: {event}\n".encode() if event else b"") + b"data: " + orjson.dumps(obj) + b"\n\n"


def test_a_stream_error_event_in_each_format() -> None:
    chunk = _sse({"choices": [{"index": 0, "delta": {"content": "Hi"}}]})
    assert _stream("text/event-stream", [chunk, _sse(OPENAI)])  # OpenAI's mid-stream data: {"error": ...}
    assert _stream("text/event-stream; charset=utf-8", [chunk, _sse(ANTHROPIC, "error")])
    assert _stream("text/event-stream", [_sse(GEMINI)])  # Gemini's error in a 200 stream chunk
    failed = {"type": "response.failed", "response": {"status": "failed", "error": {"message": "server_error"}}}
    assert _stream("text/event-stream", [_sse(failed, "response.failed")])
    assert _stream("text/event-stream", [b"event: error\ndata: upstream went away\n\n"])  # named so, as the judge reads
    assert _stream("application/x-ndjson", [b'{"message":{"content":"a"},"done":false}\n', b'{"error":"oom"}\n'])


def test_an_event_split_across_chunks_is_read_whole() -> None:
    """The word split between two chunks, an event ended in CRLF, a last event with no blank line after it."""
    event = _sse(ANTHROPIC, "error")
    for cut in (3, 9, len(event) - 5):
        assert _stream("text/event-stream", [event[:cut], event[cut:]]), cut
    assert _stream("text/event-stream", [_sse(OPENAI).replace(b"\n", b"\r\n")])
    assert _stream("text/event-stream", [_sse(OPENAI).rstrip()])


def test_a_stream_of_answers_is_not_an_error() -> None:
    """Deltas whose text says "error", a responses stream whose events carry ``"error": null``."""
    said = [_sse({"choices": [{"index": 0, "delta": {"content": w}}]}) for w in ("No ", "error", " here")]
    assert not _stream("text/event-stream", [*said, b"data: [DONE]\n\n"])
    created = {"type": "response.created", "response": {"status": "in_progress", "error": None}}
    assert not _stream("text/event-stream", [_sse(created, "response.created")])


def test_an_event_that_never_ends_is_not_held() -> None:
    watch = watch_stream("text/event-stream")
    assert watch is not None
    watch(b"data: " + b"x" * (MAX_HELD + 1))
    assert watch.done and not watch.close()


def _frame(kind: str, payload: dict) -> bytes:
    return encode_frame(
        {":event-type": kind, ":content-type": "application/json", ":message-type": "event"}, orjson.dumps(payload)
    )


def _exception(kind: str, message: str) -> bytes:
    """Bedrock's exception message in a 200 stream, its headers as botocore reads them (``:exception-type``)."""
    head = {":exception-type": kind, ":content-type": "application/json", ":message-type": "exception"}
    return encode_frame(head, orjson.dumps({"message": message}))


# ConverseStream's events (text that says "error" and "exception"); InvokeModelWithResponseStream's chunk: the
# model's JSON as base64 ``bytes``. Frames by replay.util.eventstream (botocore has a decoder only).
ANSWERED = [
    _frame("messageStart", {"role": "assistant"}),
    *(_frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": w}}) for w in ("No error, ", "exception")),
    _frame("messageStop", {"stopReason": "end_turn"}),
]
CHUNK = encode_frame(
    {":event-type": "chunk", ":content-type": "application/json", ":message-type": "event"},
    orjson.dumps({"bytes": base64.b64encode(orjson.dumps({"type": "message_start"})).decode()}),
)
THROTTLED = _exception("throttlingException", "Too many requests, please wait before trying again.")


def test_bedrocks_exception_message_in_an_event_stream() -> None:
    """A ConverseStream's ``throttlingException``, an InvokeModel stream's ``modelStreamErrorException``, all in one
    chunk or cut anywhere (inside the word, the prelude, between frames); botocore reads the frame as one."""
    buf = EventStreamBuffer()
    buf.add_data(THROTTLED)
    assert [m.headers[":exception-type"] for m in buf] == ["throttlingException"]
    assert _stream(EVENTSTREAM_TYPE, [*ANSWERED[:2], THROTTLED])
    model = _exception("modelStreamErrorException", "The model failed.")
    assert _stream(EVENTSTREAM_TYPE, [CHUNK, model])
    stream = b"".join(ANSWERED[:2]) + THROTTLED
    for cut in (5, len(ANSWERED[0]), len(stream) - len(THROTTLED) + THROTTLED.index(b"exception") + 3, len(stream) - 2):
        assert _stream(EVENTSTREAM_TYPE, [stream[:cut], stream[cut:]]), cut
    error = encode_frame({":message-type": "error", ":error-code": "InternalFailure", ":error-message": "x"}, b"")
    assert _stream(EVENTSTREAM_TYPE, [error])  # the format's other failed message, as the judge reads it


def test_an_event_stream_of_answers_is_not_an_error() -> None:
    """Text that says "error" and "exception", chunks, frames cut anywhere; a corrupt frame ends the reading."""
    stream = b"".join([*ANSWERED, CHUNK])
    assert not _stream(EVENTSTREAM_TYPE, [*ANSWERED, CHUNK])
    for cut in (3, 20, len(ANSWERED[0]) + 7):
        assert not _stream(EVENTSTREAM_TYPE, [stream[:cut], stream[cut:]]), cut
    corrupt = THROTTLED[:-1] + bytes([THROTTLED[-1] ^ 1])  # its CRC does not match: read as the judge does, not at all
    assert not _stream(EVENTSTREAM_TYPE, [ANSWERED[0], corrupt])


def test_a_json_body_with_no_length_is_read_at_its_end() -> None:
    """A gateway's error body relayed chunked, cut inside the word; an answer is not one, nor a body past MAX_BODY
    (let go as it passes: an error body is never that long)."""
    error = orjson.dumps(OPENAI)
    assert _stream("application/json", [error[:4], error[4:]])
    assert not _stream("application/json; charset=utf-8", [orjson.dumps(ANSWER)])
    watch = watch_stream("application/json")
    assert isinstance(watch, BodyWatch) and watch(b" " * MAX_BODY) and watch(error) is error
    assert watch.kept is None and not watch.close()


def test_only_json_and_event_streams_are_read() -> None:
    assert watch_stream("text/plain") is None and watch_stream("application/grpc") is None
    assert is_json("application/json; charset=utf-8") and is_json("application/problem+json")
    assert not is_json("text/html") and not is_json("application/jsonl")


CODINGS = ("gzip", "br", "zstd")


def _packed(coding: str, data: bytes) -> bytes:
    return zlib.compress(data) if coding == "deflate" else Encoder(coding).whole(data)


@pytest.mark.parametrize("coding", [*CODINGS, "deflate"])
def test_a_compressed_error_body_is_read_decoded(coding: str) -> None:
    """Each coding by its own library: an error body reads as one, an answer does not, nor one cut short (it does not
    decode) or one under a coding not known."""
    assert body_error(_packed(coding, orjson.dumps(OPENAI)), coding)
    assert body_error(_packed(coding, orjson.dumps(ANTHROPIC)), coding.upper())
    assert not body_error(_packed(coding, orjson.dumps(ANSWER)), coding)
    long = orjson.dumps({"error": {"message": "failed", "detail": "x" * 2 * HEAD}})  # past the head: decoded on
    assert body_error(_packed(coding, long), coding)
    assert not body_error(_packed(coding, long)[:-12], coding)
    assert not body_error(orjson.dumps(OPENAI), "compress") and not body_error(b"not compressed", coding)


def test_a_long_body_says_its_error_in_its_head_or_reads_as_none() -> None:
    """An answer past ``HEAD`` whose error comes first reads as one (a responses body's ``error``), one whose
    ``error`` comes only after its head does not, nor an error body past ``MAX_BODY``: encoded or not, alike."""
    text = [{"type": "output_text", "text": "x" * HEAD}]
    early = orjson.dumps({"object": "response", "status": "failed", "error": {"message": "failed"}, "output": text})
    late = orjson.dumps({"object": "response", "status": "failed", "output": text, "error": {"message": "failed"}})
    past = orjson.dumps({"error": {"message": "x" * MAX_BODY}})
    for coding, pack in (("", bytes), ("gzip", functools.partial(_packed, "gzip"))):
        assert body_error(pack(early), coding)
        assert not body_error(pack(late), coding) and not body_error(pack(past), coding)


@pytest.mark.parametrize("coding", CODINGS)
def test_a_compression_bomb_reads_as_no_error(coding: str) -> None:
    """8 MiB that says ``error`` first, a few KiB compressed: decoded as far as ``MAX_BODY`` (and the piece past it),
    and read as no error body."""
    bomb = _packed(coding, b'{"error": "' + b"x" * (8 << 20) + b'"}')
    assert len(bomb) < 64 * 1024 and not body_error(bomb, coding)


def _cut(chunks: list[bytes], cut: int) -> list[bytes]:
    whole = b"".join(chunks)
    return [whole[:cut], whole[cut:]]


@pytest.mark.parametrize("coding", CODINGS)
def test_a_compressed_stream_is_read_as_it_passes(coding: str) -> None:
    """A gateway's compression of an SSE stream (each event flushed as it goes), of an NDJSON one, of an AWS event
    stream and of a JSON body relayed chunked: the error inside found whatever the compressed bytes' cuts; answers
    that say the word are not errors."""
    answer = _sse({"choices": [{"index": 0, "delta": {"content": "No error"}}]})
    failed = Encoder(coding).parts([answer, _sse(ANTHROPIC, "error")])
    assert _stream("text/event-stream", failed, coding)
    for cut in (1, 9, len(failed[0]) + 2, len(b"".join(failed)) - 3):
        assert _stream("text/event-stream", _cut(failed, cut), coding), cut
    assert not _stream("text/event-stream", Encoder(coding).parts([answer, b"data: [DONE]\n\n"]), coding)
    lines = [b'{"message":{"content":"error"},"done":false}\n', b'{"error":"oom"}\n']
    assert _stream("application/x-ndjson", Encoder(coding).parts(lines), coding)
    assert _stream(EVENTSTREAM_TYPE, Encoder(coding).parts([*ANSWERED[:2], THROTTLED]), coding)
    assert not _stream(EVENTSTREAM_TYPE, Encoder(coding).parts(ANSWERED), coding)
    error = orjson.dumps(OPENAI)
    assert _stream("application/json", Encoder(coding).parts([error[:4], error[4:]]), coding)


def test_a_compressed_stream_is_decoded_no_further_than_it_is_read() -> None:
    """A long JSON answer is let go past its head (decoded no further); a stream that does not decode, or decodes
    past ``codings.RATIO_MAX`` times its size, is read no further; each passes on as it came."""
    watch = watch_stream("application/json", "gzip")
    assert isinstance(watch, DecodedWatch)
    answer = orjson.dumps({"choices": [{"index": 0, "message": {"content": "x" * 4 * HEAD}}]})
    for chunk in Encoder("gzip").parts([answer[i : i + 1000] for i in range(0, len(answer), 1000)]):
        assert watch(chunk) is chunk
    assert watch.watch.done and not watch.close()
    broken = watch_stream("text/event-stream", "gzip")
    error = Encoder("gzip").whole(_sse(OPENAI))
    assert broken is not None and broken(b"not gzip") == b"not gzip"
    assert broken(error) is error and not broken.close()
    bomb = watch_stream("text/event-stream", "gzip")
    assert isinstance(bomb, DecodedWatch)
    bomb(Encoder("gzip").whole(b"data: " + b"x" * (8 << 20)))
    assert bomb.watch.done and not bomb.close()


def test_a_coding_not_known_is_not_read() -> None:
    assert watch_stream("text/event-stream", "compress") is None
    assert watch_stream("text/event-stream", "gzip, br") is None  # two codings: not read either
    assert not isinstance(watch_stream("text/event-stream", "identity"), DecodedWatch)
