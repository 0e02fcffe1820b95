"""OpenInference's spans (Arize Phoenix's instrumentations: ``openinference-instrumentation-openai``,
``-anthropic``, ``-langchain``...) as the model calls they record (``LLMCall``).

Their conventions are their own, not OpenTelemetry's GenAI ones, and their spans are INTERNAL, not CLIENT:

    openinference.span.kind       LLM (a chat or completion call) or EMBEDDING
    llm.system / llm.provider     openai, anthropic, ... / openai, azure, aws, ...
    llm.model_name                the model; embedding.model_name for an embedding
    llm.invocation_parameters     the call's parameters as JSON (model, max_tokens, temperature, stream, ...)
    llm.input_messages.N.message.role / .content (or .contents.M.message_content.text), .tool_call_id,
                                  .tool_calls.M.tool_call.id / .function.name / .function.arguments
    llm.output_messages.N.message...   the answer, in the same shape
    llm.token_count.prompt / .completion, llm.finish_reason
    llm.tools.N.tool.json_schema  a tool offered, as JSON in its API's shape (OpenAI's, Anthropic's)
    output.value                  the response body as JSON (output.mime_type application/json): its id
    embedding.embeddings.N.embedding.text   an embedding's inputs
    llm.prompts.N.prompt.text     a completion's prompts (OpenAI's legacy /v1/completions)
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from replay.formats.call import API_PARAMS, LLMCall, choice_of, tool_of

__all__ = ["KIND", "fill", "operation"]

KIND = "openinference.span.kind"
# The span kinds that are model calls, and the LLMCall operation of each
_OPERATIONS = {"LLM": "chat", "EMBEDDING": "embeddings"}
# llm.provider values that name where the call went, not whose model it was (llm.system says that)
_PROVIDERS = {"azure": "azure.ai.openai"}


def operation(attrs: dict[str, Any]) -> str | None:
    """The operation of an OpenInference model-call span (``chat``, ``text_completion``: an LLM span of
    ``llm.prompts``, ``embeddings``), None for another span."""
    found = _OPERATIONS.get(str(attrs.get(KIND, "")).upper())
    return "text_completion" if found == "chat" and any(k.startswith("llm.prompts.") for k in attrs) else found


def fill(call: LLMCall, attrs: dict[str, Any]) -> None:
    """Fill what ``call`` does not know yet from an OpenInference span's ``attrs`` (GenAI attributes first)."""
    call.operation = operation(attrs) or call.operation
    provider = str(attrs.get("llm.provider") or "").lower()
    if not call.provider or call.provider == "openai":
        call.provider = _PROVIDERS.get(provider) or str(attrs.get("llm.system") or provider or "openai").lower()
    embedding = call.operation == "embeddings"
    params = _json(attrs.get("embedding.invocation_parameters" if embedding else "llm.invocation_parameters"))
    params = params if isinstance(params, dict) else {}
    named = attrs.get("embedding.model_name" if embedding else "llm.model_name")
    call.model = call.model or params.get("model") or params.get("model_name") or named
    call.response_model = call.response_model or attrs.get("llm.model_name")
    call.params = call.params or {k: v for k, v in params.items() if k in API_PARAMS and v is not None}
    # tools and tool_choice are written in the shape of the API the call goes to, not as the trace kept them
    offered = [tool_of(t.get("json_schema")) for t in _indexed(attrs, "llm.tools", "tool.")]
    offered += [tool_of(t) for t in call.params.pop("tools", None) or () if not offered]
    call.tools = call.tools or [t for t in offered if t is not None]
    call.tool_choice = call.tool_choice or choice_of(call.params.pop("tool_choice", None))
    answered = _json(attrs.get("output.value")) if attrs.get("output.mime_type") == "application/json" else None
    if isinstance(answered, dict) and call.response_id is None:  # the response body, as the API gave it
        call.response_id = answered.get("id") if isinstance(answered.get("id"), str) else None
    call.input_tokens = _int(call.input_tokens, attrs.get("llm.token_count.prompt"))
    call.output_tokens = _int(call.output_tokens, attrs.get("llm.token_count.completion"))
    if embedding or call.operation == "text_completion":
        texts = _indexed(attrs, *(("embedding.embeddings", "embedding.") if embedding else ("llm.prompts", "prompt.")))
        call.messages = call.messages or [{"role": "user", "content": str(t.get("text", ""))} for t in texts]
        choices = answered.get("choices") if isinstance(answered, dict) else None
        first = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
        if call.output is None and isinstance(first.get("text"), str):  # a completion's answer: its response's
            call.output, call.finish_reason = first["text"], call.finish_reason or first.get("finish_reason")
        return
    call.messages = call.messages or [_message(m) for m in _indexed(attrs, "llm.input_messages", "message.")]
    outs = _indexed(attrs, "llm.output_messages", "message.")
    if call.output is None and outs:
        answer = _message(outs[0])
        call.output = answer["content"]
        call.tool_calls.extend(answer.get("tool_calls", ()))
    call.finish_reason = call.finish_reason or attrs.get("llm.finish_reason")


def _indexed(attrs: dict[str, Any], prefix: str, inner: str) -> list[dict[str, Any]]:
    """``{prefix}.N.{inner}field`` attributes as one dict of fields per N, in N's order (dotted fields kept)."""
    found: dict[int, dict[str, Any]] = {}
    pattern = re.compile(rf"{re.escape(prefix)}\.(\d+)\.{re.escape(inner)}(.+)")
    for key, v in attrs.items():
        if m := pattern.fullmatch(key):
            found.setdefault(int(m.group(1)), {})[m.group(2)] = v
    return [found[n] for n in sorted(found)]


def _message(fields: dict[str, Any]) -> dict[str, Any]:
    """One OpenInference message's fields as a chat message in OpenAI's shape."""
    content = fields.get("content")
    if content is None:  # multi-part: contents.M.message_content.type / .text
        parts = _indexed(fields, "contents", "message_content.")
        content = "".join(str(p.get("text", "")) for p in parts if p.get("type", "text") == "text")
    message: dict[str, Any] = {"role": str(fields.get("role") or "user"), "content": str(content)}
    if "tool_call_id" in fields:
        message["tool_call_id"] = str(fields["tool_call_id"])
    calls = []
    for n, c in enumerate(_indexed(fields, "tool_calls", "tool_call.")):
        fn = {"name": str(c.get("function.name") or ""), "arguments": str(c.get("function.arguments") or "{}")}
        calls.append({"id": str(c.get("id") or f"call_{n}"), "type": "function", "function": fn})
    if calls:
        message["tool_calls"] = calls
    return message


def _json(raw: Any) -> Any:
    try:
        return orjson.loads(raw) if isinstance(raw, str) else raw
    except orjson.JSONDecodeError:
        return None


def _int(known: int | None, raw: Any) -> int | None:
    """``known``, else ``raw`` as a count (instrumentations write some as strings), None for no number."""
    if known is not None or raw is None:
        return known
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
