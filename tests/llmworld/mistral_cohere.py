"""Mistral's chat completions and Cohere's v2 chat."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.llmworld.common import ANSWER, CREATED, _answered_tool, _calls, _words

# -- Mistral and Cohere -----------------------------------------------------------------------------

MISTRAL_MODELS = ("mistral-", "open-mistral", "ministral-", "magistral-", "codestral-", "devstral-", "pixtral-")


def mistral(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any] | str] | None]:
    """Mistral's chat completion (``/v1/chat/completions``), OpenAI's shape as Mistral's API writes it, from
    recordings of it: vercel/ai ``packages/mistral/src/__fixtures__`` (mistral-text.json and .chunks.txt,
    mistral-tool-call.json and .chunks.txt, mistral-usage-raw-live.chunks.txt) and a curl capture
    (M-Lai-ai/LLM-Provider-reference ``Mistral/streaming.md``). A tool call has no ``type`` and, streamed,
    no ``index``: every call whole in the one chunk that finishes; usage comes unasked in the last chunk,
    beside the finish reason; ``data: [DONE]`` ends the stream."""
    model = str(body.get("model"))
    tools = body.get("tools") if not _answered_tool(body.get("messages") or []) else None
    calls = _calls(tools, body.get("parallel_tool_calls", True)) if tools else []
    words, cut = _words(ANSWER, body.get("max_tokens"))
    finish = "tool_calls" if calls else "length" if cut else "stop"
    written = 11 * len(calls) or len(words)
    usage = {"prompt_tokens": 13, "total_tokens": 13 + written, "completion_tokens": written}
    head = {"id": "5319bd0299614c679a0068a4f2c8ffd0", "object": "chat.completion", "created": CREATED, "model": model}
    made = [{"id": f"gSIMJiOk{k}", "function": {"name": nm, "arguments": args}} for k, (nm, args) in enumerate(calls)]
    if not body.get("stream"):
        msg = {"role": "assistant", "tool_calls": made} if calls else {"role": "assistant", "tool_calls": None}
        msg |= {} if calls else {"content": "".join(words)}
        return head | {"usage": usage, "choices": [{"index": 0, "finish_reason": finish, "message": msg}]}, None

    def chunks() -> Iterator[dict[str, Any] | str]:
        base = head | {"object": "chat.completion.chunk"}

        def chunk(delta: dict[str, Any], fin: str | None = None) -> dict[str, Any]:
            return base | {"choices": [{"index": 0, "delta": delta, "finish_reason": fin, "logprobs": None}]}

        yield chunk({"role": "assistant", "content": ""})
        if calls:
            yield chunk({"content": None, "tool_calls": made}, finish) | {"usage": usage}
        else:
            for w in words:
                yield chunk({"content": w})
            yield chunk({"content": ""}, finish) | {"usage": usage}
        yield "[DONE]"

    return None, chunks()


def cohere(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Iterator[tuple[str, dict[str, Any]]] | None]:
    """Cohere's v2 chat (``/v2/chat``): the body and events as the cohere SDK's types read them (cohere 7.3.1
    ``v2/types/v2chat_response.py``, ``v2chat_stream_response.py`` and the types they name), the stream's
    framing as recorded in other clients' tests (an SSE ``event:`` line naming each event's ``type``; the
    tool calls' ``index`` the block's place, after the text's or tool plan's; message-end last, no [DONE]).
    ``finish_reason`` COMPLETE, MAX_TOKENS at ``max_tokens``, TOOL_CALL; usage counted twice (billed_units,
    tokens), the tokens with the prompt template and special tokens."""
    tools = body.get("tools") if not _answered_tool(body.get("messages") or []) else None
    calls = _calls(tools, True) if tools else []
    words, cut = _words(ANSWER, body.get("max_tokens"))
    finish = "TOOL_CALL" if calls else "MAX_TOKENS" if cut else "COMPLETE"
    written = 11 * len(calls) or len(words)
    usage = {"billed_units": {"input_tokens": 9, "output_tokens": written}}
    usage |= {"tokens": {"input_tokens": 214, "output_tokens": written + 2}, "cached_tokens": 0}
    plan = "I will look up the weather."
    made = [
        {"id": f"get_weather_1byjy32y4hv{k}", "type": "function", "function": {"name": nm, "arguments": args}}
        for k, (nm, args) in enumerate(calls)
    ]
    msg: dict[str, Any] = {"role": "assistant"}
    msg |= {"tool_plan": plan, "tool_calls": made} if calls else {"content": [{"type": "text", "text": "".join(words)}]}
    whole = {"id": "c14c80c3-18eb-4519-9460-6c92edd8cfb4", "message": msg, "finish_reason": finish, "usage": usage}
    if not body.get("stream"):
        return whole, None

    def events() -> Iterator[tuple[str, dict[str, Any]]]:
        def ev(kind: str, **fields: Any) -> tuple[str, dict[str, Any]]:
            return kind, {"type": kind, **fields}

        empty = {"role": "assistant", "content": [], "tool_plan": "", "tool_calls": [], "citations": []}
        yield ev("message-start", id=whole["id"], delta={"message": empty})
        if calls:
            for w in _words(plan, None)[0]:
                yield ev("tool-plan-delta", delta={"message": {"tool_plan": w}})
            for k, call in enumerate(made, start=1):
                start = call | {"function": call["function"] | {"arguments": ""}}
                yield ev("tool-call-start", index=k, delta={"message": {"tool_calls": start}})
                args = call["function"]["arguments"]
                for part in (args[: len(args) // 2], args[len(args) // 2 :]):
                    delta = {"message": {"tool_calls": {"function": {"arguments": part}}}}
                    yield ev("tool-call-delta", index=k, delta=delta)
                yield ev("tool-call-end", index=k)
        else:
            yield ev("content-start", index=0, delta={"message": {"content": {"type": "text", "text": ""}}})
            for w in words:
                yield ev("content-delta", index=0, delta={"message": {"content": {"text": w}}}, logprobs=None)
            yield ev("content-end", index=0)
        yield ev("message-end", id=whole["id"], delta={"finish_reason": finish, "usage": usage})

    return None, events()
