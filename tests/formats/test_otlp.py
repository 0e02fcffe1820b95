"""OTLP JSON traces with GenAI spans import as exchanges: a trace written by the real OpenTelemetry SDK (the
official ``openai`` client, OpenTelemetry's own instrumentation, the SDK's OTLP JSON file exporter), the
other shapes instrumentations write (OpenLLMetry attributes, span events, Anthropic), and bad traces."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import zstandard

from replay.demo.text import tokenize
from replay.demo.world import start_model
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats.otlp import read_otlp
from replay.judge.core import Judge
from replay.judge.reply import Reply, captured_reply, parse_reply
from replay.util.procs import Children
from replay.util.sse import SSE_TYPE
from tests.conftest import assert_bad_input, one_worker, replay_here
from tests.formats.conftest import import_capture, round_trip
from tests.formats.otel_writer import ENV
from tests.runner.conftest import ROOT, Target

SHARED = one_worker(__name__)  # the tests of the module's costly fixture


@pytest.fixture(scope="module")
def sdk_trace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, float]:
    """The trace file, and the epoch seconds before and after its calls."""
    out = tmp_path_factory.mktemp("otel") / "traces.jsonl"
    with Children() as children:
        model = start_model(children, {"ttft": 0.02, "per_token": 0.002, "latency_jitter": 0.0})
        before = time.time()
        proc = subprocess.run(
            [sys.executable, "-m", "tests.formats.otel_writer", model.url, str(out)],
            cwd=ROOT,
            env=os.environ | ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        after = time.time()
    assert proc.returncode == 0, proc.stderr
    return out, before, after


@pytest.mark.e2e
@SHARED
def test_a_trace_from_the_real_sdk_imports_with_content_timing_and_tokens(tmp_path: Path, sdk_trace) -> None:  # type: ignore[no-untyped-def]
    trace, before, after = sdk_trace
    assert all(orjson.loads(line)["resourceSpans"] for line in trace.read_text().splitlines())  # OTLP JSON lines
    capture = import_capture(tmp_path, trace)
    first, streamed, cut, missing = read_exchanges(capture)
    raw = capture.read_text()
    assert "bob.jones@example.org" not in raw and "sk-test-abcdefghijklmnop1234" not in raw  # redacted on the way
    for ex in (first, streamed, cut, missing):
        assert ex.meta["source"] == "otlp" and ex.id.startswith("otlp-") and ex.meta["provider"] == "openai"
        assert ex.request.method == "POST" and ex.request.url.endswith("/v1/chat/completions")
        assert before <= ex.timings.start <= after and 0 < ex.timings.total < after - before  # the span's timing
    body = orjson.loads(first.request.body.text)
    assert body["model"] == "support-mini-2024-07" and (body["max_tokens"], body["temperature"]) == (50, 0.2)
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"].startswith("Context:\n[article:password-reset]")
    assert body["messages"][1]["content"].startswith("How do I reset my password? Mail me at ")
    answer = orjson.loads(first.response.body.text)
    text = answer["choices"][0]["message"]["content"]
    assert "Forgot password" in text and answer["choices"][0]["finish_reason"] == "stop"
    assert answer["usage"]["completion_tokens"] == len(tokenize(text)) == first.meta["usage"]["output_tokens"]
    assert answer["usage"]["prompt_tokens"] == first.meta["usage"]["input_tokens"] > 10
    assert orjson.loads(streamed.request.body.text)["messages"][1]["content"] == "I forgot my password"
    # OpenTelemetry's openai-v2 instrumentation says nothing of a stream (no gen_ai.request.stream, no chunk event)
    assert streamed.stream is None
    done = orjson.loads(cut.response.body.text)
    assert done["choices"][0]["finish_reason"] == "length" and done["usage"]["completion_tokens"] == 3
    assert missing.response.status == 404 and "no-such-model" in missing.request.body.text


@pytest.mark.e2e
@pytest.mark.parametrize("framing", ["prefixed", "stream"])
@SHARED
def test_a_zstd_compressed_trace_imports_as_it_is(tmp_path: Path, sdk_trace, framing: str) -> None:  # type: ignore[no-untyped-def]
    """The collector's file exporter with ``compression: zstd`` writes each message as a zstd frame after its
    length in 4 bytes, big-endian (exporter/fileexporter/file_writer.go, exportMessageAsBuffer), or, with its
    native compression, one zstd stream of JSON lines: the same exchanges as the plain file; a file cut inside
    a frame is named in one line."""
    lines = sdk_trace[0].read_bytes().splitlines()
    zstd = zstandard.ZstdCompressor()
    if framing == "prefixed":
        packed_bytes = b"".join(len(c).to_bytes(4, "big") + c for c in map(zstd.compress, lines))
    else:
        packed_bytes = zstd.compress(b"\n".join(lines) + b"\n")
    packed = tmp_path / "traces.jsonl"
    packed.write_bytes(packed_bytes)
    ids = lambda p: [(ex.id, ex.timings.start) for ex in read_exchanges(p)]  # noqa: E731
    assert ids(import_capture(tmp_path, packed, name="z.jsonl")) == ids(import_capture(tmp_path, sdk_trace[0]))
    packed.write_bytes(packed_bytes[:-3])
    done = replay_here("import", str(packed), "--out", str(tmp_path / "cut.jsonl"))
    assert_bad_input(done, "traces.jsonl: starts like zstd but does not decompress (cut short)")


@pytest.mark.e2e
@SHARED
def test_the_imported_trace_samples_and_replays_every_row_once(
    tmp_path: Path,
    sdk_trace,
    start_target,  # type: ignore[no-untyped-def]
) -> None:
    target: Target = start_target()
    assert round_trip(tmp_path, import_capture(tmp_path, sdk_trace[0]), target) == 4


def _attr(key: str, value: object) -> dict:
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    if isinstance(value, list):
        return {"key": key, "value": {"arrayValue": {"values": [{"stringValue": v} for v in value]}}}
    return {"key": key, "value": {"stringValue": value}}


def _span(name: str, attrs: dict, kind: int = 3, events: list | None = None, start: int = 1_750_000_000) -> dict:
    return {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": f"{abs(hash(name)) % 10**16:016x}",
        "name": name,
        "kind": kind,
        "startTimeUnixNano": str(start * 10**9),
        "endTimeUnixNano": str(start * 10**9 + 1_250_000_000),
        "attributes": [_attr(k, v) for k, v in attrs.items()],
        "events": events or [],
        "status": {},
    }


def _doc(*spans: dict) -> dict:
    scope = {"scope": {"name": "test"}, "spans": list(spans)}
    return {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [scope]}]}


OPENLLMETRY = _span(
    "anthropic.chat",
    {
        "gen_ai.system": "Anthropic",
        "gen_ai.request.model": "claude-3-5-haiku",
        "gen_ai.request.max_tokens": 300,
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "Be brief.",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "Where is my order? Call me on +1 415 555 0134",
        "gen_ai.completion.0.content": "It ships tomorrow.",
        "gen_ai.completion.0.finish_reason": "end_turn",
        "gen_ai.usage.prompt_tokens": 21,
        "gen_ai.usage.completion_tokens": 5,
        "gen_ai.response.model": "claude-3-5-haiku-20241022",
    },
)
EVENTS = _span(
    "chat gpt-4o-mini",
    {"gen_ai.system": "openai", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini"}
    | {"gen_ai.usage.input_tokens": 9, "gen_ai.usage.output_tokens": 2, "gen_ai.response.finish_reasons": ["stop"]}
    | {"server.address": "llm-gateway.internal", "server.port": 8443},
    events=[
        {"name": "gen_ai.user.message", "attributes": [_attr("content", "Say hi")]},
        {"name": "gen_ai.choice", "attributes": [_attr("message", '{"role": "assistant", "content": "Hi there"}')]},
    ],
    start=1_750_000_003,
)
NO_CONTENT = _span(
    "chat gpt-4o", {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.output_tokens": 7}
)
NOT_CALLS = [
    _span("POST /v1/chat", {"http.request.method": "POST"}),  # not GenAI
    _span("execute_tool lookup", {"gen_ai.system": "openai", "gen_ai.operation.name": "execute_tool"}),
    _span("chat gpt-4o", {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o"}, kind=2),  # a SERVER span
]


@pytest.mark.e2e
def test_tool_calls_and_embeddings_of_a_real_trace_import_as_the_api_takes_and_gives_them(tmp_path: Path) -> None:
    """The instrumentation's ``tool_call`` and ``tool_call_response`` parts become the answer's ``tool_calls``
    and the next request's assistant and ``tool`` messages (a call answered by a tool call is not an empty
    answer: the judge classes it ok); an embeddings span answers with an embeddings list, not a chat
    completion whose ``choices`` a staging's real answer would lack (drift)."""
    trace = tmp_path / "tools.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "tests.formats.otel_writer", "--tools", str(trace)],
        cwd=ROOT, env=os.environ | ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    capture = import_capture(tmp_path, trace)
    call, answer, embed = read_exchanges(capture)
    made = orjson.loads(call.response.body.text)["choices"][0]
    assert made["finish_reason"] == "tool_calls" and made["message"]["content"] is None
    assert [c["function"] for c in made["message"]["tool_calls"]] == [
        {"name": "get_weather", "arguments": '{"city":"Paris"}'}
    ]
    reply = parse_reply(200, call.response.headers, {"text": call.response.body.text})
    assert Judge().reply_class("POST /v1/chat/completions", reply) == "ok" and reply.tool_calls
    turns = orjson.loads(answer.request.body.text)["messages"]
    assert [m["role"] for m in turns] == ["user", "assistant", "tool"]
    assert turns[1]["tool_calls"] == made["message"]["tool_calls"]
    assert turns[2] == {
        "role": "tool",
        "tool_call_id": made["message"]["tool_calls"][0]["id"],
        "content": "sunny, 21 C",
    }
    listed = orjson.loads(embed.response.body.text)
    assert embed.request.url.endswith("/v1/embeddings") and listed["object"] == "list" and "choices" not in listed
    assert listed["usage"]["prompt_tokens"] == 5


def test_an_anthropic_tool_turn_imports_as_tool_use_and_tool_result_blocks(tmp_path: Path) -> None:
    """Semconv parts of a Claude call: the tool call and its answer in the prompt become ``tool_use`` and
    ``tool_result`` blocks, the answer's tool call a ``tool_use`` block beside its text."""
    call = {"type": "tool_call", "id": "toolu_01", "name": "get_weather", "arguments": {"city": "Paris"}}
    asked = [{"role": "user", "parts": [{"type": "text", "content": "Weather?"}]}]
    asked += [{"role": "assistant", "parts": [call]}]
    asked += [{"role": "tool", "parts": [{"type": "tool_call_response", "id": "toolu_01", "response": {"c": 21}}]}]
    again = call | {"id": "toolu_02", "arguments": {"city": "Lyon"}}
    told = [
        {"role": "assistant", "parts": [{"type": "text", "content": "And Lyon:"}, again], "finish_reason": "tool_use"}
    ]
    attrs = {"gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-sonnet-4-5"}
    attrs |= {
        "gen_ai.input.messages": orjson.dumps(asked).decode(),
        "gen_ai.output.messages": orjson.dumps(told).decode(),
    }
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(_span("chat claude-sonnet-4-5", attrs))))
    (ex,) = read_exchanges(import_capture(tmp_path, trace))
    turns = orjson.loads(ex.request.body.text)["messages"]
    assert turns == [
        {"role": "user", "content": "Weather?"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": '{"c":21}'}]},
    ]
    answer = orjson.loads(ex.response.body.text)
    assert answer["stop_reason"] == "tool_use" and answer["content"] == [
        {"type": "text", "text": "And Lyon:"},
        {"type": "tool_use", "id": "toolu_02", "name": "get_weather", "input": {"city": "Lyon"}},
    ]


def test_openllmetry_and_event_tool_calls_import(tmp_path: Path) -> None:
    """OpenLLMetry's indexed tool calls (``gen_ai.completion.0.tool_calls.0.name``, a prompt's
    ``tool_calls.N.*`` and ``tool_call_id``) and a semconv <= 1.36 ``gen_ai.choice`` event's ``tool_calls``
    become the answer's and the prompt's tool calls, not an empty answer."""
    openllmetry = {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o", "llm.request.type": "chat"}
    openllmetry |= {"gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "Weather in Paris?"}
    openllmetry |= {"gen_ai.prompt.1.role": "assistant", "gen_ai.prompt.1.tool_calls.0.id": "call_a"}
    openllmetry |= {"gen_ai.prompt.1.tool_calls.0.name": "get_weather", "gen_ai.prompt.1.tool_calls.0.arguments": "{}"}
    openllmetry |= {
        "gen_ai.prompt.2.role": "tool",
        "gen_ai.prompt.2.content": "sunny",
        "gen_ai.prompt.2.tool_call_id": "call_a",
    }
    openllmetry |= {"gen_ai.completion.0.finish_reason": "tool_calls", "gen_ai.completion.0.role": "assistant"}
    openllmetry |= {
        "gen_ai.completion.0.tool_calls.0.id": "call_b",
        "gen_ai.completion.0.tool_calls.0.name": "get_time",
    }
    openllmetry["gen_ai.completion.0.tool_calls.0.arguments"] = '{"city": "Paris"}'
    call = {"id": "call_c", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Lyon"}'}}
    choice = {"name": "gen_ai.choice", "attributes": [_attr("message", orjson.dumps({"tool_calls": [call]}).decode())]}
    event = _span("chat gpt-4o", {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o"}, events=[choice])
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(_span("openai.chat", openllmetry), event)))
    first, second = read_exchanges(import_capture(tmp_path, trace))
    turns = orjson.loads(first.request.body.text)["messages"]
    assert turns[1]["tool_calls"] == [
        {"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    ]
    assert turns[2] == {"role": "tool", "content": "sunny", "tool_call_id": "call_a"}
    made = orjson.loads(first.response.body.text)["choices"][0]["message"]
    assert made["content"] is None and made["tool_calls"][0]["function"] == {
        "name": "get_time",
        "arguments": '{"city": "Paris"}',
    }
    assert orjson.loads(second.response.body.text)["choices"][0]["message"]["tool_calls"] == [call]


def test_other_genai_shapes_import(tmp_path: Path) -> None:
    """OpenLLMetry's indexed attributes on an Anthropic call, semconv <= 1.36 span events, a trace without
    content; one pretty-printed JSON document; spans that are not model calls are left out."""
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(OPENLLMETRY, EVENTS, NO_CONTENT, *NOT_CALLS), option=orjson.OPT_INDENT_2))
    anthropic, events, shape_only = read_exchanges(import_capture(tmp_path, trace))
    assert anthropic.request.url == "https://api.anthropic.com/v1/messages"
    assert ("anthropic-version", "2023-06-01") in anthropic.request.headers
    body = orjson.loads(anthropic.request.body.text)
    assert body["system"] == "Be brief." and body["max_tokens"] == 300 and body["model"] == "claude-3-5-haiku"
    assert body["messages"][0]["role"] == "user" and "555 0134" not in body["messages"][0]["content"]
    answer = orjson.loads(anthropic.response.body.text)
    assert answer["content"] == [{"type": "text", "text": "It ships tomorrow."}] and answer["stop_reason"] == "end_turn"
    assert answer["usage"] == {"input_tokens": 21, "output_tokens": 5} and anthropic.timings.total == 1.25
    assert events.request.url == "https://llm-gateway.internal:8443/v1/chat/completions"
    assert orjson.loads(events.request.body.text)["messages"] == [{"role": "user", "content": "Say hi"}]
    assert orjson.loads(events.response.body.text)["choices"][0]["message"]["content"] == "Hi there"
    assert events.timings.start == 1_750_000_003.0
    assert shape_only.meta["content"] == "not recorded" and shape_only.meta["usage"] == {"output_tokens": 7}


def test_messages_of_another_shape_import_without_their_text(tmp_path: Path) -> None:
    """Semconv messages whose parts are a number, or an answer list that is an object: no text read from
    them (as from JSON that does not parse), not an import refused with "'int' object is not iterable"."""
    attrs = {
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.input.messages": orjson.dumps(
            [{"role": "user", "parts": 7}, {"role": "user", "parts": [{"type": "text", "content": "hi"}]}]
        ).decode(),
        "gen_ai.output.messages": '{"role": "assistant"}',
    }
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(_span("chat gpt-4o", attrs))))
    (ex,) = read_exchanges(import_capture(tmp_path, trace))
    assert orjson.loads(ex.request.body.text)["messages"] == [
        {"role": "user", "content": ""},
        {"role": "user", "content": "hi"},
    ]


def test_a_span_that_ends_before_it_starts_is_imported_with_a_warning(tmp_path: Path) -> None:
    """Imported without a duration, as before, but no longer without a word: one line names the first span."""
    good = _span("chat", {"gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o"})
    backwards = {**good, "spanId": "00000000000000ff", "endTimeUnixNano": "1749999999000000000"}
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(good, backwards, {**backwards, "spanId": "00000000000000fe"})))
    out = tmp_path / "o.jsonl"
    proc = replay_here("import", str(trace), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"replay: warning: {trace}: 2 span(s) end before they start (the first: resourceSpans[0].scopeSpans[0]."
        "spans[1]); imported without a duration (a clock stepped back while it ran?)"
    ]
    assert [ex.timings.total for ex in read_exchanges(out)] == [1.25, None, None]


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b'{"resourceSpans": []}\n{not json\n', ["trace.jsonl:2: not an OTLP JSON line"]),
        (b'{"resourceSpans": []}\n{"resourceLogs": []}\n', ["document 2 has no resourceSpans list"]),
        (orjson.dumps(_doc({"name": "chat", "kind": 3, "attributes": [_attr("gen_ai.system", "openai")]})),
         ["resourceSpans[0].scopeSpans[0].spans[0] is not an OTLP span", "startTimeUnixNano"]),
        (b'{"resourceSpans": [5]}', ["resourceSpans[0] is not an object"]),
        (b'{"resourceSpans": [{"scopeSpans": [{"spans": 7}]}]}', ["resourceSpans[0].scopeSpans[0].spans is not a"]),
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "1", "attributes": [
            _attr("gen_ai.system", "openai"), _attr("gen_ai.request.max_tokens", 10**30)]})),
         ["spans[0] is not an OTLP span", "intValue of 31 digits is outside 64 bits"]),
        # an attribute's value of another form, at any depth: its field named, not Python's words for the fault
        # ("invalid literal for int() with base 10: 'x'", "'int' object has no attribute 'get'")
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "1", "attributes": [
            _attr("gen_ai.system", "openai"), {"key": "gen_ai.request.max_tokens", "value": {"intValue": "x"}}]})),
         ["span.attributes[1].value.intValue: a string does not fit the form allowed"]),
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "1", "attributes": [
            _attr("gen_ai.system", "openai"), {"key": "a", "value": {"arrayValue": {"values": [{"kvlistValue": 5}]}}},
        ]})),
         ["span.attributes[1].value.arrayValue.values[0].kvlistValue: 5 is not of type object"]),
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "1", "attributes": [
            _attr("gen_ai.system", "openai"), {"key": "a", "value": {"doubleValue": "fast"}}]})),
         ["span.attributes[1].value.doubleValue: a string does not fit the form allowed"]),
        # a start at or before 1970 imported as a 1970 start
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "-5", "attributes": [_attr("gen_ai.system", "openai")]})),
         ["spans[0].startTimeUnixNano: '-5' is no time after 1970"]),
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": 0, "attributes": [_attr("gen_ai.system", "openai")]})),
         ["spans[0].startTimeUnixNano: 0 is no time after 1970"]),
        # after 5138: a capture record's check refused it, naming the span's id and no fix (H131)
        (orjson.dumps(_doc({"kind": 3, "startTimeUnixNano": "9" * 22, "attributes": [_attr("gen_ai.system", "x")]})),
         ["spans[0].startTimeUnixNano: '9999999999999999999999' is no time after 1970 and before 5138"]),
    ],
)  # fmt: skip
def test_bad_traces_are_one_line_exit_2(tmp_path: Path, content: bytes, needles: list[str]) -> None:
    trace = tmp_path / "trace.jsonl"
    trace.write_bytes(content)
    out = tmp_path / "o.jsonl"
    assert_bad_input(replay_here("import", str(trace), "--out", str(out)), *needles)
    assert not out.exists()


def test_a_real_azure_ai_inference_trace_imports_with_its_messages_and_its_endpoint_s_path() -> None:
    """The azure-ai-inference SDK's own tracing (tests/data/otlp/NOTICE.md: gen_ai.system az.ai.inference, no
    url.full, each message and the choice JSON in an event's gen_ai.event.content, a call given no model named
    "chat" with model "chat"). Its messages and answer were read as empty, its calls went to OpenAI's /v1 path,
    and the placeholder model "chat" went into a request the SDK sent without one."""
    trace = ROOT / "tests" / "data" / "otlp" / "azure-ai-inference.jsonl"
    named, unnamed = read_otlp(trace, trace.read_text())
    for ex in (named, unnamed):
        assert ex.request.url.endswith("/models/chat/completions?api-version=2024-05-01-preview")  # as it was sent
        assert orjson.loads(ex.request.body.text)["messages"] == [
            {"role": "system", "content": "You are a travel guide."},
            {"role": "user", "content": "Where should I go in Lisbon?"},
        ]
        answer = orjson.loads(ex.response.body.text)["choices"][0]
        assert answer["message"]["content"] == "Alfama, at dusk." and answer["finish_reason"] == "stop"
    assert orjson.loads(named.request.body.text) | {"messages": []} == {
        "model": "Phi-3.5-mini-instruct",
        "messages": [],
        "max_tokens": 100,
    }
    assert orjson.loads(unnamed.request.body.text)["model"] == "Phi-3.5-mini-instruct"  # the answer's, not "chat"


def _real_trace(name: str) -> tuple[list[Any], list[Any], list[Any]]:
    """The exchanges of a gzipped trace of tests/data/otlp, their request bodies and their answers' bodies (None
    for a streamed answer: ``_streamed`` reads it)."""
    trace = ROOT / "tests" / "data" / "otlp" / name
    calls = list(read_otlp(trace, gzip.decompress(trace.read_bytes()).decode()))
    asked = [orjson.loads(ex.request.body.text) for ex in calls]
    answered = [ex.response for ex in calls if ex.response is not None]
    return calls, asked, [None if r.headers[0][1] == SSE_TYPE else orjson.loads(r.body.text) for r in answered]


def _streamed(ex: Exchange) -> Reply:
    """A streamed answer as the judge reads it from a capture record."""
    reply = captured_reply(orjson.loads(ex.to_json()))
    assert reply is not None and reply.stream and ex.stream is not None
    return reply


def test_a_real_openinference_trace_imports_its_calls_with_their_prompts_and_answers() -> None:
    """OpenInference's instrumentation of the openai client (tests/data/otlp/NOTICE.md): INTERNAL spans with
    ``openinference.span.kind`` and ``llm.*`` attributes, no ``gen_ai.*``. All six calls were dropped ("no
    exchange to import"); now each is the call it records, the embedding's input, the tool turn and a legacy
    completion's prompt included."""
    calls, asked, answers = _real_trace("openinference-openai.jsonl.gz")
    assert [ex.request.url.removeprefix("https://api.openai.com") for ex in calls] == [
        *["/v1/chat/completions"] * 4,
        "/v1/embeddings",
        "/v1/chat/completions",
        "/v1/completions",
    ]
    assert asked[0]["model"] == "gpt-4o-mini" and asked[0]["max_tokens"] == 50 and asked[0]["temperature"] == 0.2
    assert [m["role"] for m in asked[0]["messages"]] == ["system", "user"]
    assert asked[0]["messages"][1]["content"].startswith("How do I reset my password?")
    assert asked[1]["stream"] is True and answers[1] is None  # answered as OpenAI's chunks, as production was
    streamed = _streamed(calls[1])
    assert (streamed.answer, streamed.finish_reason, streamed.ended) == (
        answers[0]["choices"][0]["message"]["content"],
        "stop",
        True,
    )
    assert calls[1].stream.first_event == calls[1].timings.ttfb  # type: ignore[union-attr]  # its first token's event
    weather = {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {}},
    }  # llm.tools.0.tool.json_schema
    assert asked[2]["tools"] == asked[3]["tools"] == [{"type": "function", "function": weather}]
    assert answers[0]["choices"][0] == {
        "index": 0,
        "message": {"role": "assistant", "content": "Your order ships on Monday from the Leeds warehouse."},
        "finish_reason": "stop",
    }
    assert answers[0]["id"].startswith("chatcmpl-") and answers[0]["usage"]["prompt_tokens"] == 21
    made = answers[2]["choices"][0]["message"]["tool_calls"]
    assert made[0]["function"] == {"name": "get_weather", "arguments": '{"city":"Paris"}'}
    assert [m["role"] for m in asked[3]["messages"]] == ["user", "assistant", "tool"]
    assert asked[3]["messages"][1]["tool_calls"] == made and asked[3]["messages"][2]["tool_call_id"] == made[0]["id"]
    assert asked[4] == {"model": "text-embedding-3-small", "input": ["where is my parcel"]}
    assert asked[5]["model"] == "no-such-model"
    assert all(ex.timings.total and ex.timings.total > 0 for ex in calls)
    streamed = calls[1].timings  # its "First Token Stream Event"
    assert streamed.ttfb is not None and streamed.total is not None and 0 < streamed.ttfb < streamed.total
    # a legacy completion (llm.prompts) answered 404, the status only in the error's text after its name
    assert asked[6] == {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi", "max_tokens": 5}
    assert calls[6].response is not None and calls[6].response.status == 404


def test_a_real_openinference_anthropic_trace_imports_as_messages_calls() -> None:
    """OpenInference's instrumentation of the anthropic client (tests/data/otlp/NOTICE.md): the system prompt as
    input message 0, a user turn as ``contents`` parts, the answer's stop reason Anthropic's own (end_turn)."""
    calls, asked, answers = _real_trace("openinference-anthropic.jsonl.gz")
    assert [ex.request.url for ex in calls] == ["https://api.anthropic.com/v1/messages"] * 2
    assert asked[0]["system"].startswith("Context:") and asked[0]["max_tokens"] == 100
    assert asked[0]["temperature"] == 0.3 and asked[0]["model"] == "claude-sonnet-4-5"
    assert asked[1]["messages"] == [{"role": "user", "content": "I forgot my password"}] and asked[1]["stream"] is True
    assert len(answers) == 2 and answers[1] is None  # streamed: Anthropic's message_start ... message_stop
    answer = answers[0]
    assert answer["stop_reason"] == "end_turn" and answer["usage"] == {"input_tokens": 25, "output_tokens": 9}
    assert answer["content"] == [{"type": "text", "text": "Your order ships on Monday from the Leeds warehouse."}]
    streamed = _streamed(calls[1])
    said = (streamed.answer, streamed.finish_reason, streamed.input_tokens, streamed.output_tokens, streamed.ended)
    assert said == (answer["content"][0]["text"], "end_turn", 25, 9, True)


def test_a_real_openinference_langchain_trace_sends_the_api_s_parameters_only() -> None:
    """OpenInference's LangChain instrumentation (tests/data/otlp/NOTICE.md): its ``llm.invocation_parameters`` are
    LangChain's, "_type": "openai-chat", "model_name" and a null "stop" among the API's. They went into the request
    body, which OpenAI refuses ("Unrecognized request argument supplied: _type")."""
    _, asked, answers = _real_trace("openinference-langchain.jsonl.gz")
    assert [a | {"messages": []} for a in asked] == [
        {"model": "gpt-4o-mini", "messages": [], "stream": False, "temperature": 0.2, "max_completion_tokens": 50}
    ] * 2
    assert [m["role"] for m in asked[0]["messages"]] == ["system", "user"]
    assert answers[0]["choices"][0]["message"]["content"] == "Your order ships on Monday from the Leeds warehouse."


def test_a_real_vercel_ai_sdk_trace_imports_each_request_to_the_model_once() -> None:
    """The Vercel AI SDK's own telemetry (tests/data/otlp/NOTICE.md: INTERNAL spans, ``ai.*`` attributes, each call
    an ``ai.generateText`` span around one ``...doGenerate`` span per request). Nothing was imported ("no exchange
    to import"); now each request is one exchange: a chat, a stream timed to its first chunk, a Responses API call
    on /v1/responses, a tool call and the turn answering it, an embedding."""
    calls, asked, answers = _real_trace("vercel-ai-sdk.jsonl.gz")
    assert [ex.request.url.removeprefix("https://api.openai.com") for ex in calls] == [
        "/v1/chat/completions",
        "/v1/chat/completions",
        "/v1/responses",
        "/v1/chat/completions",
        "/v1/chat/completions",
        "/v1/embeddings",
    ]
    assert asked[0]["max_tokens"] == 50 and asked[0]["temperature"] == 0.2
    assert [m["role"] for m in asked[0]["messages"]] == ["system", "user"]
    assert asked[1]["stream"] is True and 0 < calls[1].timings.ttfb < calls[1].timings.total  # type: ignore[operator]
    assert asked[2] == {"model": "gpt-4o-mini", "input": [{"role": "user", "content": "reset it"}]}
    said = answers[2]["output"][0]["content"][0]
    assert said["type"] == "output_text" and said["text"] == "Your order ships on Monday from the Leeds warehouse."
    made = answers[3]["choices"][0]
    assert (
        made["finish_reason"] == "tool_calls" and made["message"]["tool_calls"][0]["function"]["name"] == "get_weather"
    )
    assert [m["role"] for m in asked[4]["messages"]] == ["user", "assistant", "tool"]
    # ai.prompt.tools and ai.prompt.toolChoice, in OpenAI chat's shape (the SDK's inputSchema its parameters)
    city = {"type": "object", "properties": {"city": {"type": "string"}}}
    weather = {
        "type": "function",
        "function": {"name": "get_weather", "description": "The weather", "parameters": city},
    }
    assert asked[3]["tools"] == asked[4]["tools"] == [weather] and asked[3]["tool_choice"] == "auto"
    assert "tools" not in asked[0] and answers[1] is None and _streamed(calls[1]).finish_reason == "stop"
    assert asked[4]["messages"][2] == {"role": "tool", "tool_call_id": "call_00", "content": "sunny, 21 C"}
    assert asked[5] == {"model": "text-embedding-3-small", "input": ["where is my parcel"]}


def test_a_real_openllmetry_trace_imports_streams_base_url_and_finish_reasons_as_the_api_has_them() -> None:
    """OpenLLMetry's instrumentations of the openai and anthropic clients (tests/data/otlp/NOTICE.md: semconv
    messages, its own gen_ai.is_streaming, gen_ai.openai.api_base and a gen_ai.content.completion.chunk event per
    chunk). Its streamed call was imported without ``stream``, timed as if its first byte came last, every call
    sent to api.openai.com instead of the client's base URL, a tool call's finish reason was semconv's
    ``tool_call`` (no word of OpenAI's)."""
    calls, asked, answers = _real_trace("openllmetry.jsonl.gz")
    assert len(calls) == 7
    base = "http://127.0.0.1:38435/v1"  # the OpenAI client's base_url, as the trace has it
    assert [ex.request.url for ex in calls[:5]] == [
        *[f"{base}/chat/completions"] * 4,
        f"{base}/embeddings",
    ]
    assert [ex.request.url for ex in calls[5:]] == ["https://api.anthropic.com/v1/messages"] * 2
    assert [a.get("stream") for a in asked[:2]] == [None, True]
    streamed = calls[1].timings
    assert streamed.ttfb is not None and streamed.total is not None and 0 < streamed.ttfb < streamed.total
    reasons = [
        a["choices"][0]["finish_reason"] if a else _streamed(ex).finish_reason
        for a, ex in zip(answers[:4], calls[:4], strict=True)
    ]
    assert reasons == ["stop", "stop", "tool_calls", "stop"] and answers[1] is None  # OpenAI's chunks
    weather = {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}  # gen_ai.tool.definitions
    assert asked[2]["tools"] == asked[3]["tools"] == [{"type": "function", "function": weather}]
    assert asked[5]["system"].startswith("Context:") and asked[5]["temperature"] == 0.3
    # its Anthropic instrumentation says nothing of a stream (no is_streaming, no chunk event): a JSON body
    assert [a["stop_reason"] for a in answers[5:]] == ["end_turn", "end_turn"]


def test_a_real_trace_of_openllmetry_0_40_imports_its_embedding_and_its_stream() -> None:
    """OpenLLMetry 0.40's shape (tests/data/otlp/NOTICE.md): no gen_ai.operation.name but its own
    ``llm.request.type`` (an Anthropic message a "completion"), ``gen_ai.prompt.N``, ``llm.is_streaming``, one
    ``llm.content.completion.chunk`` event per chunk. Its embedding was a chat on /v1/chat/completions (the
    input as messages), its stream timed as if its first byte came last."""
    calls, asked, _ = _real_trace("openllmetry-0.40.jsonl.gz")
    urls = [ex.request.url.split("/v1/")[1] for ex in calls]
    assert urls == [*["chat/completions"] * 4, "embeddings", "messages", "messages"]
    assert asked[4] == {"model": "text-embedding-3-small", "input": ["where is my parcel"]}
    assert asked[1]["stream"] is True and 0 < calls[1].timings.ttfb < calls[1].timings.total  # type: ignore[operator]
    assert asked[5]["system"].startswith("Context:") and asked[5]["temperature"] == 0.3
    weather = {"name": "get_weather", "parameters": {"type": "object", "properties": {}}}  # llm.request.functions.0.*
    assert asked[2]["tools"] == asked[3]["tools"] == [{"type": "function", "function": weather}]
    streamed = _streamed(calls[1])
    assert streamed.answer and streamed.ended and calls[1].stream.first_event == calls[1].timings.ttfb  # type: ignore[union-attr]


def test_a_bedrock_span_imports_as_converse_on_its_models_path(tmp_path: Path) -> None:
    """``gen_ai.system = aws.bedrock`` (OpenTelemetry's botocore instrumentation): Bedrock's Converse path with the
    model id, URL-encoded, on the span's host; the turns as content blocks (a tool's answer a ``toolResult``),
    the system instruction apart, the answer a Converse body the judge reads as Bedrock's."""
    model = "anthropic.claude-3-5-sonnet-20240620-v1:0"
    call = {"type": "tool_call", "id": "tooluse_1", "name": "get_weather", "arguments": {"city": "Paris"}}
    asked = [
        {"role": "user", "parts": [{"type": "text", "content": "Weather?"}]},
        {"role": "assistant", "parts": [call]},
    ]
    asked += [{"role": "tool", "parts": [{"type": "tool_call_response", "id": "tooluse_1", "response": "sunny"}]}]
    told = [{"role": "assistant", "parts": [{"type": "text", "content": "Sunny."}], "finish_reason": "end_turn"}]
    attrs = {"gen_ai.system": "aws.bedrock", "gen_ai.operation.name": "chat", "gen_ai.request.model": model}
    attrs |= {"gen_ai.request.max_tokens": 200, "gen_ai.usage.input_tokens": 30, "gen_ai.usage.output_tokens": 2}
    attrs |= {
        "server.address": "bedrock-runtime.us-west-2.amazonaws.com",
        "gen_ai.response.finish_reasons": ["end_turn"],
    }
    attrs |= {"gen_ai.system_instructions": orjson.dumps([{"type": "text", "content": "Be brief."}]).decode()}
    attrs |= {
        "gen_ai.input.messages": orjson.dumps(asked).decode(),
        "gen_ai.output.messages": orjson.dumps(told).decode(),
    }
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(_span("chat " + model, attrs))))
    (ex,) = read_exchanges(import_capture(tmp_path, trace))
    path = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse"
    assert ex.request.url == "https://bedrock-runtime.us-west-2.amazonaws.com" + path
    sent = orjson.loads(ex.request.body.text)
    assert sent["system"] == [{"text": "Be brief."}] and sent["inferenceConfig"] == {"maxTokens": 200}
    assert sent["messages"] == [
        {"role": "user", "content": [{"text": "Weather?"}]},
        {"role": "assistant", "content": [{"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather",
                                                       "input": {"city": "Paris"}}}]},
        {"role": "user", "content": [{"toolResult": {"toolUseId": "tooluse_1", "content": [{"text": "sunny"}]}}]},
    ]  # fmt: skip
    reply = parse_reply(200, ex.response.headers, {"text": ex.response.body.text})
    assert (reply.answer, reply.finish_reason, reply.input_tokens, reply.output_tokens) == ("Sunny.", "end_turn", 30, 2)
    assert Judge().reply_class(f"POST {path}", reply) == "ok"


ASKED_HI = '[{"role": "user", "parts": [{"type": "text", "content": "Hi"}]}]'
BEDROCK_SPAN = {"gen_ai.system": "aws.bedrock", "gen_ai.operation.name": "chat", "gen_ai.input.messages": ASKED_HI}


@pytest.mark.parametrize("model", [None, "", 42, ["a", "b"]])
def test_a_bedrock_span_without_a_model_id_is_one_line(tmp_path: Path, model: object) -> None:
    """Bedrock's path holds the model: a span naming none went to /model/unknown/converse, one naming 42 raised
    quote_from_bytes' TypeError (one line, but it named no attribute)."""
    trace = tmp_path / "trace.json"
    attrs = BEDROCK_SPAN | ({"gen_ai.request.model": model} if model is not None else {})
    trace.write_bytes(orjson.dumps(_doc(_span("chat", attrs))))
    with pytest.raises(ImportFormatError, match=r"spans\[0\] is not an OTLP span: span: an aws.bedrock call names"):
        list(read_otlp(trace, trace.read_text()))


def test_a_bedrock_spans_token_counts_of_another_type_are_left_out_of_its_usage(tmp_path: Path) -> None:
    """A trace's "30" and 2.5 tokens: summed into Converse's totalTokens they raised (str + float)."""
    trace = tmp_path / "trace.json"
    odd = {"gen_ai.request.model": "m", "gen_ai.usage.input_tokens": "30", "gen_ai.usage.output_tokens": 2.5}
    trace.write_bytes(orjson.dumps(_doc(_span("chat", BEDROCK_SPAN | odd))))
    (ex,) = read_otlp(trace, trace.read_text())
    assert orjson.loads(ex.response.body.text)["usage"] == {}


OPENAI_SPAN = {"gen_ai.system": "openai", "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini"}


def test_request_parameters_written_as_strings_are_read_as_the_api_takes_them(tmp_path: Path) -> None:
    """An instrumentation's "200" for max_tokens was replayed as a string (staging refuses every such request); a
    finish reason written as an enum's number, and a null text part (imported as the prompt "None"), likewise."""
    trace = tmp_path / "trace.json"
    asked = '[{"role": "user", "parts": [{"type": "text", "content": null}, {"type": "text", "content": "Hi"}]}]'
    odd = {"gen_ai.request.max_tokens": "200", "gen_ai.request.temperature": "0.5", "gen_ai.request.stream": "false"}
    odd |= {"server.port": "8443", "gen_ai.response.finish_reasons": [3], "gen_ai.input.messages": asked}
    trace.write_bytes(orjson.dumps(_doc(_span("chat", OPENAI_SPAN | odd))))
    (ex,) = read_otlp(trace, trace.read_text())
    body = orjson.loads(ex.request.body.text)
    assert (body["max_tokens"], body["temperature"], body.get("stream", False)) == (200, 0.5, False)
    assert body["messages"] == [{"role": "user", "content": "Hi"}] and ":8443/" in ex.request.url
    assert orjson.loads(ex.response.body.text)["choices"][0]["finish_reason"] == "3"


@pytest.mark.parametrize(
    ("odd", "said"),
    [
        ({"gen_ai.request.max_tokens": "lots"}, "attribute gen_ai.request.max_tokens 'lots' is not a number"),
        ({"gen_ai.request.stream": "yes"}, "attribute gen_ai.request.stream 'yes' is not a boolean"),
        ({"server.port": "443x"}, "attribute server.port '443x' is not a port number"),
    ],
)
def test_a_request_attribute_of_no_reading_is_one_line(tmp_path: Path, odd: dict, said: str) -> None:
    trace = tmp_path / "trace.json"
    trace.write_bytes(orjson.dumps(_doc(_span("chat", OPENAI_SPAN | odd))))
    with pytest.raises(ImportFormatError, match=r"spans\[0\] is not an OTLP span: span: " + said):
        list(read_otlp(trace, trace.read_text()))


def test_tools_an_instrumentation_recorded_in_another_api_s_shape_are_sent_in_the_call_s() -> None:
    """OpenInference's Anthropic tools (``llm.tools.N.tool.json_schema`` in Anthropic's shape, a tool choice in its
    invocation parameters) go to Anthropic's API as it takes them; OpenLLMetry's older ``llm.request.functions``
    of an Anthropic call (``input_schema``) too, and semconv's ``gen_ai.tool.definitions`` to a Bedrock call's
    ``toolConfig``."""
    schema = {"type": "object", "properties": {"city": {"type": "string"}}}
    tool = {"name": "get_weather", "description": "The weather", "input_schema": schema}
    openinference = {
        "openinference.span.kind": "LLM",
        "llm.system": "anthropic",
        "llm.model_name": "claude-sonnet-4-5",
        "llm.invocation_parameters": orjson.dumps({"max_tokens": 100, "tool_choice": {"type": "any"}}).decode(),
        "llm.tools.0.tool.json_schema": orjson.dumps(tool).decode(),
    }
    openllmetry = {
        "gen_ai.system": "Anthropic",
        "llm.request.type": "completion",
        "gen_ai.request.model": "claude-sonnet-4-5",
        "llm.request.functions.0.name": "get_weather",
        "llm.request.functions.0.description": "The weather",
        "llm.request.functions.0.input_schema": orjson.dumps(schema).decode(),
    }
    semconv = {
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": "amazon.nova-lite-v1:0",
        "gen_ai.tool.definitions": orjson.dumps([{"type": "function"} | tool]).decode(),
    }
    doc = _doc(_span("ChatAnthropic", openinference, kind=1), _span("anthropic.chat", openllmetry), _span("c", semconv))
    asked = [orjson.loads(ex.request.body.text) for ex in read_otlp(Path("t.json"), orjson.dumps(doc).decode())]
    assert asked[0]["tools"] == asked[1]["tools"] == [tool] and asked[0]["tool_choice"] == {"type": "any"}
    assert asked[0]["max_tokens"] == 100 and "tool_choice" not in asked[1]
    spec = {"name": "get_weather", "description": "The weather", "inputSchema": {"json": schema}}
    assert asked[2]["toolConfig"] == {"tools": [{"toolSpec": spec}]}
