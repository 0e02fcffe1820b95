"""The tools a trace says a request offered, read from whichever API's shape it kept them in, and written in the
shape of the API the call goes to (OpenAI's chat completions, the Responses API, Anthropic's messages, Bedrock's
Converse), with the request's tool choice."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from replay.formats.call import LLMCall, Tool, ToolChoice, choice_of, tool_of
from replay.formats.llmcall import to_exchange

_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}}
_WEATHER = Tool("get_weather", "The weather", _SCHEMA)


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "function", "function": {"name": "get_weather", "description": "The weather", "parameters": _SCHEMA}},
        {"type": "function", "name": "get_weather", "description": "The weather", "parameters": _SCHEMA},
        {"name": "get_weather", "description": "The weather", "input_schema": _SCHEMA},  # Anthropic's
        '{"type":"function","name":"get_weather","description":"The weather","inputSchema":'  # the AI SDK's, as JSON
        '{"type":"object","properties":{"city":{"type":"string"}}}}',
        {"name": "get_weather", "description": "The weather", "parameters": orjson.dumps(_SCHEMA).decode()},
    ],
)
def test_a_tool_reads_from_any_api_s_shape(raw: Any) -> None:
    assert tool_of(raw) == _WEATHER


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "web_search_20250305", "name": "web_search"},  # Anthropic's own: no other API takes it
        {"type": "custom", "name": "run", "format": {"type": "text"}},  # OpenAI's free-form tool
        {"type": "function", "function": {"description": "no name"}},
        "not json",
        7,
    ],
)
def test_what_is_no_function_tool_is_left_out(raw: Any) -> None:
    assert tool_of(raw) is None


@pytest.mark.parametrize(
    ("raw", "choice"),
    [
        ("auto", ToolChoice("auto")),
        ("required", ToolChoice("required")),
        ({"type": "any"}, ToolChoice("required")),
        ('{"type":"none"}', ToolChoice("none")),
        ({"type": "function", "function": {"name": "f"}}, ToolChoice("tool", "f")),
        ({"type": "function", "name": "f"}, ToolChoice("tool", "f")),
        ({"type": "tool", "name": "f"}, ToolChoice("tool", "f")),
        ('{"type":"tool","toolName":"f"}', ToolChoice("tool", "f")),
        ("sometimes", None),
        ({"type": "tool"}, None),
    ],
)
def test_a_tool_choice_reads_from_any_api_s_shape(raw: Any, choice: ToolChoice | None) -> None:
    assert choice_of(raw) == choice


def _asked(choice: ToolChoice | None, **kw: Any) -> dict[str, Any]:
    call = LLMCall("c", 1.0, model="m", messages=[{"role": "user", "content": "Weather?"}], **kw)
    call.tools, call.tool_choice = [_WEATHER, Tool("now")], choice
    return orjson.loads(to_exchange(call, "otlp").request.body.text)


def test_tools_are_written_in_each_api_s_shape() -> None:
    chat = _asked(ToolChoice("tool", "get_weather"))
    fn = {"name": "get_weather", "description": "The weather", "parameters": _SCHEMA}
    assert chat["tools"] == [{"type": "function", "function": fn}, {"type": "function", "function": {"name": "now"}}]
    assert chat["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    responses = _asked(ToolChoice("tool", "get_weather"), operation="responses")
    assert responses["tools"] == [{"type": "function"} | fn, {"type": "function", "name": "now"}]
    assert responses["tool_choice"] == {"type": "function", "name": "get_weather"}
    anthropic = _asked(ToolChoice("required"), provider="anthropic")
    empty = {"type": "object", "properties": {}}  # its input_schema is required
    assert anthropic["tools"] == [
        {"name": "get_weather", "description": "The weather", "input_schema": _SCHEMA},
        {"name": "now", "input_schema": empty},
    ]
    assert anthropic["tool_choice"] == {"type": "any"}
    converse = _asked(ToolChoice("tool", "now"), provider="aws.bedrock")
    spec = {"name": "get_weather", "description": "The weather", "inputSchema": {"json": _SCHEMA}}
    assert converse["toolConfig"] == {
        "tools": [{"toolSpec": spec}, {"toolSpec": {"name": "now", "inputSchema": {"json": empty}}}],
        "toolChoice": {"tool": {"name": "now"}},
    }
    assert (
        _asked(ToolChoice("auto"))["tool_choice"],
        _asked(ToolChoice("none"), provider="anthropic")["tool_choice"],
    ) == (
        "auto",
        {"type": "none"},
    )
    assert "toolChoice" not in _asked(ToolChoice("none"), provider="aws.bedrock")["toolConfig"]  # Converse has none
    assert "tools" not in orjson.loads(to_exchange(LLMCall("c", 1.0), "otlp").request.body.text)
