"""A small model API on 127.0.0.1 that answers as OpenAI (chat completions, embeddings, responses, under any
path prefix: OpenAI-compatible gateways', Azure OpenAI's deployments; a request with an ``api-key`` header is
answered as Azure), Anthropic (messages, count_tokens), Gemini (generateContent, streamGenerateContent), Ollama (chat,
generate, embed), Mistral (chat completions, for its models) and Cohere (v2 chat) do, shaped by what
the request asks: streams, tools (parallel calls), structured
output, n choices, logprobs, usage chunks, reasoning and thinking, stop sequences and token limits.
The bodies follow each API's reference; streams go out event by event (chunked), a few ms apart, so a
client times a first token before the last.

The answer is ``ANSWER`` (one token a word), cut at the request's token limit; a prompt holding
``REFUSE`` is refused the way each API refuses (OpenAI's ``refusal``, Anthropic's ``stop_reason``
refusal, Gemini's blockReason); Azure's content filter refuses a prompt holding ``FILTER`` (HTTP 400).
"""

from __future__ import annotations

import base64
import gzip
import struct
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

ANSWER = "Your order ships on Monday from the Leeds warehouse."
REFUSAL = "I'm sorry, but I can't help with that."
JSON_ANSWER = '{"answer": "Monday", "confidence": 0.9}'
THOUGHT = "The user asks about shipping; the order record says Monday."
SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYTBvOTFyOThNcnZDIjBBTUtsRDhQQ"  # of a thinking block
CREATED = 1741290958
GAP = 0.004  # between stream events


def _words(text: str, limit: int | None) -> tuple[list[str], bool]:
    """``text`` a token a word (spaces kept), cut at ``limit`` tokens; whether it was cut."""
    words = [w if i == 0 else " " + w for i, w in enumerate(text.split(" "))]
    if limit is not None and len(words) > limit:
        return words[:limit], True
    return words, False


def _prompt(body: dict[str, Any]) -> str:
    return orjson.dumps(body).decode()


def _calls(tools: list[Any], parallel: bool) -> list[tuple[str, str]]:
    """(name, JSON arguments) of the calls made: one per declared tool (the first only unless parallel)."""
    names = []
    for t in tools:
        fn = t.get("function", t) if isinstance(t, dict) else {}
        names.append(str(fn.get("name", "tool")))
    cities = ("Paris", "London", "Tokyo")
    return [(n, orjson.dumps({"city": cities[i % 3]}).decode()) for i, n in enumerate(names[: None if parallel else 1])]


CUSTOM_INPUT = 'print("order A17 ships Monday")'  # a custom tool's free-form input (OpenAI's custom tools)


def _custom(tools: list[Any]) -> str | None:
    """The name of the custom tool (OpenAI: free-form input, not JSON arguments) the model calls, if the first
    declared tool is one (responses ``{"type": "custom", "name"}``, chat ``{"type": "custom", "custom": {...}}``)."""
    first = tools[0] if tools and isinstance(tools[0], dict) else {}
    if first.get("type") != "custom":
        return None
    return str((first.get("custom") or first).get("name") or "custom")


def _answered_tool(messages: list[Any]) -> bool:
    last = messages[-1] if messages else {}
    if not isinstance(last, dict):
        return False
    content = last.get("content")
    blocks = content if isinstance(content, list) else []
    return last.get("role") == "tool" or any(isinstance(b, dict) and b.get("type") == "tool_result" for b in blocks)


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


# -- Gemini and Ollama ------------------------------------------------------------------------------


def gemini(body: dict[str, Any], model: str, stream: bool) -> list[dict[str, Any]]:
    """The chunks of a generateContent answer (one, unstreamed)."""
    limit = (body.get("generationConfig") or {}).get("maxOutputTokens")
    if "REFUSE" in _prompt(body):
        return [{"promptFeedback": {"blockReason": "SAFETY"}, "modelVersion": model}]
    decls = [d for t in body.get("tools") or () for d in t.get("functionDeclarations") or ()]
    words, cut = _words(ANSWER, limit)
    usage = {"promptTokenCount": 9, "candidatesTokenCount": len(words), "totalTokenCount": 9 + len(words)}
    if decls:
        parts = [{"functionCall": {"name": nm, "args": orjson.loads(a)}} for nm, a in _calls(decls, True)]
        pieces = [parts]
    else:
        pieces = [[{"text": w}] for w in words] if stream else [[{"text": "".join(words)}]]
    out = []
    for i, parts in enumerate(pieces):
        cand: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
        last = i == len(pieces) - 1
        if last:
            cand["finishReason"] = "MAX_TOKENS" if cut else "STOP"
        chunk = {"candidates": [cand], "modelVersion": model, "responseId": "mAitaLmXHPPmz7IPvtfUqQ4"}
        chunk["usageMetadata"] = usage if last else {"promptTokenCount": 9}
        out.append(chunk)
    return out


def ollama(path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    model = str(body.get("model", "llama3.2"))
    opts = body.get("options") or {}
    words, cut = _words(ANSWER, opts.get("num_predict"))
    head = {"model": model, "created_at": "2025-10-17T23:14:07.414671Z"}
    stats = {"total_duration": 174560334, "load_duration": 101397084, "prompt_eval_count": 11}
    stats |= {"prompt_eval_duration": 13074791, "eval_count": len(words), "eval_duration": 52479709}
    reason = "length" if cut else "stop"
    if path == "/api/embed":
        n = len(body["input"]) if isinstance(body.get("input"), list) else 1
        return [{"model": model, "embeddings": [[0.01, 0.02, 0.03]] * n, "prompt_eval_count": 4}]
    tools = body.get("tools") if path == "/api/chat" and not _answered_tool(body.get("messages") or []) else None
    if path == "/api/chat":
        piece = lambda t: {"message": {"role": "assistant", "content": t}}  # noqa: E731
    else:
        piece = lambda t: {"response": t}  # noqa: E731
    if tools:
        calls = [{"function": {"name": nm, "arguments": orjson.loads(a)}} for nm, a in _calls(tools, True)]
        last = {"message": {"role": "assistant", "content": "", "tool_calls": calls}}
        return [head | last | {"done": True, "done_reason": "stop"} | stats]
    if body.get("stream", True) is False:
        return [head | piece("".join(words)) | {"done": True, "done_reason": reason} | stats]
    lines = [head | piece(w) | {"done": False} for w in words]
    return [*lines, head | piece("") | {"done": True, "done_reason": reason} | stats]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        body = orjson.loads(raw) if raw else {}
        self.server.seen.append((self.path, body))  # type: ignore[attr-defined]
        key = self.headers.get("api-key")  # Azure OpenAI's credential, where OpenAI's is Authorization's
        self.server.keys += [key] if key else []  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        # OpenAI's operations under any prefix: /v1, Azure's /openai/deployments/{name} and /openai/v1, gateways'
        if path.endswith("/chat/completions"):
            if key and "FILTER" in _prompt(body):
                return self._send(FILTERED, status=400)
            whole, events = (mistral if str(body.get("model")).startswith(MISTRAL_MODELS) else chat)(body)
            whole, events = azure(whole, events) if key else (whole, events)
            return self._send(whole) if whole is not None else self._sse((None, e) for e in events or ())
        if path.endswith("/responses"):
            whole, events = responses(body)
            return self._send(whole) if whole is not None else self._sse((e["type"], e) for e in events or ())
        if path.endswith("/embeddings"):
            return self._send(embeddings(body))
        if path == "/v1/messages":
            whole, named = messages(body)
            return self._send(whole, {"request-id": "req_018EeWyXxfu5pfWkrYcMdjWG"}) if whole else self._sse(named)
        if path == "/v2/chat":
            whole, named = cohere(body)
            return self._send(whole) if whole else self._sse(named)
        if path == "/v1/messages/count_tokens":
            return self._send({"input_tokens": 14 + len(raw) // 40})
        if path.startswith("/v1beta/models/"):
            model, _, method = path.removeprefix("/v1beta/models/").partition(":")
            if method in ("embedContent", "batchEmbedContents"):
                n = len(body.get("requests") or [body])
                return self._send({"embeddings": [{"values": [0.01, 0.02, 0.03]}] * n})
            chunks = gemini(body, model, method == "streamGenerateContent")
            if method == "streamGenerateContent":
                return self._sse((None, c) for c in chunks)
            return self._send(chunks[0])
        if path.startswith("/api/"):
            lines = ollama(path, body)
            if len(lines) == 1:
                return self._send(lines[0])
            return self._stream("application/x-ndjson", (orjson.dumps(x) + b"\n" for x in lines))
        self._send({"error": {"message": f"no route {path}", "type": "invalid_request_error"}}, status=404)

    def _send(self, obj: Any, headers: dict[str, str] | None = None, status: int = 200) -> None:
        data = orjson.dumps(obj)
        headers = dict(headers or {})
        if self.server.compress and "gzip" in self.headers.get("accept-encoding", ""):  # type: ignore[attr-defined]
            data = gzip.compress(data)  # as the APIs answer the SDKs, which ask for it
            headers["content-encoding"] = "gzip"
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, events: Any) -> None:
        def lines() -> Iterator[bytes]:
            for name, data in events:
                text = data if isinstance(data, str) else orjson.dumps(data).decode()
                yield ((f"event: {name}\n" if name else "") + f"data: {text}\n\n").encode()

        self._stream("text/event-stream; charset=utf-8", lines())

    def _stream(self, ctype: str, chunks: Iterator[bytes]) -> None:
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("transfer-encoding", "chunked")
        self.send_header("cache-control", "no-cache")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
            time.sleep(GAP)
        self.wfile.write(b"0\r\n\r\n")


class ModelAPI(ThreadingHTTPServer):
    """The API on 127.0.0.1 (port chosen by the system); ``seen`` keeps (path, body) of every request, ``keys`` the
    ``api-key`` header of those that sent one."""

    daemon_threads = True

    def __init__(self, compress: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, Any]] = []
        self.keys: list[str] = []  # the api-key header of every request that sent one
        self.compress = compress  # gzip whole bodies for clients that accept it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (a proxy's idle connection closed) is no error of the API's
