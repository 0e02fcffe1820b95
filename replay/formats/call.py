"""What a trace or log says about one model call (``LLMCall``), which ``replay.formats.llmcall`` writes back as the
HTTP exchange it was (``replay.formats.converse`` as Bedrock's); the tools its request offered (``Tool``) and which
it let the model call (``ToolChoice``), read from whichever API's shape the trace kept them in (``tool_of``,
``choice_of``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

__all__ = ["API_PARAMS", "LLMCall", "Tool", "ToolChoice", "choice_of", "tool_of"]

# The request parameters of the APIs a call is written back to (OpenAI's chat, completions, embeddings and
# responses, Anthropic's messages): a trace's (OpenInference's llm.invocation_parameters, a LangSmith run's
# invocation_params) hold a framework's own beside them (LangChain's "_type", "model_name", a null "stop"), which
# the API refuses ("Unrecognized request argument")
API_PARAMS = frozenset(
    [
        "max_tokens",
        "max_completion_tokens",
        "max_output_tokens",
        "temperature",
        "top_p",
        "top_k",
        "n",
        "stop",
        "stop_sequences",
        "seed",
        "presence_penalty",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "stream",
        "stream_options",
        "response_format",
        "tools",
        "tool_choice",
        "parallel_tool_calls",
        "user",
        "reasoning_effort",
        "reasoning",
        "service_tier",
        "store",
        "metadata",
        "modalities",
        "prediction",
        "thinking",
        "text",
        "truncation",
        "dimensions",
        "encoding_format",
        "suffix",
        "echo",
        "best_of",
    ]
)
# Anthropic's and the AI SDK's tool_choice types in OpenAI's words (Anthropic's "any": some tool, which one not said)
_MODES = {"auto": "auto", "none": "none", "required": "required", "any": "required"}


@dataclass(frozen=True, slots=True)
class Tool:
    """A function a request offered the model: its name, what it does, the JSON Schema of its arguments."""

    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ToolChoice:
    """Which tool the request let the model call: ``auto``, ``none``, ``required`` (some tool) or ``tool``
    (the one ``name``d)."""

    mode: Literal["auto", "none", "required", "tool"]
    name: str | None = None


def _decoded(raw: Any) -> Any:
    """``raw``, or the JSON it holds when it is a string (traces keep objects as JSON text)."""
    if not isinstance(raw, str | bytes):
        return raw
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw


def tool_of(raw: Any) -> Tool | None:
    """A function tool as a trace records it (an object or its JSON), in any API's shape: OpenAI chat's
    ``{type: function, function: {name, description, parameters}}``, the Responses API's and OpenTelemetry's
    flat ``{type: function, name, parameters}``, Anthropic's ``{name, description, input_schema}``, the AI SDK's
    ``{type: function, name, inputSchema}``; None for another (a provider's built-in tool: web search, code
    execution, whose definition no other API takes) or one with no name."""
    raw = _decoded(raw)
    if not isinstance(raw, dict) or raw.get("type", "function") not in ("function", "custom"):
        return None
    fn = raw["function"] if isinstance(raw.get("function"), dict) else raw
    name, about = fn.get("name"), fn.get("description")
    if not isinstance(name, str) or not name or (raw.get("type") == "custom" and "input_schema" not in fn):
        return None  # OpenAI's "custom" is a free-form tool; Anthropic's client tools may say "custom" too
    schema = next(
        (s for k in ("parameters", "input_schema", "inputSchema") if isinstance(s := _decoded(fn.get(k)), dict)), None
    )
    return Tool(name, about if isinstance(about, str) and about else None, schema)


def choice_of(raw: Any) -> ToolChoice | None:
    """A request's tool choice as a trace records it, in any API's shape: OpenAI's ``"auto"`` / ``"none"`` /
    ``"required"`` or ``{type: function, function: {name}}`` (the Responses API's ``{type: function, name}``),
    Anthropic's ``{type: auto | any | none | tool, name}``, the AI SDK's ``{type: ..., toolName}``; None for
    another."""
    raw = _decoded(raw)
    if isinstance(raw, str):
        mode = _MODES.get(raw)
        return ToolChoice(mode) if mode else None  # type: ignore[arg-type]
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    if kind in _MODES:
        return ToolChoice(_MODES[kind])  # type: ignore[arg-type]
    fn = raw["function"] if isinstance(raw.get("function"), dict) else raw
    name = fn.get("name", raw.get("toolName"))
    return ToolChoice("tool", name) if kind in ("function", "tool") and isinstance(name, str) and name else None


@dataclass(slots=True)
class LLMCall:
    """What a trace or log says about one model call."""

    id: str
    start: float  # epoch s
    duration: float | None = None  # s
    ttfb: float | None = None  # s to the first chunk, when known
    provider: str = "openai"
    operation: str = "chat"
    model: str | None = None
    # {"role", "content"}, system included, in OpenAI's shape: an assistant's "tool_calls", a "tool" message's
    # "tool_call_id"
    messages: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # max_tokens, temperature, top_p, stream, ...
    tools: list[Tool] = field(default_factory=list)  # the functions the request offered
    tool_choice: ToolChoice | None = None
    output: str | None = None  # the answer's text; None when the trace kept no content
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # the answer's, in OpenAI's shape
    finish_reason: str | None = None  # OpenAI's words: stop, length, tool_calls, content_filter
    input_tokens: int | None = None
    output_tokens: int | None = None
    response_id: str | None = None
    response_model: str | None = None
    status: int | None = None  # HTTP status, when known (a failed call may say only ``error``)
    error: str | None = None
    host: str | None = None  # server.address
    port: int | None = None
    url: str | None = None  # the full URL, when the trace has it
    base_url: str | None = None  # the client's base URL (https://HOST/v1), when the trace has it and not ``url``
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def anthropic(self) -> bool:
        return self.provider == "anthropic"
