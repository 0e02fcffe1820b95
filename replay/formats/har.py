"""HAR 1.2 files in and out (the entry <-> exchange mapping is ``replay.exchange.har``)."""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import orjson

from replay.console import warn
from replay.errors import ImportFormatError
from replay.exchange.format import Exchange
from replay.exchange.har import (
    NotHar,
    entry_problem,
    entry_to_exchange,
    exchange_to_entry,
    har_document,
    has_offset,
    parse_har,
)
from replay.exchange.validate import header_problem, request_problem
from replay.util.outputs import atomic_output

__all__ = ["OnlyLocal", "read_har", "websockets_left", "write_har"]

_NETWORK = frozenset({"http", "https", "ws", "wss"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# A request line as WebPageTest lists it among the headers when its path holds a colon, which it splits the line at
_REQUEST_LINE = re.compile(r"[A-Z]+ /\S*: ?\S* HTTP/\d(\.\d)?")


class OnlyLocal(ImportFormatError):
    """A HAR file whose every entry the browser answered itself: an error when no other file given with it
    has an exchange, else the warning ``skipped`` (a warning then the 'no exchange' error were two lines)."""

    def __init__(self, path: Path, skipped: str) -> None:
        super().__init__(f"{path}: no exchange to import, {skipped}; export the HAR after the page's requests ran")
        self.skipped = f"{path}: {skipped}"


def read_har(path: Path, data: bytes | None = None) -> Iterator[Exchange]:
    """Exchanges of a HAR 1.2 file (``data``: its content, inflated and without BOM, when already read);
    ImportFormatError naming the entry that does not fit."""
    try:
        doc = parse_har(path.read_bytes() if data is None else data)
    except NotHar as e:
        raise ImportFormatError(e.line(path, "export HAR from the browser's network panel")) from None
    return _entries(path, doc["log"]["entries"])


def _entries(path: Path, entries: list[Any]) -> Iterator[Exchange]:
    sockets = messages = missing = imported = lines = 0
    local: Counter[str] = Counter()
    zoneless: list[int] = []  # entries whose startedDateTime names no UTC offset
    for i, entry in enumerate(entries):
        if scheme := _local_scheme(entry):
            local[f"{scheme}:"] += 1
            continue
        if cache := _cache(entry):
            local[f"from its {cache} cache"] += 1
            continue
        try:
            attached = _attached(path, entry)
            missing += attached is False
            ex = entry_to_exchange(attached or entry, i)
            kept = [(k, v) for k, v in ex.request.headers if not _REQUEST_LINE.fullmatch(f"{k}:{v}")]
            lines, ex.request.headers = lines + len(ex.request.headers) - len(kept), kept
            if problem := request_problem(ex.request.method, ex.request.url) or header_problem(ex.request.headers):
                raise ImportFormatError(f"{path}: log.entries[{i}]: {problem}; fix or drop that entry (HAR 1.2)")
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ImportFormatError(
                f"{path}: log.entries[{i}]{entry_problem(entry, e)}; fix or drop that entry (HAR 1.2)"
            ) from None
        if not has_offset(entry["startedDateTime"]):
            zoneless.append(i)
        yield ex
        imported += 1
        ws = entry.get("_webSocketMessages")  # Chrome's and mitmproxy's: a WebSocket's frames
        if isinstance(ws, list) and ws:
            sockets, messages = sockets + 1, messages + len(ws)
    websockets_left(path, sockets, messages)
    if local:
        kinds = ", ".join(f"{n} {scheme}" for scheme, n in sorted(local.items()))
        skipped = (
            f"skipped {local.total()} entries the browser answered itself ({kinds}): no request went over the"
            " network; replay replays HTTP"
        )
        if not imported:
            raise OnlyLocal(path, skipped)
        warn(f"{path}: {skipped}")
    if zoneless:
        warn(
            f"{path}: {len(zoneless)} entries' startedDateTime name no UTC offset (the first: log.entries"
            f"[{zoneless[0]}].startedDateTime); read as UTC"
        )
    if lines:
        warn(
            f"{path}: left out {lines} request header(s) that are the request line, split at a colon of its path"
            " (WebPageTest's: 'GET /wiki/Special: ... HTTP/1.1'); the request's method and URL hold it"
        )
    if missing:
        warn(
            f"{path}: {missing} response bodies are in files the HAR names (Playwright's content: attach) that are"
            f" not beside it in {path.parent}; imported without them"
        )


def _local_scheme(entry: Any) -> str | None:
    """The scheme of an entry's URL when no network request has it (data:, blob:, chrome-extension:, about:):
    browsers list what they answered themselves beside their requests. None for a request. Replayed, such an
    entry went to staging as a path of its own ('POST text/plain,hello'), or failed the whole import on the
    status the browser gave it."""
    request = entry.get("request") if isinstance(entry, dict) else None
    url = request.get("url") if isinstance(request, dict) else None
    m = _SCHEME.match(url) if isinstance(url, str) else None
    scheme = m[1].lower() if m else ""
    return scheme if scheme and scheme not in _NETWORK else None


def _cache(entry: Any) -> str | None:
    """The browser cache that answered an entry (Chrome's ``_fromCache``: ``memory`` or ``disk``), None for one
    that went over the network. Chrome lists such a request beside the others, its timings those of a cache
    read; replayed, staging got a request the browser never sent, as often as its page was opened."""
    cache = entry.get("_fromCache") if isinstance(entry, dict) else None
    return cache if cache in ("memory", "disk") else None


def _attached(path: Path, entry: Any) -> dict[str, Any] | Literal[False] | None:
    """``entry`` with its response body read from the file its content names beside the HAR (Playwright's
    ``recordHar`` with ``content: 'attach'`` writes ``content._file`` instead of ``text``); False when that
    file is not there, None when the entry names none. Only a file of the HAR's own directory is read."""
    response = entry.get("response") if isinstance(entry, dict) else None
    content = response.get("content") if isinstance(response, dict) else None
    name = content.get("_file") if isinstance(content, dict) and content.get("text") in (None, "") else None
    if not isinstance(name, str) or not name:
        return None
    if Path(name).name != name or name in (".", ".."):
        return False
    try:
        data = (path.parent / name).read_bytes()
    except OSError:
        return False
    text = base64.b64encode(data).decode()
    return entry | {"response": response | {"content": content | {"text": text, "encoding": "base64"}}}


def websockets_left(path: Path, sockets: int, messages: int, done: str = "imported") -> None:
    """The one warning for the WebSocket messages an import (HAR, flow files) or a capture leaves out, when
    there were any."""
    if sockets:
        warn(f"{path}: {done} {sockets} WebSocket upgrade(s) without their {messages} messages; replay replays HTTP")


def write_har(exchanges: Iterable[Exchange], out: Path) -> int:
    """Write a HAR 1.2 file, an entry at a time; returns the number of entries. Why: the whole document, built in
    memory, took ~10x the capture (1.1 GB to export 200,000 small exchanges). The bytes are those of orjson's
    indented document, as when it was built whole: each entry's lines indented to its depth (a JSON string holds
    no newline) between the document's head and tail."""
    indent = orjson.OPT_INDENT_2
    head, _, tail = orjson.dumps(har_document([0]), option=indent).partition(b"\n      0")
    n = 0
    with atomic_output(out) as tmp, open(tmp, "wb") as fh:
        fh.write(head)
        for ex in exchanges:
            entry = orjson.dumps(exchange_to_entry(ex), option=indent).replace(b"\n", b"\n      ")
            fh.write(b"%s\n      %s" % (b"," if n else b"", entry))
            n += 1
        fh.write(tail if n else b"]" + tail.split(b"]", 1)[1])  # none: "entries": [] as orjson writes it
    return n
