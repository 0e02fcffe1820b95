"""AWS event streams (Bedrock's ConverseStream and InvokeModel streams) redacted as the event streams they are
(``replay.redact.eventstreams``): the answer's personal data out of every frame, a value streamed over two frames
too, and the frames written back whole, as botocore reads them; frames that do not decode are a binary body."""

from __future__ import annotations

import base64

import orjson
from botocore.eventstream import EventStreamBuffer

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.judge.reply import parse_reply
from replay.redact import Redactor
from replay.util.eventstream import encode_frame

_EVENT = {":event-type": "contentBlockDelta", ":content-type": "application/json", ":message-type": "event"}
_CTYPE = [("content-type", "application/vnd.amazon.eventstream")]


def _delta(text: str) -> bytes:
    return encode_frame(_EVENT, orjson.dumps({"contentBlockIndex": 0, "delta": {"text": text}, "p": "abcdef"}))


def _chunk(obj: dict[str, object]) -> bytes:
    payload = {"bytes": base64.b64encode(orjson.dumps(obj)).decode(), "p": "abc"}
    return encode_frame({":event-type": "chunk", ":message-type": "event"}, orjson.dumps(payload))


def _redacted(r: Redactor, data: bytes) -> tuple[Body, dict[str, int]]:
    resp = Response(200, _CTYPE, Body.from_bytes(data))
    ex = r.redact(Exchange("e1", Request("POST", "http://h/model/m/converse-stream", [], None), Timings(0.0), resp))
    assert ex.response is not None and ex.response.body is not None
    return ex.response.body, dict(ex.redactions)


def test_an_event_streams_payloads_are_redacted_and_its_frames_written_back(r: Redactor) -> None:
    inner = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Call Maria Gonzalez"}}
    data = _delta("Write to jane.doe@") + _delta("gmail.com today") + _chunk(inner)
    body, counts = _redacted(r, data)
    stored = base64.b64decode(body.text)
    buf = EventStreamBuffer()
    buf.add_data(stored)
    frames = [(m.headers, orjson.loads(m.payload)) for m in buf]  # botocore checks every CRC
    texts = [p["delta"]["text"] for _, p in frames[:2]]
    said = orjson.loads(base64.b64decode(frames[2][1]["bytes"]))["delta"]["text"]
    assert "jane.doe" not in "".join(texts) and "gmail.com" not in "".join(texts) and "Maria Gonzalez" not in said
    assert counts.get("email") and [h for h, _ in frames[:2]] == [_EVENT, _EVENT] and frames[2][1]["p"] == "abc"
    assert body.encoding == "base64" and body.size == len(stored) and not body.truncated


def test_an_event_stream_that_does_not_decode_is_a_binary_body(r: Redactor) -> None:
    good = _delta("Write to jane.doe@gmail.com")
    body, counts = _redacted(r, good[:-1] + bytes([good[-1] ^ 1]))
    assert body.text == "" and counts.get("binary_body") == 1


def test_a_name_the_prompt_signed_is_found_again_in_the_frames_split_over_them_too(r: Redactor) -> None:
    # "Thanks, Zoltan" signs the Converse prompt; the answer greets him back over two frames, and an InvokeModel
    # chunk names him whole (engine's second pass: a name found again in a stream's events)
    prompt = {"messages": [{"role": "user", "content": [{"text": "Summarise the thread? Thanks, Zoltan"}]}]}
    inner = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Bye, Zoltan!"}}
    data = b"".join(_delta(t) for t in ["Sure", ", Zol", "tan."]) + _chunk(inner)
    req = Request("POST", "http://h/model/m/converse-stream", [("content-type", "application/json")], None)
    req.body = Body.from_bytes(orjson.dumps(prompt))
    resp = Response(200, _CTYPE, Body.from_bytes(data))
    ex = r.redact(Exchange("e1", req, Timings(0.0), resp))
    assert ex.response is not None and ex.response.body is not None and ex.request.body is not None
    buf = EventStreamBuffer()
    buf.add_data(ex.response.body.to_bytes())
    payloads = [orjson.loads(m.payload) for m in buf]  # botocore checks every CRC
    said = "".join(p["delta"]["text"] for p in payloads[:3])
    chunk = orjson.loads(base64.b64decode(payloads[3]["bytes"]))["delta"]["text"]
    assert "Zoltan" not in ex.request.body.text and said.startswith("Sure, ") and said.endswith(".")
    assert "Zoltan" not in said and "Zol" not in said and "Zoltan" not in chunk and chunk.startswith("Bye, "), said
    assert ex.response.body.size == len(ex.response.body.to_bytes())


def test_a_stream_its_redaction_shortened_is_whole_and_a_torn_frame_dropped_is_cut(r: Redactor) -> None:
    # A long address becomes a shorter pseudonym: the stored frames are fewer bytes, yet every frame was kept (the
    # judge read production's answer as cut when the body said truncated); a torn last frame is a cut
    data = _delta("Write to bartholomew.quiggsley-longfellow@exampleconsultancy.co.uk now") + _delta("done")
    body, counts = _redacted(r, data)
    stored = body.to_bytes()
    assert counts.get("email") and len(stored) < len(data) and not body.truncated
    reply = parse_reply(200, _CTYPE, {"text": body.text, "encoding": body.encoding, "truncated": body.truncated})
    assert not reply.capped and reply.answer is not None and reply.answer.endswith("done")
    torn, _ = _redacted(r, data + _delta("more")[:20])
    assert torn.truncated and torn.to_bytes() == stored


def test_a_header_only_frame_is_kept_as_it_is(r: Redactor) -> None:
    # Bedrock sends frames of headers alone (an empty payload): the stream was dropped as a binary body
    empty = encode_frame({**_EVENT, ":event-type": "messageStart"}, b"")
    body, counts = _redacted(r, empty + _delta("Write to jane.doe@gmail.com") + empty)
    buf = EventStreamBuffer()
    buf.add_data(body.to_bytes())
    frames = list(buf)  # botocore checks every CRC
    assert "binary_body" not in counts and counts.get("email") and not body.truncated
    assert [m.payload for m in frames[::2]] == [b"", b""] and frames[0].headers[":event-type"] == "messageStart"
    assert "jane.doe" not in orjson.loads(frames[1].payload)["delta"]["text"]


def test_a_frames_free_text_headers_are_redacted_and_the_protocols_kept(r: Redactor) -> None:
    # An :error-message echoes the prompt and a header of the service's own may name the user; the protocol's
    # tokens are kept (header types kept where a string is rewritten: tests/util/test_eventstream.py)
    head = {":message-type": "exception", ":exception-type": "validationException", "x-user": "jane.doe@gmail.com"}
    frame = encode_frame({**head, ":error-message": "Bad prompt: mail jane.doe@gmail.com", "n": 7}, b"")
    body, counts = _redacted(r, frame + _delta("ok"))
    buf = EventStreamBuffer()
    buf.add_data(body.to_bytes())
    headers = [m.headers for m in buf]  # botocore checks every CRC
    assert counts.get("email") and "jane.doe" not in str(headers) and headers[1] == _EVENT
    assert headers[0][":exception-type"] == "validationException" and headers[0][":message-type"] == "exception"
    assert headers[0][":error-message"].startswith("Bad prompt: mail ") and headers[0]["n"] == 7
