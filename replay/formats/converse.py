"""A model call read from a trace (``LLMCall``) as AWS Bedrock's Converse API takes and gives it: the path names
the model (``/model/{modelId}/converse``, ``converse-stream`` for a streamed call), the body holds the turns as
content blocks (text, toolUse, toolResult), ``system`` apart and the parameters in ``inferenceConfig``; the answer is
``output.message``, ``stopReason`` and ``usage``, or for a stream the event stream frames boto3 reads.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from replay.formats.call import LLMCall
from replay.util.eventstream import encode_frame

__all__ = ["BEDROCK", "NO_ARGUMENTS", "converse_path", "converse_request", "converse_response", "converse_stream"]

# Bedrock's provider names: semconv's gen_ai.provider.name (and gen_ai.system) value, and older instrumentations'
BEDROCK = frozenset({"aws.bedrock", "aws_bedrock", "bedrock"})
# OpenAI's finish reasons (LLMCall's words) as Converse's stop reasons; Bedrock's own pass as they are
_STOP = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use", "content_filter": "content_filtered"}
# The JSON Schema of a tool that takes no arguments: what Anthropic's and Converse's tools, which require one, are
# given for a tool the trace recorded no schema of
NO_ARGUMENTS: dict[str, Any] = {"type": "object", "properties": {}}
_CONFIG = {"max_tokens": "maxTokens", "temperature": "temperature", "top_p": "topP"}


def converse_path(call: LLMCall) -> str:
    """``/model/{modelId}/converse`` (``-stream`` for a streamed call), the model id URL-encoded as boto3 sends it.
    ValueError for a call that names no model id (a string): Bedrock's path holds it, and no model answers another
    one's (OpenAI's body takes "unknown" where staging may route it; Bedrock's path cannot)."""
    model = call.model or call.response_model
    if not isinstance(model, str):
        raise ValueError(
            f"an aws.bedrock call names {'no model' if not model else f'the model {model!r}'}: give its model id as a "
            "string in gen_ai.request.model (Bedrock's path holds it)"
        )
    return f"/model/{quote(model, safe='')}/converse{'-stream' if call.params.get('stream') else ''}"


def _args(call: dict[str, Any]) -> Any:
    try:
        return orjson.loads(call["function"]["arguments"] or "{}")
    except orjson.JSONDecodeError:
        return {}


def _uses(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI ``tool_calls`` as Converse ``toolUse`` blocks."""
    return [{"toolUse": {"toolUseId": c["id"], "name": c["function"]["name"], "input": _args(c)}} for c in calls]


def converse_request(call: LLMCall) -> dict[str, Any]:
    """Converse's request body: the turns (a tool's answer a ``toolResult`` block of the next user turn),
    ``system``, ``inferenceConfig`` and the rest of the parameters as ``additionalModelRequestFields``."""
    turns: list[dict[str, Any]] = []
    for m in call.messages:
        if m["role"] == "system":
            continue
        if m["role"] == "tool":
            block = {"toolResult": {"toolUseId": m.get("tool_call_id", ""), "content": [{"text": m["content"]}]}}
            if turns and turns[-1]["role"] == "user":
                turns[-1]["content"].append(block)
            else:
                turns.append({"role": "user", "content": [block]})
            continue
        text = [{"text": m["content"]}] if m["content"] else []
        turns.append({"role": m["role"], "content": text + _uses(m.get("tool_calls") or [])})
    body: dict[str, Any] = {"messages": turns}
    system = [{"text": m["content"]} for m in call.messages if m["role"] == "system"]
    config = {_CONFIG[k]: v for k, v in call.params.items() if k in _CONFIG}
    extra = {k: v for k, v in call.params.items() if k not in _CONFIG and k != "stream"}
    for key, value in (("system", system), ("inferenceConfig", config), ("additionalModelRequestFields", extra)):
        if value:
            body[key] = value
    return body | _tool_config(call)


def _tool_config(call: LLMCall) -> dict[str, Any]:
    """Converse's ``toolConfig``: each tool a ``toolSpec``, the choice ``auto``, ``any`` or ``tool``. Converse
    has no choice of none: such a request is written offering its tools, the choice left out (auto)."""
    specs = []
    for t in call.tools:
        spec = {"name": t.name} | ({"description": t.description} if t.description else {})
        specs.append({"toolSpec": spec | {"inputSchema": {"json": t.parameters or NO_ARGUMENTS}}})
    if not specs:
        return {}
    choice = call.tool_choice
    picked = {"auto": {"auto": {}}, "required": {"any": {}}}.get(choice.mode) if choice else None
    picked = {"tool": {"name": choice.name}} if choice and choice.mode == "tool" else picked
    return {"toolConfig": {"tools": specs} | ({"toolChoice": picked} if picked else {})}


def _answer(call: LLMCall) -> tuple[list[dict[str, Any]], str | None, dict[str, int]]:
    content = ([{"text": call.output}] if call.output else []) + _uses(call.tool_calls)
    stop = _STOP.get(call.finish_reason or "", call.finish_reason)
    counted = (("inputTokens", call.input_tokens), ("outputTokens", call.output_tokens))
    # A trace's count of another type ("30", 2.5) is no count Converse's usage holds (and summed, it raised)
    usage = {k: v for k, v in counted if isinstance(v, int) and not isinstance(v, bool)}
    if len(usage) == 2:
        usage["totalTokens"] = usage["inputTokens"] + usage["outputTokens"]
    return content, stop, usage


def converse_response(call: LLMCall) -> dict[str, Any]:
    """Converse's answer: ``output.message``, ``stopReason``, ``usage`` (the tokens the trace counted)."""
    content, stop, usage = _answer(call)
    return {"output": {"message": {"role": "assistant", "content": content}}, "stopReason": stop, "usage": usage}


def _frame(kind: str, payload: dict[str, Any]) -> bytes:
    headers = {":event-type": kind, ":content-type": "application/json", ":message-type": "event"}
    return encode_frame(headers, orjson.dumps(payload))


def converse_stream(call: LLMCall) -> list[bytes]:
    """ConverseStream's answer as its event stream frames: the text in one delta, each tool use in a block."""
    content, stop, usage = _answer(call)
    frames = [_frame("messageStart", {"role": "assistant"})]
    for i, block in enumerate(content):
        use = block.get("toolUse")
        if use is not None:
            start = {"toolUse": {"toolUseId": use["toolUseId"], "name": use["name"]}}
            frames.append(_frame("contentBlockStart", {"contentBlockIndex": i, "start": start}))
            delta = {"toolUse": {"input": orjson.dumps(use["input"]).decode()}}
        else:
            delta = {"text": block["text"]}
        frames.append(_frame("contentBlockDelta", {"contentBlockIndex": i, "delta": delta}))
        frames.append(_frame("contentBlockStop", {"contentBlockIndex": i}))
    frames.append(_frame("messageStop", {"stopReason": stop}))
    frames.append(_frame("metadata", {"usage": usage, "metrics": {}}))
    return frames
