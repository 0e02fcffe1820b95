"""What a trace or log says about one model call (``LLMCall``), which ``replay.formats.llmcall`` writes back as the
HTTP exchange it was (``replay.formats.converse`` as Bedrock's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["LLMCall"]


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
