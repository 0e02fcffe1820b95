from __future__ import annotations

import email.utils
import time

import msgspec
import orjson
import pytest

from replay.judge.declared import declared_tools
from replay.shape.features import features_of
from replay.shape.prompts import offered
from replay.shape.records import DECODE_CHAT
from replay.util.jsonpath import PromptPath
from replay.util.wire import ends, offered_tools, read_event, retry_after
from tests.shape.test_features import record


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"retry-after-ms": "250", "retry-after": "1"}, 0.25),  # the SDKs read the milliseconds first
        ({"retry-after-ms": "soon", "retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({}, None),
        ({"retry-after": "whenever"}, None),
    ],
)
def test_retry_after_as_the_sdks_read_it(headers: dict[str, str], wait: float | None) -> None:
    assert retry_after(headers) == wait


def test_retry_after_as_an_http_date() -> None:
    got = retry_after({"retry-after": email.utils.formatdate(time.time() + 30, usegmt=True)})
    assert got is not None and 28 <= got <= 31


def test_cohere_events_generated_and_ended() -> None:
    """Cohere's text, thinking, tool plan and tool-call parts are generated tokens; message-end ends the stream."""
    delta = {"message": {"content": {"text": "Hi"}}}
    assert read_event({"type": "content-delta", "index": 0, "delta": delta}).generated
    thinking = {"message": {"content": {"thinking": "Hm"}}}
    assert read_event({"type": "content-delta", "delta": thinking}).reasoning == "Hm"
    assert read_event({"type": "tool-plan-delta", "delta": {"message": {"tool_plan": "I will"}}}).generated
    for quiet in ({"type": "message-start", "id": "c1"}, {"type": "content-end", "index": 0}):
        assert not read_event(quiet).generated
    end = '{"type":"message-end","delta":{"finish_reason":"COMPLETE"}}'
    assert ends()("message-end", end) and ends()(None, end) and not ends()("content-delta", '{"type":"content-delta"}')
    assert read_event({"type": "message-end", "delta": {"finish_reason": "COMPLETE"}}).error is None
    # A generation that failed is an error, with or without the text that says why
    failed = read_event({"type": "message-end", "delta": {"finish_reason": "ERROR"}})
    assert (failed.finish, failed.error) == ("ERROR", "finish_reason ERROR")
    said = {"finish_reason": "ERROR", "error": "internal"}
    assert read_event({"type": "message-end", "delta": said}).error == "internal"


ASK = [{"role": "user", "content": "What is the weather in Oslo?"}]
PARAMS = {"type": "object", "properties": {"city": {"type": "string"}}}
GEMINI = {"contents": [{"role": "user", "parts": [{"text": "What is the weather in Oslo?"}]}]}
SPEC = {"toolSpec": {"name": "get_weather", "inputSchema": {"json": PARAMS}}}
# Each API's request body that offers tools, or does not (the union of the judge's and the sampler's spellings)
TOOL_BODIES = [
    ({"model": "gpt-4o", "messages": ASK, "tools": [{"type": "function", "function": {"name": "get_weather"}}]}, True),
    ({"model": "gpt-5", "messages": ASK, "tools": [{"type": "custom", "custom": {"name": "run_sql"}}]}, True),
    ({"model": "gpt-4o", "messages": ASK, "functions": [{"name": "get_weather", "parameters": PARAMS}]}, True),
    ({"model": "gpt-4o", "messages": ASK, "tools": [], "functions": [{"name": "get_weather"}]}, True),
    ({"model": "gpt-4o", "input": "Oslo?", "tools": [{"type": "function", "name": "get_weather"}]}, True),  # responses
    ({"model": "gpt-4o", "input": "Oslo?", "tools": [{"type": "web_search"}]}, True),  # a built-in tool: no schema
    ({"model": "claude", "messages": ASK, "tools": [{"name": "get_weather", "input_schema": PARAMS}]}, True),
    ({"model": "claude", "messages": ASK, "tools": [{"type": "web_search_20250305", "name": "web_search"}]}, True),
    (GEMINI | {"tools": [{"functionDeclarations": [{"name": "get_weather"}]}]}, True),
    (GEMINI | {"tools": [{"function_declarations": [{"name": "get_weather", "parameters": PARAMS}]}]}, True),
    (GEMINI | {"tools": [{"google_search": {}}]}, True),
    (GEMINI | {"toolConfig": {"functionCallingConfig": {"mode": "NONE"}}}, False),  # how tools are called: none
    ({"messages": [{"role": "user", "content": [{"text": "Oslo?"}]}], "toolConfig": {"tools": [SPEC]}}, True),
    ({"messages": ASK, "toolConfig": {"tools": []}}, False),  # Converse
    ({"model": "llama3.1", "messages": ASK, "stream": False, "tools": [{"type": "function", "function": {}}]}, True),
    ({"model": "gpt-4o", "messages": ASK, "tools": [], "tool_choice": "none"}, False),
    ({"model": "gpt-4o", "messages": ASK, "tools": None}, False),
    ({"model": "gpt-4o", "messages": ASK}, False),
]


@pytest.mark.parametrize("path", [None, PromptPath("messages[?role=user].content")], ids=["typed", "by-path"])
def test_where_a_body_offers_tools_is_one_answer_for_the_sampler_and_the_judge(path: PromptPath | None) -> None:
    """The judge's declared tools and the sampler's ``tools`` column each knew where an API lists its tools (the
    judge no Gemini toolConfig-less body's, the sampler Converse's toolConfig as tools whatever it held): both read
    ``offered_tools`` now, the sampler's typed reader its raw twin, and agree on every API's body."""
    offers = [want for _, want in TOOL_BODIES]
    assert [offered_tools(body) is not None for body, _ in TOOL_BODIES] == offers
    assert [declared_tools(body) is not None for body, _ in TOOL_BODIES] == offers
    assert list(features_of([record(body) for body, _ in TOOL_BODIES], prompt_path=path).tools) == offers
    assert all(DECODE_CHAT(orjson.dumps(body)) for body, _ in TOOL_BODIES)  # typed, not parsed whole for its tools
    assert declared_tools(TOOL_BODIES[12][0]) == {"get_weather": PARAMS}
    pretty = [b"[" + b" " * 30 + tail for tail in (b"]", b"{}]")]  # past the 16 bytes the typed reader looks at
    assert [offered(msgspec.Raw(raw)) for raw in pretty] == [False, True]
    assert declared_tools(TOOL_BODIES[5][0]) == {}  # offered, with no arguments' schema to fit
