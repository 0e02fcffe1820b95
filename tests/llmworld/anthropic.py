"""Anthropic's messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from tests.llmworld.common import ANSWER, SIGNATURE, THOUGHT, _answered_tool, _calls, _prompt, _words

# -- Anthropic messages -----------------------------------------------------------------------------


def messages(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Iterator[tuple[str, dict[str, Any]]] | None]:
    model = str(body.get("model", "claude-sonnet-4-5"))
    tools = body.get("tools") if not _answered_tool(body.get("messages") or []) else None
    calls = _calls(tools, not (body.get("tool_choice") or {}).get("disable_parallel_tool_use")) if tools else []
    thinking = (body.get("thinking") or {}).get("type") == "enabled"
    refuse = "REFUSE" in _prompt(body)
    text, stop, stop_seq = ANSWER, "end_turn", None
    for s in body.get("stop_sequences") or ():
        if s in text:
            text, stop, stop_seq = text[: text.index(s)], "stop_sequence", s
            break
    words, cut = _words(text, int(body.get("max_tokens") or 1024))
    stop = "tool_use" if calls else "max_tokens" if cut else "refusal" if refuse else stop
    blocks: list[dict[str, Any]] = []
    if thinking:
        blocks.append({"type": "thinking", "thinking": THOUGHT, "signature": SIGNATURE})
    if not refuse:
        blocks.append({"type": "text", "text": "".join(words)})
    for k, (nm, args) in enumerate(calls):
        blocks.append({"type": "tool_use", "id": f"toolu_0{k}", "name": nm, "input": orjson.loads(args)})
    usage = {"input_tokens": 25, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
    usage |= {"output_tokens": len(words)}
    msg = {"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "type": "message", "role": "assistant", "model": model}
    msg |= {"content": blocks, "stop_reason": stop, "stop_sequence": stop_seq, "usage": usage}
    if not body.get("stream"):
        return msg, None

    def events() -> Iterator[tuple[str, dict[str, Any]]]:
        start = msg | {"content": [], "stop_reason": None, "stop_sequence": None, "usage": usage | {"output_tokens": 1}}
        yield "message_start", {"type": "message_start", "message": start}
        for i, b in enumerate(blocks):
            empty = {"thinking": "", "signature": ""} if b["type"] == "thinking" else {"text": ""}
            empty = b | {"input": {}} if b["type"] == "tool_use" else {"type": b["type"]} | empty
            yield "content_block_start", {"type": "content_block_start", "index": i, "content_block": empty}
            if b["type"] == "text":
                yield "ping", {"type": "ping"}
                for w in words:
                    delta = {"type": "text_delta", "text": w}
                    yield "content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta}
            elif b["type"] == "thinking":
                for w in _words(THOUGHT, None)[0]:
                    delta = {"type": "thinking_delta", "thinking": w}
                    yield "content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta}
                delta = {"type": "signature_delta", "signature": b["signature"]}
                yield "content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta}
            else:
                args = orjson.dumps(b["input"]).decode()
                for part in (args[: len(args) // 2], args[len(args) // 2 :]):
                    delta = {"type": "input_json_delta", "partial_json": part}
                    yield "content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta}
            yield "content_block_stop", {"type": "content_block_stop", "index": i}
        delta = {"stop_reason": stop, "stop_sequence": stop_seq}
        yield "message_delta", {"type": "message_delta", "delta": delta, "usage": {"output_tokens": len(words)}}
        yield "message_stop", {"type": "message_stop"}

    return None, events()
