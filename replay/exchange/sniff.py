"""What a file given as a capture is when it is none: named in one line from its first bytes or first
line (a plan, compressed data, UTF-16, a HAR, OTLP traces, a Batch API file, a conversation dataset, a
LangSmith or Langfuse export, a mitmproxy flow file), rather than read as corrupt lines or a torn tail.

    sniff(path, first)          the first bytes: files that are never captures (a zip, gzip, zstd without .zst, a BOM,
                                lines ending in a CR alone: ``cr_lines``, which the typed reader's blocks pass too)
    not_imported(path, first)   a first line that is no capture record: a format ``replay import`` reads
    first_key(head)             the first key of a JSON object (``replay import`` tells its formats by it too)
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from replay.errors import CaptureError
from replay.exchange.format import is_zst
from replay.exchange.zst import MAGIC

__all__ = ["CHAT_HEAD", "HAR_ENTRY", "UTF16", "cr_lines", "first_key", "not_imported", "sniff"]

_BOM = b"\xef\xbb\xbf"
UTF16 = ((b"\xff\xfe", b"\xfe\xff"), "UTF-16 text, not UTF-8; convert it (iconv -f UTF-16 -t UTF-8)")
# Files that are never captures, by their first bytes: named, rather than read as one torn line.
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (a replay plan?), not a capture; give the capture the plan was sampled from"),
    # a pipe has no name to change (<(cat cap.jsonl.zst)): the fix for it is to decompress into the pipe
    (MAGIC, "zstd data without the .zst suffix; name it .jsonl.zst (a pipe: <(zstdcat FILE) decompresses into it)"),
    (b"\x1f\x8b", "gzip data, not a capture; decompress it (or import it, if it is a HAR or flow file)"),
    (
        _BOM,
        "starts with a byte order mark, which JSON Lines do not have; remove it (sed -i '1s/^\\xEF\\xBB\\xBF//')",
    ),
    *((bom, UTF16[1]) for bom in UTF16[0]),
)


_FIRST_KEY = re.compile(rb'\A\s*\{\s*"([^"\\]{1,64})"')
HAR_ENTRY = (
    'one HAR entry, not a HAR file (no {"log": {"entries": [...]}} around it); export the whole HAR from the '
    "browser's network panel"
)
# What ``replay import`` reads, by the first key of a JSON document or line.
_FOREIGN_KEYS = {"log": "a HAR file", "resourceSpans": "OTLP JSON traces", "custom_id": "a Batch API file"}
_CHATS = "a conversation dataset (chat JSONL, ShareGPT)"
# A conversation dataset's head: an object (alone, or first in a JSON array) holding a list of messages or ShareGPT's
# conversations before any other list
CHAT_HEAD = re.compile(rb'\s*\[?\s*\{[^\[]*?"(?:messages|conversations)"\s*:\s*\[')


def first_key(head: bytes) -> str | None:
    """The first key of the JSON object ``head`` starts (after white space), when it is a plain one (UTF-8: a
    Latin-1 key was a UnicodeDecodeError's traceback in every reader that tells a file by it)."""
    m = _FIRST_KEY.match(head)
    try:
        return m.group(1).decode() if m is not None else None
    except UnicodeDecodeError:
        return None


# The header lines of the CSV files ``locust --csv`` writes (stats, history, failures, exceptions): counts of
# requests a load test sent, not the requests; read as a capture, "line 1: not a capture record; remove the line".
_LOCUST_CSV = (
    b"Type,Name,Request Count,",
    b"Timestamp,User Count,",
    b"Method,Name,Error,Occurrences,",
    b"Count,Message,",
)


def _locust_csv(path: Path, first: bytes) -> None:
    if first.startswith(_LOCUST_CSV):
        raise CaptureError(
            f"{path}: a Locust statistics CSV (locust --csv), not a capture: it counts requests, it does not hold "
            "them; capture the traffic (replay capture), or import a HAR or flow file of it (replay import)"
        )


def _foreign(path: Path, first: bytes) -> str | None:
    """What ``replay import`` format the file is, by its first line (or its head, when that line only
    opens an object, as a pretty-printed HAR's does); None when it looks like none."""
    if re.match(rb"\d{1,12}:", first):  # tnetstring's length prefix
        return "a mitmproxy flow file (mitmdump -w)"
    if len(first) > 1 and first[0] == 0x78 and (first[0] << 8 | first[1]) % 31 == 0:
        return "zlib-compressed data (mitmproxy's .zhar HAR?)"
    head = first = first.removeprefix(_BOM)  # Fiddler's HAR
    if first.strip() in (b"{", b"[") and not is_zst(path):
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            head = fh.read(4096).removeprefix(_BOM)
    key = first_key(head)
    if key in _FOREIGN_KEYS:
        return _FOREIGN_KEYS[key]
    run = b'"run_type"' in head and b'"inputs"' in head  # before chats: a run's inputs hold messages too
    if key == "trace" or run or (b'"startTime"' in head and b'"traceId"' in head):
        return "a LangSmith or Langfuse export (runs, observations, a trace)"
    if CHAT_HEAD.match(head) and b'"request"' not in first:
        return _CHATS
    return "a Batch API file" if b'"custom_id"' in first and b'"request"' not in first else None


def _har_entry(path: Path, first: bytes) -> None:
    """CaptureError when the first line is one HAR entry (haralyzer's single_entry.har): its request and
    timings read as a capture record's, said to be corrupt, 'remove the line'."""
    if b'"startedDateTime"' in first and b'"request"' in first:
        raise CaptureError(f"{path}: {HAR_ENTRY}")


def _run_file(path: Path, first: bytes) -> None:
    """CaptureError when the first line is a run's row (its results or responses, keyed by "row" first): a run
    directory given as a capture (its .jsonl files read as shards) was 'responses.jsonl:1: not a capture record
    (request is not an object ...); remove the line'."""
    if first_key(first) == "row":
        raise CaptureError(
            f"{path}: a run's rows ('replay run' wrote them), not a capture; give the capture the run replayed "
            f"(its run.json names it), or judge the run: replay report {path.parent}"
        )


def sniff(path: Path, first: bytes) -> None:
    """CaptureError when the first bytes show the file is something else (a plan, compressed data, lines that
    end in a CR alone): one clear line instead of "0 records" and a torn tail."""
    if first.startswith(_BOM):
        not_imported(path, first)
    for magic, what in _MAGIC:
        if first.startswith(magic):
            raise CaptureError(f"{path}: {what}")
    cr_lines(path, first)


def cr_lines(path: Path, head: bytes) -> None:
    """CaptureError when ``head`` (a file's first line, or block) is records whose lines end in a CR alone (a
    classic Mac's, or a tool's that wrote them so): the reader, splitting at newlines, saw one torn line ("holds
    no exchanges") where the sampler's typed decoder read every record, and wrote a plan of them."""
    if b"\n" not in head and b"\r{" in head:
        raise CaptureError(
            f"{path}: its lines end in a CR alone, not a newline (LF); convert them: tr '\\r' '\\n' < FILE > NEW.jsonl"
        )


def not_imported(path: Path, first: bytes) -> None:
    """CaptureError when a first line that is no capture record shows a file ``replay import`` reads, or one
    that 'replay run' wrote."""
    _har_entry(path, first)
    _run_file(path, first)
    _locust_csv(path, first)
    what = _foreign(path, first)
    if what is not None:
        told = " --api openai --model NAME" if what == _CHATS else ""  # a dataset names neither
        raise CaptureError(
            f"{path}: {what}, not a capture; import it first: replay import {path}{told} --out CAPTURE.jsonl"
        )
