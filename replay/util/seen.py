"""Which keys came before, in about 8 bytes a key: a set of the keys themselves (``replay import``'s exchange ids,
starts and methods) held ~200 B an exchange, GBs for tens of millions.

A key is kept as its 64-bit hash (Python's, salted per process: a set compares keys of one process), so two keys
may share one: after ``n`` keys a new one is taken for a key seen with probability about ``n / 2**64``,
``n**2 / 2**65`` over all of them (1 in 37 million at a million keys, 1 in 15,000 at 50 million). The hashes of
the latest keys are held in a set; every ``RECENT`` of them are merged into one sorted numpy array, searched by
bisection.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

__all__ = ["RECENT", "Seen"]

RECENT = 1 << 20  # hashes held in a set (~70 B each) before they are merged into the sorted array (8 B each)


class Seen:
    """The hashes of the keys added so far (the module's docstring says what two keys sharing one cost)."""

    def __init__(self) -> None:
        self._recent: set[int] = set()
        self._sorted = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._recent) + len(self._sorted)

    def add(self, key: Hashable) -> bool:
        """Add ``key``; whether it (or a key of the same hash) was added before: then nothing changes. Keys that
        compare equal are one key (a start of ``1700000000`` and of ``1700000000.0``), as in a set."""
        h = hash(key)
        if h in self._recent:
            return True
        if len(self._sorted):
            at = self._sorted.searchsorted(h)
            if at < len(self._sorted) and self._sorted[at].item() == h:
                return True
        self._recent.add(h)
        if len(self._recent) >= RECENT:
            self._merge()
        return False

    def _merge(self) -> None:
        """The set's hashes into the sorted array (two sorted runs: the stable sort merges them)."""
        recent = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
        recent.sort()
        self._sorted = np.concatenate((self._sorted, recent))
        self._sorted.sort(kind="stable")
        self._recent = set()
