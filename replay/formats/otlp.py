"""OpenTelemetry traces in OTLP JSON (what the collector's file exporter and the SDK's JSON file exporter
write: one ``{"resourceSpans": ...}`` document, or one per line) to exchanges: one per GenAI client span.

A GenAI span (``gen_ai.*`` attributes, span kind CLIENT) becomes the call it describes (``LLMCall``):
provider from ``gen_ai.provider.name`` (semconv >= 1.37) or ``gen_ai.system``, model, request parameters
(``gen_ai.request.max_tokens``, ``temperature``, ``top_p``, ``stream``...), token counts
(``gen_ai.usage.input_tokens`` / ``output_tokens``, or the older ``prompt_tokens`` / ``completion_tokens``),
finish reason, response id and model, start and duration from the span, time to first chunk when recorded.
The prompt and answer come from whichever shape the instrumentation wrote:

    semconv >= 1.37   gen_ai.system_instructions, gen_ai.input.messages, gen_ai.output.messages (JSON parts:
                      text, and tool_call / tool_call_response, which become the calls and answers),
                      gen_ai.tool.definitions (the tools offered)
    OpenLLMetry       gen_ai.prompt.N.role / .content, gen_ai.completion.N.content / .finish_reason, and
                      their .tool_calls.M.id / .name / .arguments (a tool message's .tool_call_id);
                      the tools offered in gen_ai.tool.definitions, before that llm.request.functions.N.*
    semconv <= 1.36   span events gen_ai.system.message, gen_ai.user.message, gen_ai.assistant.message,
                      gen_ai.tool.message (``content``), gen_ai.choice (``message`` or ``content``), and
                      the older gen_ai.content.prompt / gen_ai.content.completion (``gen_ai.prompt``, JSON)
                      (the azure-ai-inference SDK's: the event's body as JSON in ``gen_ai.event.content``)

OpenInference's spans (Arize Phoenix's instrumentations, ``llm.*`` attributes) are read by
``replay.formats.openinference``, the Vercel AI SDK's (``ai.*``) by ``replay.formats.aisdk``. OpenLLMetry's
``gen_ai.is_streaming`` marks a streamed request, its ``gen_ai.openai.api_base`` where the call went; a first
chunk's event (OpenLLMetry's, OpenInference's, the AI SDK's) its ttfb.

A trace recorded without content gives the calls' shape and timing only (their bodies hold no prompt).
A span of ``gen_ai.system`` ``aws.bedrock`` (OpenTelemetry's botocore instrumentation) is a call of Bedrock's
Converse API, on its model's path (``replay.formats.converse``), not OpenAI's ``/v1``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from replay.console import quoted, warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.validate import LAST_START
from replay.formats import aisdk, openinference
from replay.formats.call import LLMCall, Tool, tool_of
from replay.formats.lines import one_document
from replay.formats.llmcall import AZURE_INFERENCE, to_exchange
from replay.util.schema import problem

__all__ = ["read_otlp"]

_CLIENT = (3, "SPAN_KIND_CLIENT")
_UNSET = (None, 0, "SPAN_KIND_UNSPECIFIED")
_NOT_CALLS = ("execute_tool", "invoke_agent", "create_agent")  # GenAI spans that are not model calls
_PARAMS = ("max_tokens", "temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "seed", "stream")
_ROLE_EVENTS = {f"gen_ai.{r}.message": r for r in ("system", "user", "assistant", "tool")}
_SDK_STATUS = re.compile(r"Error code: ([1-5]\d\d)\b")
# Finish reasons in OpenAI's words (LLMCall's): semconv's (gen_ai.output.messages' enum) and Anthropic's, as
# instrumentations pass them on
_REASONS = {"tool_call": "tool_calls", "tool_use": "tool_calls", "end_turn": "stop", "max_tokens": "length"}
# Span events marking a stream's first chunk: OpenLLMetry's (one per chunk), OpenInference's, the AI SDK's
_FIRST_CHUNK = (
    "gen_ai.content.completion.chunk",
    "llm.content.completion.chunk",  # OpenLLMetry's before its 0.4x
    "First Token Stream Event",
    "ai.stream.firstChunk",
)
# OpenLLMetry's llm.request.type (before gen_ai.operation.name) -> the operation
_REQUEST_TYPES = {"chat": "chat", "completion": "text_completion", "embedding": "embeddings"}


_NANOS = {"type": ["string", "integer"], "pattern": "^[0-9]+$"}
_KEYVALUES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["key"],
        "properties": {"key": {"type": "string"}, "value": {"$ref": "#/$defs/value"}},
    },
}
# An attribute's AnyValue as ``value`` reads it, nested arrays and key-value lists too: a fault in one is named
# by its field ('.attributes[3].value.intValue: 'x' does not fit...'), not by Python's words for it
# ("invalid literal for int() with base 10", "'int' object has no attribute 'get'").
_ANY_VALUE = {
    "type": "object",
    "properties": {
        "stringValue": {"type": "string"},
        "intValue": {"type": ["string", "integer"], "pattern": "^-?[0-9]+$"},
        "doubleValue": {"type": ["number", "string"], "pattern": "^(-?Infinity|NaN|[-+0-9.eE]+)$"},
        "boolValue": {"type": "boolean"},
        "arrayValue": {
            "type": "object",
            "properties": {"values": {"type": "array", "items": {"$ref": "#/$defs/value"}}},
        },
        "kvlistValue": {"type": "object", "properties": {"values": _KEYVALUES}},
        "bytesValue": {"type": "string", "pattern": "^[A-Za-z0-9+/]*={0,2}$"},
    },
}
# The fields of a GenAI span the import reads (OTLP JSON encodes 64-bit integers as decimal strings).
SPAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["startTimeUnixNano"],
    "properties": {
        "startTimeUnixNano": _NANOS,
        "endTimeUnixNano": _NANOS,
        "attributes": _KEYVALUES,
        "events": {"type": "array", "items": {"type": "object", "properties": {"attributes": _KEYVALUES}}},
        "status": {"type": "object"},
    },
    "$defs": {"value": _ANY_VALUE},
}


def read_otlp(path: Path, text: str | None = None) -> Iterator[Exchange]:
    """Exchanges of the GenAI client spans in the OTLP JSON file at ``path`` (or in ``text``, its content): one
    document, or one a line, read a line at a time (what is held: the spans that ended before they started, named
    in a warning)."""
    return _exchanges(path, _documents(path, None if text is None else text.encode()))


def _documents(path: Path, data: bytes | None) -> Iterator[dict[str, Any]]:
    """The OTLP JSON documents of a file (or of ``data``): its one document, or one a line; ImportFormatError for
    one that is none."""
    one, lines = one_document(
        path, "an OTLP JSON line", "; one document a line, as the collector's file exporter writes", data
    )
    for n, doc in enumerate([one.doc] if one is not None else (d for _, d in lines), 1):
        if not isinstance(doc, dict) or not isinstance(doc.get("resourceSpans"), list):
            raise ImportFormatError(f"{path}: document {n} has no resourceSpans list; is it OTLP JSON traces?")
        yield doc


def _items(path: Path, parent: Any, keys: tuple[str, ...], where: str) -> list[Any]:
    """The list at the first of ``keys`` in ``parent`` (an object), none when absent; ImportFormatError
    naming ``where`` for another shape."""
    if not isinstance(parent, dict):
        raise ImportFormatError(f"{path}: {where} is not an object; is it OTLP JSON traces?")
    items = next((parent[k] for k in keys if parent.get(k)), [])
    if not isinstance(items, list):
        raise ImportFormatError(f"{path}: {where}.{keys[0]} is not a list; is it OTLP JSON traces?")
    return items


def _exchanges(path: Path, docs: Iterator[dict[str, Any]]) -> Iterator[Exchange]:
    backwards: list[str] = []  # spans whose endTimeUnixNano is before their startTimeUnixNano
    for d, doc in enumerate(docs):
        line = f" of line {d + 1}" if d else ""
        for r, rs in enumerate(doc["resourceSpans"]):
            scopes = _items(path, rs, ("scopeSpans", "instrumentationLibrarySpans"), f"resourceSpans[{r}]{line}")
            for s, ss in enumerate(scopes):
                for k, span in enumerate(_items(path, ss, ("spans",), f"resourceSpans[{r}].scopeSpans[{s}]{line}")):
                    where = f"resourceSpans[{r}].scopeSpans[{s}].spans[{k}]{line}"
                    try:
                        call = _call(span)
                        ex = None if call is None else to_exchange(call, "otlp")
                    except (KeyError, TypeError, ValueError, AttributeError) as e:
                        what = problem(span, SPAN_SCHEMA, e)
                        raise ImportFormatError(f"{path}: {where} is not an OTLP span: span{what}") from None
                    # at or before 1970: a clock unset, or an edit; after 5138 (a start in microseconds' digits
                    # too many) it was "would not read back as a capture record", naming the span's id, no fix
                    if call is not None and not 0 < call.start < LAST_START:
                        start = quoted(span["startTimeUnixNano"])
                        raise ImportFormatError(
                            f"{path}: {where}.startTimeUnixNano: {start} is no time after 1970 and before 5138"
                            " (nanoseconds since the Unix epoch); correct the span or leave it out"
                        )
                    if call is not None and call.duration is None and int(span.get("endTimeUnixNano") or 0):
                        backwards.append(where)
                    if ex is not None:
                        yield ex
    if backwards:
        # Imported, as OTLP back ends keep such a span with a duration of 0 (OpenObserve #14368) and the JS SDK
        # records it so with a warning (opentelemetry-js #3327): the call happened, its start orders it; only
        # its latency is unknown, so said, not dropped or refused (it was dropped silently: no duration)
        warn(
            f"{path}: {len(backwards):,} span(s) end before they start (the first: {backwards[0]}); imported "
            "without a duration (a clock stepped back while it ran?)"
        )


def value(v: dict[str, Any]) -> Any:
    """An OTLP AnyValue as a Python value (intValue is a decimal string in OTLP JSON)."""
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        number = int(v["intValue"])
        if not -(2**63) <= number < 2**63:  # OTLP's is 64 bits; a capture (JSON) holds no more
            raise ValueError(f"intValue of {len(str(abs(number)))} digits is outside 64 bits")
        return number
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "boolValue" in v:
        return bool(v["boolValue"])
    if "arrayValue" in v:
        return [value(x) for x in (v["arrayValue"].get("values") or ())]
    if "kvlistValue" in v:
        return attributes(v["kvlistValue"].get("values") or ())
    if "bytesValue" in v:
        return base64.b64decode(v["bytesValue"])
    return None


def attributes(items: Any) -> dict[str, Any]:
    return {a["key"]: value(a.get("value") or {}) for a in items or ()}


def _is_call(span: dict[str, Any], attrs: dict[str, Any]) -> bool:
    if openinference.operation(attrs) or aisdk.operation(attrs):  # INTERNAL spans of their own conventions
        return True
    if not any(k in attrs for k in ("gen_ai.system", "gen_ai.provider.name", "gen_ai.request.model")):
        return False
    if attrs.get("gen_ai.operation.name") in _NOT_CALLS:
        return False
    kind = span.get("kind")
    return kind in _CLIENT or (kind in _UNSET and "gen_ai.request.model" in attrs)


def _call(span: dict[str, Any]) -> LLMCall | None:
    attrs = attributes(span.get("attributes"))
    if not _is_call(span, attrs):
        return None
    start, end = int(span["startTimeUnixNano"]), int(span.get("endTimeUnixNano") or 0)
    provider = str(attrs.get("gen_ai.provider.name") or attrs.get("gen_ai.system") or "openai").lower()
    call = LLMCall(
        id=f"otlp-{span.get('traceId', '')}-{span.get('spanId', '')}",
        start=start / 1e9,
        duration=(end - start) / 1e9 if end >= start > 0 else None,
        provider="anthropic" if provider.startswith("anthropic") else provider,
        operation=_operation(attrs, provider),
        model=attrs.get("gen_ai.request.model"),
        response_model=attrs.get("gen_ai.response.model"),
        response_id=attrs.get("gen_ai.response.id"),
        input_tokens=_first(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
        output_tokens=_first(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
        host=attrs.get("server.address"),
        port=_port(attrs.get("server.port")),
        url=attrs.get("url.full") or attrs.get("http.url"),
        meta={"trace_id": span.get("traceId"), "span_id": span.get("spanId")},
    )
    if provider in AZURE_INFERENCE and call.model == "chat" and span.get("name") == "chat":
        call.model = None  # the azure-ai-inference SDK's model for a call given none (its span named "chat" too)
    call.params = {p: _param(p, attrs[f"gen_ai.request.{p}"]) for p in _PARAMS if f"gen_ai.request.{p}" in attrs}
    ttfb = _first(attrs, "gen_ai.response.time_to_first_chunk", "gen_ai.server.time_to_first_token")
    call.ttfb = float(ttfb) if ttfb is not None else None
    reasons = attrs.get("gen_ai.response.finish_reasons")
    call.finish_reason = reasons[0] if isinstance(reasons, list) and reasons else None
    call.messages, call.output, reason = _content(attrs, span.get("events") or (), call.tool_calls)
    call.tools = _offered(attrs)
    call.finish_reason = call.finish_reason or reason
    if openinference.KIND in attrs:
        openinference.fill(call, attrs)
    if aisdk.OPERATION_ID in attrs:
        aisdk.fill(call, attrs)
    if call.finish_reason is not None:  # an instrumentation's enum number (3) is a reason all the same
        call.finish_reason = _REASONS.get(str(call.finish_reason), str(call.finish_reason))
    _streaming(call, span, attrs)
    _base_url(call, attrs)
    status = attrs.get("http.response.status_code") or attrs.get("http.status_code")
    call.status = int(status) if status is not None else None
    if (span.get("status") or {}).get("code") in (2, "STATUS_CODE_ERROR"):
        call.error = (span.get("status") or {}).get("message") or str(attrs.get("error.type") or "error")
        if call.status is not None and call.status < 400:
            call.status = None
        # the OpenAI and Anthropic clients' "Error code: 429 - {...}" (after the exception's name: OpenInference's)
        sdk = _SDK_STATUS.search(call.error)
        if call.status is None and sdk is not None:
            call.status = int(sdk.group(1))
    return call


def _offered(attrs: dict[str, Any]) -> list[Tool]:
    """The tools the request offered: semconv's ``gen_ai.tool.definitions`` (a JSON array of ``{type: function,
    name, description, parameters}``, OpenLLMetry's newer spans too), else OpenLLMetry's older
    ``llm.request.functions.N.name`` / ``.description`` / ``.parameters`` (Anthropic's: ``.input_schema``)."""
    defined = _json(attrs.get("gen_ai.tool.definitions"))
    found = [tool_of(d) for d in _listed(defined)]
    i = 0
    while not defined and f"llm.request.functions.{i}.name" in attrs:
        at = f"llm.request.functions.{i}."
        found.append(tool_of({k: attrs.get(at + k) for k in ("name", "description", "parameters", "input_schema")}))
        i += 1
    return [t for t in found if t is not None]


def _operation(attrs: dict[str, Any], provider: str) -> str:
    """``gen_ai.operation.name``, else OpenLLMetry's older ``llm.request.type`` (chat, completion, embedding):
    an embedding was written as a chat on /v1/chat/completions. Its Anthropic instrumentation calls a Messages
    call a completion: that is a chat."""
    if named := attrs.get("gen_ai.operation.name"):
        return str(named)
    kind = _REQUEST_TYPES.get(str(attrs.get("llm.request.type")), "chat")
    return "chat" if kind == "text_completion" and provider.startswith("anthropic") else kind


def _streaming(call: LLMCall, span: dict[str, Any], attrs: dict[str, Any]) -> None:
    """OpenLLMetry's ``gen_ai.is_streaming`` (``llm.is_streaming`` before): a streamed request; the first
    chunk's event (OpenLLMetry's, OpenInference's) times its first byte."""
    if "stream" not in call.params and _first(attrs, "gen_ai.is_streaming", "llm.is_streaming") in (True, "true"):
        call.params["stream"] = True
    first = next((e for e in span.get("events") or () if e.get("name") in _FIRST_CHUNK), None)
    at = int((first or {}).get("timeUnixNano") or 0) / 1e9 - call.start
    if call.ttfb is None and first is not None and 0 <= at <= (call.duration or 0):
        call.ttfb = at


def _base_url(call: LLMCall, attrs: dict[str, Any]) -> None:
    """OpenLLMetry's ``gen_ai.openai.api_base``: the client's base URL (an OpenAI-compatible server's, Azure's
    resource); where the call went, when the span has no ``url.full`` or ``server.address``."""
    base = attrs.get("gen_ai.openai.api_base")
    parts = urlsplit(base) if isinstance(base, str) and call.url is None and call.host is None else None
    if parts is not None and parts.hostname:
        call.base_url, call.host, call.port = base, parts.hostname, parts.port


def _param(name: str, v: Any) -> Any:
    """A request parameter as the API takes it: a number an instrumentation wrote as a string ("200") read as one,
    ``stream`` a boolean; ValueError names any other (replayed as it stood, staging refuses every such request)."""
    if name == "stream":
        if isinstance(v, bool) or v in ("true", "false"):
            return v if isinstance(v, bool) else v == "true"
    elif isinstance(v, int | float) and not isinstance(v, bool):
        return v
    elif isinstance(v, str):
        try:
            return int(v) if v.strip().lstrip("-").isdigit() else float(v)
        except ValueError:
            pass
    raise ValueError(f"attribute gen_ai.request.{name} {v!r} is not a {'boolean' if name == 'stream' else 'number'}")


def _port(v: Any) -> int | None:
    """``server.port`` as a number (an instrumentation may write it as a string); ValueError if it is no port."""
    if v is None:
        return None
    port = int(v) if isinstance(v, str) and v.isdigit() else v
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError(f"attribute server.port {v!r} is not a port number")
    return port


def _first(attrs: dict[str, Any], *keys: str) -> Any:
    return next((attrs[k] for k in keys if attrs.get(k) is not None), None)


def _parts_text(parts: Any) -> str:
    """The text of semconv message parts ``[{"type": "text", "content": ...}, ...]`` (or a plain string)."""
    if isinstance(parts, str):
        return parts
    out = []
    for p in _listed(parts):
        if isinstance(p, dict) and p.get("type", "text") == "text":
            text = p.get("content", p.get("text"))
            out.append("" if text is None else str(text))  # a null content is no text, not "None"
    return "".join(out)


def _listed(value: Any) -> list[Any]:
    """``value`` if it is a list, else none: a trace's messages or parts of another shape (a number, an
    object) hold no text this import reads, as unparsed JSON holds none."""
    return value if isinstance(value, list) else []


def _json(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return raw
    return raw


def _tool_calls(parts: list[Any]) -> list[dict[str, Any]]:
    """The ``tool_call`` parts of a semconv message as OpenAI's ``tool_calls`` (arguments as JSON text)."""
    out = []
    for p in parts:
        if isinstance(p, dict) and p.get("type") == "tool_call":
            args = p.get("arguments")
            args = args if isinstance(args, str) else orjson.dumps(args if args is not None else {}).decode()
            fn = {"name": str(p.get("name") or ""), "arguments": args}
            out.append({"id": str(p.get("id") or f"call_{len(out)}"), "type": "function", "function": fn})
    return out


def _indexed_calls(attrs: dict[str, Any], at: str) -> list[dict[str, Any]]:
    """OpenLLMetry's ``{at}.tool_calls.N.id``, ``.name``, ``.arguments`` as OpenAI's ``tool_calls``."""
    out: list[dict[str, Any]] = []
    while f"{at}.tool_calls.{len(out)}.name" in attrs:
        call = f"{at}.tool_calls.{len(out)}"
        fn = {"name": str(attrs[f"{call}.name"]), "arguments": str(attrs.get(f"{call}.arguments") or "{}")}
        out.append({"id": str(attrs.get(f"{call}.id") or f"call_{len(out)}"), "type": "function", "function": fn})
    return out


def _message(role: str, parts: list[Any]) -> list[dict[str, Any]]:
    """A semconv input message as chat messages: its text with its tool calls, or one ``tool`` message per
    ``tool_call_response`` part (OpenAI's shape; ``llmcall`` writes Anthropic's from it)."""
    answers = [p for p in parts if isinstance(p, dict) and p.get("type") == "tool_call_response"]
    if answers:
        return [
            {"role": "tool", "tool_call_id": str(p.get("id") or ""), "content": _response_text(p.get("response"))}
            for p in answers
        ]
    message: dict[str, Any] = {"role": role, "content": _parts_text(parts)}
    calls = _tool_calls(parts)
    if calls:
        message["tool_calls"] = calls
    return [message]


def _response_text(response: Any) -> str:
    return response if isinstance(response, str) else orjson.dumps(response).decode()


def _event_attributes(event: dict[str, Any]) -> dict[str, Any]:
    """An event's attributes. The azure-ai-inference SDK's (``az.ai.inference``) put the event's body in one, as
    JSON: ``gen_ai.event.content`` (a message's ``{"role", "content"}``, a choice's ``{"message",
    "finish_reason", "index"}``); its fields are read as the attributes they stand for."""
    attrs = attributes(event.get("attributes"))
    body = _json(attrs.get("gen_ai.event.content"))
    return attrs | body if isinstance(body, dict) else attrs


def _content(
    attrs: dict[str, Any], events: Any, tools: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """The prompt messages, the answer's text and finish reason, from whichever shape the span has; the
    answer's tool calls are added to ``tools``."""
    messages: list[dict[str, Any]] = []
    output: str | None = None
    reason = None
    system = _json(attrs.get("gen_ai.system_instructions"))
    if system:
        messages.append({"role": "system", "content": _parts_text(system)})
    for m in _listed(_json(attrs.get("gen_ai.input.messages"))):
        if isinstance(m, dict):
            messages.extend(_message(str(m.get("role", "user")), _listed(m.get("parts"))))
    outs = [m for m in _listed(_json(attrs.get("gen_ai.output.messages"))) if isinstance(m, dict)]
    if outs:
        output, reason = _parts_text(outs[0].get("parts")), outs[0].get("finish_reason")
        tools.extend(_tool_calls(_listed(outs[0].get("parts"))))
    i = 0
    while any(f"gen_ai.prompt.{i}.{k}" in attrs for k in ("content", "role", "tool_calls.0.name")):
        at = f"gen_ai.prompt.{i}"
        message = {"role": str(attrs.get(f"{at}.role", "user")), "content": str(attrs.get(f"{at}.content", ""))}
        if f"{at}.tool_call_id" in attrs:
            message["tool_call_id"] = str(attrs[f"{at}.tool_call_id"])
        if calls := _indexed_calls(attrs, at):
            message["tool_calls"] = calls
        messages.append(message)
        i += 1
    if output is None and any(f"gen_ai.completion.0.{k}" in attrs for k in ("content", "tool_calls.0.name")):
        output = str(attrs.get("gen_ai.completion.0.content", ""))
        reason = attrs.get("gen_ai.completion.0.finish_reason")
        tools.extend(_indexed_calls(attrs, "gen_ai.completion.0"))
    for ev in events:
        e_attrs = _event_attributes(ev)
        name = ev.get("name", "")
        if name in _ROLE_EVENTS:
            messages.append({"role": _ROLE_EVENTS[name], "content": _parts_text(_json(e_attrs.get("content", "")))})
        elif name == "gen_ai.content.prompt":
            for m in _listed(_json(e_attrs.get("gen_ai.prompt"))):
                if isinstance(m, dict):
                    messages.append({"role": str(m.get("role", "user")), "content": _parts_text(m.get("content"))})
        elif name == "gen_ai.choice" and output is None:
            message = _json(e_attrs.get("message")) or {}
            body = message.get("content") if isinstance(message, dict) else message
            output, reason = _parts_text(_json(body or e_attrs.get("content", ""))), e_attrs.get("finish_reason")
            calls = message.get("tool_calls") if isinstance(message, dict) else None
            tools.extend(
                c for c in _listed(_json(calls)) if isinstance(c, dict) and isinstance(c.get("function"), dict)
            )
        elif name == "gen_ai.content.completion" and output is None:
            done = _json(e_attrs.get("gen_ai.completion"))
            first = done[0] if isinstance(done, list) and done else done
            output = _parts_text(first.get("content") if isinstance(first, dict) else first)
    return messages, output, reason
