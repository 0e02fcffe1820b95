"""HAR 1.2 files in and out (the entry <-> exchange mapping is ``replay.exchange.har``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

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

__all__ = ["read_har", "write_har"]


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
    for i, entry in enumerate(entries):
        try:
            yield entry_to_exchange(entry, i)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ImportFormatError(
                f"{path}: log.entries[{i}]{entry_problem(entry, e)}; fix or drop that entry (HAR 1.2)"
            ) from None


def write_har(exchanges: Iterable[Exchange], out: Path) -> int:
    """Write a HAR 1.2 file; returns the number of entries."""
    entries = [exchange_to_entry(ex) for ex in exchanges]
    write_atomic(out, orjson.dumps(har_document(entries), option=orjson.OPT_INDENT_2))
    return len(entries)
