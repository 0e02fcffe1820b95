"""AWS Bedrock batch inference records (``replay.formats.bedrockbatch``): a job's ``.jsonl.out`` imports alone, each
record an InvokeModel call of the job's model, answered by its output or its error."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from replay.errors import ImportFormatError
from replay.formats import Format, Given, read_foreign, sniff
from replay.judge.reply import parse_reply

MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0"
ASKED = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
         "messages": [{"role": "user", "content": "Where is order A17?"}]}  # fmt: skip
SAID = {"id": "msg_bdrk_01", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-20240620",
        "content": [{"type": "text", "text": "It ships Monday."}], "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": 14, "output_tokens": 5}}  # fmt: skip
RECORDS = [
    {"recordId": "CALL0000001", "modelInput": ASKED, "modelOutput": SAID},
    {"recordId": "CALL0000002", "modelInput": ASKED, "modelOutput": SAID | {"stop_reason": "max_tokens"}},
    {"recordId": "CALL0000003", "modelInput": ASKED, "error": {"errorCode": 400, "errorMessage": "Malformed input"}},
]


def _file(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "batch.jsonl.out"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def test_a_jobs_output_imports_as_invoke_calls_of_its_model_answered_by_each_record(tmp_path: Path) -> None:
    path = _file(tmp_path, RECORDS)
    assert sniff(path) is Format.BEDROCK_BATCH
    done, cut, refused = read_foreign([path], Given(MODEL))
    url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke"
    assert {ex.request.url for ex in (done, cut, refused)} == {url}
    assert orjson.loads(done.request.body.text) == ASKED and done.meta["record_id"] == "CALL0000001"
    replies = [parse_reply(ex.response.status, ex.response.headers, {"text": ex.response.body.text})
               for ex in (done, cut, refused)]  # fmt: skip
    assert [(r.status, r.answer, r.finish_reason) for r in replies[:2]] == [
        (200, "It ships Monday.", "end_turn"), (200, "It ships Monday.", "max_tokens")]  # fmt: skip
    assert replies[1].cut_off is not None and replies[2].status == 400
    assert [ex.timings.start for ex in (done, cut, refused)] == [0.0, 0.001, 0.002]


def test_records_without_the_jobs_model_or_of_another_shape_are_one_line(tmp_path: Path) -> None:
    path = _file(tmp_path, RECORDS)
    with pytest.raises(ImportFormatError, match=r"name no model .*--model anthropic"):
        list(read_foreign([path]))
    bad = _file(tmp_path, [RECORDS[0], {"recordId": "x", "modelInput": "not an object"}])
    with pytest.raises(ImportFormatError, match=r"batch.jsonl.out:2: modelInput is a str, not an object"):
        list(read_foreign([bad], Given(MODEL)))
    odd = _file(tmp_path, [RECORDS[2] | {"error": {"errorCode": 999}}])
    with pytest.raises(ImportFormatError, match="errorCode 999 is not an HTTP status"):
        list(read_foreign([odd], Given(MODEL)))


@pytest.mark.parametrize(
    ("records", "said"),
    [
        # a first record's wrong value is named, not "not a format replay imports"
        ([{"recordId": 7, "modelInput": ASKED}], r":1: recordId 7 is not a string"),
        ([{"recordId": "a", "modelInput": [ASKED]}], r":1: modelInput is a list, not an object"),
        # an answer that is no object was imported as a record the job never answered
        ([{"recordId": "a", "modelInput": ASKED, "modelOutput": "It ships Monday."}], r":1: modelOutput is a str, not"),
        ([{"recordId": "a", "modelInput": ASKED, "error": "throttled"}], r":1: error is a str, not an object"),
        # two records of one id made two exchanges of one id
        ([RECORDS[0], RECORDS[1], RECORDS[0]], r":3: recordId 'CALL0000001' is line 1's too; a job's records are uni"),
        ([RECORDS[0], [1, 2]], r":2: no recordId and modelInput object; is it a Bedrock batch file\?"),
    ],
)
def test_a_record_that_is_not_one_is_named_by_its_line_and_key(
    tmp_path: Path, records: list[dict[str, object]], said: str
) -> None:
    with pytest.raises(ImportFormatError, match=said):
        list(read_foreign([_file(tmp_path, records)], Given(MODEL)))


def test_the_jobs_model_given_for_another_format_is_one_line(tmp_path: Path) -> None:
    """--model (then --bedrock-model) beside an OpenAI Batch API file was ignored: the user meant another file."""
    path = tmp_path / "openai.jsonl"
    path.write_bytes(orjson.dumps({"custom_id": "r1", "url": "/v1/chat/completions", "body": {"model": "m"}}) + b"\n")
    with pytest.raises(ImportFormatError, match=r"openai.jsonl: --model names the model of calls .*; drop --model"):
        read_foreign([path], Given(MODEL))


def test_a_first_record_longer_than_the_sniffer_s_head_is_told_by_that_head(tmp_path: Path) -> None:
    """A record of an image's bytes (one line of 2 GB) was read whole, with the file, to tell the format: it is told
    by the 64 KB head, each object cut after its last whole item. So a line broken past the head is Bedrock's, and
    its reader names it (it was "not a format replay imports"); one whose markers follow the long value is read to
    its end (not the file's)."""
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "A" * 200_000}}
    long = {"recordId": "CALL0000000", "modelInput": ASKED | {"messages": [{"role": "user", "content": [image]}]}}
    broken = tmp_path / "broken.jsonl.out"
    broken.write_bytes(orjson.dumps(long)[:150_000] + b"\n" + orjson.dumps(RECORDS[0]) + b"\n")
    assert sniff(broken) is Format.BEDROCK_BATCH
    with pytest.raises(ImportFormatError, match=r"broken.jsonl.out:1: not a JSON line"):
        list(read_foreign([broken], Given(MODEL)))
    late = _file(tmp_path, [{"modelInput": long["modelInput"], "recordId": "CALL0000000"}, RECORDS[0]])
    assert sniff(late) is Format.BEDROCK_BATCH
    assert [ex.meta["record_id"] for ex in read_foreign([late], Given(MODEL))] == ["CALL0000000", "CALL0000001"]
