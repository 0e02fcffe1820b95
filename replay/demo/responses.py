"""OpenAI's Responses API on the mock model: ``POST /v1/responses`` requests, bodies and SSE events.

The model (``replay.demo.model``) composes the answer and paces it; this module reads a Responses request
(``instructions``; ``input`` a string or a list of messages whose content is a string or ``input_text``
parts) into the chat the composer reads, and writes what the official ``openai`` client parses
(``client.responses.create``):

    non-streamed  {"id": "resp_…", "object": "response", "status": "completed" | "incomplete",
                   "incomplete_details": null | {"reason": "max_output_tokens"}, "model",
                   "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", …}]}],
                   "usage": {"input_tokens", "output_tokens", …}}
    streamed      event: response.created, response.in_progress, response.output_item.added,
                  response.content_part.added, response.output_text.delta …, response.output_text.done,
                  response.content_part.done, response.output_item.done, response.completed (or
                  response.incomplete), each with its ``sequence_number``; ``event: error`` when the stream breaks
    errors        OpenAI's error body, as the chat completions endpoint writes it
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson

from replay.demo.config import ModelConfig
from replay.demo.messages import MessagesRequest, Pacer, paced
from replay.demo.service import ApiError

__all__ = ["ResponsesRequest", "parse_responses", "response_body", "response_events"]

_ROLES = ("user", "assistant", "system", "developer")


@dataclass(slots=True)
class ResponsesRequest(MessagesRequest):
    """A Messages request's fields (``chat`` has the instructions first; ``max_tokens`` is
    ``max_output_tokens``) and the instructions the response echoes."""

    instructions: str | None = None


def _text(content: Any, where: str) -> str:
    """A string, or the text of a list of ``input_text`` / ``output_text`` parts (others are not read)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    raise ApiError(400, f"Invalid type for '{where}': expected a string or an array of content parts", param=where)


def parse_responses(body: dict[str, Any], cfg: ModelConfig) -> ResponsesRequest:
    """Check a Responses API request; ApiError with OpenAI's wording otherwise."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "Missing required parameter: 'model'.", param="model")
    if model not in cfg.models:
        raise ApiError(
            404, f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found"
        )
    chat = []
    instructions = body.get("instructions")
    if instructions is not None:
        chat.append({"role": "system", "content": _text(instructions, "instructions")})
    given = body.get("input")
    if isinstance(given, str):
        chat.append({"role": "user", "content": given})
    elif isinstance(given, list) and given:
        for i, item in enumerate(given):
            if not isinstance(item, dict) or item.get("role") not in _ROLES:
                raise ApiError(400, f"Invalid 'input[{i}]': a message needs a role of {', '.join(_ROLES)}")
            role = "system" if item["role"] == "developer" else item["role"]
            chat.append({"role": role, "content": _text(item.get("content"), f"input[{i}].content")})
    else:
        raise ApiError(400, "Missing required parameter: 'input'.", param="input")
    limit = body.get("max_output_tokens", 1024)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ApiError(400, "Invalid 'max_output_tokens': expected a positive integer.", param="max_output_tokens")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "Invalid 'stream': expected a boolean.", param="stream")
    return ResponsesRequest(model, chat, limit, stream, instructions if isinstance(instructions, str) else None)


def _response(resp_id: str, req: ResponsesRequest, status: str, output: list[Any], usage: Any) -> dict[str, Any]:
    incomplete = {"reason": "max_output_tokens"} if status == "incomplete" else None
    return {
        "id": resp_id,
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": req.instructions,
        "max_output_tokens": req.max_tokens,
        "model": req.model,
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage,
    }


def _usage(input_tokens: int, output_tokens: int) -> dict[str, Any]:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


def _message(resp_id: str, text: str | None, status: str) -> dict[str, Any]:
    content = [] if text is None else [{"type": "output_text", "text": text, "annotations": []}]
    return {"id": "msg_" + resp_id.removeprefix("resp_"), "type": "message", "status": status, "role": "assistant",
            "content": content}  # fmt: skip


def response_body(resp_id: str, req: ResponsesRequest, out: list[str], cut: bool, input_tokens: int) -> dict[str, Any]:
    """The non-streamed answer."""
    status = "incomplete" if cut else "completed"
    output = [_message(resp_id, "".join(out), status)]
    return _response(resp_id, req, status, output, _usage(input_tokens, len(out)))


async def response_events(
    state: Pacer, resp_id: str, req: ResponsesRequest, out: list[str], cut: bool, input_tokens: int, wait: float
) -> AsyncIterator[bytes]:
    """The SSE body of a streamed answer; the capacity slot is held until it ends or the client leaves."""
    seq = itertools.count()

    def event(name: str, **data: Any) -> bytes:
        payload = {"type": name, "sequence_number": next(seq), **data}
        return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"

    status = "incomplete" if cut else "completed"
    at = {"item_id": "msg_" + resp_id.removeprefix("resp_"), "output_index": 0, "content_index": 0}
    try:
        started = _response(resp_id, req, "in_progress", [], None)
        yield event("response.created", response=started)
        yield event("response.in_progress", response=started)
        await asyncio.sleep(wait)
        yield event("response.output_item.added", output_index=0, item=_message(resp_id, None, "in_progress"))
        yield event("response.content_part.added", **at, part={"type": "output_text", "text": "", "annotations": []})
        async for text in paced(state, out):
            if text is None:
                error = "The server had an error while processing your request. Sorry about that!"
                yield event("error", code="server_error", message=error, param=None)
                return
            yield event("response.output_text.delta", **at, delta=text, logprobs=[])
        whole = "".join(out)
        yield event("response.output_text.done", **at, text=whole, logprobs=[])
        yield event("response.content_part.done", **at, part={"type": "output_text", "text": whole, "annotations": []})
        message = _message(resp_id, whole, status)
        yield event("response.output_item.done", output_index=0, item=message)
        done = _response(resp_id, req, status, [message], _usage(input_tokens, len(out)))
        yield event(f"response.{status}", response=done)
    finally:
        state.release()
