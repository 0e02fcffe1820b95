"""Write a real OTLP JSON trace: the official ``openai`` client instrumented by OpenTelemetry's own
``opentelemetry-instrumentation-openai-v2`` (latest GenAI conventions, content on the span), exported by
the SDK's OTLP JSON file exporter, calling a model API at BASE_URL.

    OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental \\
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=span_only python -m tests.formats.otel_writer BASE_URL OUT

Its own process: the instrumentation patches the ``openai`` module for good. Calls, in order: a chat with
max_tokens and temperature, a streamed chat, a chat cut by max_tokens, a chat naming a model that does not
exist (404).
"""

from __future__ import annotations

import contextlib
import sys

import openai
from opentelemetry import trace
from opentelemetry.exporter.otlp.json.file import FileSpanExporter
from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

# What the instrumentation reads from the environment (set by the caller: some is read at import time).
ENV = {
    "OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental",
    "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "span_only",
}

SYSTEM = "Context:\n[article:password-reset] Resetting your password\nOn the sign-in page select Forgot password."
QUESTIONS = ("How do I reset my password? Mail me at bob.jones@example.org", "I forgot my password", "reset it")


def main(base_url: str, out: str) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(FileSpanExporter(out)))
    trace.set_tracer_provider(provider)
    OpenAIInstrumentor().instrument()
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


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
