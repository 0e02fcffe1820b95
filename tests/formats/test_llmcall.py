"""A model call read from a trace, written back as the HTTP exchange its provider's API takes."""

from __future__ import annotations

from botocore.eventstream import EventStreamBuffer

from replay.formats.call import LLMCall
from replay.formats.llmcall import to_exchange
from replay.judge.reply import parse_reply


def _url(**kw: object) -> str:
    return to_exchange(LLMCall("c1", 1.0, **kw), "otlp").request.url  # type: ignore[arg-type]


def test_each_provider_s_path() -> None:
    assert _url() == "https://api.openai.com/v1/chat/completions"
    assert _url(provider="anthropic") == "https://api.anthropic.com/v1/messages"
    assert _url(operation="embeddings", host="127.0.0.1", port=8080) == "http://127.0.0.1:8080/v1/embeddings"


def test_azure_openai_calls_go_to_its_v1_api() -> None:
    """Azure OpenAI takes OpenAI's operations under /openai (its v1 API, the deployment the body's model), by either
    of its provider names or its resource's host; OpenAI's bare /v1 is no path there."""
    assert _url(provider="azure.ai.openai") == "https://openai.azure.com/openai/v1/chat/completions"
    assert _url(provider="az.ai.openai", operation="embeddings") == "https://openai.azure.com/openai/v1/embeddings"
    assert _url(host="prod-eu.openai.azure.com") == "https://prod-eu.openai.azure.com/openai/v1/chat/completions"
    given = "https://prod-eu.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
    assert _url(provider="azure.ai.openai", url=given) == given


def test_azure_ai_inference_calls_go_to_its_model_inference_api() -> None:
    """The azure-ai-inference SDK's calls (``az.ai.inference``, semconv's ``azure.ai.inference``) were given OpenAI's
    /v1 path. The SDK posts to its endpoint's /chat/completions (/embeddings) with api-version 2024-05-01-preview:
    an AI Foundry resource's endpoint is NAME.services.ai.azure.com/models; a serverless deployment's and GitHub
    Models' serve at the root; one on an Azure OpenAI resource is Azure OpenAI's."""
    version = "?api-version=2024-05-01-preview"
    foundry = "https://services.ai.azure.com/models/chat/completions" + version
    assert _url(provider="az.ai.inference") == _url(provider="azure.ai.inference") == foundry
    assert _url(provider="az.ai.inference", host="prod.services.ai.azure.com", operation="embeddings") == (
        "https://prod.services.ai.azure.com/models/embeddings" + version
    )
    serverless = "Phi-3-5-mini-instruct-rivhp.southcentralus.models.ai.azure.com"
    assert _url(provider="az.ai.inference", host=serverless) == f"https://{serverless}/chat/completions{version}"
    assert _url(provider="az.ai.inference", host="models.inference.ai.azure.com").endswith(
        ".com/chat/completions" + version
    )
    assert (
        _url(provider="az.ai.inference", host="eu.openai.azure.com")
        == "https://eu.openai.azure.com/openai/v1/chat/completions"
    )


def test_a_streamed_bedrock_call_answers_in_converse_streams_frames() -> None:
    """A streamed call goes to ``converse-stream`` and answers in event stream frames, read as boto3 reads them:
    the text, a tool use, the stop reason (OpenAI's ``length`` as Bedrock's ``max_tokens``) and the usage."""
    tool = {"id": "tooluse_9", "type": "function", "function": {"name": "get_time", "arguments": '{"tz":"UTC"}'}}
    asked = [{"role": "user", "content": "Time?"}]
    call = LLMCall("c1", 0.0, provider="aws.bedrock", model="us.amazon.nova-lite-v1:0", output="It is",
                   tool_calls=[tool], finish_reason="length", input_tokens=9, output_tokens=2,
                   messages=asked, params={"stream": True, "max_tokens": 2})  # fmt: skip
    ex = to_exchange(call, "test")
    assert (
        ex.request.url
        == "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.amazon.nova-lite-v1%3A0/converse-stream"
    )
    assert ex.response is not None and ex.response.body is not None
    buf = EventStreamBuffer()
    buf.add_data(ex.response.body.to_bytes())
    kinds = [m.headers[":event-type"] for m in buf]
    assert kinds[0] == "messageStart" and kinds[-2:] == ["messageStop", "metadata"]
    body = {"text": ex.response.body.text, "encoding": ex.response.body.encoding}
    reply = parse_reply(200, ex.response.headers, body)
    assert (reply.answer, reply.finish_reason, reply.output_tokens, reply.ended) == ("It is", "max_tokens", 2, True)
    assert [(t.name, t.arguments) for t in reply.tool_calls] == [("get_time", '{"tz":"UTC"}')]
