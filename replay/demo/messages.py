"""The Anthropic side of the mock model: ``POST /v1/messages`` requests, bodies, SSE events and errors.

The model (``replay.demo.model``) composes the answer and paces it; this module reads an Anthropic Messages
request into the chat the composer reads (``system`` first, text blocks joined), and writes what the
official ``anthropic`` client parses:

    non-streamed  {"id": "msg_…", "type": "message", "role": "assistant", "content": [{"type": "text", …}],
                   "model", "stop_reason": "end_turn" | "max_tokens", "stop_sequence": null,
                   "usage": {"input_tokens", "output_tokens"}}
    streamed      event: message_start, content_block_start, ping, content_block_delta (text_delta) …,
                  content_block_stop, message_delta ({"stop_reason"}, usage.output_tokens), message_stop;
                  ``event: error`` (overloaded_error) when the stream breaks
    errors        {"type": "error", "error": {"type": "invalid_request_error" | "not_found_error" |
                   "request_too_large" | "rate_limit_error" | "overloaded_error" | …, "message"},
                   "request_id"} with a ``request-id`` header
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.responses import Response

from replay.config.faults import Fault
from replay.demo.config import ModelConfig
from replay.demo.service import ApiError, json_response
from replay.faults.bodies import anthropic_error_type, error_event
from replay.formats.llmcall import anthropic_message
from replay.util.sse import sse_event

__all__ = ["MessagesRequest", "error_body", "message_body", "message_events", "paced", "parse_messages"]

ROLES = ("user", "assistant")
_request_ids = itertools.count(1)


class Pacer(Protocol):
    """What the event writer needs of the model's state (``replay.demo.model.MockModel``)."""

    cfg: ModelConfig

    def release(self) -> None: ...

    def fails_after(self, sent: int) -> bool: ...


@dataclass(slots=True)
class MessagesRequest:
    model: str
    chat: list[dict[str, str]]  # system first, then the turns, as {"role", "content"} text
    max_tokens: int
    stream: bool


def _text(content: Any, where: str) -> str:
    """A string, or the text of a list of content blocks (images and tools are not read by the demo)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for i, block in enumerate(content):
            if not isinstance(block, dict) or not isinstance(block.get("type"), str):
                raise ApiError(400, f"{where}.{i}: a content block needs a 'type'")
            if block["type"] == "text":
                if not isinstance(block.get("text"), str):
                    raise ApiError(400, f"{where}.{i}.text: Field required")
                parts.append(block["text"])
        return " ".join(parts)
    raise ApiError(400, f"{where}: Input should be a valid string or a list of content blocks")


def parse_messages(body: dict[str, Any], cfg: ModelConfig) -> MessagesRequest:
    """Check an Anthropic Messages request; ApiError with Anthropic's wording otherwise."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "model: Field required")
    if model not in cfg.models:
        raise ApiError(404, f"model: {model}", "not_found_error")
    limit = body.get("max_tokens")
    if limit is None:
        raise ApiError(400, "max_tokens: Field required")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ApiError(400, "max_tokens: Input should be greater than or equal to 1")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "messages: at least one message is required")
    chat = []
    if body.get("system") is not None:
        chat.append({"role": "system", "content": _text(body["system"], "system")})
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise ApiError(400, f"messages.{i}.role: Input should be 'user' or 'assistant'")
        chat.append({"role": m["role"], "content": _text(m.get("content"), f"messages.{i}.content")})
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "stream: Input should be a valid boolean")
    return MessagesRequest(model, chat, limit, stream)


def error_body(e: ApiError) -> Response:
    """An ApiError as Anthropic writes it, with its ``request-id``."""
    request_id = f"req_demo{next(_request_ids):012d}"
    error = {"type": anthropic_error_type(e.status), "message": e.message}
    body = {"type": "error", "error": error, "request_id": request_id}
    return json_response(body, e.status, {**e.headers, "request-id": request_id})


def message_body(msg_id: str, model: str, out: list[str], cut: bool, input_tokens: int) -> dict[str, Any]:
    """The non-streamed answer."""
    usage = {"input_tokens": input_tokens, "output_tokens": len(out)}
    content = [{"type": "text", "text": "".join(out)}]
    return anthropic_message(msg_id, model, content, "max_tokens" if cut else "end_turn", usage)


def _event(name: str, data: dict[str, Any]) -> bytes:
    return sse_event({"type": name, **data}, name)


async def paced(state: Pacer, out: list[str]) -> AsyncIterator[str | None]:
    """The output tokens (``replay.demo.text.tokenize``'s, their spaces included) as text deltas of
    ``chunk_tokens`` tokens each, ``per_token`` a token apart; None, and no more, where the stream breaks
    (``stream_fail_after``). A delta leaves when its last token is due, token ``i`` ``i * per_token`` after the
    first, not ``per_token`` after the previous one: a busy event loop's lateness does not add up, so the time per
    output token a client measures is the one the model was told."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    size, fail = state.cfg.chunk_tokens, state.cfg.stream_fail_after
    i = 0
    while i < len(out):
        if state.fails_after(i):
            yield None
            return
        end = min(i + size, len(out), fail if i < fail else len(out))
        if end > 1:
            await asyncio.sleep(max(0.0, start + (end - 1) * state.cfg.per_token - loop.time()))
        yield "".join(out[i:end])
        i = end


async def message_events(
    state: Pacer, msg_id: str, model: str, out: list[str], cut: bool, input_tokens: int, wait: float
) -> AsyncIterator[bytes]:
    """The SSE body of a streamed answer; the capacity slot is held until it ends or the client leaves."""
    try:
        start = anthropic_message(msg_id, model, [], None, {"input_tokens": input_tokens, "output_tokens": 1})
        yield _event("message_start", {"message": start})
        await asyncio.sleep(wait)
        yield _event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
        yield _event("ping", {})
        async for text in paced(state, out):
            if text is None:
                yield error_event(Fault("stream_error", shape="anthropic"))
                return
            yield _event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": text}})
        yield _event("content_block_stop", {"index": 0})
        stop = {"stop_reason": "max_tokens" if cut else "end_turn", "stop_sequence": None}
        yield _event("message_delta", {"delta": stop, "usage": {"output_tokens": len(out)}})
        yield _event("message_stop", {})
    finally:
        state.release()
