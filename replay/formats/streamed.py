"""A streamed call's answer (a trace's call of ``stream: true``) as the event stream its API sent, built from the
answer's JSON body: OpenAI chat completion chunks ending ``data: [DONE]``, the Responses API's ``response.*``
events, Anthropic's ``message_start`` ... ``message_stop`` (Converse's frames: ``replay.formats.converse``).

The text streams a word an event, each tool call's arguments in one delta; the usage the trace counted comes where
the API gives it (OpenAI chat's last chunk, as ``stream_options.include_usage`` asks; Anthropic's
``message_start`` and ``message_delta``; the Responses API's ``response.completed``). ``recorded`` gives the body
and the ``Stream`` record a capture keeps of such a stream: an event a chunk, the first at the span's time to first
chunk, the rest spread evenly to its end (a span times only those two moments of it).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from replay.exchange.format import Stream, StreamEvent
from replay.util.sse import EVENTSTREAM_TYPE, parse_stream, splitter_for, sse_event

__all__ = ["anthropic_events", "chat_chunks", "recorded", "responses_events"]

_WORD = re.compile(r"\s*\S+|\s+")


def _words(text: str | None) -> list[str]:
    """``text`` in pieces that join to it again, a word each."""
    return _WORD.findall(text or "")


def _typed(kind: str, **fields: Any) -> bytes:
    """An event named ``kind`` whose data says its type too, as Anthropic's and the Responses API's do."""
    return sse_event({"type": kind, **fields}, kind)


def chat_chunks(body: dict[str, Any]) -> list[bytes]:
    """An OpenAI chat completion (``object: chat.completion``) as its stream's chunks: the role, the text a word a
    chunk, each tool call (its name, then its arguments), the finish reason, the usage, ``[DONE]``."""
    base = {"id": body.get("id"), "object": "chat.completion.chunk", "model": body.get("model")}
    choice = body["choices"][0]
    message = choice["message"]

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return sse_event(base | {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": w}) for w in _words(message.get("content"))]
    for k, c in enumerate(message.get("tool_calls") or ()):
        named = {"index": k, "id": c["id"], "type": "function", "function": {"name": c["function"]["name"]}}
        named["function"]["arguments"] = ""
        out.append(chunk({"tool_calls": [named]}))
        out.append(chunk({"tool_calls": [{"index": k, "function": {"arguments": c["function"]["arguments"]}}]}))
    out.append(chunk({}, choice.get("finish_reason")))
    if body.get("usage"):
        out.append(sse_event(base | {"choices": [], "usage": body["usage"]}))
    return [*out, sse_event("[DONE]")]


def anthropic_events(message: dict[str, Any]) -> list[bytes]:
    """An Anthropic message (``type: message``) as its stream's events: ``message_start`` (the input tokens),
    each block's start, deltas (the text a word each, a tool's input as JSON) and stop, ``message_delta`` (the
    stop reason and output tokens), ``message_stop``."""
    usage = message.get("usage") or {}
    started = {"content": [], "stop_reason": None, "stop_sequence": None}
    started["usage"] = {k: v for k, v in usage.items() if k != "output_tokens"}
    out = [_typed("message_start", message=message | started)]
    for i, block in enumerate(message.get("content") or ()):
        if block["type"] == "tool_use":
            empty, deltas = (
                block | {"input": {}},
                [{"type": "input_json_delta", "partial_json": orjson.dumps(block["input"]).decode()}],
            )
        else:
            empty, deltas = (
                {"type": "text", "text": ""},
                [{"type": "text_delta", "text": w} for w in _words(block["text"])],
            )
        out.append(_typed("content_block_start", index=i, content_block=empty))
        out += [_typed("content_block_delta", index=i, delta=d) for d in deltas]
        out.append(_typed("content_block_stop", index=i))
    delta: dict[str, Any] = {"type": "message_delta", "delta": {"stop_reason": message.get("stop_reason")}}
    delta["delta"]["stop_sequence"] = None
    if "output_tokens" in usage:
        delta["usage"] = {"output_tokens": usage["output_tokens"]}
    return [*out, sse_event(delta, "message_delta"), _typed("message_stop")]


def responses_events(response: dict[str, Any]) -> list[bytes]:
    """A Responses API answer (``object: response``) as its stream's events: ``response.created`` and
    ``.in_progress``, each output item added, its text a ``response.output_text.delta`` a word (a function call's
    arguments one ``response.function_call_arguments.delta``) and done, then ``response.completed`` (or
    ``.incomplete``) with the whole answer."""
    events: list[bytes] = []

    def ev(kind: str, **fields: Any) -> None:
        events.append(_typed(kind, sequence_number=len(events), **fields))

    begun = response | {"status": "in_progress", "incomplete_details": None, "output": [], "usage": None}
    ev("response.created", response=begun)
    ev("response.in_progress", response=begun)
    for i, item in enumerate(response.get("output") or ()):
        if item["type"] == "function_call":
            ev("response.output_item.added", output_index=i, item=item | {"arguments": ""})
            ev("response.function_call_arguments.delta", output_index=i, delta=item["arguments"])
            ev("response.function_call_arguments.done", output_index=i, arguments=item["arguments"])
        else:
            ev("response.output_item.added", output_index=i, item=item | {"status": "in_progress", "content": []})
            at = {"output_index": i, "content_index": 0}
            for part in item["content"]:
                ev("response.content_part.added", **at, part=part | {"text": ""})
                for w in _words(part["text"]):
                    ev("response.output_text.delta", **at, delta=w)
                ev("response.output_text.done", **at, text=part["text"])
                ev("response.content_part.done", **at, part=part)
        ev("response.output_item.done", output_index=i, item=item)
    ev(f"response.{response['status']}", response=response)
    return events


def recorded(events: list[bytes], content_type: str, ttfb: float | None, total: float | None) -> tuple[bytes, Stream]:
    """The body of ``events`` (an SSE event or an event stream's frame each, a chunk each) and the ``Stream`` record a
    capture keeps of it, its events split and named as the capture splits them: the first ``ttfb`` s after the
    start (when the trace timed it), the last at ``total``, those between spread evenly; with no first chunk timed,
    every event at the end and no first event said."""
    data = b"".join(events)
    parsed = parse_stream(data, splitter_for(content_type))
    first = ttfb if ttfb is not None else total or 0.0
    last = max(first, total if total is not None else first)
    n = len(parsed)
    times = [round(first + (last - first) * k / max(n - 1, 1), 6) for k in range(n)]
    timed = [StreamEvent(t, ev.event, ev.size) for t, ev in zip(times, parsed, strict=True)]
    kind = "eventstream" if content_type == EVENTSTREAM_TYPE else "sse"
    return data, Stream(kind, timed, None if ttfb is None else round(ttfb, 6), len(events))
