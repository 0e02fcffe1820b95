"""What a response says: its answer text, finish reason, tool calls and stream ending, in any of the
formats an AI endpoint speaks.

JSON bodies: OpenAI chat completions (``choices[0].message``), OpenAI responses (``output``),
Anthropic messages (``content`` blocks), Gemini, Ollama and Cohere v2 bodies (read as one stream
event), else the first of the common answer keys (Mistral's bodies are OpenAI's). Streams (SSE, or
NDJSON a line an event): every event is read by ``replay.util.wire`` (OpenAI chat and completions
chunks, Mistral's among them, responses events, Anthropic events, Gemini chunks, Ollama lines, Cohere
events, Bedrock's ConverseStream and InvokeModel stream events (``application/vnd.amazon.eventstream``
frames, split by ``replay.util.sse``), plain events whose JSON carries ``text``/``delta``/``content``), and
the stream has ended when one of its format's end markers came (``wire.END_MARKERS``, or a plain
``done``/``end`` event); the last JSON event is kept as ``data``. A configured JSON path
(``[checks] answer``) wins over all of these.

Where the model stopped and how much it wrote are read from every format: ``finish_reason``
(OpenAI, and plain bodies or events that carry it), ``stop_reason`` (Anthropic), ``status:
incomplete`` with ``incomplete_details`` (OpenAI responses), ``finishReason`` (Gemini),
``done_reason`` (Ollama), Cohere's ``finish_reason`` (``MAX_TOKENS`` at the limit), and output
tokens from ``usage`` (``completion_tokens`` or ``output_tokens``, in the body, a stream's usage
chunk or its last event; Gemini's ``usageMetadata``, Ollama's ``eval_count``, Cohere's
``usage.tokens``; Bedrock's Converse ``usage``, ``stopReason`` and the token counts in its headers), input tokens
(``prompt_tokens``; Anthropic's
``input_tokens`` plus its cache reads and writes), the cached part of them, and the ``model`` the
body names (for prices).
None of it is read from the path: a chat completion is one under any prefix (Azure's
``/openai/deployments/{name}``, a gateway's ``/api/v1``). An error body whose code says the provider's content
filter refused the prompt (Azure OpenAI's 400, ``code: content_filter`` with ``innererror.content_filter_result``)
is a refusal, not a rejected request: ``filtered`` names the categories it flagged. So is a Bedrock answer whose
``stopReason`` is ``guardrail_intervened`` or ``content_filtered`` (``filtered`` names that reason), and one of
InvokeModel whose body or a stream chunk says ``amazon-bedrock-guardrailAction: INTERVENED`` (``guardrail_intervened``).
A reply's ``shape`` is its JSON body's, or for a stream every JSON event's merged under the event's
name: two streams compare with each other, two bodies with each other, never one with the other.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from replay.exchange.format import head_not_passed_on
from replay.util.jsonpath import PromptPath
from replay.util.jsonpath import text_of as _text
from replay.util.sse import parse_stream, splitter_for
from replay.util.wire import ends, guardrail_intervened, read_event

__all__ = ["LIMIT_REASONS", "Reply", "ToolCall", "calls_tool", "captured_reply", "has_reply", "parse_reply", "shape"]

_ANSWER_KEYS = ("answer", "output_text", "text", "output", "response", "completion", "content", "message", "result")
# Every wire format's end of stream, and the event names a plain stream ends with.
_ENDS = ends(("done", "end", "complete", "completed"))
# Finish or stop reasons that say the model hit its output token limit (OpenAI and Mistral, Anthropic, responses,
# Gemini and Cohere, Amazon Titan's LENGTH), or its context window (Anthropic's model_context_window_exceeded).
LIMIT_REASONS = frozenset(
    {
        "length",
        "max_tokens",
        "max_output_tokens",
        "model_length",
        "MAX_TOKENS",
        "model_context_window_exceeded",
        "LENGTH",
    }
)
_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}


def shape(obj: Any, prefix: str = "", depth: int = 0, out: dict[str, str] | None = None) -> dict[str, str]:
    """JSON path -> type of every value (array items merged under ``[]``), to depth 6."""
    out = {} if out is None else out
    if obj is None:
        return out  # null matches any type: optional values come and go
    out[prefix or "$"] = _TYPES.get(type(obj), "other")
    if depth >= 6:
        return out
    if isinstance(obj, dict):
        for k, v in obj.items():
            shape(v, f"{prefix}.{k}" if prefix else str(k), depth + 1, out)
    elif isinstance(obj, list):
        for v in obj[:20]:
            shape(v, f"{prefix}[]", depth + 1, out)
    return out


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


# Output and input token keys: OpenAI, Anthropic and responses ``usage``; Gemini's ``usageMetadata``; Ollama's body.
# Bedrock's: Converse's ``usage`` (inputTokens, outputTokens), Llama's and Titan's InvokeModel bodies, and the
# ``amazon-bedrock-invocationMetrics`` of an InvokeModel stream's last chunk.
_OUTPUT = ("completion_tokens", "output_tokens", "candidatesTokenCount", "eval_count", "outputTokens",
           "generation_token_count", "outputTokenCount")  # fmt: skip
_INPUT = ("prompt_tokens", "input_tokens", "promptTokenCount", "prompt_eval_count", "inputTokens",
          "prompt_token_count", "inputTokenCount", "inputTextTokenCount")  # fmt: skip
# Prompt tokens counted apart from the input tokens, read from the cache and written to it (Anthropic's, Bedrock's).
_CACHE_APART = (
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
    "cacheReadInputTokens",
    "cacheWriteInputTokens",
)
# Bedrock's stop reasons for an answer its guardrail or content filter stopped: a refusal, as Azure's filter is.
_GUARDRAIL = "guardrail_intervened"
_BLOCKED = frozenset({_GUARDRAIL, "content_filtered"})


def _tokens(usage: Any, keys: tuple[str, ...] = _OUTPUT) -> int | None:
    """Output tokens of a ``usage`` object (OpenAI ``completion_tokens``, Anthropic/responses ``output_tokens``,
    Gemini ``candidatesTokenCount`` (its thinking, ``thoughtsTokenCount``, is output too), Ollama ``eval_count``)."""
    if not isinstance(usage, dict):
        return None
    for key in keys:
        v = _int(usage.get(key))
        if v is not None:
            return v + (_int(usage.get("thoughtsTokenCount")) or 0 if key == "candidatesTokenCount" else 0)
    return None


def _cached(usage: dict[str, Any]) -> int | None:
    """Prompt tokens read from the provider's cache: OpenAI ``prompt_tokens_details.cached_tokens``
    (responses: ``input_tokens_details``), Anthropic ``cache_read_input_tokens``, Gemini ``cachedContentTokenCount``,
    Cohere ``cached_tokens``, Bedrock ``cacheReadInputTokens``."""
    for key in ("prompt_tokens_details", "input_tokens_details"):
        d = usage.get(key)
        if isinstance(d, dict) and _int(d.get("cached_tokens")) is not None:
            return _int(d.get("cached_tokens"))
    for key in ("cache_read_input_tokens", "cachedContentTokenCount", "cached_tokens", "cacheReadInputTokens"):
        if _int(usage.get(key)) is not None:
            return _int(usage.get(key))
    return None


def _usage(obj: dict[str, Any], reply: Reply) -> None:
    """Tokens and model of a body or stream event, where it says (a later event adds to an earlier one:
    Anthropic gives input tokens in message_start and output tokens in message_delta)."""
    usage = obj.get("usage", obj.get("usageMetadata", obj.get("amazon-bedrock-invocationMetrics")))
    usage = obj if usage is None and ("eval_count" in obj or "generation_token_count" in obj) else usage
    model = obj.get("model", obj.get("modelVersion"))
    if isinstance(model, str):
        reply.model = model
    if not isinstance(usage, dict):
        return
    cached = _cached(usage)
    reply.cached_tokens = cached if cached is not None else reply.cached_tokens
    # Cohere counts twice: ``tokens`` the model read and wrote, ``billed_units`` what is billed (its prompt
    # template and special tokens left out); the tokens are read, as other clients of it read them.
    counted = usage.get("tokens", usage.get("billed_units"))
    usage = counted if isinstance(counted, dict) else usage
    out = _tokens(usage)
    reply.output_tokens = out if out is not None else reply.output_tokens
    given = _tokens(usage, _INPUT)
    if given is not None:
        # Anthropic counts cache reads and writes apart from input_tokens; OpenAI's prompt_tokens holds them.
        extra = sum(_int(usage.get(k)) or 0 for k in _CACHE_APART)
        reply.input_tokens = given + extra


@dataclass(slots=True)
class ToolCall:
    """A tool call in a response: its name and arguments (JSON text, or a dict from Anthropic); ``free``: a
    custom tool's free-form input (OpenAI), text that is not JSON."""

    name: str
    arguments: Any
    free: bool = False


@dataclass(slots=True)
class Reply:
    """A response as the judge sees it (headers lower-case; ``answer`` None when none was found)."""

    status: int
    headers: dict[str, str]
    body: str = ""
    capped: bool = False  # only the first [client] keep_body bytes were kept
    stream: bool = False
    data: Any = None  # the JSON body, or a stream's last JSON event
    answer: str | None = None
    finish_reason: str | None = None
    refusal: str | None = None  # OpenAI's message.refusal
    tool_calls: list[ToolCall] = field(default_factory=list)
    ended: bool = False  # a stream end marker arrived
    stream_error: str | None = None  # an error event in the stream
    failed: str | None = None  # a whole body that says its generation failed (Cohere's finish_reason ERROR)
    output_tokens: int | None = None  # from usage, when the response says
    input_tokens: int | None = None  # prompt tokens from usage (cached ones included)
    cached_tokens: int | None = None  # of input_tokens, read from the provider's prompt cache
    model: str | None = None  # the model the body names
    incomplete: str | None = None  # OpenAI responses: status incomplete, and why
    filtered: str | None = None  # an error body: the content filter refused the prompt (the categories it flagged)
    shape: dict[str, str] = field(default_factory=dict)  # see the module docstring

    @property
    def cut_off(self) -> tuple[str, str] | None:
        """That the answer is cut off at the model's token limit, when a field says so: the field with its
        value ("finish_reason length", "incomplete"), and why."""
        if self.finish_reason in LIMIT_REASONS:
            return f"finish_reason {self.finish_reason}", "the model hit its token limit"
        if self.incomplete is not None:
            return "incomplete", self.incomplete
        return None


def _headers(pairs: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    items = pairs.items() if isinstance(pairs, dict) else pairs or ()
    for k, v in items:
        k = k.lower()
        out[k] = f"{out[k]}, {v}" if k in out else str(v)
    return out


def _filtered(error: Any) -> str | None:
    """What an error object says the provider's content filter flagged (Azure OpenAI's ``code: content_filter``,
    its ``innererror`` ``ResponsibleAIPolicyViolation``): the categories filtered, comma-separated, or
    ``content_filter`` where it names none; None for any other error."""
    inner = error.get("innererror") if isinstance(error, dict) else None
    inner = inner if isinstance(inner, dict) else {}
    if not isinstance(error, dict) or (
        error.get("code") != "content_filter" and inner.get("code") != "ResponsibleAIPolicyViolation"
    ):
        return None
    results = inner.get("content_filter_result")
    items = results.items() if isinstance(results, dict) else ()
    flagged = [k for k, v in items if isinstance(v, dict) and v.get("filtered") is True]
    return ", ".join(flagged) or "content_filter"


def _json_answer(obj: Any, reply: Reply) -> str | None:
    if not isinstance(obj, dict):
        return None
    _usage(obj, reply)
    reply.filtered = _filtered(obj.get("error"))
    if obj.get("status") == "incomplete" or isinstance(obj.get("incomplete_details"), dict):
        why = obj.get("incomplete_details") or {}
        reply.incomplete = str(why.get("reason") or "status incomplete") if isinstance(why, dict) else "incomplete"
    choices = obj.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        c = choices[0]
        reply.finish_reason = c.get("finish_reason")
        msg = c.get("message") if isinstance(c.get("message"), dict) else {}
        reply.refusal = msg.get("refusal") or None
        for tc in msg.get("tool_calls") or ():
            custom = tc.get("custom") if isinstance(tc, dict) else None
            if isinstance(custom, dict):
                reply.tool_calls.append(ToolCall(str(custom.get("name", "")), str(custom.get("input", "")), free=True))
                continue
            fn = (tc.get("function") or {}) if isinstance(tc, dict) else {}
            reply.tool_calls.append(ToolCall(str(fn.get("name", "")), fn.get("arguments", "")))
        if isinstance(msg.get("function_call"), dict):
            fc = msg["function_call"]
            reply.tool_calls.append(ToolCall(str(fc.get("name", "")), fc.get("arguments", "")))
        return _text(msg.get("content")) if msg else _text(c.get("text"))
    if obj.get("type") == "message" and isinstance(obj.get("content"), list):  # Anthropic
        reply.finish_reason = obj.get("stop_reason")
        texts = []
        for block in obj["content"]:
            if isinstance(block, dict) and block.get("type") == "text":
                texts.append(str(block.get("text", "")))
            elif isinstance(block, dict) and block.get("type") == "tool_use":
                reply.tool_calls.append(ToolCall(str(block.get("name", "")), block.get("input")))
        return "".join(texts)
    if isinstance(obj.get("output"), list):  # OpenAI responses
        texts = []
        for item in obj["output"]:
            if not isinstance(item, dict):
                continue
            if item.get("type") == "function_call":
                reply.tool_calls.append(ToolCall(str(item.get("name", "")), item.get("arguments", "")))
            elif item.get("type") == "custom_tool_call":
                reply.tool_calls.append(ToolCall(str(item.get("name", "")), str(item.get("input", "")), free=True))
            for part in item.get("content") or ():
                if isinstance(part, dict) and part.get("type") in ("output_text", "text"):
                    texts.append(str(part.get("text", "")))
                elif isinstance(part, dict) and part.get("type") == "refusal":
                    reply.refusal = str(part.get("refusal", ""))
        return "".join(texts)
    d = read_event(obj)
    if d.kind in ("gemini", "ollama", "cohere", "bedrock"):  # a whole body reads as one event
        reply.finish_reason = d.finish
        reply.failed = d.error[:200] if d.error else None
        reply.tool_calls.extend(ToolCall(name, args) for _, name, args in d.tools)
        return d.text if d.text is not None or not d.tools else ""
    reply.finish_reason = _reason(obj)
    for key in _ANSWER_KEYS:
        t = _text(obj.get(key))
        if t is not None:
            return t
    return None


def _reason(obj: dict[str, Any]) -> str | None:
    """A plain body's or event's ``finish_reason`` (or Anthropic-style ``stop_reason``)."""
    for key in ("finish_reason", "stop_reason"):
        if isinstance(obj.get(key), str):
            return str(obj[key])
    return None


class _StreamReader:
    """Accumulates the answer, tool calls, finish reason and ending of a stream (SSE or NDJSON), each
    event read by ``replay.util.wire``."""

    def __init__(self, reply: Reply):
        self.reply = reply
        self.texts: list[str] = []
        self.tools: dict[Any, list[Any]] = {}  # index (or a whole call's place) -> [name, argument parts, free]

    def event(self, name: str | None, data: str) -> None:
        r = self.reply
        if _ENDS(name, data):
            r.ended = True
        if name == "error":
            r.stream_error = data[:200] or "error event"
        try:
            obj = orjson.loads(data) if data[:1] in ("{", "[") else None
        except orjson.JSONDecodeError:
            obj = None
        if not isinstance(obj, dict):
            return
        r.data = obj
        if guardrail_intervened(obj):  # any chunk of an InvokeModel stream, not only the last one
            r.filtered = _GUARDRAIL
        shape(obj, name or "data", 0, r.shape)
        _usage(obj, r)
        d = read_event(obj)
        if d.meta is not None:
            _usage(d.meta, r)
        if d.error is not None:
            r.stream_error = d.error[:200]
            return
        if d.text is not None:
            self.texts.append(d.text)
        if d.refusal:
            r.refusal = (r.refusal or "") + d.refusal
        for index, tool, args in d.tools:
            if index is None and not tool and self.tools:  # no index and no name: the rest of the last call
                slot = next(reversed(self.tools.values()))
            else:
                slot = self.tools.setdefault(("whole", len(self.tools)) if index is None else index, ["", [], False])
            slot[0] += tool
            slot[1].append(args)
            slot[2] = slot[2] or d.free
        r.finish_reason = d.finish or r.finish_reason

    def finish(self) -> None:
        r = self.reply
        r.answer = "".join(self.texts)
        for name, parts, free in self.tools.values():
            # A call no event named is one the API ran itself (Anthropic's server_tool_use and mcp_tool_use
            # blocks: web search, code execution, MCP), whose input streams as a tool's; a whole body leaves
            # them out of its tool calls too.
            if name:
                r.tool_calls.append(ToolCall(name, "".join(parts) if free else "".join(parts) or "{}", free))


def _decode(body: dict[str, Any] | None) -> tuple[str, bytes, bool]:
    """A capture-style body's text, its bytes (an AWS event stream is binary) and whether it was capped."""
    if not body:
        return "", b"", False
    text = body.get("text") or ""
    data = base64.b64decode(text) if body.get("encoding") == "base64" else text.encode()
    return (
        (data.decode("utf-8", "replace") if body.get("encoding") == "base64" else text),
        data,
        bool(body.get("truncated")),
    )


def parse_reply(status: int, headers: Any, body: dict[str, Any] | None, answer_path: PromptPath | None = None) -> Reply:
    """A Reply from a status, header pairs (or a dict) and a capture-style body (``text``, ``encoding``...)."""
    text, data, capped = _decode(body)
    h = _headers(headers)
    reply = Reply(status, h, text, capped)
    splitter = splitter_for(h.get("content-type", ""))
    if splitter is not None:
        reply.stream = True
        reader = _StreamReader(reply)
        for ev in parse_stream(data, splitter):
            reader.event(ev.event, ev.data)
        reader.finish()
        if answer_path is not None and isinstance(reply.data, dict):
            reply.answer = "".join(answer_path.texts(reply.data)) or reply.answer
        return _blocked(reply)
    if text[:1] in ("{", "["):
        try:
            reply.data = orjson.loads(text)
        except orjson.JSONDecodeError:
            reply.data = None
    if reply.data is not None:
        reply.shape = shape(reply.data)
        found = answer_path.texts(reply.data) if answer_path is not None else []
        auto = _json_answer(reply.data, reply)
        reply.answer = "".join(found) if found else auto
    elif not text.strip():
        reply.answer = None
    elif h.get("content-type", "").startswith("text/"):
        reply.answer = text
    return _blocked(_counted(reply))


def _blocked(reply: Reply) -> Reply:
    """A Bedrock answer its guardrail or content filter stopped names it as a filter's refusal (``filtered``):
    Converse's stop reason, or InvokeModel's body saying its guardrail intervened (a stream's chunk: ``event``)."""
    if reply.filtered is None and reply.finish_reason in _BLOCKED:
        reply.filtered = reply.finish_reason
    elif reply.filtered is None and isinstance(reply.data, dict) and guardrail_intervened(reply.data):
        reply.filtered = _GUARDRAIL
    return reply


def _counted(reply: Reply) -> Reply:
    """Tokens Bedrock counts in headers (``x-amzn-bedrock-input-token-count``, ``-output-token-count``), where
    the body (InvokeModel's, in the model's own format) said none."""
    for attr, key in (("input_tokens", "input"), ("output_tokens", "output")):
        value = reply.headers.get(f"x-amzn-bedrock-{key}-token-count", "")
        if getattr(reply, attr) is None and value.isdigit():
            setattr(reply, attr, int(value))
    return reply


def captured_reply(record: dict[str, Any], answer_path: PromptPath | None = None) -> Reply | None:
    """Production's reply in a capture record (a dict as ``iter_raw`` reads it), as its client got it: None when
    there is none to judge by, no response (``head_not_passed_on``), or one its client gave up on
    (``meta.client_aborted``: no measure of production's answer); an answer the upstream broke off (a response with
    an error: ``meta.response_incomplete``) has not ended, whatever end marker came before the break: truncated.
    Why: a stream cut mid-way was production's whole answer."""
    resp, error = record.get("response"), record.get("error")
    if resp is None or not has_reply(record):
        return None
    reply = parse_reply(resp.get("status", 0), resp.get("headers"), resp.get("body"), answer_path)
    reply.ended = reply.ended and error is None
    return reply


def has_reply(record: dict[str, Any]) -> bool:
    """Whether a capture record holds a reply of production's to read (``captured_reply`` is None exactly when
    not): a response its client got and did not give up on. Decided without parsing the reply."""
    resp, error, meta = record.get("response"), record.get("error"), record.get("meta") or {}
    if resp is None:
        return False
    return not head_not_passed_on(resp, error, record.get("stream"), meta) and not (
        error is not None and bool(meta.get("client_aborted"))
    )


# What an answer calling a tool holds in every wire format ``parse_reply`` reads (OpenAI's tool_calls, function_call
# and custom_tool_call, Anthropic's tool_use and its server's, Gemini's functionCall, Bedrock's toolUse): an answer
# without one calls none, and is not parsed to see (on a capture of agents' answers the parse tripled inspect's time)
_TOOL_MARK = re.compile("tool_call|function_call|tool_use|functionCall|toolUse")


def calls_tool(record: dict[str, Any]) -> bool | None:
    """Whether production's answer in a capture record calls a tool (``replay inspect`` counts an agent's answers
    that do); None when there is no answer to read (``captured_reply``) or it is no success."""
    resp = record.get("response") or {}
    status = resp.get("status")
    if not isinstance(status, int) or not 200 <= status < 300:  # not parsed to see: a failure calls no tool
        return None
    if _TOOL_MARK.search(_decode(resp.get("body"))[0]) is None:  # no parse: inspect reads every answer
        return False if has_reply(record) else None
    reply = captured_reply(record)
    return None if reply is None else bool(reply.tool_calls)
