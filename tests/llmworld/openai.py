"""OpenAI's chat completions, embeddings and responses, and Azure OpenAI's chat completions."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from typing import Any

from tests.llmworld.common import (
    ANSWER,
    CREATED,
    CUSTOM_INPUT,
    JSON_ANSWER,
    REFUSAL,
    THOUGHT,
    _answered_tool,
    _calls,
    _custom,
    _prompt,
    _words,
)

# -- OpenAI chat completions ------------------------------------------------------------------------


def _logprobs(words: list[str]) -> dict[str, Any]:
    return {
        "content": [{"token": w, "logprob": -0.01, "bytes": list(w.encode()), "top_logprobs": []} for w in words],
        "refusal": None,
    }


def chat(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any] | str] | None]:
    """A chat completion, or the chunks of its stream."""
    model = str(body.get("model", "gpt-4o-mini"))
    n = int(body.get("n") or 1)
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    tools = body.get("tools") if not _answered_tool(body.get("messages") or []) else None
    calls = _calls(tools, body.get("parallel_tool_calls", True)) if tools else []
    rf = body.get("response_format") or {}
    refuse = "REFUSE" in _prompt(body)
    words, cut = _words(JSON_ANSWER if rf.get("type") in ("json_schema", "json_object") else ANSWER, limit)
    finish = "tool_calls" if calls else "length" if cut else "stop"
    usage = {"prompt_tokens": 21, "completion_tokens": len(words) * n, "total_tokens": 21 + len(words) * n}
    usage |= {"prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}
    head = {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "created": CREATED, "model": model}
    head["system_fingerprint"] = "fp_44709d6fcb"
    if not body.get("stream"):
        choices = []
        for i in range(n):
            msg: dict[str, Any] = {"role": "assistant", "content": None if calls or refuse else "".join(words)}
            msg["refusal"] = REFUSAL if refuse else None
            if custom := _custom(tools or []):
                msg["tool_calls"] = [
                    {"id": f"call_{i}c", "type": "custom", "custom": {"name": custom, "input": CUSTOM_INPUT}}
                ]
            elif calls:
                msg["tool_calls"] = [
                    {"id": f"call_{i}{k}", "type": "function", "function": {"name": nm, "arguments": args}}
                    for k, (nm, args) in enumerate(calls)
                ]
            lp = _logprobs(words) if body.get("logprobs") and not calls else None
            choices.append({"index": i, "message": msg, "logprobs": lp, "finish_reason": finish})
        return head | {"object": "chat.completion", "choices": choices, "usage": usage}, None

    def chunks() -> Iterator[dict[str, Any] | str]:
        base = head | {"object": "chat.completion.chunk"}
        if (body.get("stream_options") or {}).get("include_usage"):
            base["usage"] = None

        def chunk(i: int, delta: dict[str, Any], fin: str | None = None, lp: Any = None) -> dict[str, Any]:
            return base | {"choices": [{"index": i, "delta": delta, "logprobs": lp, "finish_reason": fin}]}

        for i in range(n):
            yield chunk(i, {"role": "assistant", "content": "", "refusal": None})
        if refuse:
            for i in range(n):
                for w in _words(REFUSAL, None)[0]:
                    yield chunk(i, {"refusal": w})
        elif calls:
            for i in range(n):
                for k, (nm, args) in enumerate(calls):
                    first = {"index": k, "id": f"call_{i}{k}", "type": "function"}
                    yield chunk(i, {"tool_calls": [first | {"function": {"name": nm, "arguments": ""}}]})
                    for part in (args[: len(args) // 2], args[len(args) // 2 :]):
                        yield chunk(i, {"tool_calls": [{"index": k, "function": {"arguments": part}}]})
        else:
            for w in words:
                for i in range(n):  # choices interleave, as the API sends them
                    lp = _logprobs([w]) if body.get("logprobs") else None
                    yield chunk(i, {"content": w}, lp=lp)
        for i in range(n):
            yield chunk(i, {}, finish)
        if "usage" in base:
            yield base | {"choices": [], "usage": usage}
        yield "[DONE]"

    return None, chunks()


def embeddings(body: dict[str, Any]) -> dict[str, Any]:
    inputs = body.get("input")
    inputs = inputs if isinstance(inputs, list) else [inputs]
    dims = int(body.get("dimensions") or 8)
    data = []
    for i, _ in enumerate(inputs):
        vec = [round(0.01 * (k + 1) * (i + 1), 4) for k in range(dims)]
        emb: Any = vec
        if body.get("encoding_format") == "base64":
            emb = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode()
        data.append({"object": "embedding", "index": i, "embedding": emb})
    usage = {"prompt_tokens": 5 * len(inputs), "total_tokens": 5 * len(inputs)}
    return {"object": "list", "data": data, "model": body.get("model", "text-embedding-3-small"), "usage": usage}


# -- OpenAI responses -------------------------------------------------------------------------------


def responses(body: dict[str, Any]) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any] | str] | None]:
    model = str(body.get("model", "gpt-4.1"))
    given = body.get("input")
    answered = isinstance(given, list) and any(
        isinstance(i, dict) and i.get("type") == "function_call_output" for i in given
    )
    custom = _custom(body.get("tools") or []) if not answered else None
    tools = [t for t in body.get("tools") or () if t.get("type") == "function"] if not answered else []
    calls = _calls(tools, body.get("parallel_tool_calls", True)) if tools else []
    words, cut = _words(ANSWER, body.get("max_output_tokens"))
    reasoning = isinstance(body.get("reasoning"), dict) and body["reasoning"].get("summary")
    resp: dict[str, Any] = {"id": "resp_67ccd2bed1ec8190", "object": "response", "created_at": CREATED}
    resp |= {"model": model, "status": "in_progress", "error": None, "incomplete_details": None, "output": []}
    resp |= {"parallel_tool_calls": True, "tool_choice": "auto", "tools": body.get("tools") or [], "usage": None}
    output: list[dict[str, Any]] = []
    if reasoning:
        summary = [{"type": "summary_text", "text": THOUGHT}]
        output.append({"id": "rs_1", "type": "reasoning", "summary": summary})
    for k, (nm, args) in enumerate(calls):
        output.append(
            {"id": f"fc_{k}", "type": "function_call", "status": "completed", "arguments": args}
            | {"call_id": f"call_{k}", "name": nm}
        )
    if custom:
        output.append({"id": "ctc_1", "type": "custom_tool_call", "status": "completed", "call_id": "call_c"})
        output[-1] |= {"name": custom, "input": CUSTOM_INPUT}
    elif not calls:
        text = {"type": "output_text", "text": "".join(words), "annotations": []}
        output.append(
            {"id": "msg_1", "type": "message", "status": "incomplete" if cut else "completed", "role": "assistant"}
            | {"content": [text]}
        )
    usage = {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": len(words)}
    usage |= {"output_tokens_details": {"reasoning_tokens": 12 if reasoning else 0}, "total_tokens": 36 + len(words)}
    final = resp | {"status": "incomplete" if cut else "completed", "output": output, "usage": usage}
    if cut:
        final["incomplete_details"] = {"reason": "max_output_tokens"}
    if not body.get("stream"):
        return final, None

    def events() -> Iterator[dict[str, Any]]:
        seq = iter(range(10_000))

        def ev(kind: str, **fields: Any) -> dict[str, Any]:
            return {"type": kind, "sequence_number": next(seq), **fields}

        yield ev("response.created", response=resp)
        yield ev("response.in_progress", response=resp)
        for i, item in enumerate(output):
            if item["type"] == "reasoning":
                yield ev("response.output_item.added", output_index=i, item=item | {"summary": []})
                at = {"item_id": item["id"], "output_index": i, "summary_index": 0}
                yield ev("response.reasoning_summary_part.added", **at, part={"type": "summary_text", "text": ""})
                for w in _words(THOUGHT, None)[0]:
                    yield ev("response.reasoning_summary_text.delta", **at, delta=w)
                yield ev("response.reasoning_summary_text.done", **at, text=THOUGHT)
                yield ev("response.reasoning_summary_part.done", **at, part=item["summary"][0])
            elif item["type"] == "custom_tool_call":
                yield ev("response.output_item.added", output_index=i, item=item | {"input": ""})
                for part in (CUSTOM_INPUT[:10], CUSTOM_INPUT[10:]):
                    yield ev("response.custom_tool_call_input.delta", item_id=item["id"], output_index=i, delta=part)
                yield ev("response.custom_tool_call_input.done", item_id=item["id"], output_index=i, input=CUSTOM_INPUT)
            elif item["type"] == "function_call":
                yield ev("response.output_item.added", output_index=i, item=item | {"arguments": ""})
                args = item["arguments"]
                for part in (args[: len(args) // 2], args[len(args) // 2 :]):
                    yield ev("response.function_call_arguments.delta", item_id=item["id"], output_index=i, delta=part)
                yield ev("response.function_call_arguments.done", item_id=item["id"], output_index=i, arguments=args)
            else:
                yield ev("response.output_item.added", output_index=i, item=item | {"content": []})
                at = {"item_id": item["id"], "output_index": i, "content_index": 0}
                yield ev("response.content_part.added", **at, part={"type": "output_text", "text": ""})
                for w in words:
                    yield ev("response.output_text.delta", **at, delta=w, logprobs=[])
                yield ev("response.output_text.done", **at, text="".join(words), logprobs=[])
                yield ev("response.content_part.done", **at, part=item["content"][0])
            yield ev("response.output_item.done", output_index=i, item=item)
        yield ev("response.incomplete" if cut else "response.completed", response=final)

    return None, events()


# -- Azure OpenAI ---------------------------------------------------------------------------------

# Azure's content filter results, as its chat completions carry them (learn.microsoft.com, Azure OpenAI "Content
# filtering": the annotations in the response, and the streamed first chunk of the prompt's, with no choices)
_SAFE = {k: {"filtered": False, "severity": "safe"} for k in ("hate", "self_harm", "sexual", "violence")}
_PROMPT_FILTER = [{"prompt_index": 0, "content_filter_results": _SAFE}]
FILTERED = {"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's content "
            "management policy.", "type": None, "param": "prompt", "code": "content_filter", "status": 400,
            "innererror": {"code": "ResponsibleAIPolicyViolation", "content_filter_result": _SAFE
                           | {"violence": {"filtered": True, "severity": "medium"}}}}}  # fmt: skip


def azure(
    whole: dict[str, Any] | None, chunks: Iterator[dict[str, Any] | str] | None
) -> tuple[dict[str, Any] | None, Iterator[dict[str, Any] | str] | None]:
    """OpenAI's chat completion as Azure OpenAI writes it: the prompt's and each choice's filter results; streamed,
    a first chunk of the prompt's results alone (no choices, empty id and model)."""
    if whole is not None:
        for c in whole["choices"]:
            c["content_filter_results"] = _SAFE
        return whole | {"prompt_filter_results": _PROMPT_FILTER}, None

    def annotated() -> Iterator[dict[str, Any] | str]:
        yield (
            dict.fromkeys(("id", "model", "object"), "")
            | {"choices": [], "created": 0}
            | {"prompt_filter_results": _PROMPT_FILTER}
        )
        for chunk in chunks or ():
            for c in chunk["choices"] if isinstance(chunk, dict) else ():
                c["content_filter_results"] = _SAFE if c["delta"].get("content") else {}
            yield chunk

    return None, annotated()
