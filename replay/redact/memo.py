"""A bounded LRU of redaction results, keyed by the exact text: the same text redacts the same way.

The engine is deterministic under its key, and traffic repeats itself: the URL and the
Authorization value of every request of a client, an application's system prompt in every chat
request. A text met again takes its result (the redacted text and its counts per kind) from here
instead of a pass through the detectors. The memo lives in this process's memory only (it holds
the original texts, as the pseudonym cache does) and is bounded twice: in entries and in the
characters of its keys and values, the least recently used going first; a text longer than
``max_chars`` is never kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["Memo", "Result"]

# The redacted text (None: the text unchanged), and (kind, count) per kind found.
Result = tuple[str | None, tuple[tuple[str, int], ...]]


class Memo:
    """Results by their exact key; ``get`` marks an entry as used, ``put`` evicts what does not fit."""

    def __init__(self, entries: int = 4096, chars: int = 4_000_000, max_chars: int = 16_384):
        self.entries = entries
        self.chars = chars
        self.max_chars = max_chars
        self._data: OrderedDict[Hashable, tuple[Result, int]] = OrderedDict()
        self._size = 0  # characters held, keys and values
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: Hashable) -> bool:
        """``key`` is held (its use is not marked: ``get`` does that)."""
        return key in self._data

    @property
    def size(self) -> int:
        return self._size

    def get(self, key: Hashable) -> Result | None:
        got = self._data.get(key)
        if got is None:
            self.misses += 1
            return None
        self.hits += 1
        self._data.move_to_end(key)
        return got[0]

    def put(self, key: Hashable, text_len: int, result: Result) -> None:
        """Keep ``result`` for ``key`` (a key whose text has ``text_len`` characters)."""
        if text_len > self.max_chars or key in self._data:
            return
        size = text_len + len(result[0] or "")
        self._data[key] = (result, size)
        self._size += size
        while len(self._data) > self.entries or self._size > self.chars:
            _, (_, dropped) = self._data.popitem(last=False)
            self._size -= dropped
