"""The few fields of a capture record that features read, decoded by a typed msgspec reader.

Why: a full record holds response bodies, headers and stream events that features never look at;
``orjson.loads`` builds every one of them as Python objects. A ``msgspec`` decoder for just these
fields skips the rest without building it (the stream events stay raw bytes). A record this
schema does not describe exactly (a shape record, a missing field, an unexpected type) is
decoded by ``orjson`` into the plain dict it always was, so features see the same values either
way and report a malformed record just as before.

Lines are decoded a block (about 1 MB) at a time by ``decode_lines`` into ``Rec``s, whose fields
features take by comprehensions, and a chat request body by ``DECODE_CHAT``: the per-record
Python work of a pass over a capture is small (issue 17: a million exchanges in 10 s of one core).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import partial
from itertools import chain, islice
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import numpy as np
import orjson

from replay.exchange.format import SCHEMA_VERSION, head_not_passed_on
from replay.exchange.read import ReadStats, iter_blocks, iter_raw, merge_by_start
from replay.exchange.sources import Source, capture_files
from replay.exchange.validate import LAST_START, LONGEST, record_problem
from replay.shape.prompts import Msg, body_prompt, request_prompt
from replay.util.jsonpath import PromptPath

__all__ = [
    "BLOCK",
    "DECODE_CHAT",
    "ChatBody",
    "Fields",
    "Rec",
    "RecH",
    "ToolConfig",
    "decode_record",
    "record_chunks",
    "record_prompt",
    "records_at",
]

BLOCK = 1 << 20  # bytes of capture decoded in one call (1 MB: measured faster than 8 MB, which leaves the cache)
CHUNK = 8192  # records per chunk where shards are merged record by record


class Body(msgspec.Struct, gc=False):
    text: str
    encoding: Literal["utf8", "base64"]  # what captures write; another value is read as a dict
    truncated: bool = False  # cut at the capture's body cap


class Req(msgspec.Struct, gc=False):
    method: str
    url: str
    body: Body | None = None


class ReqH(Req, gc=False, kw_only=True):
    headers: msgspec.Raw  # decoded only where a session is keyed by a header or a retry header is named


# record_problem's bounds: a time past them (a negative start) is read as a dict, whose check names its line
_SECONDS = Annotated[float, msgspec.Meta(ge=0, lt=LONGEST)]


class Timings(msgspec.Struct, gc=False):
    start: Annotated[float, msgspec.Meta(ge=0, lt=LAST_START)]
    ttfb: _SECONDS | None = None
    total: _SECONDS | None = None


class Resp(msgspec.Struct, gc=False):
    # record_problem's bounds: a status past them is read as a dict, whose check names its line
    status: Annotated[int, msgspec.Meta(ge=0, le=999)]


class Meta(msgspec.Struct, gc=False):
    request_incomplete: bool = False  # the request never came whole: its client gave up, or mitmproxy refused it
    response_incomplete: bool = False  # the upstream broke its answer off: the client got it in part


class Stream(msgspec.Struct, gc=False):
    """A stream is there (its events are skipped, never built)."""


class Rec(msgspec.Struct, gc=False):
    """A full capture record, as far as features read it (fewer fields: fewer objects to make and free)."""

    request: Req
    timings: Timings
    response: Resp | None = None
    stream: Stream | None = None
    kind: str | None = None
    meta: Meta | None = None
    error: str | None = None
    # record_problem's bound: another version is read as a dict, whose check names its line
    v: Annotated[int, msgspec.Meta(ge=1, le=SCHEMA_VERSION)] = SCHEMA_VERSION


class RecH(Rec, gc=False, kw_only=True):
    """The same with the request headers (kept raw)."""

    request: ReqH


class RecHI(RecH, gc=False, kw_only=True):
    """The same with the record's id, read where shards are merged only: their merge tells a record two
    shards hold by it (``merge_by_start``), and one file's read has no use for it."""

    id: str | None = None


_KIND = attrgetter("kind")
_RECS_H = msgspec.json.Decoder(RecH)
_RECS_HI = msgspec.json.Decoder(RecHI)
_DECODE = _RECS_H.decode


def decode_record(line: bytes, decode: Callable[[bytes], RecH] = _DECODE) -> Rec | dict[str, Any]:
    """A ``RecH`` when the line is a full record of the usual form, else the line as a dict.

    Raises ValueError (``orjson.JSONDecodeError``) when the line is not JSON or not a capture record
    (``record_problem``), as ``iter_raw`` expects: it names the file and line.
    """
    try:
        rec = decode(line)
    except (msgspec.DecodeError, RecursionError):
        rec = None
    if rec is None or rec.kind is not None:
        d = orjson.loads(line)
        problem = record_problem(d)  # what the typed decoder would have refused, said in words
        if problem:
            raise ValueError(problem)
        return d
    return rec


@dataclass(slots=True)
class Fields:
    """The fields features read of consecutive full records (from ``first`` on), as columns."""

    first: int
    start: list[float]
    ttfb: list[float]  # NaN if unknown
    total: list[float]
    status: list[int]
    streamed: list[bool]  # the record holds a stream
    method: list[str]
    url: list[str]
    text: list[str | None]  # the request body, None unless UTF-8
    headers: list[Any]  # request headers: pairs, or the raw JSON of them
    cut: list[bool]  # the request body is not whole: cut at the capture's body cap, or never sent whole

    @classmethod
    def empty(cls, first: int) -> Fields:
        """No records yet, the first to come being record ``first``."""
        return cls(first, *([] for _ in fields(cls)[1:]))

    @classmethod
    def of(cls, first: int, recs: list[RecH]) -> Fields:
        """The columns of typed records: a few comprehensions, no call per record."""
        nan = math.nan
        tim = [r.timings for r in recs]
        reqs = [r.request for r in recs]
        return cls(
            first,
            [t.start for t in tim],
            [nan if (x := t.ttfb) is None else x for t in tim],
            [nan if (x := t.total) is None else x for t in tim],
            [0 if (x := r.response) is None else x.status if r.error is None else _got(r, x) for r in recs],
            [r.stream is not None for r in recs],
            [q.method for q in reqs],
            [q.url for q in reqs],
            [b.text if (b := q.body) is not None and b.encoding == "utf8" else None for q in reqs],
            [q.headers for q in reqs],
            [
                ((b := r.request.body) is not None and b.truncated)
                or ((m := r.meta) is not None and m.request_incomplete)
                for r in recs
            ],
        )

    def add(self, rec: Rec | dict[str, Any]) -> None:
        """One more record (a typed one, or a plain dict of a full record)."""
        if type(rec) is not dict:
            t, req, resp, body = rec.timings, rec.request, rec.response, rec.request.body
            method, url, streamed = req.method, req.url, rec.stream is not None
            headers = getattr(req, "headers", None)  # a RecH's
            text = body.text if body is not None and body.encoding == "utf8" else None
            cut = _not_whole(rec)
            start, ttfb, total = t.start, t.ttfb, t.total
            status = 0 if resp is None else resp.status if rec.error is None else _got(rec, resp)
        else:
            req = rec["request"]
            method, url = req["method"], req["url"]  # read in the order a malformed record has always been reported
            t = rec["timings"]
            resp = rec.get("response")
            body = req.get("body")
            text = body["text"] if body and body.get("encoding") == "utf8" else None
            cut = bool(body and body.get("truncated")) or bool((rec.get("meta") or {}).get("request_incomplete"))
            if head_not_passed_on(resp, rec.get("error"), rec.get("stream"), rec.get("meta") or {}):
                resp = None
            start, ttfb, total, status = t["start"], t.get("ttfb"), t.get("total"), resp["status"] if resp else 0
            headers, streamed = req.get("headers") or [], rec.get("stream") is not None  # no headers: none
        self.start.append(start)
        self.ttfb.append(math.nan if ttfb is None else ttfb)
        self.total.append(math.nan if total is None else total)
        self.status.append(status)
        self.streamed.append(streamed)
        self.method.append(method)
        self.url.append(url)
        self.text.append(text)
        self.headers.append(headers)
        self.cut.append(cut)


def _got(rec: Rec, resp: Resp) -> int:
    """The status the client got of a record with a response and an error: 0 (none) when the response is an
    upstream's head the client never got (``head_not_passed_on``: a capture written before replay said so), so
    that it is drawn, stratified and counted as the error its client got, not as the upstream's 200."""
    meta = {"response_incomplete": rec.meta is not None and rec.meta.response_incomplete}
    return 0 if head_not_passed_on(resp, rec.error, rec.stream, meta) else resp.status


def _not_whole(rec: Rec) -> bool:
    """The record's request body is not whole: cut at the capture's body cap, or its client never sent it whole."""
    if (body := rec.request.body) is not None and body.truncated:
        return True
    return (meta := rec.meta) is not None and meta.request_incomplete


class ToolConfig(msgspec.Struct, gc=False):
    """Bedrock Converse's ``toolConfig`` as far as features read it: the tools it lists, raw (Gemini's holds none)."""

    tools: msgspec.Raw = msgspec.Raw()


class ChatBody(msgspec.Struct, gc=False):
    """A JSON request body as far as features read it: a chat (OpenAI chat, Anthropic messages), a
    Gemini body (``contents``), or any other object with a prompt at one of the keys
    ``prompts.DEFAULT_PATHS`` names."""

    messages: list[Msg] | None = None
    contents: Any = None
    model: Any = None
    stream: Any = None
    input: Any = None  # the keys of DEFAULT_PATHS[3:] (prompts.typed_prompt reads them)
    prompt: Any = None
    query: Any = None
    q: Any = None
    question: Any = None
    # The tools it offers (prompts.offered, at wire.TOOL_LISTS): raw, not built, only looked at; empty when absent (a
    # Raw or None union reads only null: a body offering tools failed the typed reader, parsed whole, 1.8x as long)
    tools: msgspec.Raw = msgspec.Raw()
    functions: msgspec.Raw = msgspec.Raw()
    tool_config: ToolConfig | None = msgspec.field(default=None, name="toolConfig")


DECODE_CHAT = msgspec.json.Decoder(ChatBody).decode  # raises msgspec.DecodeError on any other body


def record_chunks(
    source: Source,
    size: int = BLOCK,
    digest: Callable[[Any], object] | None = None,
    stats: ReadStats | None = None,
) -> Iterator[list[Rec | dict[str, Any]]]:
    """The records of a capture (one file, or shards merged by start time) as lists, in file order
    (typed ones as ``RecH``, their request headers kept raw). ``digest`` is given the bytes of
    a one-file capture as they are read (``iter_blocks``; all of them unless a block was not typed);
    ``stats`` what the read of a one-file capture lost at its end (``ReadStats``).

    Why: a block of lines is decoded by one ``decode_lines`` call into ``Rec``s, not a Python step
    per line. A block it cannot decode (a shape record, a malformed line, a torn tail) hands the
    rest of that file to ``iter_raw`` with ``decode_record``, which yields what it always did and
    reports a bad line by its number.
    """
    files = capture_files(source)
    if len(files) == 1:
        yield from _file_chunks(files[0], size, digest, stats or ReadStats())
        return
    merged = merge_by_start((f, chain.from_iterable(_file_chunks(f, size, None, None, _RECS_HI))) for f in files)
    while chunk := list(islice(merged, CHUNK)):
        yield chunk


def _file_chunks(
    path: Path,
    size: int,
    digest: Callable[[Any], object] | None,
    stats: ReadStats | None = None,
    decoder: msgspec.json.Decoder[RecH] = _RECS_H,
) -> Iterator[list[Any]]:
    done = 0
    decode = decoder.decode_lines
    for block in iter_blocks(path, size, digest, stats=stats):
        try:
            recs = decode(block)
        except (msgspec.DecodeError, RecursionError):  # RecursionError: a value nested past msgspec's depth
            break
        if set(map(_KIND, recs)) - {None}:  # a shape record is read as a dict (map: no bytecode per record)
            break
        done += len(recs)
        yield recs
    else:
        return
    del block  # let go of before the file is read again (a block of one 1,000 MiB line was held through it)
    rest = islice(iter_raw(path, decode=partial(decode_record, decode=decoder.decode), stats=stats), done, None)
    while chunk := list(islice(rest, CHUNK)):
        yield chunk


def records_at(source: Source, wanted: list[int]) -> Iterator[tuple[int, Rec | dict[str, Any]]]:
    """The records numbered ``wanted`` (ascending, distinct) of a capture the first pass read whole,
    with their numbers, in order; it stops after the last one.

    Why: the sampler's second pass needs the prompts of a few records (the perturbed rows'). Lines
    are counted by splitting blocks at newlines (blank lines skipped, as every reader skips them) and
    only a wanted line is decoded, instead of every line of the capture. Shards merged by start time
    are read as ``record_chunks`` reads them. A wanted line that is not a record raises ValueError.
    """
    if not wanted:
        return
    files = capture_files(source)
    if len(files) != 1:
        yield from _picked(record_chunks(source), wanted)
        return
    at, n = 0, 0  # the next wanted record's place in ``wanted``; records counted so far
    for block in iter_blocks(files[0], BLOCK, warn_cut=False):  # the first pass warned
        starts, ends = _record_lines(block)
        while at < len(wanted) and wanted[at] < n + len(starts):
            k = wanted[at] - n
            try:
                rec = decode_record(block[starts[k] : ends[k]])
            except ValueError as e:
                raise ValueError(f"record {wanted[at]}: not a capture record ({e})") from None
            yield wanted[at], rec
            at += 1
        if at == len(wanted):
            return
        n += len(starts)


_SPACE = np.zeros(256, dtype=bool)
_SPACE[list(b" \t\r\x0b\x0c")] = True  # what bytes.isspace() calls space, besides the newline


def _record_lines(block: bytes | memoryview) -> tuple[list[int], list[int]]:
    """Where the lines of a block that are not blank (empty or spaces only) start and end: by numpy
    over the bytes, and ``isspace`` only for the rare line that starts with a space."""
    b = np.frombuffer(block, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    starts = np.concatenate(([0], nl + 1))
    ends = np.concatenate((nl, [len(b)]))
    keep = ends > starts
    maybe = np.flatnonzero(keep & _SPACE[b[np.minimum(starts, len(b) - 1)]] if len(b) else keep)
    for i in maybe.tolist():
        keep[i] = not bytes(block[starts[i] : ends[i]]).isspace()
    return starts[keep].tolist(), ends[keep].tolist()


def _picked(chunks: Iterator[list[Any]], wanted: list[int]) -> Iterator[tuple[int, Any]]:
    at, first = 0, 0
    for chunk in chunks:
        while at < len(wanted) and wanted[at] < first + len(chunk):
            yield wanted[at], chunk[wanted[at] - first]
            at += 1
        if at == len(wanted):
            return
        first += len(chunk)


def record_prompt(rec: Rec | dict[str, Any], path: PromptPath | None) -> tuple[list[str], int]:
    """Prompt texts and turns of one record, as ``request_prompt`` finds them in its request."""
    if type(rec) is not dict:
        body = rec.request.body
        text = body.text if body is not None and body.encoding == "utf8" else None
        found, turns, _, _ = body_prompt(rec.request.url, text, path)
    else:
        found, turns, _, _ = request_prompt(rec["request"], path)
    return found, turns
