"""LangSmith's and Langfuse's own exports (``replay.formats.llmops``): their model calls import as the exchanges they
were, with their timing, parameters, tools and answers; chain, tool, SPAN and EVENT records are skipped and counted;
their datasets import as conversations.

Real files in tests/data/llmops (NOTICE.md there says where each came from): traces downloaded from Langfuse's UI
(a LangGraph agent's, the openai-agents SDK's, Pydantic AI's), the LangSmith JS SDK's wrapOpenAI runs and runs
LangChain's LangSmith tracer recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.formats import Chats, Format, Given, read_foreign, sniff
from tests.conftest import assert_bad_input, replay_here
from tests.formats.conftest import asked as _asked
from tests.formats.conftest import said as _said

DATA = Path(__file__).parents[1] / "data" / "llmops"
LANGGRAPH = DATA / "langfuse-langgraph-2025-08-22.json"
AGENTS = DATA / "langfuse-openai-agents-2025-09-30.json"
PYDANTIC = DATA / "langfuse-pydantic-ai-tools-2025-12-04.json"
TRACER = DATA / "langchain-tracer-runs.jsonl"


def _calls(path: Path, chats: Chats | None = None) -> list[Exchange]:
    return list(read_foreign([path], Given(chats=chats)))


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp()


def _lines(tmp_path: Path, *records: object, name: str = "export.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def _wrap_openai_run(name: str) -> dict[str, Any]:
    """The run LangSmith holds of the JS SDK's wrapOpenAI fixture: what it posted, then patched."""
    sent = orjson.loads((DATA / f"langsmith-js-wrap_openai_{name}.json").read_bytes())
    return sent["post"][0] | sent["patch"][0]


def test_a_pretty_printed_export_is_parsed_once_when_its_format_is_told(tmp_path: Path) -> None:
    """Telling a pretty-printed export's format parses it whole, and its import parsed it whole again (a 200 MB
    Langfuse trace read in 7.0 s of CPU, 3.7 s parsed once). The file read first is imported from the document its
    format was told by: replaced after that, its calls are still the first's; the next file is read in its turn."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_bytes(LANGGRAPH.read_bytes())
    second.write_bytes(AGENTS.read_bytes())
    calls = read_foreign([first, second])  # the formats are told here; the calls are read as they are drawn
    first.write_bytes(b"{}")
    second.write_bytes(PYDANTIC.read_bytes())
    assert [ex.id for ex in calls] == [ex.id for ex in _calls(LANGGRAPH) + _calls(PYDANTIC)]


def test_a_langfuse_trace_s_generations_are_its_calls_and_its_spans_are_skipped_and_counted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sniff(LANGGRAPH) is Format.LLMOPS
    first, second = _calls(LANGGRAPH)
    assert "skipped 7 records that are no model call (SPAN 7)" in capsys.readouterr().err
    assert first.request.url == "https://api.openai.com/v1/chat/completions"  # metadata.ls_provider: openai
    assert first.timings.start == pytest.approx(_epoch("2025-08-22T09:38:56.232"))
    assert first.timings.total == pytest.approx(0.848)  # endTime; no completionStartTime: the whole call
    asked = _asked(first)
    assert asked["model"] == "gpt-4o-2024-08-06" and asked["temperature"] == 0
    # the tool offered, which Langfuse's LangChain handler lists as a "tool" message, is the request's tool
    assert [m["role"] for m in asked["messages"]] == ["user", "user"]
    assert asked["tools"][0]["function"]["name"] == "Web-Search"
    answer = _said(first)["choices"][0]
    assert answer["finish_reason"] == "tool_calls"
    assert answer["message"]["tool_calls"][0]["function"] == {"name": "Web-Search", "arguments": '{"query":"example"}'}
    assert _said(first)["usage"] == {"prompt_tokens": 60, "completion_tokens": 15, "total_tokens": 75}
    # the second asks again with the tool's answer (kept parsed by Langfuse: JSON text again)
    turns = _asked(second)["messages"]
    assert [m["role"] for m in turns] == ["user", "user", "assistant", "tool"]
    assert turns[3]["tool_call_id"] == "call_1oGK863sxQHlPreFhDdEs3yl" and orjson.loads(turns[3]["content"])[0]["q"]
    assert _said(second)["choices"][0]["message"]["content"].startswith('The search for "example"')


def test_a_trace_or_page_on_one_line_reads_as_the_document_it_is(tmp_path: Path) -> None:
    trace = orjson.loads(LANGGRAPH.read_bytes())
    compact = tmp_path / "trace.json"
    compact.write_bytes(orjson.dumps(trace))  # GET /api/public/traces/{id} as curl saves it: one line
    page = _lines(tmp_path, {"data": trace["observations"], "meta": {"page": 1}})  # GET /api/public/observations
    assert (
        [ex.id for ex in _calls(compact)] == [ex.id for ex in _calls(page)] == ["4f6535aaebcda355", "5ba09605e0929d78"]
    )


def test_responses_api_calls_and_otel_message_parts_read_as_their_turns() -> None:
    later, first = _calls(AGENTS)  # as the trace lists them
    assert first.request.url == "https://api.openai.com/v1/responses"
    assert _said(first)["output"][0]["type"] == "function_call"
    items = _asked(later)["input"]
    assert [i.get("type", i.get("role")) for i in items] == ["user", "function_call", "function_call_output"]
    assert _asked(later)["tool_choice"] == "auto"
    joke = next(ex for ex in _calls(PYDANTIC) if len(_asked(ex)["messages"]) == 6)
    turns = _asked(joke)["messages"]
    assert [m["role"] for m in turns] == ["system", "user", "assistant", "tool", "tool", "tool"]
    assert [c["id"] for c in turns[2]["tool_calls"]] == [t["tool_call_id"] for t in turns[3:]]
    assert turns[3]["content"].startswith("Pun idea:")  # a tool_call_response's "result"


def test_langchain_runs_recorded_for_langsmith_are_calls_with_their_tools_stream_and_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked, answered, streamed, failed = _calls(TRACER)
    assert "skipped 2 records that are no model call (chain 1, tool 1)" in capsys.readouterr().err
    body = _asked(asked)
    assert body["messages"] == [
        {"role": "system", "content": "You answer weather questions."},
        {"role": "user", "content": "What's the weather in Paris?"},
    ]
    # invocation_params: the API's parameters and tools, not LangChain's own (_type, model_name, a null stop)
    assert {k: v for k, v in body.items() if k not in ("messages", "tools")} == {
        "model": "gpt-4o-mini",
        "temperature": 0.2,
        "max_tokens": 256,
    }
    said = _said(asked)
    assert said["id"] == "chatcmpl-B1" and said["model"] == "gpt-4o-mini-2024-07-18"
    assert said["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] == '{"city":"Paris"}'
    assert said["usage"]["prompt_tokens"] == 52
    assert _asked(answered)["messages"][3] == {
        "role": "tool",
        "content": "Sunny in Paris",
        "tool_call_id": "call_abc123",
    }
    # streamed: an event stream, its first byte when the first token came (its new_token event)
    assert streamed.response is not None and streamed.response.headers == [("content-type", "text/event-stream")]
    assert streamed.timings.ttfb is not None and streamed.timings.total is not None
    assert streamed.timings.ttfb < streamed.timings.total
    # ls_provider anthropic: Anthropic's API; its 429, named in the stack trace's last line, is the answer
    assert failed.request.url == "https://api.anthropic.com/v1/messages"
    assert failed.response is not None and failed.response.status == 429
    assert "rate_limit_error" in _said(failed)["error"]["message"]


def test_wrap_openai_runs_keep_the_request_as_sent_and_times_in_epoch_ms(tmp_path: Path) -> None:
    path = _lines(tmp_path, _wrap_openai_run("default"), _wrap_openai_run("stream"))
    plain, streamed = _calls(path)
    assert plain.timings.start == 1728803137.17 and plain.timings.total == pytest.approx(1.115)
    assert _said(plain)["choices"][0]["message"]["content"] == "Howdy! How can I assist you today?"
    assert _asked(streamed)["stream_options"] == {"include_usage": True}
    assert streamed.response is not None and streamed.response.body is not None
    assert "Howdy!" in streamed.response.body.text and '"finish_reason":"stop"' in streamed.response.body.text


def test_a_runs_batch_body_imports_each_run_with_its_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The JS SDK's wrapOpenAI fixture is no export: it is what the SDK sent LangSmith for one call, the run's
    POST body and its PATCH body (the id in the URL, not the body), in the shape of a POST /runs/batch body
    ({"post": [...], "patch": [...]}). It was "not a format replay imports"; its call is imported, the update
    joined to its run by dotted_order (H269). A batch's updates name their run by id, in any order; an update of
    a run an earlier batch started is skipped and said."""
    for name in ("default", "stream"):
        assert sniff(DATA / f"langsmith-js-wrap_openai_{name}.json") is Format.LLMOPS
        (call,) = _calls(DATA / f"langsmith-js-wrap_openai_{name}.json")
        assert call.timings.start == _calls(_lines(tmp_path, _wrap_openai_run(name)))[0].timings.start
        assert call.response is not None and call.response.status == 200 and "Howdy!" in call.response.body.text
    plain = _wrap_openai_run("default")
    post = [{k: v for k, v in plain.items() if k not in ("end_time", "outputs")} | {"id": i} for i in ("a", "b")]
    patch = [{"id": i, "end_time": plain["end_time"] + n, "outputs": plain["outputs"]} for n, i in enumerate("bxa")]
    a, b = _calls(_lines(tmp_path, {"post": post, "patch": patch}))
    assert (a.id, b.id) == ("a", "b") and a.timings.total == pytest.approx(b.timings.total + 0.002)
    assert "skipped 1 run updates (patch) of runs their batch does not start (the first: " in capsys.readouterr().err
    with pytest.raises(ImportFormatError, match=r"export.jsonl:1: post\[1\]: neither a LangSmith run"):
        _calls(_lines(tmp_path, {"post": [post[0], {"id": "c"}], "patch": patch}))
    assert "/runs/batch body" in " ".join(replay_here("import", "--help").stdout.split())  # the help names it


def test_observation_timing_parameters_errors_and_where_it_went(tmp_path: Path) -> None:
    base = {"type": "GENERATION", "startTime": "2025-03-01T10:00:00.000Z", "endTime": "2025-03-01T10:00:02.500Z"}
    base |= {"input": [{"role": "user", "content": "hi"}], "output": {"role": "assistant", "content": "hello"}}
    ok = base | {"id": "g1", "model": "claude-3-5-haiku-20241022", "completionStartTime": "2025-03-01T10:00:00.400Z"}
    ok["modelParameters"] = {"temperature": "0.7", "max_tokens": "Infinity", "top_p": "null", "stream": "true"}
    failed = base | {"id": "g2", "model": "gpt-4o", "level": "ERROR", "output": None}  # no status named: none
    failed["statusMessage"] = "openai.InternalServerError: upstream timed out"
    vendorless = base | {"id": "g3", "model": "llama-3.1-8b", "metadata": {"ls_provider": "fireworks"}}
    span = {"id": "s1", "type": "SPAN", "startTime": "2025-03-01T10:00:00Z"}
    path = _lines(tmp_path, ok, failed, span)
    claude, error = _calls(path)
    assert claude.request.url == "https://api.anthropic.com/v1/messages"  # the model name's vendor
    assert claude.timings.ttfb == pytest.approx(0.4) and claude.timings.total == pytest.approx(2.5)
    asked = _asked(claude)
    assert asked["temperature"] == 0.7 and asked["stream"] is True
    assert asked["max_tokens"] == 1024  # "Infinity": no limit Langfuse kept, the API's required one written
    assert error.response is None and error.error == "openai.InternalServerError: upstream timed out"
    with pytest.raises(ImportFormatError, match=r"export.jsonl:1: its provider 'fireworks'.*--api openai"):
        _calls(_lines(tmp_path, vendorless))
    [there] = _calls(_lines(tmp_path, vendorless), Chats("openai", None, "http://127.0.0.1:8000/v1"))
    assert there.request.url == "http://127.0.0.1:8000/v1/chat/completions" and _asked(there)["model"] == "llama-3.1-8b"


def test_dataset_examples_and_items_are_conversations(tmp_path: Path) -> None:
    asked = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}]
    example = {"inputs": {"messages": asked}, "outputs": {"output": {"role": "assistant", "content": "Paris."}}}
    item = {"input": "Capital of Spain?", "expectedOutput": "Madrid.", "datasetId": "d1"}
    with pytest.raises(ImportFormatError, match="a LangSmith or Langfuse dataset names no API or model"):
        _calls(_lines(tmp_path, example))
    paris, madrid = _calls(_lines(tmp_path, example, item), Chats("openai", "gpt-4o-mini"))
    assert (paris.id, madrid.id) == ("chat-1", "chat-2")  # by line, as a conversation dataset's
    assert _asked(paris)["messages"] == asked and _asked(paris)["model"] == "gpt-4o-mini"
    assert _said(paris)["choices"][0]["message"]["content"] == "Paris."
    assert _asked(madrid)["messages"] == [{"role": "user", "content": "Capital of Spain?"}]
    assert _said(madrid)["choices"][0]["message"]["content"] == "Madrid."


def test_dataset_examples_are_made_as_they_are_read_not_held(tmp_path: Path) -> None:
    """A file of examples was held whole (as conversations, to be written after the runs: 254 MB of RSS to read a
    100 MB file): each is made as its line is read, where it is in the file, so the first comes before a bad
    last line is read."""
    example = {"inputs": {"messages": [{"role": "user", "content": "Hi?"}]}, "outputs": {"output": "Hello."}}
    path = _lines(tmp_path, example, example, {"inputs": {"messages": "not a list"}, "outputs": {}})
    calls = read_foreign([path], Given(chats=Chats("openai", "gpt-4o-mini")))
    assert next(calls).id == "chat-1"
    with pytest.raises(ImportFormatError, match=r"export\.jsonl:3: "):
        list(calls)


@pytest.mark.parametrize(
    ("record", "needles"),
    [
        ({"run_type": "llm", "inputs": {}, "start_time": "yesterday"}, ["export.jsonl:1:", "start_time 'yesterday'"]),
        ({"run_type": "llm", "inputs": {"messages": []}}, ["export.jsonl:1:", "start_time is missing"]),
        ({"type": "GENERATION", "startTime": "2025-01-01T00:00:00Z", "input": [42], "output": "x", "model": "gpt-4o"},
         ["export.jsonl:1:", "input[0] is a int, not a message"]),
        ({"type": "GENERATION", "startTime": "2025-01-01T00:00:00Z", "input": "hi", "output": "x"},
         ["names no model", "--model NAME"]),
    ],
)  # fmt: skip
def test_bad_records_are_named_by_file_line_and_field(tmp_path: Path, record: dict, needles: list[str]) -> None:
    with pytest.raises(ImportFormatError) as e:
        _calls(_lines(tmp_path, record))
    assert all(n in str(e.value) for n in needles), str(e.value)


def test_imported_redacted_and_bad_input_is_one_line(tmp_path: Path) -> None:
    run = _wrap_openai_run("default")
    run["inputs"]["messages"][0]["content"] = "Refund jane.doe@example.com, card 4242 4242 4242 4242"
    chain = {"id": "c", "run_type": "chain", "inputs": {}, "start_time": "2025-01-01T00:00:00"}
    out = tmp_path / "r.jsonl"
    proc = replay_here("import", str(_lines(tmp_path, chain, run)), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "skipped 1 records that are no model call (chain 1)" in proc.stderr
    raw = out.read_bytes()
    assert b"jane.doe@example.com" not in raw and b"4242 4242 4242 4242" not in raw
    assert [ex.meta["source"] for ex in read_exchanges(out)] == ["langsmith"]
    bad = _lines(tmp_path, run, {"id": "x", "name": "no run"}, name="bad.jsonl")
    proc = replay_here("import", str(bad), "--out", str(tmp_path / "o.jsonl"))
    assert_bad_input(proc, "bad.jsonl:2:", "neither a LangSmith run")
    assert not (tmp_path / "o.jsonl").exists()
    proc = replay_here("inspect", str(TRACER))
    assert_bad_input(proc, "a LangSmith or Langfuse export", "replay import")
