"""OpenAI Batch API files import as exchanges: the input JSONL alone, or answered by its output JSONL."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest

from replay.exchange.format import Exchange, Request, Timings
from replay.exchange.read import read_exchanges
from replay.formats import Given, ImportFormatError, read_foreign
from replay.redact import default_redactor
from tests.conftest import assert_bad_input, replay_here
from tests.formats.conftest import import_capture, round_trip
from tests.runner.conftest import Target


def _chat(question: str, **extra: object) -> dict:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": question}], "max_tokens": 100, **extra}


INPUT = [
    {"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": _chat("Refund order 4411?")},
    {"custom_id": "req-2", "method": "POST", "url": "/v1/chat/completions",
     "body": _chat("My card 4242 4242 4242 4242 was charged twice", temperature=0)},
    {"custom_id": "req-3", "method": "POST", "url": "/v1/embeddings",
     "body": {"model": "text-embedding-3-small", "input": "where is my parcel"}},
]  # fmt: skip


def _answer(custom_id: str, text: str, created: int) -> dict:
    body = {
        "id": f"chatcmpl-{custom_id}",
        "object": "chat.completion",
        "created": created,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18},
    }
    response = {"status_code": 200, "request_id": f"req_{custom_id}", "body": body}
    return {"id": f"batch_req_{custom_id}", "custom_id": custom_id, "response": response, "error": None}


EXPIRED = {"code": "batch_expired", "message": "This request could not be executed before the window expired."}
OUTPUT = [  # in completion order, not input order, as the Batch API writes them
    _answer("req-2", "We refunded the duplicate charge.", 1_760_000_060),
    {"id": "batch_req_req-3", "custom_id": "req-3", "response": None, "error": EXPIRED},
    _answer("req-1", "Your refund is on its way.", 1_760_000_030),
]


# Anthropic Message Batches: the requests as messages.batches.create takes them, and the results lines as
# the API's results_url gives them (https://docs.anthropic.com/en/docs/build-with-claude/batch-processing).
def _claude(question: str) -> dict:
    return {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": question}]}


def _succeeded(custom_id: str, text: str) -> dict:
    message = {"id": f"msg_{custom_id}", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929"}
    message |= {"content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "stop_sequence": None}
    message["usage"] = {"input_tokens": 11, "output_tokens": 9}
    return {"custom_id": custom_id, "result": {"type": "succeeded", "message": message}}


REQUESTS = [
    {"custom_id": "my-first-request", "params": _claude("Hello, world. Mail me at jane.doe@gmail.com")},
    {"custom_id": "my-second-request", "params": _claude("Hi again, friend")},
    {"custom_id": "my-third-request", "params": _claude("A third")},
    {"custom_id": "my-fourth-request", "params": _claude("A fourth")},
]
INVALID = {"type": "invalid_request_error", "message": "max_tokens: 1024 > 512, the model's maximum"}
RESULTS = [  # in completion order
    _succeeded("my-second-request", "Hello again! How can I help?"),
    {"custom_id": "my-third-request", "result": {"type": "errored", "error": {"type": "error", "error": INVALID}}},
    _succeeded("my-first-request", "Hello! How can I assist you today?"),
    {"custom_id": "my-fourth-request", "result": {"type": "expired"}},
]


# Azure OpenAI's Global Batch: the input as Microsoft's docs write it (the older url without /v1, the model the
# deployment's name), and output lines as its docs show them (no "id"; Azure's filter results in the body); the
# error file's line a content filter refusal (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch).
def _azure_chat(custom_id: str, question: str, url: str = "/chat/completions") -> dict:
    body = {"model": "gpt-4o-batch", "messages": [{"role": "user", "content": question}]}
    return {"custom_id": custom_id, "method": "POST", "url": url, "body": body}


_SAFE = {"filtered": False, "severity": "safe"}
_FILTERS = dict.fromkeys(("hate", "self_harm", "sexual", "violence"), _SAFE)


def _azure_answer(custom_id: str, text: str) -> dict:
    choice = {"content_filter_results": _FILTERS, "finish_reason": "stop", "index": 0, "logprobs": None}
    choice["message"] = {"content": text, "role": "assistant"}
    body = {"choices": [choice], "created": 1722477079, "id": "chatcmpl-9rFGJ9dh08Tw9WRKqaEHwrkqRa4DJ"}
    body |= {"model": "gpt-4o-2024-05-13", "object": "chat.completion", "system_fingerprint": "fp_a9bfe9d51d"}
    body["prompt_filter_results"] = [{"prompt_index": 0, "content_filter_results": _FILTERS}]
    body["usage"] = {"completion_tokens": 24, "prompt_tokens": 27, "total_tokens": 51}
    response = {"body": body, "request_id": "660b7424-b648-4b67-addc-862ba067d442", "status_code": 200}
    return {"custom_id": custom_id, "response": response, "error": None}


_REFUSED = {"code": "content_filter", "status": 400, "param": "prompt", "message": "The response was filtered"}
_REFUSED["innererror"] = {"code": "ResponsibleAIPolicyViolation", "content_filter_result": _FILTERS}
AZURE_ERROR = {"custom_id": "task-1", "response": {"status_code": 400, "body": {"error": _REFUSED}}, "error": None}


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def test_input_alone_imports_the_requests(tmp_path: Path) -> None:
    exchanges = list(read_exchanges(import_capture(tmp_path, _jsonl(tmp_path / "batch_input.jsonl", INPUT))))
    assert [ex.id for ex in exchanges] == ["batch-req-1", "batch-req-2", "batch-req-3"]
    assert [ex.request.url for ex in exchanges] == [
        "https://api.openai.com/v1/chat/completions",
        "https://api.openai.com/v1/chat/completions",
        "https://api.openai.com/v1/embeddings",
    ]
    assert all(ex.response is None and ex.meta["answered"] is False for ex in exchanges)
    assert [ex.timings.start for ex in exchanges] == [0.0, 0.001, 0.002]
    body = orjson.loads(exchanges[1].request.body.text)
    assert body["temperature"] == 0 and "4242 4242 4242 4242" not in body["messages"][0]["content"]  # redacted


def test_a_custom_id_is_redacted_as_text_in_the_id_and_meta(tmp_path: Path) -> None:
    """H264's battery: a custom_id of an address reached the capture as it came (the exchange's id and meta), and scan
    called the capture clean. Redacted as text is; an id with nothing to redact stays as it was."""
    rows = [INPUT[0] | {"custom_id": "jane.doe@example.com"}, INPUT[1]]
    out = import_capture(tmp_path, _jsonl(tmp_path / "batch_input.jsonl", rows))
    assert b"jane.doe" not in out.read_bytes()
    first, second = read_exchanges(out)
    assert first.id == "batch-" + first.meta["custom_id"] and first.meta["custom_id"].endswith("@example.invalid")
    assert first.redactions["email"] == 1 and (second.id, second.meta["custom_id"]) == ("batch-req-2", "req-2")
    scan = replay_here("scan", str(out))
    assert scan.returncode == 0, scan.stdout + scan.stderr
    # a Bedrock batch record's recordId likewise (replay.exchange.format.GIVEN_NAMES)
    ex = Exchange("bedrock-batch-jane.doe@example.com", Request("POST", "https://x/invoke", []), Timings(0.0))
    ex.meta["record_id"] = "jane.doe@example.com"
    default_redactor().redact(ex)
    assert ex.id == "bedrock-batch-" + ex.meta["record_id"] and "jane.doe" not in ex.id


@pytest.mark.e2e
def test_input_and_output_pair_by_custom_id_and_replay_every_row_once(tmp_path: Path, start_target) -> None:  # type: ignore[no-untyped-def]
    files = _jsonl(tmp_path / "in.jsonl", INPUT), _jsonl(tmp_path / "out.jsonl", OUTPUT)
    capture = import_capture(tmp_path, *files)
    one, two, three = read_exchanges(capture)
    assert orjson.loads(one.response.body.text)["choices"][0]["message"]["content"] == "Your refund is on its way."
    assert one.timings.start == 1_760_000_030.0 and two.timings.start == 1_760_000_060.0  # the answers' created
    assert ("x-request-id", "req_req-2") in two.response.headers and two.response.status == 200
    assert three.response is None and three.error.startswith("This request could not be executed")
    target: Target = start_target()
    assert round_trip(tmp_path, capture, target) == 3


def test_lines_without_a_time_of_their_own_sit_beside_the_answers(tmp_path: Path) -> None:
    """An embeddings answer has no ``created``, a responses answer ``created_at``, an expired line nothing:
    the capture spans the answers' seconds, not the 55 years since the epoch the untimed lines were put at."""
    respond = {
        "custom_id": "req-4",
        "method": "POST",
        "url": "/v1/responses",
        "body": {"model": "gpt-4.1", "input": "Hi"},
    }
    body = {"id": "resp_1", "object": "response", "created_at": 1_760_000_090, "status": "completed", "output": []}
    answers = [{"id": "b4", "custom_id": "req-4", "response": {"status_code": 200, "body": body}, "error": None}]
    embedding = {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1]}]}
    answers.append({"id": "b3", "custom_id": "req-3", "response": {"status_code": 200, "body": embedding}})
    files = _jsonl(tmp_path / "in.jsonl", [INPUT[2], INPUT[0], respond]), _jsonl(tmp_path / "out.jsonl", answers)
    starts = [ex.timings.start for ex in read_exchanges(import_capture(tmp_path, *files))]
    assert starts == pytest.approx([1_760_000_089.998, 1_760_000_089.999, 1_760_000_090.0], abs=1e-6)


def test_azure_openai_batches_go_to_azure_s_v1_api(tmp_path: Path) -> None:
    """Azure's batch files imported onto api.openai.com/chat/completions, a path neither service serves. The file
    tells Azure's: an input url without /v1 (OpenAI refuses it), or an answer with Azure's content filter results
    or refusal; the requests go to /openai/v1/... with the deployment the body's model, as the line has it."""
    older = [_azure_chat("task-0", "When was Microsoft founded?"), _azure_chat("task-1", "A filtered one")]
    files = [_jsonl(tmp_path / "in.jsonl", older), _jsonl(tmp_path / "out.jsonl", [_azure_answer("task-0", "1975.")])]
    first, refused = read_foreign([*files, _jsonl(tmp_path / "errors.jsonl", [AZURE_ERROR])])
    assert first.request.url == refused.request.url == "https://openai.azure.com/openai/v1/chat/completions"
    assert (
        orjson.loads(first.request.body.text)["model"] == "gpt-4o-batch"
        and first.meta["source"] == "azure-openai-batch"
    )
    assert first.response.status == 200 and first.timings.start == 1722477079.0
    assert (
        refused.response.status == 400 and orjson.loads(refused.response.body.text)["error"]["code"] == "content_filter"
    )
    # Azure's newer form (/v1/... as OpenAI's) is told by its answers; OpenAI's own batch stays OpenAI's
    newer = [_azure_chat("task-0", "Hi", "/v1/chat/completions"), _azure_chat("task-2", "Hi", "/v1/responses")]
    answered = [_jsonl(tmp_path / "in2.jsonl", newer), _jsonl(tmp_path / "out2.jsonl", [_azure_answer("task-0", "Hi")])]
    assert [ex.request.url for ex in read_foreign(answered)] == [
        "https://openai.azure.com/openai/v1/chat/completions",
        "https://openai.azure.com/openai/v1/responses",
    ]
    openai = [_jsonl(tmp_path / "in3.jsonl", INPUT[:1]), _jsonl(tmp_path / "out3.jsonl", OUTPUT[2:])]
    assert [ex.request.url for ex in read_foreign(openai)] == ["https://api.openai.com/v1/chat/completions"]
    # without its answers nothing tells it: the user does, naming the resource (the SDK's v1 base URL too)
    alone = [_jsonl(tmp_path / "in4.jsonl", newer)]
    assert next(ex.request.url for ex in read_foreign(alone)) == "https://api.openai.com/v1/chat/completions"
    given = Given(azure_endpoint="https://prod-eu.openai.azure.com")
    assert [ex.request.url for ex in read_foreign(alone, given)] == [
        "https://prod-eu.openai.azure.com/openai/v1/chat/completions",
        "https://prod-eu.openai.azure.com/openai/v1/responses",
    ]
    assert next(ex.request.url for ex in read_foreign(files[:1], given)).startswith("https://prod-eu.openai.azure.com/")


@pytest.mark.parametrize("url", ["https://prod-eu.openai.azure.com", "https://prod-eu.openai.azure.com/openai/v1/"])
def test_azure_endpoint_names_the_resource_of_a_batch_nothing_tells(tmp_path: Path, url: str) -> None:
    # the option through the command: the SDK's base URL for Azure's v1 API is the resource too
    path = _jsonl(tmp_path / "in.jsonl", [_azure_chat("task-0", "Hi", "/v1/chat/completions")])
    out = tmp_path / "c.jsonl"
    done = replay_here("import", str(path), "--azure-endpoint", url, "--out", str(out))
    assert done.returncode == 0, done.stderr
    (ex,) = read_exchanges(out)
    assert ex.request.url == "https://prod-eu.openai.azure.com/openai/v1/chat/completions"
    assert ex.meta["source"] == "azure-openai-batch"


def test_azure_endpoint_given_for_another_format_is_one_line(tmp_path: Path) -> None:
    """--azure-endpoint beside a file that is no Batch API input would be ignored: the user meant another file."""
    path = tmp_path / "bedrock.jsonl"
    path.write_bytes(orjson.dumps({"recordId": "r1", "modelInput": {"messages": []}}) + b"\n")
    with pytest.raises(ImportFormatError, match=r"bedrock.jsonl: --azure-endpoint names the Azure resource of a Batch"):
        read_foreign([path], Given(azure_endpoint="https://prod-eu.openai.azure.com"))


@pytest.mark.parametrize(
    ("files", "needles"),
    [
        ({"out.jsonl": OUTPUT}, ["out.jsonl: a Batch API output file holds answers, not requests; give its input"]),
        ({"in.jsonl": [INPUT[0], INPUT[0]]}, ["in.jsonl:2: custom_id 'req-1' is used twice"]),
        ({"in.jsonl": [INPUT[0] | {"url": "https://api.openai.com/v1/chat/completions"}]},
         ["in.jsonl:1: not a Batch API request", "is not a path"]),
        ({"in.jsonl": [INPUT[0], {"method": "POST"}]}, ["in.jsonl:2: no custom_id"]),
        ({"in.jsonl": [INPUT[0] | {"method": "PO ST"}]}, ["in.jsonl:1: not a Batch API request", "'PO ST' is not"]),
        ({"in.jsonl": INPUT, "out.jsonl": [OUTPUT[0] | {"response": OUTPUT[0]["response"] | {"status_code": 999}}]},
         ["out.jsonl:1: not a Batch API answer: line.response.status_code: 999 is greater than the maximum of 599"]),
        # an answer whose response is a string was read as no response
        ({"in.jsonl": INPUT, "out.jsonl": [OUTPUT[0] | {"response": "ok"}]},
         ["out.jsonl:1: not a Batch API answer: line.response: "]),
        ({"in.jsonl": [{"custom_id": "a", "params": 5}]}, ["in.jsonl:1: not a Batch API request: line.params: 5 is"]),
        ({"in.jsonl": REQUESTS[:1], "out.jsonl": [RESULTS[2] | {"result": {"type": "succeeded", "message": 5}}]},
         ["out.jsonl:1: not a Batch API answer: line.result.message: 5 is not of type object"]),
        ({"in.jsonl": REQUESTS[:1], "out.jsonl": [RESULTS[2] | {"result": {"type": "done"}}]},
         ["out.jsonl:1: not a Batch API answer: line.result.type: a string does not fit the form allowed (enum"]),
        ({"in.jsonl": INPUT, "out.jsonl": OUTPUT, "errors.jsonl": [OUTPUT[1]]},
         ["errors.jsonl:1: custom_id 'req-3' is answered in ", "out.jsonl:2 too"]),
    ],
)  # fmt: skip
def test_bad_batch_files_are_one_line_exit_2(tmp_path: Path, files: dict[str, list], needles: list[str]) -> None:
    """A fault in an answer names the output file's line (it named the request's line of the input file, which
    was as it should be)."""
    paths = [str(_jsonl(tmp_path / name, rows)) for name, rows in files.items()]
    out = tmp_path / "o.jsonl"
    assert_bad_input(replay_here("import", *paths, "--out", str(out)), *needles)
    assert not out.exists()


def test_a_torn_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps(INPUT[0]) + b"\n" + orjson.dumps(INPUT[1])[:40] + b"\n")
    assert_bad_input(
        replay_here("import", str(path), "--out", str(tmp_path / "o.jsonl")), "in.jsonl:2: not a JSON line"
    )


def test_output_lines_answering_no_request_are_counted_in_one_warning(tmp_path: Path) -> None:
    stray = [_answer("req-9", "Someone else's answer.", 1_760_000_090), _answer("req-8", "Another.", 1_760_000_091)]
    files = _jsonl(tmp_path / "in.jsonl", INPUT[:1]), _jsonl(tmp_path / "out.jsonl", [OUTPUT[2], *stray])
    done = replay_here("import", *map(str, files), "--out", str(tmp_path / "o.jsonl"))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "answer no request" in line]
    assert len(warnings) == 1 and "out.jsonl:2: 2 output line(s)" in warnings[0] and "'req-9'" in warnings[0]


@pytest.mark.e2e
def test_anthropic_message_batches_import_with_their_results_and_replay_every_row_once(
    tmp_path: Path,
    start_target,  # type: ignore[no-untyped-def]
) -> None:
    files = _jsonl(tmp_path / "requests.jsonl", REQUESTS), _jsonl(tmp_path / "results.jsonl", RESULTS)
    capture = import_capture(tmp_path, *files)
    first, second, third, fourth = read_exchanges(capture)
    assert [ex.request.url for ex in (first, fourth)] == ["https://api.anthropic.com/v1/messages"] * 2
    assert ("anthropic-version", "2023-06-01") in first.request.headers and first.meta["source"] == "anthropic-batch"
    body = orjson.loads(first.request.body.text)
    assert body["max_tokens"] == 1024 and "jane.doe" not in body["messages"][0]["content"]  # redacted
    answer = orjson.loads(first.response.body.text)
    assert first.response.status == 200 and answer["content"][0]["text"] == "Hello! How can I assist you today?"
    assert second.response.status == 200 and third.response.status == 400  # the Messages API's status for it
    assert orjson.loads(third.response.body.text) == {"type": "error", "error": INVALID}
    assert fourth.response is None and fourth.error == "batch request expired"
    assert [ex.timings.start for ex in (first, second, third, fourth)] == [0.0, 0.001, 0.002, 0.003]
    assert round_trip(tmp_path, capture, start_target()) == 4


@pytest.mark.parametrize("packing", ["plain", "gzip"])
def test_answers_are_read_again_where_they_are_in_the_output_file(tmp_path: Path, packing: str) -> None:
    """An output file's answers are held by where they are (a plain file's offset, read again when their request
    comes; a gzipped file's lines), not parsed: a BOM and CRLF line ends do not move them."""
    data = b"\xef\xbb\xbf" + b"".join(orjson.dumps(r) + b"\r\n" for r in OUTPUT)
    out = tmp_path / "out.jsonl"
    out.write_bytes(gzip.compress(data) if packing == "gzip" else data)
    one, two, three = read_foreign([_jsonl(tmp_path / "in.jsonl", INPUT), out])
    assert orjson.loads(one.response.body.text)["choices"][0]["message"]["content"] == "Your refund is on its way."
    assert two.response is not None and ("x-request-id", "req_req-2") in two.response.headers
    assert three.response is None and three.error.startswith("This request could not be executed")
