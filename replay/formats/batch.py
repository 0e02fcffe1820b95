"""Batch API files to exchanges: a batch's requests JSONL, with its results JSONL when given.

OpenAI Batch API (its input and output files):

    input   {"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": {...}}
    output  {"id": "batch_req_…", "custom_id": "req-1",
             "response": {"status_code": 200, "request_id": "req_…", "body": {...}} | null,
             "error": {"code", "message"} | null}

Anthropic Message Batches (the requests as ``messages.batches.create`` takes them, one a line; the results
as the API's ``results_url`` and the SDK's ``batches.results`` give them):

    requests  {"custom_id": "req-1", "params": {"model": …, "max_tokens": …, "messages": [...]}}
    results   {"custom_id": "req-1", "result": {"type": "succeeded", "message": {...}}
                                               | {"type": "errored", "error": {"type": "error", "error": {...}}}
                                               | {"type": "canceled"} | {"type": "expired"}}

One exchange per input line, in the file's order; its output line (matched by ``custom_id``) gives the
response (or the error). A batch has no timing of its own: an exchange starts at its response's
``created`` (chat, completions) or ``created_at`` (responses) second when there is one; a line without
one (embeddings, an error, no answer) 1 ms after the line before it, the first such lines 1 ms apart
before the first timed one (from the Unix epoch when no line has a time), so a batch's span is its
answers', not the years since 1970.
The host is ``api.openai.com`` (``api.anthropic.com``), as the Batch API calls it.

Azure OpenAI's batches (its Global and Data Zone Batch deployments) take the same lines, the ``model`` the
deployment's name, and answer with OpenAI's output lines (no ``id``; the bodies with Azure's content filter
results). A batch is Azure's when a request's url has no ``/v1`` (``/chat/completions``, Azure's older form,
which OpenAI refuses) or an answer carries ``prompt_filter_results`` or a choice's ``content_filter_results``
or is a content filter's refusal (written by Azure's content filter, never by OpenAI); its requests go to
Azure's v1 API, ``/openai/v1/chat/completions`` (the deployment in the body, as the line has it), on
``openai.azure.com``. A newer Azure batch (``/v1/...`` urls) imported without its answers, or whose answers carry
no filter results, has nothing of Azure's: ``replay import --azure-endpoint`` says it is, and names the resource.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from replay.console import quoted, warn
from replay.errors import ImportFormatError
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.formats.lines import Line, Lines, json_records
from replay.formats.llmcall import AZURE_OPENAI_HOST
from replay.util.schema import problem

__all__ = ["BATCH_HOST", "batch_kind", "read_batch"]

BATCH_HOST = "https://api.openai.com"
ANTHROPIC_HOST = "https://api.anthropic.com"
# An errored Anthropic batch request's error type -> the status the Messages API answers it with.
_ANTHROPIC_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}
_STR = {"type": "string"}
# The fields of an input line (and of its answer, under "answer") the import reads.
LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["custom_id", "url", "body"],
    "properties": {
        "custom_id": _STR,
        "method": _STR,
        "url": _STR,
        "body": {"type": "object"},
        "answer": {
            "type": "object",
            "properties": {
                "response": {
                    "type": ["object", "null"],
                    "required": ["status_code"],
                    "properties": {"status_code": {"type": "integer", "minimum": 100, "maximum": 599}},
                }
            },
        },
    },
}


_RESULTS = ("succeeded", "errored", "canceled", "expired")
# The same for an Anthropic requests line and its result.
_OBJECT = {"type": "object"}
_RESULT = {"type": "object", "required": ["type"], "properties": {"type": {"enum": list(_RESULTS)}}}
_RESULT["properties"] |= {"message": _OBJECT, "error": _OBJECT}
ANTHROPIC_LINE_SCHEMA: dict[str, Any] = {"type": "object", "required": ["custom_id", "params"]}
ANTHROPIC_LINE_SCHEMA["properties"] = {"custom_id": _STR, "params": _OBJECT}
ANTHROPIC_LINE_SCHEMA["properties"]["answer"] = {"type": "object", "properties": {"result": _RESULT}}


def batch_kind(first: dict[str, Any]) -> str | None:
    """``input``, ``output`` or None: which Batch API file a first line comes from (OpenAI's or Anthropic's)."""
    if "custom_id" not in first:
        return None
    if "response" in first or "result" in first or ("error" in first and "body" not in first):
        return "output"
    return "input" if "body" in first or "params" in first else None


def _lines(path: Path, lines: Lines | None = None) -> Iterator[tuple[Line, dict[str, Any]]]:
    """The lines of a Batch API file (``lines``: its reader), read one at a time, each with its ``Line``: an
    object with a custom_id."""
    for line, d in json_records(lines or Lines(path), "a JSON line", "; Batch API files are JSONL"):
        if not isinstance(d, dict) or not isinstance(d.get("custom_id"), str):
            raise ImportFormatError(f"{path}:{line.n}: no custom_id; is this an OpenAI Batch API file?")
        yield line, d


@dataclass(frozen=True, slots=True)
class _Answer:
    """An output line, known till its request is read (answers come in no order of the requests'): where it is
    (``path:line``), what the batch's timing and service are told by, and where to read it again: its offset and
    size in a plain file, else (a compressed file, which cannot be read from a line on) the line's bytes."""

    path: Path
    n: int
    created: float | None
    filtered: bool
    at: int
    size: int
    line: bytes | None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.n}"


def _outputs(path: Path) -> dict[str, _Answer]:
    """An output file's lines by custom_id."""
    out: dict[str, _Answer] = {}
    lines = Lines(path)
    for line, d in _lines(path, lines):
        if d["custom_id"] in out:
            raise ImportFormatError(f"{path}:{line.n}: custom_id {quoted(d['custom_id'])} answered twice")
        at = line.at + lines.bom
        held = None if lines.plain else line.data
        out[d["custom_id"]] = _Answer(path, line.n, _created(d), _filtered(d), at, len(line.data), held)
    return out


class _Reread:
    """The answers of plain output files read again by their offsets (the files opened once each)."""

    def __init__(self) -> None:
        self.files: dict[Path, BinaryIO] = {}

    def __call__(self, answer: _Answer) -> Any:
        if answer.line is not None:
            return orjson.loads(answer.line)
        if (fh := self.files.get(answer.path)) is None:
            fh = self.files[answer.path] = open(answer.path, "rb")  # noqa: SIM115 - closed by close()
        fh.seek(answer.at)
        return orjson.loads(fh.read(answer.size))

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


@dataclass(slots=True)
class _Requests:
    """What the import must know of an input file's lines before it writes the first (read in a first pass, the
    lines themselves read again after): their custom_ids (each used once; an answer to none is another batch's),
    whether a url is Azure's, and the first line whose answer has a time (those before it start before it)."""

    seen: set[str]
    azure: bool = False
    first_timed: tuple[int, float] | None = None  # its index among the lines, its time


def _requests(path: Path, answers: dict[str, _Answer]) -> _Requests:
    """The first pass over an input file (``_Requests``); ImportFormatError for a custom_id used twice."""
    out = _Requests(set())
    for i, (line, d) in enumerate(_lines(path)):
        if d["custom_id"] in out.seen:
            raise ImportFormatError(f"{path}:{line.n}: custom_id {quoted(d['custom_id'])} is used twice")
        out.seen.add(d["custom_id"])
        url = d.get("url")
        out.azure = out.azure or (isinstance(url, str) and url.startswith("/") and not url.startswith("/v1/"))
        answer = answers.get(d["custom_id"])
        if out.first_timed is None and answer is not None and answer.created is not None:
            out.first_timed = (i, answer.created)
    return out


def read_batch(path: Path, outputs: Sequence[Path] = (), azure_endpoint: str | None = None) -> Iterator[Exchange]:
    """Exchanges of the Batch API input file at ``path``, answered from the ``outputs`` files' lines; an OpenAI-style
    batch is Azure OpenAI's, sent to ``azure_endpoint``, when that is given (the user says so). Held: where each
    answer is (``_Answer``) and the requests' custom_ids; the requests are read twice, not held (``_Requests``)."""
    answers: dict[str, _Answer] = {}
    for out_path in outputs:
        more = _outputs(out_path)
        twice = next((cid for cid in more if cid in answers), None)
        if twice is not None:  # the output and the error file of two batches, or one file given twice
            where = answers[twice].where
            raise ImportFormatError(f"{more[twice].where}: custom_id {quoted(twice)} is answered in {where} too")
        answers |= more
    requests = _requests(path, answers)
    stray = [cid for cid in answers if cid not in requests.seen]
    if stray:  # another batch's output, or an input edited since: those answers are not imported
        warn(
            f"{answers[stray[0]].where}: {len(stray)} output line(s) answer no request of {path} (the first: "
            f"custom_id {quoted(stray[0])}); ignored them; pass the output file of this input"
        )
    requests.azure = requests.azure or any(a.filtered for a in answers.values())
    return _exchanges(path, requests, answers, azure_endpoint)


def _body(answer: Any) -> dict[str, Any] | None:
    """An output line's ``response.body`` when it is an object (a line is checked when it is read, not here)."""
    response = answer.get("response") if isinstance(answer, dict) else None
    body = response.get("body") if isinstance(response, dict) else None
    return body if isinstance(body, dict) else None


def _created(answer: dict[str, Any] | None) -> float | None:
    """The second an answer's body says it was made (``created``, or the responses API's ``created_at``)."""
    if (body := _body(answer)) is None:
        return None
    t = body.get("created", body.get("created_at"))
    return float(t) if isinstance(t, int | float) and not isinstance(t, bool) and 0 < t < 1e11 else None


def _starts(
    lines: Iterator[tuple[Line, dict[str, Any]]], answers: dict[str, _Answer], first: tuple[int, float] | None
) -> Iterator[tuple[int, dict[str, Any], float]]:
    """Each line's number, the line, its start (see the module's docstring); ``first``: the first timed line's
    index and time."""
    last: float | None = None
    for i, (line, d) in enumerate(lines):
        answer = answers.get(d["custom_id"])
        t = answer.created if answer is not None else None
        if t is None:
            t = last + 0.001 if last is not None else (first[1] - 0.001 * (first[0] - i) if first else i / 1000)
        last = t
        yield line.n, d, t


def _filtered(answer: Any) -> bool:
    """Whether an answer's body has Azure's content filter results (its prompt's, or a choice's), or is its
    content filter's refusal (a 400 with ``error.code`` content_filter, in the batch's error file)."""
    if (body := _body(answer)) is None:
        return False
    choices = body.get("choices")
    by_choice = isinstance(choices, list) and any(
        isinstance(c, dict) and "content_filter_results" in c for c in choices
    )
    refused = isinstance(body.get("error"), dict) and body["error"].get("code") == "content_filter"
    return by_choice or refused or "prompt_filter_results" in body


def _exchanges(
    path: Path, requests: _Requests, answers: dict[str, _Answer], endpoint: str | None
) -> Iterator[Exchange]:
    """The second pass over the input file: its exchanges; ``endpoint``: the Azure OpenAI resource the user named,
    else None (an Azure batch told by its lines goes to ``AZURE_OPENAI_HOST``)."""
    azure = endpoint or (f"https://{AZURE_OPENAI_HOST}" if requests.azure else None)
    reread = _Reread()
    try:
        for n, d, start in _starts(_lines(path), answers, requests.first_timed):
            held = answers.get(d["custom_id"])
            answer = None if held is None else reread(held)
            try:
                yield _exchange(d, start, answer, azure)
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                schema = ANTHROPIC_LINE_SCHEMA if "params" in d and "url" not in d else LINE_SCHEMA
                what = problem(d | {"answer": answer or {}}, schema, e)
                if held is not None and what.startswith(".answer"):  # the output file's line is at fault
                    raise ImportFormatError(f"{held.where}: not a Batch API answer: line{what[7:]}") from None
                raise ImportFormatError(f"{path}:{n}: not a Batch API request: line{what}") from None
    finally:
        reread.close()


def _exchange(d: dict[str, Any], start: float, answer: dict[str, Any] | None, azure: str | None) -> Exchange:
    """One input line's exchange; ``azure``: the Azure OpenAI resource's origin when the batch is Azure's."""
    if "params" in d and "url" not in d:
        return _anthropic(d, start, answer)
    url = str(d["url"])
    if not url.startswith("/"):
        raise ValueError(f"url {quoted(url)} is not a path such as /v1/chat/completions")
    if not isinstance(d["body"], dict):
        raise TypeError("body is not an object")
    body = Body.from_bytes(orjson.dumps(d["body"]))
    method = d.get("method")
    if method is not None and not isinstance(method, str):  # `or "POST"` sent a method of [] or {} as POST
        raise TypeError(f"method is {'an object' if isinstance(method, dict) else type(method).__name__}, not a string")
    method = (method or "POST").upper()
    if not method.isascii() or not method.isalpha():  # replayed as the request line's method: a word, or nothing
        raise ValueError(f"method {quoted(method)} is not an HTTP method such as POST")
    # Azure's v1 API serves OpenAI's paths under /openai/v1; its bare /chat/completions (a batch line's url) no more
    where = f"{azure}/openai/v1{url.removeprefix('/v1')}" if azure else BATCH_HOST + url
    request = Request(method, where, [("content-type", "application/json")], body)
    source = "azure-openai-batch" if azure else "openai-batch"
    ex = Exchange(f"batch-{d['custom_id']}", request, Timings(start), meta={"source": source})
    ex.meta["custom_id"] = d["custom_id"]
    if answer is None:
        ex.meta["answered"] = False
        return ex
    response = answer.get("response")
    if response is not None and not isinstance(response, dict):  # was read as no response: the answer lost
        raise TypeError("response is not an object")
    if isinstance(response, dict):
        rbody = response.get("body")
        headers = [("content-type", "application/json")]
        if response.get("request_id"):
            headers.append(("x-request-id", str(response["request_id"])))
        data = orjson.dumps(rbody) if isinstance(rbody, dict | list) else str(rbody or "").encode()
        status = int(response["status_code"])
        if not 100 <= status <= 599:
            raise ValueError(f"response.status_code {status} is not an HTTP status (100..599)")
        ex.response = Response(status, headers, Body.from_bytes(data))
    else:
        error = answer.get("error") or {}
        if not isinstance(error, dict):
            error = {"message": str(error)}
        ex.error = str(error.get("message") or error.get("code") or "no response")
    return ex


def _anthropic(d: dict[str, Any], start: float, answer: dict[str, Any] | None) -> Exchange:
    """An Anthropic Message Batches request, answered by its result line when there is one."""
    if not isinstance(d["params"], dict):
        raise TypeError("params is not an object")
    headers = [("content-type", "application/json"), ("anthropic-version", "2023-06-01")]
    request = Request("POST", ANTHROPIC_HOST + "/v1/messages", headers, Body.from_bytes(orjson.dumps(d["params"])))
    ex = Exchange(f"batch-{d['custom_id']}", request, Timings(start), meta={"source": "anthropic-batch"})
    ex.meta["custom_id"] = d["custom_id"]
    if answer is None:
        ex.meta["answered"] = False
        return ex
    result = answer["result"]
    kind = result["type"]
    if kind not in _RESULTS:
        raise ValueError(f"result.type {quoted(kind)} is not one of {', '.join(_RESULTS)}")
    if kind in ("canceled", "expired"):  # never sent to the model
        ex.error = f"batch request {kind}"
        return ex
    body = result["message"] if kind == "succeeded" else result["error"]
    if not isinstance(body, dict):
        raise TypeError(f"result.{'message' if kind == 'succeeded' else 'error'} is not an object")
    status = 200
    if kind == "errored":  # the Messages API's error body: {"type": "error", "error": {"type", "message"}}
        inner = body.get("error") if isinstance(body.get("error"), dict) else {}
        status = _ANTHROPIC_STATUS.get(str(inner.get("type")), 500)
    ex.response = Response(status, [("content-type", "application/json")], Body.from_bytes(orjson.dumps(body)))
    return ex
