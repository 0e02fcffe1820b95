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

from tests.llmworld.common import ANSWER, CUSTOM_INPUT, JSON_ANSWER, REFUSAL, SIGNATURE
from tests.llmworld.server import ModelAPI, _Handler

__all__ = ["ANSWER", "CUSTOM_INPUT", "JSON_ANSWER", "REFUSAL", "SIGNATURE", "ModelAPI", "_Handler"]
