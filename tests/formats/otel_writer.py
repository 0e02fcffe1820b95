"""Write a real OTLP JSON trace: the official ``openai`` client instrumented by OpenTelemetry's own
``opentelemetry-instrumentation-openai-v2`` (latest GenAI conventions, content on the span), exported by
the SDK's OTLP JSON file exporter, calling a model API at BASE_URL.

    OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental \\
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=span_only python -m tests.formats.otel_writer BASE_URL OUT

Its own process: the instrumentation patches the ``openai`` module for good. Calls, in order: a chat with
max_tokens and temperature, a streamed chat, a chat cut by max_tokens, a chat naming a model that does not
exist (404). With ``--tools OUT``, the calls of ``tools``.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where they are used: tests/formats/test_otlp.py imports ENV, and collection would pay
    from opentelemetry.sdk.trace import TracerProvider

# What the instrumentation reads from the environment (set by the caller: some is read at import time).
ENV = {
    "OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental",
    "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "span_only",
}

SYSTEM = "Context:\n[article:password-reset] Resetting your password\nOn the sign-in page select Forgot password."
QUESTIONS = ("How do I reset my password? Mail me at bob.jones@example.org", "I forgot my password", "reset it")


def traced(out: str) -> TracerProvider:
    """The OpenAI client instrumented, its spans exported to the file ``out`` as they end."""
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.json.file import FileSpanExporter
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor

    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(FileSpanExporter(out)))
    trace.set_tracer_provider(provider)
    OpenAIInstrumentor().instrument()
    return provider


def main(base_url: str, out: str) -> None:
    import openai

    provider = traced(out)
    client = openai.OpenAI(base_url=base_url + "/v1", api_key="sk-test-abcdefghijklmnop1234", max_retries=0)
    chats = [[{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}] for q in QUESTIONS]
    model = "support-mini-2024-07"
    client.chat.completions.create(model=model, messages=chats[0], max_tokens=50, temperature=0.2)
    for _ in client.chat.completions.create(model=model, messages=chats[1], stream=True):
        pass
    client.chat.completions.create(model=model, messages=chats[2], max_tokens=3)
    with contextlib.suppress(openai.NotFoundError):
        client.chat.completions.create(model="no-such-model", messages=chats[2])
    provider.shutdown()


TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}}]


def tools(out: str) -> None:
    """``--tools OUT``: against tests/llmworld.py (served here), a chat answered by a tool call, the chat that
    answers it with the tool's result, and an embeddings call."""
    import openai

    from tests.conftest import serving
    from tests.llmworld import ModelAPI

    provider = traced(out)
    with serving(ModelAPI()) as api:
        client = openai.OpenAI(base_url=api.url + "/v1", api_key="sk-test-abcdefghijklmnop1234", max_retries=0)
        asked = [{"role": "user", "content": "Weather in Paris? I am bob.jones@example.org"}]
        call = client.chat.completions.create(model="gpt-4o-mini", messages=asked, tools=TOOLS)
        made = call.choices[0].message.tool_calls[0]
        answered = [*asked, call.choices[0].message.model_dump(exclude_none=True)]
        answered.append({"role": "tool", "tool_call_id": made.id, "content": "sunny, 21 C"})
        client.chat.completions.create(model="gpt-4o-mini", messages=answered, tools=TOOLS)
        client.embeddings.create(model="text-embedding-3-small", input="where is my parcel")
    provider.shutdown()


if __name__ == "__main__":
    tools(sys.argv[2]) if sys.argv[1] == "--tools" else main(sys.argv[1], sys.argv[2])
