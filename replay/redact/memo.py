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
from collections.abc import Hashable, Iterable, Iterator, MutableMapping
from typing import Generic, TypeVar

__all__ = ["Bounded", "Memo", "Result", "add_counts"]

# The redacted text (None: the text unchanged), (kind, count) per kind found, and each value found that the
# engine looks for again in the exchange's other strings (a full name, a token), with its pseudonym and kind.
Result = tuple[str | None, tuple[tuple[str, int], ...], tuple[tuple[str, str, str], ...]]
K = TypeVar("K", bound=Hashable)


def add_counts(counts: MutableMapping[str, int], found: Iterable[tuple[str, int]]) -> None:
    """``counts.update(dict(found))`` for counts of things found (each above 0), given as (kind, count) pairs (a
    dict's items, or those a memo's ``Result`` holds): the same counts, new kinds in the same order, without
    ``Counter.update``'s check that its argument is a Mapping (an ABC's, in Python: 2,000 instructions a call, a
    dozen calls an exchange, most of them with nothing found)."""
    for kind, n in found:
        counts[kind] = counts.get(kind, 0) + n


V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A table bounded in entries and in the characters its entries hold, the oldest going first."""

    def __init__(self, entries: int, chars: int):
        self.entries = entries
        self.chars = chars
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self.size = 0  # characters held

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[K]:
        """The keys, oldest first."""
        return iter(self._data)

    def value(self, key: K, default: V | None = None) -> V | None:
        got = self._data.get(key)
        return default if got is None else got[0]

    def add(self, key: K, value: V, size: int) -> None:
        """Hold ``value`` under a new ``key`` (``size`` characters), evicting what no longer fits."""
        self._data[key] = (value, size)
        self.size += size
        while len(self._data) > self.entries or self.size > self.chars:
            _, (_, dropped) = self._data.popitem(last=False)
            self.size -= dropped

    def set(self, key: K, value: V) -> None:
        """A new value for a ``key`` held, of the same size."""
        self._data[key] = (value, self._data[key][1])


class Memo(Bounded[Hashable, Result]):
    """Results by their exact key; ``get`` marks an entry as used (the least recently used goes
    first), ``put`` evicts what does not fit."""

    def __init__(self, entries: int = 4096, chars: int = 4_000_000, max_chars: int = 16_384):
        super().__init__(entries, chars)
        self.max_chars = max_chars
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Result | None:
        got = self._data.get(key)
        if got is None:
            self.misses += 1
            return None
        self.hits += 1
        self._data.move_to_end(key)
        return got[0]

    def put(self, key: Hashable, text_len: int, result: Result) -> None:
        """Keep ``result`` for ``key`` (a key whose text has ``text_len`` characters, counted with
        the redacted text's)."""
        if text_len > self.max_chars or key in self._data:
            return
        self.add(key, result, text_len + len(result[0] or ""))
