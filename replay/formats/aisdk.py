"""The Vercel AI SDK's spans (``experimental_telemetry``) as the model calls they record (``LLMCall``).

The SDK traces each call twice: ``ai.generateText`` around it all (tool round trips, retries), and one span
per request to the provider, which is the call: ``ai.generateText.doGenerate``, ``ai.streamText.doStream``,
``ai.generateObject.doGenerate``, ``ai.streamObject.doStream``, ``ai.embed.doEmbed``,
``ai.embedMany.doEmbed`` (``ai.operationId``). They are INTERNAL spans of the SDK's own attributes, beside a
few of OpenTelemetry's GenAI ones (``gen_ai.request.*``, ``gen_ai.usage.*``):

    ai.model.provider        openai.chat, openai.responses, openai.embedding, anthropic.messages, azure.chat,
                             amazon-bedrock, ... (the provider before the dot, its API after it)
    ai.model.id              the model
    ai.prompt.messages       the prompt as the SDK sent it: {"role", "content"}, content a string or parts
                             (text, tool-call, tool-result)
    ai.response.text, ai.response.toolCalls, ai.response.finishReason (stop, length, tool-calls, ...)
    ai.response.msToFirstChunk   a stream's first chunk, ms after its start
    ai.prompt.tools          the tools offered, each JSON ({type: function, name, description, inputSchema})
    ai.prompt.toolChoice     JSON: {type: auto | none | required | tool, toolName}
    ai.values                an embedding's inputs (each JSON)
"""

from __future__ import annotations

from typing import Any

import orjson

from replay.formats.call import LLMCall, choice_of, tool_of

__all__ = ["OPERATION_ID", "fill", "operation"]

OPERATION_ID = "ai.operationId"
_CALLS = {
    "ai.generateText.doGenerate": "chat",
    "ai.streamText.doStream": "chat",
    "ai.generateObject.doGenerate": "chat",
    "ai.streamObject.doStream": "chat",
    "ai.embed.doEmbed": "embeddings",
    "ai.embedMany.doEmbed": "embeddings",
}
# ai.model.provider's provider -> LLMCall's (OpenTelemetry's gen_ai.system names)
_PROVIDERS = {"azure": "azure.ai.openai", "amazon-bedrock": "aws.bedrock"}
# The AI SDK's finish reasons in OpenAI's words
_REASONS = {"tool-calls": "tool_calls", "content-filter": "content_filter"}


def operation(attrs: dict[str, Any]) -> str | None:
    """The operation of an AI SDK span that is a request to a model (``chat``, ``responses``: OpenAI's Responses
    API, ``embeddings``), None for another span."""
    found = _CALLS.get(str(attrs.get(OPERATION_ID)))
    api = str(attrs.get("ai.model.provider") or "").partition(".")[2]
    return "responses" if found == "chat" and api == "responses" else found


def fill(call: LLMCall, attrs: dict[str, Any]) -> None:
    """Fill ``call`` from an AI SDK model-call span's ``attrs`` (what its GenAI attributes gave kept)."""
    call.operation = operation(attrs) or call.operation
    provider = str(attrs.get("ai.model.provider") or "openai").partition(".")[0].lower()
    call.provider = _PROVIDERS.get(provider, provider)
    call.model = call.model or attrs.get("ai.model.id")
    call.response_model = call.response_model or attrs.get("ai.response.model")
    call.response_id = call.response_id or attrs.get("ai.response.id")
    if call.operation == "embeddings":
        values = attrs.get("ai.values")
        texts = [_json(v) for v in (values if isinstance(values, list) else [])]
        call.messages = [{"role": "user", "content": t if isinstance(t, str) else _dumps(t)} for t in texts]
        call.input_tokens = call.input_tokens if call.input_tokens is not None else attrs.get("ai.usage.tokens")
        return
    if str(attrs.get(OPERATION_ID)).endswith(".doStream"):
        call.params.setdefault("stream", True)
        first = attrs.get("ai.response.msToFirstChunk")
        call.ttfb = float(first) / 1000 if call.ttfb is None and isinstance(first, int | float) else call.ttfb
    offered = attrs.get("ai.prompt.tools")
    found = [tool_of(t) for t in (offered if isinstance(offered, list) else ())]
    call.tools = call.tools or [t for t in found if t is not None]
    call.tool_choice = call.tool_choice or choice_of(attrs.get("ai.prompt.toolChoice"))
    prompt = _json(attrs.get("ai.prompt.messages"))
    call.messages = call.messages or [x for m in (prompt if isinstance(prompt, list) else ()) for x in _messages(m)]
    if call.output is None and "ai.response.text" in attrs:
        call.output = str(attrs["ai.response.text"])
    if call.output is None and "ai.response.object" in attrs:  # generateObject's answer: the object as JSON
        call.output = str(attrs["ai.response.object"])
    made = _json(attrs.get("ai.response.toolCalls"))
    call.tool_calls.extend(_tool_call(c) for c in (made if isinstance(made, list) else ()) if isinstance(c, dict))
    call.output = "" if call.output is None and call.tool_calls else call.output
    reason = call.finish_reason or attrs.get("ai.response.finishReason")
    call.finish_reason = _REASONS.get(str(reason), str(reason)) if reason is not None else None


def _messages(m: Any) -> list[dict[str, Any]]:
    """One message of ``ai.prompt.messages`` as chat messages in OpenAI's shape: its text with its tool calls,
    or one ``tool`` message per tool result."""
    if not isinstance(m, dict):
        return [{"role": "user", "content": str(m)}]
    content = m.get("content")
    parts = content if isinstance(content, list) else [{"type": "text", "text": content or ""}]
    parts = [p for p in parts if isinstance(p, dict)]
    results = [p for p in parts if p.get("type") == "tool-result"]
    if results:
        return [
            {"role": "tool", "tool_call_id": str(p.get("toolCallId") or ""), "content": _result(p)} for p in results
        ]
    text = "".join(str(p.get("text") or "") for p in parts if p.get("type") == "text")
    message: dict[str, Any] = {"role": str(m.get("role") or "user"), "content": text}
    calls = [_tool_call(p) for p in parts if p.get("type") == "tool-call"]
    if calls:
        message["tool_calls"] = calls
    return [message]


def _result(part: dict[str, Any]) -> str:
    """A tool result's text: v5's ``output`` (``{"type": "text" | "json", "value"}``), v4's ``result``."""
    output = part.get("output", part.get("result"))
    value = output.get("value") if isinstance(output, dict) and "type" in output else output
    return _text(value)


def _tool_call(c: dict[str, Any]) -> dict[str, Any]:
    """An AI SDK tool call (``toolCallId``, ``toolName``, ``input`` or v4's ``args``) in OpenAI's shape."""
    args = c.get("input", c.get("args"))
    fn = {"name": str(c.get("toolName") or ""), "arguments": args if isinstance(args, str) else _dumps(args or {})}
    return {"id": str(c.get("toolCallId") or ""), "type": "function", "function": fn}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else _dumps(value)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _json(raw: Any) -> Any:
    try:
        return orjson.loads(raw) if isinstance(raw, str) else raw
    except orjson.JSONDecodeError:
        return raw
