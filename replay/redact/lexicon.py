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


def _tier(rank: int) -> int:
    for limit, tier in _TIERS:
        if rank <= limit:
            return tier
    return KNOWN


def _lines(name: str) -> list[str]:
    with gzip.open(_DATA / name, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def _ranked(name: str) -> dict[str, int]:
    out = {}
    for line in _lines(name):
        word, _, rank = line.partition("\t")
        out[word] = _tier(int(rank))
    return out


class Lexicon:
    """``given`` and ``surname``: case-folded name -> tier (TOP, COMMON, KNOWN); ``words``: common
    English words (``rare_words``: less common ones); ``street_types``: street suffixes;
    ``ngrams``: trigram name-likeness."""

    def __init__(self) -> None:
        self.given = _ranked("given.txt.gz")
        self.surname = _ranked("surnames.txt.gz")
        words = [line.partition("\t") for line in _lines("words.txt.gz")]
        # very common words are never names; less common ones are, when they are common names too
        self.words = frozenset(w for w, _, r in words if int(r) <= _ALWAYS_WORD)
        self.rare_words = frozenset(w for w, _, r in words if int(r) > _ALWAYS_WORD)
        self.street_types = frozenset(_lines("street_types.txt.gz"))
        self.ngrams = {t: int(v) for t, _, v in (line.partition("\t") for line in _lines("ngrams.txt.gz"))}

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
