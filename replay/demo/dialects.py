"""How the assistant talks to its model API: OpenAI chat completions or Anthropic messages (``api`` knob).

Each dialect builds the request, reads a whole answer, reads a stream's text deltas and reads an error
body into the one ``Completion`` / ``ModelFailure`` the assistant works with, so the assistant's own
replies (answer, ``finish_reason`` stop/length/content_filter, usage in prompt/completion tokens, fallback
reasons) are the same whichever API the model speaks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from replay.util.sse import SSESplitter
from replay.util.wire import retry_after as advised_wait

__all__ = ["DIALECTS", "Completion", "Dialect", "ModelFailure", "retry_after"]


class ModelFailure(Exception):
    """A model call that did not give an answer; ``reason`` goes in the ``x-fallback-reason`` header."""

    def __init__(self, reason: str, retryable: bool, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retryable, self.retry_after = reason, retryable, retry_after


@dataclass(slots=True)
class Completion:
    text: str
    model: str
    finish_reason: str | None
    usage: dict[str, Any] | None


def retry_after(headers: httpx.Headers) -> float | None:
    """The advised wait, when it is one this assistant honours (over 0, at most a minute)."""
    value = advised_wait(headers)
    return value if value is not None and 0 < value <= 60 else None


def _error(body: bytes) -> dict[str, Any]:
    try:
        error = orjson.loads(body)["error"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return {}
    return error if isinstance(error, dict) else {}


class Dialect:
    """OpenAI's chat completions (the base) ; ``AnthropicDialect`` overrides what differs."""

    path = "/v1/chat/completions"

    def payload(self, model: str, messages: list[dict[str, str]], max_tokens: int, stream: bool) -> dict[str, Any]:
        payload: dict[str, Any] = {"model": model, "messages": messages, "max_tokens": max_tokens}
        if stream:
            payload |= {"stream": True, "stream_options": {"include_usage": True}}
        return payload

    def failure(self, status: int, headers: httpx.Headers, body: bytes) -> ModelFailure:
        code = _error(body).get("code")
        if status == 429:
            return ModelFailure("rate_limited", code != "insufficient_quota", retry_after(headers))
        if code == "context_length_exceeded":
            return ModelFailure("context_length", False)
        return ModelFailure(f"model_{status}", status in (408, 409) or status >= 500, retry_after(headers))

    def completion(self, d: dict[str, Any]) -> Completion:
        """A whole answer; KeyError, IndexError or TypeError when it is not one."""
        choice = d["choices"][0]
        return Completion(choice["message"]["content"] or "", d["model"], choice["finish_reason"], d.get("usage"))

    async def deltas(self, r: httpx.Response, info: Completion) -> AsyncIterator[str]:
        """Non-empty content deltas of an OpenAI chat stream; ModelFailure on an error event or a cut stream."""
        splitter = SSESplitter()
        async for chunk in r.aiter_raw():
            for ev in splitter.feed(chunk):
                if ev.data == "[DONE]":
                    return
                d = _json(ev.data)
                if "error" in d:
                    raise ModelFailure("stream_error", False)
                info.model = d.get("model", info.model)
                info.usage = d.get("usage") or info.usage
                for choice in d.get("choices") or ():
                    info.finish_reason = choice.get("finish_reason") or info.finish_reason
                    text = (choice.get("delta") or {}).get("content")
                    if text:
                        yield text
        raise ModelFailure("truncated", True)


# Anthropic stop_reason -> the OpenAI finish_reason the assistant reports
_STOP = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length", "refusal": "content_filter"}


def _usage(u: dict[str, Any] | None) -> dict[str, int] | None:
    if not u:
        return None
    prompt, completion = int(u.get("input_tokens") or 0), int(u.get("output_tokens") or 0)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _json(data: str) -> dict[str, Any]:
    try:
        d = orjson.loads(data)
    except orjson.JSONDecodeError:
        raise ModelFailure("bad_response", False) from None
    if not isinstance(d, dict):
        raise ModelFailure("bad_response", False)
    return d


class AnthropicDialect(Dialect):
    """Anthropic's Messages API: ``system`` apart, typed errors, named stream events."""

    path = "/v1/messages"

    def payload(self, model: str, messages: list[dict[str, str]], max_tokens: int, stream: bool) -> dict[str, Any]:
        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        turns = [m for m in messages if m["role"] != "system"]
        payload: dict[str, Any] = {"model": model, "max_tokens": max_tokens, "messages": turns}
        if system:
            payload["system"] = system
        if stream:
            payload["stream"] = True
        return payload

    def failure(self, status: int, headers: httpx.Headers, body: bytes) -> ModelFailure:
        error = _error(body)
        if status == 429:
            return ModelFailure("rate_limited", True, retry_after(headers))
        if status == 400 and "prompt is too long" in str(error.get("message", "")):
            return ModelFailure("context_length", False)
        return ModelFailure(f"model_{status}", status in (408, 409) or status >= 500, retry_after(headers))

    def completion(self, d: dict[str, Any]) -> Completion:
        text = "".join(b["text"] for b in d["content"] if b.get("type") == "text")
        return Completion(text, d["model"], _STOP.get(d["stop_reason"], d["stop_reason"]), _usage(d.get("usage")))

    async def deltas(self, r: httpx.Response, info: Completion) -> AsyncIterator[str]:
        """Text deltas of an Anthropic stream; ModelFailure on an ``error`` event or without ``message_stop``."""
        splitter = SSESplitter()
        usage: dict[str, Any] = {}
        async for chunk in r.aiter_raw():
            for ev in splitter.feed(chunk):
                if ev.event == "ping":
                    continue
                d = _json(ev.data)
                kind = ev.event or d.get("type")
                if kind == "error":
                    raise ModelFailure("stream_error", False)
                if kind == "message_start":
                    message = d.get("message") or {}
                    info.model = message.get("model", info.model)
                    usage |= message.get("usage") or {}
                elif kind == "content_block_delta" and (d.get("delta") or {}).get("type") == "text_delta":
                    if d["delta"].get("text"):
                        yield d["delta"]["text"]
                elif kind == "message_delta":
                    stop = (d.get("delta") or {}).get("stop_reason")
                    info.finish_reason = _STOP.get(stop, stop) if stop else info.finish_reason
                    usage |= d.get("usage") or {}
                    info.usage = _usage(usage)
                elif kind == "message_stop":
                    return
        raise ModelFailure("truncated", True)


DIALECTS: dict[str, Dialect] = {"openai": Dialect(), "anthropic": AnthropicDialect()}
