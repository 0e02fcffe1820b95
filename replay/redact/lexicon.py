"""The word lists the name and address detectors read: given names and surnames of 105 countries,
common English words, USPS street suffixes. Built by ``scripts/make_redact_data.py`` from
names-dataset, zxcvbn and usaddress (sources and licences in that script); loaded once, on first
use, so a process that never redacts free text never pays for them."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

__all__ = ["Lexicon", "lexicon"]

_DATA = Path(__file__).with_name("data")
# Rank tiers: a name's best rank in any one country, bucketed (small ints are shared objects).
TOP, COMMON, KNOWN = 1, 2, 3
_ALWAYS_WORD = 2000
_TIERS = ((300, TOP), (1200, COMMON))


def _lines(name: str) -> list[str]:
    with gzip.open(_DATA / name, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def _columns(name: str) -> tuple[list[str], list[int]]:
    """The words and ranks of a ``word<TAB>rank`` file, split by two C calls rather than a
    partition per line (every process that redacts free text loads ~300,000 of them)."""
    with gzip.open(_DATA / name, "rt", encoding="utf-8") as fh:
        parts = fh.read().replace("\t", "\n").split("\n")
    if parts[-1] == "":
        parts.pop()
    return parts[0::2], list(map(int, parts[1::2]))


def _ranked(name: str) -> dict[str, int]:
    words, ranks = _columns(name)
    (top, _), (common, _) = _TIERS
    return dict(zip(words, [TOP if r <= top else COMMON if r <= common else KNOWN for r in ranks], strict=True))


class Lexicon:
    """``given`` and ``surname``: case-folded name -> tier (TOP, COMMON, KNOWN); ``words``: common
    English words (``rare_words``: less common ones); ``street_types``: street suffixes;
    ``ngrams``: trigram name-likeness."""

    def __init__(self) -> None:
        self.given = _ranked("given.txt.gz")
        self.surname = _ranked("surnames.txt.gz")
        words, ranks = _columns("words.txt.gz")
        # very common words are never names; less common ones are, when they are common names too
        self.words = frozenset(w for w, r in zip(words, ranks, strict=True) if r <= _ALWAYS_WORD)
        self.rare_words = frozenset(w for w, r in zip(words, ranks, strict=True) if r > _ALWAYS_WORD)
        self.street_types = frozenset(_lines("street_types.txt.gz"))
        self.ngrams = dict(zip(*_columns("ngrams.txt.gz"), strict=True))

    def name_likeness(self, word: str) -> float:
        """How much more a case-folded word's trigrams occur in names than in English words
        (mean log-ratio, in tenths; above 0 leans to a name)."""
        w = f"^{word}$"
        grams = self.ngrams
        n = len(w) - 2
        return sum(grams.get(w[i : i + 3], 0) for i in range(n)) / n if n > 0 else 0.0


@cache
def lexicon() -> Lexicon:
    return Lexicon()
