"""One model call read from a log or trace (not from the wire), written back as the HTTP exchange it was.

Traces and gateway logs keep what a call asked and answered (model, messages, parameters, answer, stop
reason, token counts, timing) but not its bytes. ``LLMCall`` holds those facts; ``to_exchange`` writes them
as the request and response the provider's API takes and gives (OpenAI chat completions, Anthropic
messages, OpenAI completions, responses or embeddings, AWS Bedrock's Converse: ``replay.formats.converse``), so a call
imported from a trace samples, replays and is judged like a captured one.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import orjson

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.formats.call import LLMCall, ToolChoice
from replay.formats.converse import (
    BEDROCK,
    NO_ARGUMENTS,
    converse_path,
    converse_request,
    converse_response,
    converse_stream,
)
from replay.formats.streamed import anthropic_events, chat_chunks, recorded, responses_events
from replay.util.sse import EVENTSTREAM_TYPE, SSE_TYPE

__all__ = ["AZURE_INFERENCE", "AZURE_OPENAI_HOST", "anthropic_message", "to_exchange"]

# Azure OpenAI's provider names: semconv's gen_ai.provider.name, and the older gen_ai.system's
_AZURE = frozenset({"azure.ai.openai", "az.ai.openai"})
# Where an Azure OpenAI call went when its resource's host (NAME.openai.azure.com) is not known
AZURE_OPENAI_HOST = "openai.azure.com"
# Azure AI Inference's (the azure-ai-inference SDK's, its model inference API), by the same two attributes
AZURE_INFERENCE = frozenset({"azure.ai.inference", "az.ai.inference"})
# provider -> default API host, when the trace does not say where the call went (an AI Foundry resource's for
# Azure AI Inference: NAME.services.ai.azure.com)
_HOSTS = {"openai": "api.openai.com", "anthropic": "api.anthropic.com"} | dict.fromkeys(_AZURE, AZURE_OPENAI_HOST)
_HOSTS |= dict.fromkeys(AZURE_INFERENCE, "services.ai.azure.com")
_HOSTS |= dict.fromkeys(BEDROCK, "bedrock-runtime.us-east-1.amazonaws.com")  # a trace that names no region
# Hosts of Azure AI Inference endpoints serving its operations at the root (serverless deployments, GitHub
# Models); an AI Foundry resource serves them under /models
_ROOTED = (".models.ai.azure.com", "models.inference.ai.azure.com")
# The model inference API's version the azure-ai-inference SDK sends on every call unless told another
_INFERENCE_VERSION = "2024-05-01-preview"
# Anthropic stop_reason <-> OpenAI finish_reason
_TO_ANTHROPIC = {"stop": "end_turn", "length": "max_tokens", "content_filter": "refusal", "tool_calls": "tool_use"}
_PATHS = {"text_completion": "/v1/completions", "embeddings": "/v1/embeddings", "responses": "/v1/responses"}
# Chat parameters by their Responses API names
_RESPONSES_PARAMS = {"max_tokens": "max_output_tokens"}


def _url(call: LLMCall) -> str:
    if call.url:
        return call.url
    host = call.host or _HOSTS.get(call.provider, f"{call.provider or 'llm'}.invalid")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    scheme = "http" if loopback else "https"
    default = 80 if scheme == "http" else 443
    netloc = host if call.port in (None, default) else f"{host}:{call.port}"
    path = "/v1/messages" if call.anthropic and call.operation == "chat" else _PATHS.get(call.operation)
    base = (call.base_url or "").rstrip("/")
    if base.endswith("/v1") and call.provider not in BEDROCK:  # an OpenAI-compatible server's, a gateway's
        return base + (path or "/v1/chat/completions").removeprefix("/v1")
    if call.provider in BEDROCK:
        return f"{scheme}://{netloc}{converse_path(call)}"
    if call.provider in AZURE_INFERENCE and not host.endswith(".openai.azure.com"):  # not Azure OpenAI's resource
        prefix = "" if host.endswith(_ROOTED) else "/models"
        path = (path or "/v1/chat/completions").removeprefix("/v1")
        return f"{scheme}://{netloc}{prefix}{path}?api-version={_INFERENCE_VERSION}"
    # Azure OpenAI's operations are OpenAI's under /openai (its v1 API: the deployment is the body's model, as the
    # trace names it); OpenAI's own /v1/chat/completions is no path on Azure
    azure = call.provider in _AZURE or host.endswith(".openai.azure.com")
    return f"{scheme}://{netloc}{'/openai' if azure else ''}{path or '/v1/chat/completions'}"


def _request_body(call: LLMCall) -> dict[str, Any]:
    body: dict[str, Any] = {"model": call.model or call.response_model or "unknown"}
    if call.operation == "embeddings":
        return body | {"input": [m["content"] for m in call.messages] or [""]}
    if call.operation == "text_completion":
        return body | {"prompt": "\n".join(m["content"] for m in call.messages)} | call.params
    if call.operation == "responses":
        body |= _responses_input(call.messages) | {_RESPONSES_PARAMS.get(k, k): v for k, v in call.params.items()}
        return body | _tools(call, "responses")
    if call.provider in BEDROCK:
        return converse_request(call)
    if call.anthropic:
        system = "\n\n".join(m["content"] for m in call.messages if m["role"] == "system")
        turns = _anthropic_turns([m for m in call.messages if m["role"] != "system"])
        body |= {"max_tokens": call.params.get("max_tokens", 1024), "messages": turns}
        if system:
            body["system"] = system
        return body | {k: v for k, v in call.params.items() if k != "max_tokens"} | _tools(call, "anthropic")
    return body | {"messages": call.messages} | call.params | _tools(call, "chat")


def _tools(call: LLMCall, api: str) -> dict[str, Any]:
    """The request's ``tools`` and ``tool_choice`` in ``api``'s shape (``chat``: OpenAI's chat completions,
    ``responses``, ``anthropic``); none when the trace recorded none."""
    out: dict[str, Any] = {}
    for t in call.tools:
        if api == "anthropic":  # its input_schema is required: a tool of no arguments takes an empty object
            tool = {"name": t.name} | ({"description": t.description} if t.description else {})
            out.setdefault("tools", []).append(tool | {"input_schema": t.parameters or NO_ARGUMENTS})
            continue
        fn = {"name": t.name} | {k: v for k, v in (("description", t.description), ("parameters", t.parameters)) if v}
        out.setdefault("tools", []).append({"type": "function"} | (fn if api == "responses" else {"function": fn}))
    if call.tool_choice is not None:
        out["tool_choice"] = _choice(call.tool_choice, api)
    return out


def _choice(choice: ToolChoice, api: str) -> Any:
    if api == "anthropic":
        mode = "any" if choice.mode == "required" else choice.mode
        return {"type": mode} | ({"name": choice.name} if choice.mode == "tool" else {})
    if choice.mode != "tool":
        return choice.mode
    return {"type": "function"} | ({"name": choice.name} if api == "responses" else {"function": {"name": choice.name}})


def _responses_input(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Chat messages in OpenAI's shape as a Responses API request's ``instructions`` (the system's) and
    ``input`` items: messages, ``function_call`` and ``function_call_output`` items."""
    items: list[dict[str, Any]] = []
    for m in messages:
        if m["role"] == "tool":
            items.append({"type": "function_call_output", "call_id": m.get("tool_call_id", ""), "output": m["content"]})
            continue
        if m["role"] != "system" and (m["content"] or not m.get("tool_calls")):
            items.append({"role": m["role"], "content": m["content"]})
        items.extend(_function_calls(m.get("tool_calls") or []))
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    return ({"instructions": system} if system else {}) | {"input": items}


def _function_calls(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI ``tool_calls`` as Responses API ``function_call`` items."""
    return [
        {
            "type": "function_call",
            "call_id": c["id"],
            "name": c["function"]["name"],
            "arguments": c["function"]["arguments"],
        }
        for c in calls
    ]


def _responses_body(call: LLMCall, model: str | None) -> dict[str, Any]:
    """A Responses API answer (``object: response``): its text as an ``output_text`` message, its tool calls
    as ``function_call`` items; ``incomplete`` when it hit its token limit."""
    output: list[dict[str, Any]] = []
    if call.output:
        text = {"type": "output_text", "text": call.output, "annotations": []}
        output.append({"type": "message", "role": "assistant", "status": "completed", "content": [text]})
    output += _function_calls(call.tool_calls)
    usage = {"input_tokens": call.input_tokens, "output_tokens": call.output_tokens}
    if call.input_tokens is not None and call.output_tokens is not None:
        usage["total_tokens"] = call.input_tokens + call.output_tokens
    cut = call.finish_reason == "length"
    return {
        "id": call.response_id,
        "object": "response",
        "model": model,
        "status": "incomplete" if cut else "completed",
        "incomplete_details": {"reason": "max_output_tokens"} if cut else None,
        "output": output,
        "usage": {k: v for k, v in usage.items() if v is not None},
    }


def _tool_use(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI ``tool_calls`` as Anthropic ``tool_use`` blocks (arguments parsed to the ``input`` object)."""
    out = []
    for c in calls:
        try:
            args = orjson.loads(c["function"]["arguments"] or "{}")
            # JSON text of JSON text: arguments encoded twice (lines of the OpenAI cookbook's fine-tuning data do)
            args = orjson.loads(args) if isinstance(args, str) else args
        except orjson.JSONDecodeError:
            args = {}
        args = args if isinstance(args, dict) else {}  # tool_use's input is an object
        out.append({"type": "tool_use", "id": c["id"], "name": c["function"]["name"], "input": args})
    return out


def _anthropic_turns(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chat messages in OpenAI's shape as Anthropic's: tool calls as ``tool_use`` blocks, tool answers as
    the next user turn's ``tool_result`` blocks."""
    turns: list[dict[str, Any]] = []
    for m in messages:
        if m["role"] == "tool":
            block = {"type": "tool_result", "tool_use_id": m.get("tool_call_id", ""), "content": m["content"]}
            if turns and turns[-1]["role"] == "user" and isinstance(turns[-1]["content"], list):
                turns[-1]["content"].append(block)
            else:
                turns.append({"role": "user", "content": [block]})
        elif m.get("tool_calls"):
            text = [{"type": "text", "text": m["content"]}] if m["content"] else []
            turns.append({"role": m["role"], "content": text + _tool_use(m["tool_calls"])})
        else:
            turns.append({"role": m["role"], "content": m["content"]})
    return turns


def anthropic_message(
    msg_id: str | None, model: str | None, content: list[dict[str, Any]], stop: str | None, usage: dict[str, int]
) -> dict[str, Any]:
    """An Anthropic Messages API answer (``type: message``), as the API and its SDK write it."""
    return {
        "id": msg_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }


def _response_body(call: LLMCall) -> dict[str, Any]:
    model = call.response_model or call.model
    prompt, completion = call.input_tokens, call.output_tokens
    if call.anthropic:
        usage = {k: v for k, v in (("input_tokens", prompt), ("output_tokens", completion)) if v is not None}
        stop = _TO_ANTHROPIC.get(call.finish_reason or "", call.finish_reason)
        content = [{"type": "text", "text": call.output}] if call.output else []
        content = content if content or call.tool_calls or call.output is None else [{"type": "text", "text": ""}]
        return anthropic_message(call.response_id, model, content + _tool_use(call.tool_calls), stop, usage)
    if call.operation == "responses":
        return _responses_body(call, model)
    usage = {k: v for k, v in (("prompt_tokens", prompt), ("completion_tokens", completion)) if v is not None}
    if call.operation == "embeddings":  # the vectors are not in a trace: the list's shape, its usage
        usage = {} if prompt is None else {"prompt_tokens": prompt, "total_tokens": prompt}
        return {"object": "list", "data": [], "model": model, "usage": usage}
    if prompt is not None and completion is not None:
        usage["total_tokens"] = prompt + completion
    message: dict[str, Any] = {
        "role": "assistant",
        "content": call.output or (None if call.tool_calls else call.output),
    }
    if call.tool_calls:
        message["tool_calls"] = call.tool_calls
    choice = {"index": 0, "message": message, "finish_reason": call.finish_reason}
    return {"id": call.response_id, "object": "chat.completion", "model": model, "choices": [choice], "usage": usage}


def _json_body(data: dict[str, Any]) -> Body | None:
    return Body.from_bytes(orjson.dumps(data))


def to_exchange(call: LLMCall, source: str) -> Exchange:
    """The HTTP exchange of ``call``: a response when it answered (or its status is known), else its error."""
    headers = [("content-type", "application/json")]
    if call.anthropic:
        headers.append(("anthropic-version", "2023-06-01"))
    request = Request("POST", _url(call), headers, _json_body(_request_body(call)))
    meta: dict[str, Any] = {"source": source, "provider": call.provider, "operation": call.operation}
    if call.output is None and not call.messages:
        meta["content"] = "not recorded"  # shape and timing only: the trace kept no prompt or answer
    usage = {"input_tokens": call.input_tokens, "output_tokens": call.output_tokens}
    meta["usage"] = {k: v for k, v in usage.items() if v is not None}
    ttfb = call.ttfb if call.ttfb is not None else call.duration
    ex = Exchange(call.id, request, Timings(round(call.start, 6), _round(ttfb), _round(call.duration)))
    ex.meta = meta | call.meta
    status = call.status if call.status is not None else (None if call.error else 200)
    if status is None:
        ex.error = call.error
        ex.timings.ttfb = None
        return ex
    if status >= 400:
        error = {"message": call.error or f"HTTP {status}", "type": "api_error"}
        body = {"type": "error", "error": error} if call.anthropic else {"error": error}
        body = {"message": error["message"]} if call.provider in BEDROCK else body  # Bedrock's error bodies
    elif call.params.get("stream") and (streamed := _stream(call)) is not None:
        content_type, events = streamed
        data, ex.stream = recorded(events, content_type, call.ttfb, call.duration)
        ex.response = Response(status, [("content-type", content_type)], Body.from_bytes(data))
        return ex
    else:
        body = converse_response(call) if call.provider in BEDROCK else _response_body(call)
    ex.response = Response(status, [("content-type", "application/json")], _json_body(body))
    return ex


def _stream(call: LLMCall) -> tuple[str, list[bytes]] | None:
    """A streamed call's answer as its API streams it: the content type and the events;
    None for an operation answered in one body all the same (embeddings; legacy completions, written as a
    chat's body)."""
    if call.provider in BEDROCK:
        return EVENTSTREAM_TYPE, converse_stream(call)
    if call.anthropic and call.operation == "chat":
        return SSE_TYPE, anthropic_events(_response_body(call))
    if call.operation == "responses":
        return SSE_TYPE, responses_events(_response_body(call))
    return (SSE_TYPE, chat_chunks(_response_body(call))) if call.operation == "chat" else None


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
