"""The word lists the name and address detectors read: given names and surnames of 105 countries (and of Kenya and
Thailand, which that source lacks), common English words (and the rarer ones a dictionary holds that no one is named),
USPS street suffixes. Built by
``scripts/make_redact_data.py`` from names-dataset, Faker's Kenyan and Thai lists, zxcvbn, wordfreq, usaddress and
english-words (sources and licences in that script); loaded once, on first use, so a process that never redacts free
text never pays for them.

They are stored in one file, ``data/lexicon.txt.gz``, laid out so that a process loads them by
slicing, not by reading each of its ~350,000 lines (every capture writer, ``replay redact`` and
many test processes load it): a version line, then per table its name and how many value groups
it has, one ``value<TAB>count`` line per group in ascending value, then the table's words, group
after group. A name's value is its best rank in any one country; a rank tier is then a run of
words, found from the group lines alone::

    replay-lexicon<TAB>1
    given<TAB>2
    1<TAB>2
    2<TAB>1
    maria
    mohamed
    anna
"""

from __future__ import annotations

import gzip
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

__all__ = ["ALWAYS_WORD", "DICTIONARY_WORD", "Lexicon", "dump_tables", "firm_key", "firm_names", "lexicon"]

_DATA = Path(__file__).with_name("data")
FILE = _DATA / "lexicon.txt.gz"
# Firms and brands named like people ("Wells Fargo", "Trader Joe's"), one a line after "#" lines saying their sources
FIRMS_FILE = _DATA / "firms.txt"
MAGIC, VERSION = "replay-lexicon", 1
# Rank tiers: a name's best rank in any one country, bucketed (small ints are shared objects).
TOP, COMMON, KNOWN = 1, 2, 3
ALWAYS_WORD = 2000
# The rank of the words past the frequency lists' cut that a dictionary holds and that no one is named in the tables
# ("random", "gradient", "kernel"): rare words, ranked past every list's words
DICTIONARY_WORD = 30001
TOP_RANK = 300  # the worst rank of a top name
_TIERS = ((TOP_RANK, TOP), (1200, COMMON))


@dataclass(slots=True)
class _Table:
    """One table of the file: its words in ascending value; ``values[i]``'s words end at ``ends[i]``."""

    words: list[str]
    values: list[int]
    ends: list[int]

    def upto(self, value: int) -> int:
        """Where the words of values up to ``value`` end."""
        i = bisect_right(self.values, value)
        return self.ends[i - 1] if i else 0

    def as_dict(self) -> dict[str, int]:
        """Word -> value."""
        return _zipped(self.words, list(zip(self.values, self.ends, strict=True)))


def _read(path: Path = FILE) -> dict[str, _Table]:
    parts = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    if parts[0] != f"{MAGIC}\t{VERSION}":
        raise ValueError(
            f"{path}: not a version {VERSION} lexicon ({parts[0][:40]!r}); rebuild it with scripts/make_redact_data.py"
        )
    tables: dict[str, _Table] = {}
    i = 1
    while parts[i]:
        name, groups = parts[i].split("\t")
        heads = [head.split("\t") for head in parts[i + 1 : i + 1 + int(groups)]]
        i += 1 + len(heads)
        ends = list(accumulate(int(n) for _, n in heads))
        total = ends[-1] if ends else 0
        tables[name] = _Table(parts[i : i + total], [int(v) for v, _ in heads], ends)
        i += total
    return tables


def dump_tables(tables: Mapping[str, Mapping[str, int]]) -> bytes:
    """``tables`` (name -> word -> value) in the file's layout, gzipped (``scripts/make_redact_data.py``)."""
    lines = [f"{MAGIC}\t{VERSION}"]
    for name, table in tables.items():
        groups: dict[int, list[str]] = {}
        for word in sorted(table):
            groups.setdefault(table[word], []).append(word)
        lines.append(f"{name}\t{len(groups)}")
        lines.extend(f"{value}\t{len(groups[value])}" for value in sorted(groups))
        lines.extend(word for value in sorted(groups) for word in groups[value])
    lines.append("")
    return gzip.compress("\n".join(lines).encode(), mtime=0)


def _zipped(words: list[str], runs: list[tuple[int, int]]) -> dict[str, int]:
    """``words`` -> the value of the run each is in (``runs``: (value, where its words end), in order).
    One ``dict(zip())`` over a list of values made by repetition: a dict built and merged per run
    took 60% more instructions (each merge grows the dict again)."""
    values: list[int] = []
    start = 0
    for value, end in runs:
        values += [value] * (end - start)
        start = end
    return dict(zip(words, values, strict=True))


def _tiered(table: _Table) -> dict[str, int]:
    """Name -> tier: the words of each tier are a run of the table's."""
    (top, _), (common, _) = _TIERS
    return _zipped(table.words, [(TOP, table.upto(top)), (COMMON, table.upto(common)), (KNOWN, len(table.words))])


OTHER_STREET_TYPES = frozenset({"close", "parade", "chase", "wynd", "quay", "vale", "circus"})


class Lexicon:
    """``given`` and ``surname``: case-folded name -> tier (TOP, COMMON, KNOWN); ``words``: common
    English words (``rare_words``: less common ones, ``dictionary`` among them); ``street_types``: street suffixes;
    ``ngrams``: trigram name-likeness."""

    def __init__(self) -> None:
        tables = _read()
        self.given = _tiered(tables["given"])
        self.surname = _tiered(tables["surnames"])
        words = tables["words"]
        # very common words are never names; less common ones are, when they are common names too
        split = words.upto(ALWAYS_WORD)
        self.words = frozenset(words.words[:split])
        self.rare_words = frozenset(words.words[split:])
        # of them, the dictionary's words that no one is named in the tables (see ``DICTIONARY_WORD``)
        self.dictionary = frozenset(words.words[words.upto(DICTIONARY_WORD - 1) :])
        # USPS's suffixes, and the British, Irish and Australian ones it lacks ("119 Countess Close", "4 Marine Parade")
        self.street_types = frozenset(tables["street_types"].words) | OTHER_STREET_TYPES
        self.ngrams = tables["ngrams"].as_dict()

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


def firm_key(name: str) -> str:
    """``name`` as the gazetteer of firms holds it, case, dots, curly apostrophes and spacing aside ("Dr Martens",
    "TRADER JOE’S"): case-folded, without dots, one space between words. ``replace``, not ``translate`` with a
    mapping: that took four times as long a name."""
    return " ".join(name.replace(".", "").replace("’", "'").casefold().split())


@cache
def firm_names() -> dict[str, None]:
    """The keys (``firm_key``) of the firms and brands of ``FIRMS_FILE``, each also without its accents ("Estee
    Lauder" as often as "Estée Lauder"). A dict of strings, not a set: the garbage collector does not track it (a
    set it walks at each full collection)."""
    keys = [firm_key(line) for line in FIRMS_FILE.read_text(encoding="utf-8").splitlines() if line[:1] not in "#"]
    return dict.fromkeys(keys + [_unaccented(k) for k in keys if not k.isascii()])


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
