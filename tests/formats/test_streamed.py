"""A streamed call imported from a trace answers in its API's own event stream, which the judge reads as it reads
a captured stream of the same call: the same answer, tool calls, tokens, finish reason and ending, the same
Production record. The captured stream is tests/llmworld's (what the API sends, event for event), made from the
request the import wrote, so the request's tools are the API's own shape too (the model world calls a tool only
when it is offered one)."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from replay.formats.call import LLMCall, Tool
from replay.formats.llmcall import to_exchange
from replay.judge.core import Judge
from replay.judge.reply import Reply, captured_reply
from replay.judge.run import _production
from replay.util.sse import parse_stream
from tests.llmworld.anthropic import messages
from tests.llmworld.bedrock import converse
from tests.llmworld.common import ANSWER
from tests.llmworld.openai import chat, responses

_ASKED = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "When does my order ship?"}]
_WEATHER = Tool("get_weather", "The weather in a city", {"type": "object", "properties": {"city": {"type": "string"}}})
_WORDS = len(ANSWER.split())


def _called(call_id: str) -> list[dict[str, Any]]:
    return [{"id": call_id, "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}]


def _captured(ex_body: dict[str, Any], provider: str, operation: str) -> dict[str, Any]:
    """The model world's answer to the imported request, as a capture records a stream of it."""
    if provider == "aws.bedrock":
        _, frames = converse(ex_body, True)
        data = b"".join(frames or ())
        body = {"text": base64.b64encode(data).decode(), "encoding": "base64"}
        headers = [["content-type", "application/vnd.amazon.eventstream"]]
    else:
        if provider == "anthropic":
            named = list(messages(ex_body)[1] or ())
        elif operation == "responses":
            named = [(e["type"], e) for e in responses(ex_body)[1] or ()]  # type: ignore[index]
        else:
            named = [(None, e) for e in chat(ex_body)[1] or ()]
        text = "".join(
            (f"event: {n}\n" if n else "") + f"data: {d if isinstance(d, str) else orjson.dumps(d).decode()}\n\n"
            for n, d in named
        )
        body, headers = {"text": text}, [["content-type", "text/event-stream; charset=utf-8"]]
    stream = {"kind": "sse", "events": [], "first_event": 0.1, "chunks": 1}
    return {"id": "c", "response": {"status": 200, "headers": headers, "body": body}, "stream": stream}


# provider, operation, the endpoint, input tokens the model world counts, a tool's call id there (None: no tool)
_CASES = [
    ("openai", "chat", "POST /v1/chat/completions", 21, None),
    ("openai", "chat", "POST /v1/chat/completions", 21, "call_00"),
    ("anthropic", "chat", "POST /v1/messages", 25, None),
    ("anthropic", "chat", "POST /v1/messages", 25, "toolu_00"),
    ("openai", "responses", "POST /v1/responses", 36, None),
    ("openai", "responses", "POST /v1/responses", 36, "call_0"),
    ("aws.bedrock", "chat", "POST /model/m/converse-stream", 18, None),
    ("aws.bedrock", "chat", "POST /model/m/converse-stream", 18, "tooluse_kZJMlvQm0"),
]


def _imported(provider: str, operation: str, tokens_in: int, call_id: str | None) -> LLMCall:
    """The call as a trace tells it: what the model world answers the same request."""
    call = LLMCall("c", 1.0, 2.0, 0.25, provider=provider, operation=operation, model="m", messages=_ASKED)
    call.params = {"stream": True} | ({"stream_options": {"include_usage": True}} if operation == "chat" else {})
    call.input_tokens, call.output_tokens, call.response_id = tokens_in, _WORDS, "resp-1"
    call.output, call.finish_reason = ANSWER, "stop" if operation == "chat" else None
    if call_id is not None:
        call.tools, call.tool_calls, call.finish_reason = [_WEATHER], _called(call_id), "tool_calls"
        # the model world writes its text beside a tool use on Anthropic's API only, and counts Converse's as 11
        call.output = ANSWER if provider == "anthropic" else None
        call.output_tokens = 11 if provider == "aws.bedrock" else _WORDS
    if provider == "aws.bedrock":
        call.params = {"stream": True}
    return call


def _said(reply: Reply) -> tuple[Any, ...]:
    calls = [(t.name, orjson.loads(t.arguments)) for t in reply.tool_calls]
    return reply.answer, reply.finish_reason, reply.output_tokens, reply.input_tokens, calls, reply.ended


@pytest.mark.parametrize(("provider", "operation", "endpoint", "tokens_in", "call_id"), _CASES)
def test_an_imported_stream_is_judged_as_the_captured_stream_of_the_same_call(
    provider: str, operation: str, endpoint: str, tokens_in: int, call_id: str | None
) -> None:
    ex = to_exchange(_imported(provider, operation, tokens_in, call_id), "otlp")
    record = orjson.loads(ex.to_json())
    imported = captured_reply(record)
    captured = captured_reply(_captured(orjson.loads(ex.request.body.text), provider, operation))
    assert imported is not None and captured is not None and imported.stream and captured.stream
    assert _said(imported) == _said(captured)
    assert bool(imported.tool_calls) == (call_id is not None)  # the tool offered as the API takes it: called
    judge = Judge()
    assert _production(judge, endpoint, "", imported) == _production(judge, endpoint, "", captured)
    assert _production(judge, endpoint, "", imported).cls == "ok"  # type: ignore[union-attr]


def test_an_imported_stream_is_recorded_as_a_capture_records_one() -> None:
    """The stream record: an event a chunk, the first at the span's time to first chunk, the last at its end."""
    ex = to_exchange(_imported("openai", "chat", 21, None), "otlp")
    assert ex.stream is not None and ex.response is not None and ex.response.body is not None
    sent = parse_stream(ex.response.body.to_bytes())
    assert sent[-1].data == "[DONE]" and ex.stream.chunks == len(sent) == len(ex.stream.events)
    assert ex.stream.kind == "sse" and ex.stream.first_event == 0.25 == ex.stream.events[0].t
    assert ex.stream.events[-1].t == 2.0 and [e.size for e in ex.stream.events] == [e.size for e in sent]
    assert ex.timings.ttfb == 0.25 and ex.timings.total == 2.0
    untimed = to_exchange(LLMCall("c", 1.0, 2.0, provider="anthropic", output="Hi", params={"stream": True}), "otlp")
    assert untimed.stream is not None and untimed.stream.first_event is None  # no first chunk said, none made up
    assert {e.t for e in untimed.stream.events} == {2.0} and untimed.stream.events[0].event == "message_start"


def test_a_streamed_call_of_an_operation_that_does_not_stream_keeps_its_json_body() -> None:
    ex = to_exchange(LLMCall("c", 1.0, 2.0, operation="embeddings", params={"stream": True}), "otlp")
    assert ex.stream is None and ex.response is not None and ex.response.headers[0][1] == "application/json"
