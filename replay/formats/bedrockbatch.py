"""AWS Bedrock batch inference records (a ``CreateModelInvocationJob``'s JSONL) to exchanges.

    input    {"recordId": "CALL0000001", "modelInput": {...}}           the InvokeModel body, in the model's format
    output   {"recordId": …, "modelInput": {...}, "modelOutput": {...}}  (the job's ``.jsonl.out``)
             | {"recordId": …, "modelInput": {...}, "error": {"errorCode": 400, "errorMessage": "…"}}

An output file holds its requests, so either file imports alone: one exchange per record, in the file's order,
``POST /model/{modelId}/invoke`` with the record's ``modelInput``, answered by its ``modelOutput`` (or its error's
status and message) when the file has them. The model is the job's, named in no record: the import is told it
(``replay import --model``). A batch has no timing: the records start 1 ms apart from the Unix epoch.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from replay.errors import ImportFormatError
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.formats.lines import json_lines

__all__ = ["BEDROCK_HOST", "is_bedrock_record", "read_bedrock_batch"]

BEDROCK_HOST = "https://bedrock-runtime.us-east-1.amazonaws.com"
_JSON = [("content-type", "application/json"), ("accept", "application/json")]


def is_bedrock_record(first: dict[str, Any]) -> bool:
    """Whether a file's first line is a Bedrock batch record: its two keys (a wrong value in either is the reader's
    to name, not "not a format replay imports")."""
    return "recordId" in first and "modelInput" in first


def _problem(rec: Any) -> str | None:
    """What makes a JSON line no Bedrock batch record (None: it is one)."""
    if not isinstance(rec, dict) or "recordId" not in rec or "modelInput" not in rec:
        return "no recordId and modelInput object; is it a Bedrock batch file?"
    if not isinstance(rec["recordId"], str):
        return f"recordId {rec['recordId']!r} is not a string"
    if not isinstance(rec["modelInput"], dict):
        return f"modelInput is a {type(rec['modelInput']).__name__}, not an object (the model's request body)"
    for key in ("modelOutput", "error"):  # absent in an input file; an output's answer is an object
        if key in rec and not isinstance(rec[key], dict):
            return f"{key} is a {type(rec[key]).__name__}, not an object"
    return None


def read_bedrock_batch(path: Path, model: str | None) -> Iterator[Exchange]:
    """Exchanges of the Bedrock batch inference file at ``path`` of the job's ``model``, read a line at a time
    (held: each recordId's line, to name a record given twice); ImportFormatError names a record that is not one,
    or the model not given."""
    if not model:
        raise ImportFormatError(
            f"{path}: Bedrock batch records name no model (the job does); give its model id: "
            "--model anthropic.claude-3-5-sonnet-20240620-v1:0"
        )
    url = f"{BEDROCK_HOST}/model/{quote(model, safe='')}/invoke"
    seen: dict[str, int] = {}  # the line of each recordId: an exchange's id is made of it, one a capture
    for i, (n, rec) in enumerate(json_lines(path, "a JSON line", "; Bedrock batch files are JSONL")):
        if problem := _problem(rec):
            raise ImportFormatError(f"{path}:{n}: {problem}")
        if (first := seen.setdefault(rec["recordId"], n)) != n:
            raise ImportFormatError(
                f"{path}:{n}: recordId {rec['recordId']!r} is line {first}'s too; a job's records are unique "
                "(two files joined?)"
            )
        yield _exchange(path, n, rec, url, i / 1000)


def _exchange(path: Path, n: int, rec: dict[str, Any], url: str, start: float) -> Exchange:
    request = Request("POST", url, list(_JSON), Body.from_bytes(orjson.dumps(rec["modelInput"])))
    ex = Exchange(f"bedrock-batch-{rec['recordId']}", request, Timings(start), meta={"source": "bedrock-batch"})
    ex.meta["record_id"] = rec["recordId"]
    output, error = rec.get("modelOutput"), rec.get("error")
    if output is not None:
        ex.response = Response(200, [("content-type", "application/json")], Body.from_bytes(orjson.dumps(output)))
    elif error is not None:
        code = error.get("errorCode")
        if not (isinstance(code, int) and 100 <= code <= 599):
            raise ImportFormatError(f"{path}:{n}: error.errorCode {code!r} is not an HTTP status (100..599)")
        said = {"message": str(error.get("errorMessage") or f"HTTP {code}")}
        ex.response = Response(code, [("content-type", "application/json")], Body.from_bytes(orjson.dumps(said)))
    else:
        ex.meta["answered"] = False  # an input file: the job's answers are in its .jsonl.out
    return ex
