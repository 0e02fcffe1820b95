"""The calls a user makes with the real client SDKs, through ``replay capture`` to a model API on 127.0.0.1
(``tests/llmworld.py``, answering as each API does, whole bodies gzipped as the APIs send them), then
sampled, rehearsed against the same API and judged: every call is recorded, redacted, and judged as what
it is (an answer, a tool call, a refusal, a cut at the token limit), in production's record and in the
rehearsal.

The OpenAI SDK also calls as the enterprise and the gateways call: ``AzureOpenAI`` (a deployment's path, an
``api-version`` query, an ``api-key`` header that the rehearsal replaces with staging's, Azure's content filter) and
``OpenAI`` under a gateway's prefix (OpenRouter's ``/api/v1``).

Every SDK here is a test extra (``openai``, ``anthropic``, ``google-genai``, ``ollama``, ``mistralai``,
``cohere``), at versions that run beside mitmproxy 11's h11. For the calls of google-genai, ollama, mistralai and
cohere the test also holds what the SDK itself read (``Said``) against what replay read from the recorded bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import pytest

from replay import pipeline
from replay.capture.proxy import CaptureOptions, start_capture
from replay.config.prices import shipped_prices
from replay.exchange.read import read_exchanges
from replay.judge import Judged
from replay.judge.reply import Reply, parse_reply
from replay.util.procs import Children
from tests.conftest import replay_here, serving, wait_until
from tests.llmworld import ANSWER, CUSTOM_INPUT, JSON_ANSWER, REFUSAL, SIGNATURE, ModelAPI
from tests.llmworld.server import Signed

if TYPE_CHECKING:  # the SDKs cost ~1 CPU-s each to import: the tests that call one import it, not the collection
    import anthropic
    import cohere
    import openai
    from mistralai.client import Mistral

# A group of its own, not TIMING: nothing here is timed (what was recorded, redacted, judged, counted), and its load,
# a rehearsal of 144 rows at 40/s to a server on loopback, is lighter than the formats tests' that run beside the
# TIMING group; in that group its 10-12 s were one worker's sequential path. A group still: spread over the workers,
# each would set up the module's fixture (the calls, the capture, the rehearsal) again, 32-42 s apiece at load 8.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sdk-calls")]

KEY = "sk-proj-Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5JsAbCdEf"
GEMINI_KEY = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
MISTRAL_KEY = "q8Rk2LmZ7xW4vN1bT6yH3cJ9pD5sF0gA"
COHERE_KEY = "Xq7Lm2Rk9Zt4Wv8Np3Bc6Hd1Jf5Gs0Ty2Ka8Me4U"
AZURE_KEY = "7c3e91a0d5f24b68a1e9c0b7d2f48e35"  # an Azure OpenAI resource's key: 32 hex digits
STAGING_AZURE_KEY = "staging-azure-key-9f2b"  # what [target.headers] puts back in the rehearsal
AZURE_VERSION = "2024-10-21"
QUESTION = [{"role": "user", "content": "Where is my order? Write to jane.doe@gmail.com"}]
FN = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
TOOLS = [{"type": "function", "function": {"name": n, "parameters": FN}} for n in ("get_weather", "get_time")]


@dataclass(slots=True)
class Clients:
    openai: openai.OpenAI
    anthropic: anthropic.Anthropic
    mistral: Mistral
    cohere: cohere.ClientV2
    azure: openai.AzureOpenAI
    gateway: openai.OpenAI  # OpenRouter's prefix
    base: str
    bedrock: Any  # boto3's bedrock-runtime, signing with SigV4 (session credentials)
    bedrock_key: Any  # the same with a Bedrock API key (a bearer token)


@dataclass(frozen=True, slots=True)
class Said:
    """What an SDK read from a response: its answer text, the names of the tools it calls, its finish reason."""

    answer: str | None
    tools: tuple[str, ...]
    finish: str | None


def _chat_stream(c: Clients, **kw: Any) -> list[Any]:
    return list(c.openai.chat.completions.create(**{"model": "gpt-4o-mini", "messages": QUESTION} | kw, stream=True))


def _chat(c: Clients, **kw: Any) -> Any:
    return c.openai.chat.completions.create(**{"model": "gpt-4o-mini", "messages": QUESTION} | kw)


def _azure(c: Clients, stream: bool = False, **kw: Any) -> Any:
    """A chat completion of the deployment ``gpt-4o-prod`` (its name in the path, not in the body's model)."""
    made = c.azure.chat.completions.create(**{"model": "gpt-4o-prod", "messages": QUESTION} | kw, stream=stream)
    return list(made) if stream else made


def _filtered(c: Clients) -> str | None:
    """A prompt Azure's content filter refuses: the SDK raises its 400."""
    import openai

    with pytest.raises(openai.BadRequestError) as refused:
        _azure(c, messages=[{"role": "user", "content": "FILTER this"}])
    return refused.value.code


def _claude(c: Clients, stream: bool = False, **kw: Any) -> Any:
    kw = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": QUESTION} | kw
    if not stream:
        return c.anthropic.messages.create(**kw)
    with c.anthropic.messages.stream(**kw) as s:
        return s.get_final_message()


def _gemini(c: Clients, method: str, **kw: Any) -> Said:
    """``generate_content`` or ``generate_content_stream``, and what the SDK read from the answer."""
    from google import genai
    from google.genai import types

    g = genai.Client(api_key=GEMINI_KEY, http_options=types.HttpOptions(base_url=c.base, api_version="v1beta"))
    config = types.GenerateContentConfig(**kw)
    if method == "stream":
        chunks = list(g.models.generate_content_stream(model="gemini-2.5-flash", contents="Where?", config=config))
    else:
        chunks = [g.models.generate_content(model="gemini-2.5-flash", contents="Where?", config=config)]
    calls = tuple(f.name or "" for c in chunks for f in c.function_calls or ())
    finish = chunks[-1].candidates[0].finish_reason
    return Said("".join(c.text or "" for c in chunks), calls, finish.value if finish else None)


def _ollama(c: Clients, **kw: Any) -> Said:
    """``chat``, streamed or not, and what the SDK read from the answer."""
    import ollama

    said = ollama.Client(host=c.base).chat(model="llama3.2", messages=QUESTION, **kw)
    lines = list(said) if kw.get("stream") else [said]
    calls = tuple(t.function.name for line in lines for t in line.message.tool_calls or ())
    return Said("".join(line.message.content or "" for line in lines), calls, lines[-1].done_reason)


def _mistral(c: Clients, stream: bool = False, **kw: Any) -> Said:
    """``chat.complete`` or ``chat.stream``, and what the SDK read from the answer."""
    kw = {"model": "mistral-small-latest", "messages": QUESTION} | kw
    if not stream:
        choice = c.mistral.chat.complete(**kw).choices[0]
        calls = tuple(t.function.name for t in choice.message.tool_calls or ())
        content = choice.message.content
        return Said(content if isinstance(content, str) else None, calls, choice.finish_reason)
    texts, calls, finish = [], [], None
    for event in c.mistral.chat.stream(**kw):
        delta = event.data.choices[0].delta
        texts.append(delta.content if isinstance(delta.content, str) else "")
        calls += [t.function.name for t in delta.tool_calls or ()]
        finish = event.data.choices[0].finish_reason or finish
    return Said("".join(texts), tuple(calls), finish)


def _cohere(c: Clients, stream: bool = False, **kw: Any) -> Said:
    """ClientV2 ``chat`` or ``chat_stream``, and what the SDK read from the answer."""
    kw = {"model": "command-a-03-2025", "messages": QUESTION} | kw
    if not stream:
        reply = c.cohere.chat(**kw)
        texts = [p.text for p in reply.message.content or () if p.type == "text"]
        calls = tuple(t.function.name for t in reply.message.tool_calls or () if t.function)
        return Said("".join(texts) if texts else None, calls, reply.finish_reason)
    texts, calls, finish = [], [], None
    for event in c.cohere.chat_stream(**kw):
        if event.type == "content-delta":
            texts.append(event.delta.message.content.text)
        elif event.type == "tool-call-start":
            calls.append(event.delta.message.tool_calls.function.name)
        elif event.type == "message-end":
            finish = event.delta.finish_reason
    return Said("".join(texts), tuple(calls), finish)


BEDROCK_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0"
TITAN_MODEL = "amazon.titan-text-express-v1"
AWS_KEY_ID = "AKIAQ3EGTVW4JHX7ZPLM"
AWS_SECRET = "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"
AWS_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx7k2mP9qR4sT6vW8yZ1aB3cD5eF7gH9iJ0kL2mN4oP6q=="
BEDROCK_KEY = "ABSKQmVkcm9ja0FQSUtleS1zYW1wbGUtYXQtMTIzNDU2Nzg5MDEyOmtYOXZRMm1aN3JUNHdZMW5COGNGNWhKM2RMNnBTMGdB"
# What [target] sign signs the rehearsal with (staging's credentials, from the environment)
STAGING_AWS = {"AWS_ACCESS_KEY_ID": "AKIAZ7STAGING4EXAMPLE", "AWS_SECRET_ACCESS_KEY": "st4g1ng/S3cretKeyOfTheRehears",
               "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEStagingSessionToken1234567890"}  # fmt: skip
BEDROCK_QUESTION = [{"role": "user", "content": [{"text": QUESTION[0]["content"]}]}]
BEDROCK_SYSTEM = [{"text": "You answer for Acme; the customer is Maria Gonzalez, phone +44 7700 900123"}]
BEDROCK_TOOLS = {"tools": [{"toolSpec": {"name": "get_weather", "inputSchema": {"json": FN}}}]}


def _converse(client: Any, stream: bool = False, **kw: Any) -> Said:
    """Bedrock's ``converse`` or ``converse_stream``, and what boto3 read from the answer."""
    kw = {"modelId": BEDROCK_MODEL, "messages": BEDROCK_QUESTION, "system": BEDROCK_SYSTEM} | kw
    if not stream:
        said = client.converse(**kw)
        blocks = said["output"]["message"]["content"]
        tools = tuple(b["toolUse"]["name"] for b in blocks if "toolUse" in b)
        return Said("".join(b.get("text", "") for b in blocks), tools, said["stopReason"])
    texts, tools, finish = [], [], None
    for event in client.converse_stream(**kw)["stream"]:
        texts.append(event.get("contentBlockDelta", {}).get("delta", {}).get("text", ""))
        tools += [event["contentBlockStart"]["start"]["toolUse"]["name"]] if "contentBlockStart" in event else []
        finish = event.get("messageStop", {}).get("stopReason", finish)
    return Said("".join(texts), tuple(tools), finish)


def _invoke_stream(c: Clients) -> Said:
    """InvokeModelWithResponseStream with Anthropic's body: boto3 hands back Anthropic's events, base64-decoded."""
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "messages": QUESTION}
    made = c.bedrock.invoke_model_with_response_stream(modelId=BEDROCK_MODEL, body=orjson.dumps(body))
    events = [orjson.loads(e["chunk"]["bytes"]) for e in made["body"]]
    text = "".join(e["delta"].get("text", "") for e in events if e["type"] == "content_block_delta")
    finish = next(e["delta"]["stop_reason"] for e in events if e["type"] == "message_delta")
    return Said(text, (), finish)


def _titan_stream(c: Clients) -> Said:
    """InvokeModelWithResponseStream with Amazon Titan's body: its chunks' ``outputText``, the last one's reason."""
    body = {"inputText": QUESTION[0]["content"], "textGenerationConfig": {"maxTokenCount": 512}}
    made = c.bedrock.invoke_model_with_response_stream(modelId=TITAN_MODEL, body=orjson.dumps(body))
    chunks = [orjson.loads(e["chunk"]["bytes"]) for e in made["body"]]
    return Said("".join(ch["outputText"] for ch in chunks), (), chunks[-1]["completionReason"])


def _guarded(c: Clients) -> Said:
    guard = {"guardrailIdentifier": "gr-4f2k9x1abc", "guardrailVersion": "1"}
    return _converse(c.bedrock, messages=[{"role": "user", "content": [{"text": "GUARD this"}]}], guardrailConfig=guard)


GEMINI_TOOL = {"function_declarations": [{"name": "get_weather", "parameters": {"type": "OBJECT", "properties":
               {"city": {"type": "STRING"}}, "required": ["city"]}}]}  # fmt: skip


@dataclass(slots=True)
class Call:
    """One SDK call; ``cls`` how the judge must class its response; ``check`` what production's record must say."""

    name: str
    make: Callable[[Clients], Any]
    cls: str = "ok"
    check: Callable[[Reply], bool] = lambda r: r.answer == ANSWER
    status: int = 200


CALLS = [
    Call("chat", lambda c: _chat(c)),
    Call("chat stream, usage", lambda c: _chat_stream(c, stream_options={"include_usage": True}),
         check=lambda r: r.answer == ANSWER and r.output_tokens == 9 and r.ended),
    Call("chat max_tokens", lambda c: _chat(c, max_tokens=3), "truncated", lambda r: r.finish_reason == "length"),
    Call("chat parallel tools", lambda c: _chat(c, tools=TOOLS),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather", "get_time"]),
    Call("chat parallel tools, stream", lambda c: _chat_stream(c, tools=TOOLS),
         check=lambda r: [(t.name, t.arguments) for t in r.tool_calls]
         == [("get_weather", '{"city":"Paris"}'), ("get_time", '{"city":"London"}')]),
    Call("chat json_schema", lambda c: _chat(c, response_format={"type": "json_schema", "json_schema":
         {"name": "answer", "schema": {"type": "object"}, "strict": True}}), check=lambda r: r.answer == JSON_ANSWER),
    Call("chat refusal, stream", lambda c: _chat_stream(c, messages=[{"role": "user", "content": "REFUSE"}]),
         "refusal", lambda r: r.refusal == REFUSAL),
    Call("chat n=2", lambda c: _chat(c, n=2), check=lambda r: r.answer == ANSWER and r.output_tokens == 18),
    Call("chat n=2, stream", lambda c: _chat_stream(c, n=2, stream_options={"include_usage": True}),
         check=lambda r: r.answer == ANSWER and r.output_tokens == 18),
    Call("chat logprobs, stream", lambda c: _chat_stream(c, logprobs=True, top_logprobs=2)),
    Call("embeddings", lambda c: c.openai.embeddings.create(model="text-embedding-3-small", input="hello"),
         check=lambda r: r.input_tokens == 5 and r.answer is None),
    Call("responses, reasoning summary, stream", lambda c: list(c.openai.responses.create(
         model="o4-mini", input="Where?", stream=True, reasoning={"effort": "low", "summary": "auto"}))),
    Call("responses tools", lambda c: c.openai.responses.create(model="gpt-4.1", input="weather?",
         tools=[{"type": "function", "name": "get_weather", "parameters": FN}]),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather"]),
    Call("responses custom tool, stream", lambda c: list(c.openai.responses.create(model="gpt-5", input="Run it",
         stream=True, tools=[{"type": "custom", "name": "code_exec", "description": "Runs Python"}])),
         check=lambda r: [(t.name, t.arguments, t.free) for t in r.tool_calls] == [("code_exec", CUSTOM_INPUT, True)]),
    Call("chat custom tool", lambda c: _chat(c, tools=[{"type": "custom", "custom": {"name": "code_exec"}}]),
         check=lambda r: [(t.name, t.arguments, t.free) for t in r.tool_calls] == [("code_exec", CUSTOM_INPUT, True)]),
    Call("claude stream", lambda c: _claude(c, True), check=lambda r: r.answer == ANSWER and r.output_tokens == 9),
    Call("claude tool_use, stream", lambda c: _claude(c, True, tools=[{"name": "get_weather", "input_schema": FN}]),
         check=lambda r: r.finish_reason == "tool_use" and [t.name for t in r.tool_calls] == ["get_weather"]),
    Call("claude thinking", lambda c: _claude(c, thinking={"type": "enabled", "budget_tokens": 512})),
    Call("claude stop_sequence, stream", lambda c: _claude(c, True, stop_sequences=["Leeds"]),
         check=lambda r: r.finish_reason == "stop_sequence"),
    Call("claude max_tokens, stream", lambda c: _claude(c, True, max_tokens=3), "truncated",
         lambda r: r.finish_reason == "max_tokens" and r.output_tokens == 3),
    Call("claude count_tokens", lambda c: c.anthropic.messages.count_tokens(model="claude-sonnet-4-5",
         messages=QUESTION), check=lambda r: r.answer is None),
    Call("gemini stream", lambda c: _gemini(c, "stream")),
    Call("gemini tools", lambda c: _gemini(c, "whole", tools=[GEMINI_TOOL]),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather"]),
    Call("ollama chat, stream", lambda c: _ollama(c, stream=True)),
    Call("ollama tools", lambda c: _ollama(c, tools=TOOLS),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather", "get_time"]),
    Call("mistral chat", lambda c: _mistral(c), check=lambda r: r.answer == ANSWER and r.output_tokens == 9),
    Call("mistral stream", lambda c: _mistral(c, True),
         check=lambda r: r.answer == ANSWER and r.output_tokens == 9 and r.input_tokens == 13 and r.ended),
    Call("mistral max_tokens, stream", lambda c: _mistral(c, True, max_tokens=3), "truncated",
         lambda r: r.finish_reason == "length" and r.output_tokens == 3),
    Call("mistral tools", lambda c: _mistral(c, tools=TOOLS),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather", "get_time"]),
    Call("mistral parallel tools, stream", lambda c: _mistral(c, True, tools=TOOLS),
         check=lambda r: [(t.name, t.arguments) for t in r.tool_calls]
         == [("get_weather", '{"city":"Paris"}'), ("get_time", '{"city":"London"}')] and r.output_tokens == 22),
    Call("cohere chat", lambda c: _cohere(c),
         check=lambda r: r.answer == ANSWER and (r.input_tokens, r.output_tokens, r.cached_tokens) == (214, 11, 0)),
    Call("cohere stream", lambda c: _cohere(c, True),
         check=lambda r: r.answer == ANSWER and r.output_tokens == 11 and r.finish_reason == "COMPLETE" and r.ended),
    Call("cohere max_tokens, stream", lambda c: _cohere(c, True, max_tokens=3), "truncated",
         lambda r: r.finish_reason == "MAX_TOKENS" and r.output_tokens == 5 and r.ended),
    Call("cohere tools", lambda c: _cohere(c, tools=TOOLS),
         check=lambda r: [(t.name, t.arguments) for t in r.tool_calls]
         == [("get_weather", '{"city":"Paris"}'), ("get_time", '{"city":"London"}')]),
    Call("cohere tools, stream", lambda c: _cohere(c, True, tools=TOOLS),
         check=lambda r: [(t.name, t.arguments) for t in r.tool_calls]
         == [("get_weather", '{"city":"Paris"}'), ("get_time", '{"city":"London"}')]
         and r.finish_reason == "TOOL_CALL" and r.ended),
    Call("azure chat", lambda c: _azure(c), check=lambda r: r.answer == ANSWER and r.output_tokens == 9),
    Call("azure chat stream, usage", lambda c: _azure(c, True, stream_options={"include_usage": True}),
         check=lambda r: r.answer == ANSWER and r.output_tokens == 9 and r.model == "gpt-4o-prod" and r.ended),
    Call("azure max_tokens, stream", lambda c: _azure(c, True, max_tokens=3), "truncated",
         lambda r: r.finish_reason == "length"),
    Call("azure content filter", _filtered, "refusal", lambda r: r.filtered == "violence", 400),
    Call("azure embeddings", lambda c: c.azure.embeddings.create(model="text-embedding-3-small", input="hello"),
         check=lambda r: r.input_tokens == 5 and r.answer is None),
    Call("bedrock converse", lambda c: _converse(c.bedrock),
         check=lambda r: r.answer == ANSWER and (r.input_tokens, r.output_tokens, r.cached_tokens) == (18, 9, 0)),
    Call("bedrock converse, api key", lambda c: _converse(c.bedrock_key)),
    Call("bedrock converse max_tokens, stream", lambda c: _converse(c.bedrock, True, inferenceConfig={"maxTokens": 3}),
         "truncated", lambda r: r.finish_reason == "max_tokens" and r.output_tokens == 3 and r.ended),
    Call("bedrock guardrail", _guarded, "refusal", lambda r: r.filtered == "guardrail_intervened"),
    Call("bedrock tool use, stream", lambda c: _converse(c.bedrock, True, toolConfig=BEDROCK_TOOLS),
         check=lambda r: [(t.name, t.arguments) for t in r.tool_calls] == [("get_weather", '{"city":"Paris"}')]
         and r.finish_reason == "tool_use" and r.ended),
    Call("bedrock invoke, anthropic stream", _invoke_stream,
         check=lambda r: r.answer == ANSWER and r.output_tokens == 9 and r.finish_reason == "end_turn" and r.ended),
    Call("bedrock invoke, titan stream", _titan_stream,
         check=lambda r: r.answer == ANSWER and r.output_tokens == 9 and r.finish_reason == "FINISH" and r.ended),
    Call("gateway parallel tools, stream", lambda c: list(c.gateway.chat.completions.create(
         model="openai/gpt-4o-mini", messages=QUESTION, tools=TOOLS, stream=True)),
         check=lambda r: [t.name for t in r.tool_calls] == ["get_weather", "get_time"]),
]  # fmt: skip
MADE = CALLS


@dataclass(slots=True)
class Rehearsed:
    capture: Path
    records: list[dict[str, Any]]  # one a call of MADE, in order
    said: list[Any]  # what each call returned: a Said, for the calls that say what their SDK read
    judged: Judged
    run: Path
    keys: tuple[list[str], list[str]]  # the api-key headers the model API saw: in the capture, in the rehearsal
    paths: list[str]  # the paths (query included) the rehearsal asked
    signed: tuple[list[Signed], list[Signed]]  # how the Bedrock calls were signed: in the capture, in the rehearsal
    dated: list[str]  # the paths of the rehearsal's requests that came with an X-Amz-Date (signed)


def _bedrock(url: str) -> tuple[Any, Any]:
    """boto3's bedrock-runtime clients: SigV4 with session credentials, and a Bedrock API key (imported here: a
    module-level import would cost every xdist worker's collection). boto3 sends an API key
    (``AWS_BEARER_TOKEN_BEDROCK``) over HTTPS only, and the capture listens on HTTP: the keyed client is unsigned
    and sets the header as botocore's ``BearerAuth`` does."""
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    kw = {"region_name": "us-east-1", "endpoint_url": url}
    retries = {"retries": {"max_attempts": 1}}
    signed = boto3.client("bedrock-runtime", aws_access_key_id=AWS_KEY_ID, aws_secret_access_key=AWS_SECRET,
                          aws_session_token=AWS_TOKEN, config=Config(**retries), **kw)  # fmt: skip
    keyed = boto3.client("bedrock-runtime", config=Config(signature_version=UNSIGNED, **retries), **kw)

    def bearer(request: Any, **_: Any) -> None:
        request.headers["Authorization"] = f"Bearer {BEDROCK_KEY}"

    keyed.meta.events.register("before-sign.bedrock-runtime.*", bearer)
    return signed, keyed


@pytest.fixture(scope="module")
def rehearsed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rehearsed]:
    import anthropic
    import cohere
    import openai
    from mistralai.client import Mistral

    tmp = tmp_path_factory.mktemp("sdk-calls")
    out = tmp / "cap.jsonl"
    with serving(ModelAPI(compress=True)) as api:
        with Children() as children:  # the capture ends before the rehearsal reads it, as rehearse asks
            cap = start_capture(children, api.url, ("127.0.0.1", 0), CaptureOptions(out=out))
            clients = Clients(
                openai.OpenAI(base_url=cap.url + "/v1", api_key=KEY, max_retries=0),
                anthropic.Anthropic(base_url=cap.url, api_key="sk-ant-api03-" + KEY[8:] * 2, max_retries=0),
                Mistral(api_key=MISTRAL_KEY, server_url=cap.url),
                cohere.ClientV2(api_key=COHERE_KEY, base_url=cap.url),
                openai.AzureOpenAI(azure_endpoint=cap.url, api_key=AZURE_KEY, api_version=AZURE_VERSION, max_retries=0),
                openai.OpenAI(base_url=cap.url + "/api/v1", api_key=KEY, max_retries=0),
                cap.url,
                *_bedrock(cap.url),
            )
            said = [call.make(clients) for call in MADE]
            wait_until(lambda: sum(1 for _ in read_exchanges(out)) == len(MADE), 15, "every call recorded")
        captured, asked, signed, dated = list(api.keys), len(api.seen), len(api.signed), len(api.dated)
        scenario = tmp / "s.toml"
        scenario.write_text(
            f"[sample]\nseed = 3\nsize = {3 * len(MADE)}\n[load]\nrate = 40\n"
            f'[target]\nbase_url = "{api.url}"\nallow_hosts = ["127.0.0.1"]\nallow_unsafe = ["POST /**"]\n'
            'sign = "aws:bedrock:us-east-1"\nsign_endpoints = ["POST /model/*"]\n'
            '[target.headers]\nreplace = { "api-key" = "${STAGING_AZURE_KEY}" }\n',
            encoding="utf-8",
        )
        with pytest.MonkeyPatch.context() as env:
            env.setenv("STAGING_AZURE_KEY", STAGING_AZURE_KEY)
            for name, value in STAGING_AWS.items():
                env.setenv(name, value)
            pipeline.rehearse(pipeline.load(scenario), out, tmp / "run", plots=False)
        keys, paths = (captured, api.keys[len(captured) :]), [p for p, _ in api.seen[asked:]]
        signs, dates = (api.signed[:signed], api.signed[signed:]), api.dated[dated:]
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    yield Rehearsed(out, records, said, pipeline.judge(tmp / "run"), tmp / "run", keys, paths, signs, dates)


def test_every_call_is_recorded_redacted(rehearsed: Rehearsed) -> None:
    raw = rehearsed.capture.read_text()
    assert KEY not in raw and KEY[8:20] not in raw and GEMINI_KEY not in raw and "jane.doe" not in raw
    assert MISTRAL_KEY not in raw and COHERE_KEY not in raw and AZURE_KEY not in raw
    for secret in (AWS_KEY_ID, AWS_SECRET, AWS_TOKEN, AWS_TOKEN[:40], BEDROCK_KEY, BEDROCK_KEY[:40], "Maria Gonzalez"):
        assert secret not in raw, secret
    assert [r["response"]["status"] for r in rehearsed.records] == [c.status for c in MADE]
    scan = replay_here("scan", str(rehearsed.capture))
    assert scan.returncode == 0, scan.stdout


def test_azure_calls_replay_with_stagings_key_and_their_api_version(rehearsed: Rehearsed) -> None:
    """Production's ``api-key`` redacted in the capture, and staging's put back in the rehearsal where the
    captured request had one, and only there; the deployment's path keeps its ``api-version``."""
    azure = [c for c in MADE if c.name.startswith("azure")]
    assert rehearsed.keys[0] == [AZURE_KEY] * len(azure)
    deployed = [p for p in rehearsed.paths if p.startswith("/openai/deployments/")]
    assert deployed and set(rehearsed.keys[1]) == {STAGING_AZURE_KEY} and len(rehearsed.keys[1]) == len(deployed)
    assert all(p.endswith(f"?api-version={AZURE_VERSION}") for p in deployed), deployed


def test_bedrock_calls_are_signed_or_keyed_and_priced_by_the_paths_model(rehearsed: Rehearsed) -> None:
    """boto3 signs with SigV4 (the session token among the signed headers) or sends the API key as a bearer token;
    Converse's bodies name no model, so a row's model is its path's, priced as Anthropic's."""
    signed = [s.authorization for s in rehearsed.signed[0]]
    bearer = [a for a in signed if a.startswith("Bearer ")]
    assert bearer == [f"Bearer {BEDROCK_KEY}"], bearer
    sigv4 = [a for a in signed if a not in bearer]
    assert sigv4 and all(a.startswith(f"AWS4-HMAC-SHA256 Credential={AWS_KEY_ID}/") for a in sigv4)
    assert all("x-amz-security-token" in a for a in sigv4)
    bedrock = {MADE.index(c) for c in MADE if c.name.startswith("bedrock")}
    models = {v.model for r, v in zip(rehearsed.judged.results, rehearsed.judged.verdicts, strict=True)
              if r.record in bedrock}  # fmt: skip
    assert models == {BEDROCK_MODEL, "claude-3-5-sonnet-20240620", TITAN_MODEL}  # Anthropic's body names its own
    claude = models - {TITAN_MODEL}  # Titan Text is not among the shipped prices
    assert all(shipped_prices().lookup(m) == shipped_prices().lookup("claude-3-5-sonnet") for m in claude)


def test_the_rehearsal_signs_each_bedrock_call_with_stagings_credentials_as_botocore_would(
    rehearsed: Rehearsed,
) -> None:
    """``[target] sign``: production's signature (or API key) is not sent; each request is signed anew with
    staging's credentials from the environment, at the time it is sent: botocore's signer, given the same
    request and time, writes the same Authorization header."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    rows = rehearsed.signed[1]
    assert rows and all(s.token == STAGING_AWS["AWS_SESSION_TOKEN"] for s in rows)
    # sign_endpoints: Bedrock's routes only; the OpenAI-style calls beside them keep their own Authorization
    assert len(rehearsed.dated) == len(rows) and all(p.startswith("/model/") for p in rehearsed.dated)
    assert any(not p.startswith("/model/") for p in rehearsed.paths)
    auth = SigV4Auth(Credentials(*STAGING_AWS.values()), "bedrock", "us-east-1")
    for s in rows:
        request = AWSRequest("POST", f"http://{s.host}{s.path}", data=s.body)
        request.context["timestamp"] = s.date
        auth._modify_request_before_signing(request)
        canonical = auth.canonical_request(request)
        auth._inject_signature_to_request(request, auth.signature(auth.string_to_sign(request, canonical), request))
        assert s.authorization == request.headers["Authorization"], s.path


def _record(rehearsed: Rehearsed, name: str) -> dict[str, Any]:
    return rehearsed.records[MADE.index(next(c for c in CALLS if c.name == name))]


def test_what_the_model_wrote_under_a_secrets_name_is_kept(rehearsed: Rehearsed) -> None:
    """A logprob's ``token`` is a piece of the answer and a thinking block's ``signature`` the model's reasoning,
    which the API checks when it comes back: neither is redacted as a credential."""
    stream = _record(rehearsed, "chat logprobs, stream")["response"]["body"]["text"]
    chunks = [orjson.loads(line[6:]) for line in stream.splitlines() if line.startswith("data: {")]
    tokens = [e["token"] for c in chunks for ch in c["choices"] for e in (ch.get("logprobs") or {}).get("content", ())]
    assert "".join(tokens) == ANSWER
    thinking = orjson.loads(_record(rehearsed, "claude thinking")["response"]["body"]["text"])
    assert thinking["content"][0]["signature"] == SIGNATURE


@pytest.mark.parametrize("call", CALLS, ids=[c.name for c in CALLS])
def test_each_call_is_judged_as_what_it_is(rehearsed: Rehearsed, call: Call) -> None:
    """Production's record read as the SDK read it, and every rehearsed row of it classed the same."""
    i = MADE.index(call)
    resp = rehearsed.records[i]["response"]
    reply = parse_reply(resp["status"], resp["headers"], resp["body"])
    assert call.check(reply), reply
    said = rehearsed.said[i]
    if isinstance(said, Said):
        read = Said(reply.answer or None, tuple(t.name for t in reply.tool_calls), reply.finish_reason)
        assert Said(said.answer or None, said.tools, said.finish) == read, reply
    rows = [v for r, v in zip(rehearsed.judged.results, rehearsed.judged.verdicts, strict=True) if r.record == i]
    assert rows, "the sample drew this record"
    assert {v.cls for v in rows} == {call.cls}, [v.reasons for v in rows]


def test_streams_are_timed_and_counted(rehearsed: Rehearsed) -> None:
    """Every streamed row has a first token, and its generated events counted (n=2: both choices')."""
    j = rehearsed.judged
    streams = [r for r in j.results if r.stream]
    assert streams and all(r.completed for r in streams)
    answered = [r for r, v in zip(j.results, j.verdicts, strict=True) if r.stream and v.cls == "ok"]
    assert answered and all(r.first_token is not None for r in answered)
    both = MADE.index(next(c for c in CALLS if c.name == "chat n=2, stream"))
    assert {r.deltas for r in j.results if r.record == both} == {18}
    # streams of tool-call or refusal deltas without usage: their tokens estimated from them, not 0 from no text
    for name, written in (("chat parallel tools, stream", 'get_weather{"city":"Paris"}get_time{"city":"London"}'),
                          ("chat refusal, stream", REFUSAL)):  # fmt: skip
        i = MADE.index(next(c for c in CALLS if c.name == name))
        rows = [v for r, v in zip(j.results, j.verdicts, strict=True) if r.record == i]
        assert {(v.output_tokens, v.tokens_estimated) for v in rows} == {(round(len(written) / 4), True)}


def test_the_report_names_the_models_it_has_no_price_for(rehearsed: Rehearsed) -> None:
    """The terminal summary says where a missing price goes; the section's name is not taken for a style."""
    done = replay_here("report", str(rehearsed.run), "--no-plots")
    said = " ".join(done.stdout.split())
    assert "no price for" in said and "(add it to [prices])" in said, said[-400:]
