"""HAR 1.2 files in and out (the entry <-> exchange mapping is ``replay.exchange.har``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
    parse_har,
)
from replay.util.outputs import write_atomic

__all__ = ["read_har", "websockets_left", "write_har"]


def read_har(path: Path, data: bytes | None = None) -> Iterator[Exchange]:
    """Exchanges of a HAR 1.2 file (``data``: its content, inflated and without BOM, when already read);
    ImportFormatError naming the entry that does not fit."""
    try:
        doc = parse_har(path.read_bytes() if data is None else data)
    except NotHar as e:
        raise ImportFormatError(
            f"{path}: not a HAR 1.2 file ({e}); export HAR from the browser's network panel"
        ) from None
    return _entries(path, doc["log"]["entries"])


def _entries(path: Path, entries: list[Any]) -> Iterator[Exchange]:
    sockets = messages = 0
    for i, entry in enumerate(entries):
        try:
            yield entry_to_exchange(entry, i)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ImportFormatError(
                f"{path}: log.entries[{i}]{entry_problem(entry, e)}; fix or drop that entry (HAR 1.2)"
            ) from None
        ws = entry.get("_webSocketMessages")  # Chrome's and mitmproxy's: a WebSocket's frames
        if isinstance(ws, list) and ws:
            sockets, messages = sockets + 1, messages + len(ws)
    websockets_left(path, sockets, messages)


def websockets_left(path: Path, sockets: int, messages: int) -> None:
    """The one warning for the WebSocket messages an import leaves out (HAR, flow files), when there were any."""
    if sockets:
        warn(f"{path}: imported {sockets} WebSocket upgrade(s) without their {messages} messages; replay replays HTTP")


def write_har(exchanges: Iterable[Exchange], out: Path) -> int:
    """Write a HAR 1.2 file; returns the number of entries."""
    entries = [exchange_to_entry(ex) for ex in exchanges]
    write_atomic(out, orjson.dumps(har_document(entries), option=orjson.OPT_INDENT_2))
    return len(entries)
