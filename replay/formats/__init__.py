"""Other traffic formats in and out of the capture format, told apart by their content, not their name.

Any of them may be gzipped (``.har.gz``, ``.mitm.gz``, ``.gor.gz``), zstd-compressed (as the collector's file
exporter writes OTLP JSON with ``compression: zstd``) or zlib's (``.zhar``): each is read as ``lines.Lines``
decompresses it, as it is read.

HAR 1.2            ``{"log": {"entries": ...}}``, with or without a UTF-8 BOM (Fiddler), headers as
                   ``{"name", "value"}`` or ``[name, value]`` (Slack); ``.zhar`` is the same zlib-compressed
                   (mitmproxy's ``save.har``); ``.harp`` the same inside a JavaScript call (Firebug's NetExport)
mitmproxy flows    ``mitmdump -w`` files (tnetstring)
OTLP JSON traces   ``{"resourceSpans": ...}`` documents, one or one a line: one exchange per GenAI
                   client span, OpenInference LLM span or AI SDK model call (``replay.formats.otlp``)
Batch APIs         OpenAI's input JSONL (``custom_id``, ``method``, ``url``, ``body``) or Anthropic's
                   requests (``custom_id``, ``params``), answered by the output (results) JSONL when that
                   is given too (``replay.formats.batch``); AWS Bedrock's batch inference records
                   (``recordId``, ``modelInput``, ``modelOutput``: ``replay.formats.bedrockbatch``)
GoReplay files     ``gor --output-file`` payloads, a meta line then the HTTP/1.x message (``replay.formats.gor``)
Conversations      datasets of chats: OpenAI chat JSONL (``{"messages": [...]}``, fine-tuning and evals files),
                   Anthropic-style ``{"system", "messages"}`` lines, ShareGPT (``{"conversations": [...]}``),
                   one a line or in one JSON array: a call per conversation (``replay.formats.conversations``)
LangSmith, Langfuse  their own exports: LangSmith's runs (``run_type``, ``inputs``, ``outputs``) and dataset
                   examples, Langfuse's observations (``type``, ``startTime``; a trace downloaded from the UI, an
                   API page) and dataset items (``input``, ``expectedOutput``): a call per LLM run or GENERATION,
                   or per example as a conversation (``replay.formats.llmops``)

    har.py       HAR files in and out      flows.py   mitmproxy flow files in
    otlp.py      OTLP JSON traces in       batch.py   OpenAI and Anthropic Batch API files in
    gor.py       GoReplay's .gor files in and out (the HTTP/1.x messages parsed by h11)
    openinference.py  OpenInference's LLM and embedding spans (Arize Phoenix's ``llm.*``) as model calls
    aisdk.py     the Vercel AI SDK's model-call spans (``ai.*``, its ``experimental_telemetry``) as model calls
    bedrockbatch.py  AWS Bedrock batch inference records in (the job's model given)
    conversations.py  conversation datasets in (chat JSONL, ShareGPT): a model call each (the API and model given)
    llmops.py    LangSmith's runs and examples, Langfuse's observations and dataset items in: their model calls
    call.py      one model call as a log or trace tells it (``LLMCall``)
    llmcall.py   one model call read from a log or trace, written back as the HTTP exchange it was
    converse.py  the same as AWS Bedrock's Converse call (a span of ``aws.bedrock``)
    streamed.py  a streamed call's answer as the event stream its API sent, and the stream record of it
    lines.py     the lines of an import file, decompressed as they are read (every JSON-lines reader's)
    cli.py       ``replay import`` and ``replay export``
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from replay.console import warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.sniff import CHAT_HEAD, HAR_ENTRY, UTF16, first_key
from replay.exchange.validate import header_problem, record_problem, request_problem
from replay.util.gcpause import gc_paused

__all__ = [
    "APIS",
    "GZIP",
    "HINT",
    "Chats",
    "Format",
    "Given",
    "Parsed",
    "read_foreign",
    "sniff",
    "unclosed",
    "whole_text",
]

_BOM = b"\xef\xbb\xbf"
GZIP = b"\x1f\x8b"
# HAR inside a JavaScript call (JSONP: Firebug's NetExport ``.harp``, which HAR Viewer loads): onInputData({...});
_JSONP_OPEN = re.compile(rb"\A\s*[A-Za-z_$][\w$.]*\s*\(\s*(?=\{)")
_JSONP_CLOSE = re.compile(rb"\)\s*;?\s*\Z")
HINT = (
    "give HAR 1.2 (browser devtools, Charles, Fiddler; .har or mitmproxy's .zhar), a `mitmdump -w` flow file, "
    "OTLP JSON traces (the collector's file exporter), OpenAI or Anthropic Batch API JSONL or AWS Bedrock batch "
    "inference records, a GoReplay file (gor --output-file), a conversation dataset (chat JSONL, ShareGPT), or a "
    "LangSmith or Langfuse export (runs, observations, a trace, dataset examples)"
)


class Format(StrEnum):
    HAR = "HAR"
    FLOWS = "mitmproxy flows"
    OTLP = "OTLP JSON traces"
    BATCH_INPUT = "Batch API input"
    BATCH_OUTPUT = "Batch API output"
    BEDROCK_BATCH = "Bedrock batch inference records"
    GOR = "GoReplay file"
    CONVERSATIONS = "conversation dataset"
    LLMOPS = "LangSmith or Langfuse export"


def _bytes(path: Path, limit: int = -1) -> bytes:
    """The file's first ``limit`` bytes (all by default), decompressed as ``lines.Lines`` reads it (a .zhar, a
    gzipped or a zstd file), a BOM dropped, a JSONP call's wrapping too."""
    from replay.formats.lines import Lines

    data = Lines(path).content(limit)
    if opened := _JSONP_OPEN.match(data):
        data = data[opened.end() :]
        return _JSONP_CLOSE.sub(b"", data) if limit < 0 else data  # a head (limit) may end before the call does
    return data


def sniff(path: Path) -> Format:
    """Which format the file at ``path`` is in, from its content; ImportFormatError when none."""
    return _sniff(path)[0]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file's one JSON document, parsed whole to tell its format (a pretty-printed export, a document on one long
    line): its reader takes it as it is, not parsing the file a second time; ``pretty`` when it spans lines."""

    doc: Any
    pretty: bool


_BLANK = re.compile(rb"\s*\Z")
# OTLP JSON's other signals, by their top key: what the collector's file exporter writes for logs, metrics, profiles
_OTLP_OTHER = {"resourceLogs": "logs", "resourceMetrics": "metrics", "resourceProfiles": "profiles"}
# compressions replay does not read, told by their magic (gzip, zlib and zstd it reads): name, how to undo
_PACKED = ((b"BZh", "bzip2", "bunzip2 -k"), (b"\xfd7zXZ\x00", "xz", "unxz -k"), (b"\x04\x22\x4d\x18", "lz4", "lz4 -d"))
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # in text of any 8-bit charset: none (ESC, \f, \v aside)
_TEXT_HEAD = 1024  # what tells binary data from text in another charset
_HEAD = 1 << 16  # what a format is told by (but a JSON document's, or a first line's, that outgrow it)
_Line = tuple[object, str | None, Parsed | None]  # a first line: parsed, or why it does not parse; the document


_TNETSTRING = re.compile(rb"(\d{1,12}):")  # a tnetstring's length and colon


def _flows(head: bytes) -> bool:
    """Whether ``head`` starts a mitmproxy flow file: a tnetstring's length, a colon and, where the head holds its
    end, the dictionary's mark there (any bytes that start with a digit were taken for one, and random bytes were
    told "not a readable mitmproxy flow file")."""
    m = _TNETSTRING.match(head)
    if m is None:
        return False
    end = m.end() + int(m.group(1))
    return end >= len(head) or head[end : end + 1] == b"}"


def _sniff(path: Path) -> tuple[Format, Parsed | None]:
    """``sniff``, with the whole document when telling the format took parsing all of it: its reader takes that,
    so a pretty-printed export is parsed once, not twice."""
    raw = _bytes(path, _HEAD)
    head = raw.lstrip()
    if not head:
        raise ImportFormatError(f"{path}: empty file; {HINT}")
    from replay.formats.gor import is_gor

    if is_gor(head):  # before flows: both start with a digit ("1 ID TS", a tnetstring's "123:")
        return Format.GOR, None
    if _flows(head):
        return Format.FLOWS, None
    if _utf16(head):
        raise ImportFormatError(f"{path}: {UTF16[1]}")
    if head.startswith(b"PK\x03\x04"):  # was "not UTF-8 text (byte 12); save it as UTF-8"
        raise ImportFormatError(f"{path}: a zip archive; unzip it and import the file it holds (a .har?)")
    if packed := next((p for p in _PACKED if head.startswith(p[0])), None):  # was "not UTF-8 text (byte 3)" too
        raise ImportFormatError(
            f"{path}: {packed[1]}-compressed, which replay does not read; decompress it ({packed[2]} {path}) and "
            "import that, or compress it with gzip or zstd"
        )
    try:  # every other format is JSON, UTF-8: a Latin-1 file was "not a format replay imports"
        codecs.getincrementaldecoder("utf-8")().decode(head)  # not final: the head may end inside a character
    except UnicodeDecodeError as e:
        where = e.start + len(raw) - len(head)
        why = f"not UTF-8 text (byte {where}); save it as UTF-8"
        if head.startswith(UTF16[0]):
            why = UTF16[1]
        elif _CONTROL.search(head[:_TEXT_HEAD]):  # binary data: "save it as UTF-8" does not fix it
            why = f"binary data (byte {where} is no text), none of the formats replay imports; {HINT}"
        raise ImportFormatError(f"{path}: {why}") from None
    key = first_key(head)
    if key == "log":
        return Format.HAR, None
    if key == "resourceSpans":
        return Format.OTLP, None
    if other := _OTLP_OTHER.get(key or ""):  # the same exporter's other signals: "not a format" named none of it
        why = f"an OTLP {other} file: replay imports OTLP traces (resourceSpans)"
        raise ImportFormatError(f"{path}: {why}; export traces (a traces pipeline's file exporter)")
    view = _partial(head) if b"\n" not in head else None
    if view is not None:  # a JSON line longer than the head (a 2 GB export's first record): told by its head
        with contextlib.suppress(ImportFormatError):  # or, when that tells none, by the whole line (not the file)
            return _told(path, head, key, (view, None, None))
    return _told(path, head, key, _first_line(path, head))


def _told(path: Path, head: bytes, key: str | None, line: _Line) -> tuple[Format, Parsed | None]:
    """The format of a JSON file from its head, its first key and its first line (``_first_line``'s three)."""
    from replay.formats.llmops import is_llmops

    first, unread, whole = line
    # before chats: a run's inputs, an item's input hold messages too
    record, parsed = _first_record(path, head, first if unread is None else _NOT_JSON)
    parsed = parsed or whole
    if is_llmops(record):
        return Format.LLMOPS, parsed
    if head.startswith(b"[") and CHAT_HEAD.match(head):  # ShareGPT's JSON array, or one of chat messages
        return Format.CONVERSATIONS, parsed
    if key is not None:
        return _lines_format(path, head, first, unread), None
    raise ImportFormatError(f"{path}: not a format replay imports; {HINT}")


# A token of a JSON head: a string that is an object's value (after its colon), any other whole string, a string
# the head cuts (a lone quote), a bracket or a comma; what lies between (numbers, literals, colons) is skipped
_TOKEN = re.compile(rb':\s*"[^"\\]*(?:\\.[^"\\]*)*"|"[^"\\]*(?:\\.[^"\\]*)*"|"|[{}\[\],]')


def _partial(head: bytes) -> dict[str, Any] | None:
    """The JSON object ``head`` starts, as far as the head holds it, when it does not hold all of it: each open
    container cut after its last whole item and closed there (a record's keys and their kinds, its lists' first
    items: what tells a format, without reading a line of gigabytes); None when the head holds the whole object
    or starts none."""
    opened = bytearray()  # the closers of the containers open, innermost last
    cut, closers = 0, b""
    for m in _TOKEN.finditer(head):
        token = m.group()
        if token == b'"':  # a string the head cuts: what came before it is all there is
            break
        if token in (b"{", b"["):
            opened.append(ord("}") if token == b"{" else ord("]"))
        elif token in (b"}", b"]"):
            if not opened or opened.pop() != token[0] or not opened:
                return None  # not JSON, or the whole object
        elif token[0] == ord('"'):  # a key, or an item of a list: whole once the comma after it comes
            continue
        cut, closers = (m.start() if token == b"," else m.end()), bytes(reversed(opened))
    if not head.startswith(b"{") or not cut:
        return None
    try:
        view = orjson.loads(head[:cut] + closers)
    except orjson.JSONDecodeError:
        return None
    return view if isinstance(view, dict) else None


def _first_line(path: Path, head: bytes) -> _Line:
    """The first line of the file, parsed once for every test (read to its end when longer than the head, not the
    whole file), or why it does not parse (the error's text: the error held its traceback, whose frames held the
    document, freed only by a garbage collection); and that line as the whole document when nothing follows it."""
    data, ended = (head, False) if b"\n" in head else _to_first_newline(path)
    end = data.find(b"\n")
    try:
        with gc_paused():  # the line may be the whole document
            first = orjson.loads(data if end < 0 else memoryview(data)[:end])  # not sliced: that copied the line
    except orjson.JSONDecodeError as e:
        return None, str(e), None
    alone = ended and (end < 0 or _BLANK.match(data, end) is not None)
    return first, None, Parsed(first, pretty=False) if alone else None


def _to_first_newline(path: Path) -> tuple[bytes, bool]:
    """The file's content up to past its first line break (read in growing heads, not whole: a JSON-lines file
    whose first record is long), and whether that is all the file holds."""
    limit = 1 << 20
    while b"\n" not in (data := _bytes(path, limit)) and len(data) >= limit - len(_BOM):  # its BOM is dropped
        limit *= 4
    return data, len(data) < limit - len(_BOM)


def _lines_format(path: Path, head: bytes, first: object, unread: str | None) -> Format:
    """The format of a JSON-lines file whose first line (``first``, or the error reading it: ``unread``) is an
    object: a Batch API file, Bedrock batch records, a conversation dataset; ImportFormatError when none."""
    from replay.formats.batch import batch_kind
    from replay.formats.bedrockbatch import is_bedrock_record
    from replay.formats.conversations import is_conversation

    if unread is not None and b"\n" in head and "depth limit" in unread:  # a line no reader reads: say so
        raise ImportFormatError(f"{path}:1: not a JSON line replay reads ({unread}); flatten or drop it")
    kind = batch_kind(first) if isinstance(first, dict) else None
    if isinstance(first, dict) and is_bedrock_record(first):
        return Format.BEDROCK_BATCH
    if kind is not None:
        return Format.BATCH_INPUT if kind == "input" else Format.BATCH_OUTPUT
    if is_conversation(first) or (isinstance(first, dict) and {"messages", "conversations"} & first.keys()):
        return Format.CONVERSATIONS
    if isinstance(first, dict) and "request" in first and "startedDateTime" in first:
        raise ImportFormatError(f"{path}: {HAR_ENTRY}")
    if isinstance(first, dict) and "request" in first and "timings" in first:
        raise ImportFormatError(f"{path}: already a replay capture{_as_it_is(path)}")
    raise ImportFormatError(f"{path}: not a format replay imports; {HINT}")


_NOT_JSON = object()  # a first line that does not parse


def _first_record(path: Path, head: bytes, first: object) -> tuple[object, Parsed | None]:
    """The first record of a JSON-lines file (``first``: its first line, parsed, or ``_NOT_JSON``), or of a JSON
    document: its first item (from the head, unless that item is longer), or the object (read whole, when its first
    line only opens it: a pretty-printed one); and the whole document when it was parsed."""
    if first is not _NOT_JSON:
        return (first[0] if isinstance(first, list) and first else first), None
    if head.startswith(b"["):
        text = head.decode("utf-8", "ignore")
        with contextlib.suppress(ValueError):
            return json.JSONDecoder().raw_decode(text, len(text) - len(text[1:].lstrip()))[0], None
    if not head.startswith((b"[", b"{")):
        return None, None
    try:
        with gc_paused():
            doc = orjson.loads(_bytes(path))
    except orjson.JSONDecodeError as e:
        if (cut := unclosed(path, e)) is not None:
            raise cut from None
        return None, None
    return (doc[0] if isinstance(doc, list) and doc else doc), Parsed(doc, pretty=True)


def unclosed(path: Path, e: orjson.JSONDecodeError) -> ImportFormatError | None:
    """The error for the file's JSON document that ends before it closes (``e``: a copy cut short), None when ``e``
    is another fault (which the format's reader names in its words)."""
    if e.msg != "unexpected end of data":
        return None
    return ImportFormatError(
        f"{path}: its JSON document ends before it closes ({e}): the file is cut short; copy it whole again"
    )


def _utf16(head: bytes) -> bool:
    """Whether ``head`` is ASCII text written as UTF-16 without a BOM: every other byte NUL (valid UTF-8 all the
    same, so it read as no format)."""
    pairs = head[: len(head[:64]) // 2 * 2]
    lo, hi = pairs[0::2], pairs[1::2]
    return len(pairs) >= 4 and any(not a.strip(b"\0") and b"\0" not in b for a, b in ((lo, hi), (hi, lo)))


def _as_it_is(path: Path) -> str:
    """How to use a capture given to import: as it is, or decompressed when import read it through gzip (replay
    reads a capture plain or .zst: 'use it as it is' sent the user back to 'gzip data, not a capture')."""
    with open(path, "rb") as fh:
        if fh.read(2) == GZIP:
            return f", gzip-compressed, which no other command reads; decompress it (gunzip -k {path}) and use that"
    return "; use it as it is (or `replay redact` it)"


APIS = ("openai", "anthropic")  # the APIs a conversation dataset's calls are written for


@dataclass(frozen=True, slots=True)
class Chats:
    """Where a conversation dataset's calls go (``replay.formats.conversations``): the API (``APIS``), the model
    (None: the one each call names, as a LangSmith or Langfuse export's do), the base URL the client was given
    (None: the API's own), one call per assistant turn (``each_turn``) or one per conversation."""

    api: str
    model: str | None
    endpoint: str | None = None
    each_turn: bool = False


@dataclass(frozen=True, slots=True)
class Given:
    """What the user tells ``replay import`` that a file cannot: the model of calls it names none of (``model``,
    ``--model``: a Bedrock batch job's, whose records name none; a conversation dataset's, with ``chats``) and the
    Azure OpenAI resource a Batch API file ran on (``azure_endpoint``, ``https://NAME.openai.azure.com``: a batch
    of ``/v1/...`` urls whose answers carry no content filter results reads as OpenAI's) and the scheme a GoReplay
    file's requests came over (``gor_scheme``: its request lines and Host fields name none; ``--input-raw`` reads
    cleartext HTTP) and where a conversation dataset's calls go (``chats``: it names no API or model)."""

    model: str | None = None
    azure_endpoint: str | None = None
    gor_scheme: str = "http"
    gor_files: tuple[Path, ...] = ()  # the GoReplay files given, in order: chunks whose requests the next answers
    chats: Chats | None = None  # where a conversation dataset's prompts go (its API and model; --api, --model)


_MODELLESS = (Format.BEDROCK_BATCH, Format.CONVERSATIONS, Format.LLMOPS)  # formats whose calls may name no model


def read_foreign(paths: Sequence[Path], given: Given | None = None) -> Iterator[Exchange]:
    """Exchanges of every file in ``paths``, in order; a Batch API output file answers the input file(s)
    given with it; ``given`` says what the files do not (``Given``).
    Formats are checked before the first exchange is read."""
    _check_inputs(paths)
    sniffed = [_sniff(path) for path in paths]
    # The file read first keeps the document its format was told by (a pretty-printed export, parsed once); the
    # others are parsed again when read: holding them all held every page of a many-page export at once
    parsed = sniffed[0][1] if sniffed else None
    files = [(path, fmt) for path, (fmt, _) in zip(paths, sniffed, strict=True)]
    del sniffed
    given = replace(given or Given(), gor_files=tuple(p for p, f in files if f is Format.GOR))
    for option, value, wanted, what in (
        ("--azure-endpoint", given.azure_endpoint, (Format.BATCH_INPUT,), "the Azure resource of a Batch API file"),
        ("--gor-scheme", given.gor_scheme != "http", (Format.GOR,), "the scheme of a GoReplay file's requests"),
        ("--api", given.chats, (Format.CONVERSATIONS, Format.LLMOPS), "where a conversation dataset's prompts go"),
        ("--model", given.model, _MODELLESS, "the model of calls a file names none of (a Bedrock batch's)"),
    ):
        if value and not any(f in wanted for _, f in files):  # given for another file: the user meant that one
            path, fmt = files[0]
            raise ImportFormatError(f"{path}: {option} names {what}, and this is {fmt}; drop {option}")
    if given.model and given.chats is None and not any(f is Format.BEDROCK_BATCH for _, f in files):
        path = next(p for p, f in files if f in _MODELLESS)  # a dataset's, an export's: where its calls go is asked
        raise ImportFormatError(
            f"{path}: --model names the model its calls ask; say where they go too: --api openai|anthropic"
        )
    outputs = [p for p, f in files if f is Format.BATCH_OUTPUT]
    if outputs and not any(f is Format.BATCH_INPUT for _, f in files):
        raise ImportFormatError(
            f"{outputs[0]}: a Batch API output file holds answers, not requests; give its input file too "
            f"(replay import INPUT.jsonl {outputs[0]} --out ...)"
        )
    return _read(files, outputs, given, parsed)


def _check_inputs(paths: Sequence[Path]) -> None:
    """ImportFormatError for a file named twice (its exchanges would be imported twice) or one that is not a
    regular file: a file is read more than once (its format told from its head, then read; a Batch input twice),
    which a pipe cannot be (its head would be lost; one no process writes blocks for ever)."""
    seen: set[str] = set()
    for path in paths:
        with contextlib.suppress(OSError):  # a missing file: reading it says so
            if not stat.S_ISREG(mode := os.stat(path).st_mode) and not stat.S_ISDIR(mode):
                raise ImportFormatError(f"{path}: not a regular file (a pipe or a device); save it to a file first")
        if (key := os.path.realpath(path)) in seen:
            raise ImportFormatError(f"{path}: given twice; give each file once")
        seen.add(key)


def _read(
    files: list[tuple[Path, Format]], outputs: list[Path], given: Given, parsed: Parsed | None
) -> Iterator[Exchange]:
    from replay.formats.har import OnlyLocal

    local: list[OnlyLocal] = []  # HAR files of browser-answered entries only: one error if nothing else came
    count = 0
    for path, fmt in files:
        try:
            for ex in _read_file(path, fmt, outputs, given, parsed):
                count += 1
                yield ex
        except OnlyLocal as e:
            local.append(e)
        parsed = None  # the first file's: let go once it is read
    if local and not count:
        raise local[0]
    for e in local:
        warn(e.skipped)


def _read_file(path: Path, fmt: Format, outputs: list[Path], given: Given, parsed: Parsed | None) -> Iterator[Exchange]:
    if fmt is Format.GOR:  # the chunks of a recording, read as one with the first
        from replay.formats.gor import read_gor

        chunks = read_gor(given.gor_files, given.gor_scheme) if path == given.gor_files[0] else iter(())
        placed = ((f"{where}: {ex.id}", ex) for where, ex in chunks)
    else:
        placed = ((f"{path}: {ex.id}", ex) for ex in _exchanges(path, fmt, outputs, given, parsed))
    for where, ex in placed:
        # What every reader checks of a capture line: an entry it would refuse (a URL urlsplit cannot
        # split, a time of 1e308 ms) is refused here, not written to a capture no command then reads.
        problem = record_problem(orjson.loads(ex.to_json()))
        if problem:
            raise ImportFormatError(f"{where}: would not read back as a capture record ({problem})")
        # One no plan could send (a host holding a space, no method, a header holding a line break): refused
        # here, not by 'replay run' (HAR entries are checked as they are read, to name the entry's index).
        if problem := request_problem(ex.request.method, ex.request.url) or header_problem(ex.request.headers):
            raise ImportFormatError(f"{where}: {problem}; fix or drop it")
        yield ex


def _exchanges(path: Path, fmt: Format, outputs: list[Path], given: Given, parsed: Parsed | None) -> Iterator[Exchange]:
    if fmt is Format.HAR:
        from replay.formats.har import read_har

        yield from read_har(path, _bytes(path))
    elif fmt is Format.FLOWS:
        from replay.formats.flows import read_flows

        yield from read_flows(path)
    elif fmt is Format.OTLP:
        from replay.formats.otlp import read_otlp

        yield from read_otlp(path)
    elif fmt is Format.BATCH_INPUT:
        from replay.formats.batch import read_batch

        yield from read_batch(path, outputs, given.azure_endpoint)
    elif fmt is Format.BEDROCK_BATCH:
        from replay.formats.bedrockbatch import read_bedrock_batch

        yield from read_bedrock_batch(path, given.model)
    elif fmt is Format.CONVERSATIONS:
        from replay.formats.conversations import read_conversations

        yield from read_conversations(path, parsed, given.chats)
    elif fmt is Format.LLMOPS:
        from replay.formats.llmops import read_llmops

        yield from read_llmops(path, parsed, given.chats)


def whole_text(path: Path) -> str:
    """The file's content as one text (a JSON document, which a reader parses whole), BOM dropped, inflated."""
    return _text(path, _bytes(path))


def _text(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ImportFormatError(f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8") from None
