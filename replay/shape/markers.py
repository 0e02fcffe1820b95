"""The phrase-table markers of prompt texts (``replay/data/phrases``), found by one Hyperscan scan
of a chunk of prompts: ASCII-caseless literals, every occurrence of every marker, as an overlapping
Aho-Corasick search of the lowercased text (the scan it replaced) finds them.
``replay.shape.families`` counts them per group into noise bits and families.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress
from operator import not_
from typing import Any

import ahocorasick_rs
import numpy as np

try:
    import hyperscan
except ImportError:  # hyperscan ships x86-64 wheels only: elsewhere the Aho-Corasick DFA scans
    hyperscan = None

__all__ = [
    "G_CODE",
    "G_CONTRA",
    "G_EMOJI",
    "G_FENCE",
    "G_FOREIGN",
    "G_INJECTION",
    "G_INVISIBLE",
    "G_MARKUP",
    "G_PAIRS",
    "G_PUNCT",
    "G_WS",
    "marker_hits",
    "phrases",
]


@cache
def phrases(name: str) -> dict[str, Any]:
    """A bundled phrase table (``replay/data/phrases/NAME.json``)."""
    return json.loads(resources.files("replay.data.phrases").joinpath(f"{name}.json").read_text("utf-8"))


# Marker groups counted per prompt; pair sides follow as 2 groups per pair.
G_INJECTION, G_CONTRA, G_FENCE, G_CODE, G_MARKUP, G_FOREIGN, G_WS, G_INVISIBLE, G_EMOJI, G_PUNCT = range(10)
G_PAIRS = 10
_WS_RUNS = ("   ", "\n\n\n", "\t\t", "\u00a0")
_PUNCT_RUNS = ("??", "!!", "?!", "...")
# A function word " und " also matches at a line start, after an inverted mark, and before punctuation.
_WORD_BEFORE = (" ", "\n", "¿", "¡")
_WORD_AFTER = (" ", "\n", ",", ".", "?", "!", ":", ";")
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_EMOJI = b"\xf0\x9f"  # lead bytes of U+1F000..U+1FFFF


@dataclass(frozen=True)
class _Markers:
    db: Any  # a hyperscan.Database, or an ahocorasick_rs.BytesAhoCorasick without hyperscan
    patterns: tuple[bytes, ...]  # lowercase; matched ASCII-caselessly
    group: np.ndarray  # pattern index -> group
    n_groups: int
    n_pairs: int
    local: threading.local  # a scratch space per thread (a scan may not share one)
    shift: int  # bits of a pattern index: a match is packed as ``end << shift | pattern``

    def find(self, blob: bytes) -> np.ndarray:
        """Pattern index and end offset of every marker occurrence in ``blob`` (k x 2).

        Why Hyperscan: it scans 2-3x faster than the Aho-Corasick DFA it replaced (issue 17), and
        matches ASCII letters caselessly, so the text need not be lowercased first (``bytes.lower``
        maps A-Z only; so does the caseless flag). Its matches are those of the overlapping
        Aho-Corasick search (tests/shape/test_identity.py: on tricky texts, and every feature
        column of a synthetic capture against digests taken before the change).
        """
        if hyperscan is None:
            found_ac = self.db.find_matches_as_indexes(blob.lower(), overlapping=True)
            return np.array([(i, e) for i, _, e in found_ac], dtype=np.int64).reshape(-1, 2)
        scratch = getattr(self.local, "scratch", None)
        if scratch is None:
            scratch = self.local.scratch = hyperscan.Scratch(self.db)
        found: list[int] = []
        add, shift = found.append, self.shift

        def on_match(pattern: int, start: int, end: int, flags: int, context: object) -> None:
            add(end << shift | pattern)  # one int, not a tuple: the callback runs per match (~0.8 a prompt)

        self.db.scan(blob, match_event_handler=on_match, scratch=scratch)
        packed = np.array(found, dtype=np.int64)
        return np.stack((packed & ((1 << shift) - 1), packed >> shift), axis=1)


@cache
def _markers() -> _Markers:
    groups: dict[bytes, int] = {}

    def add(words: Iterable[str], g: int) -> None:
        for w in words:
            groups.setdefault(w.lower().encode(), g)

    add(phrases("injection")["markers"], G_INJECTION)
    contra = phrases("contradiction")
    add(contra["markers"], G_CONTRA)
    code = phrases("code")
    add([code["fence"]], G_FENCE)
    add(code["markers"], G_CODE)
    add(phrases("markup")["markers"], G_MARKUP)
    for lang in phrases("languages")["languages"].values():
        for word in lang.get("words", ()):
            core = word.strip()
            before = _WORD_BEFORE if word.startswith(" ") else ("",)
            after = _WORD_AFTER if word.endswith(" ") else ("",)
            add([b + core + a for b in before for a in after], G_FOREIGN)
    add(_WS_RUNS, G_WS)
    add(_PUNCT_RUNS, G_PUNCT)
    add(_INVISIBLE, G_INVISIBLE)
    groups.setdefault(_EMOJI, G_EMOJI)
    for k, (left, right) in enumerate(contra["pairs"]):
        add([left], G_PAIRS + 2 * k)
        add([right], G_PAIRS + 2 * k + 1)
    pats = list(groups)
    if hyperscan is None:
        db: Any = ahocorasick_rs.BytesAhoCorasick(pats, implementation=ahocorasick_rs.Implementation.DFA)
    else:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        flags = hyperscan.HS_FLAG_CASELESS
        db.compile(expressions=pats, ids=list(range(len(pats))), elements=len(pats), flags=flags, literal=True)
    return _Markers(
        db,
        tuple(pats),
        np.array([groups[p] for p in pats], dtype=np.int64),
        G_PAIRS + 2 * len(contra["pairs"]),
        len(contra["pairs"]),
        threading.local(),
        len(pats).bit_length(),
    )


def marker_hits(texts: list[str], chars: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bytes]]:
    """Marker occurrences per prompt and group (n x groups), with what the scan learnt on the way:
    each prompt's UTF-8 length, which prompts are not ASCII, and their UTF-8.

    ASCII prompts are joined as one str and encoded at once (a copy: their UTF-8 is the same
    bytes); only the others are encoded one by one. Why: a per-prompt encode, and a pass to take
    each one's length, cost more than the marker scan itself (measured).
    """
    n = len(texts)
    ascii = list(map(str.isascii, texts))
    wide_idx = np.flatnonzero(~np.array(ascii, dtype=bool))
    wide_enc = [t.encode("utf-8", "surrogatepass") for t in compress(texts, map(not_, ascii))]
    lens = chars.copy()
    lens[wide_idx] = np.fromiter(map(len, wide_enc), dtype=np.int64, count=len(wide_idx))
    # Each prompt padded by a space either side, so word markers match at its edges (and a NUL
    # between, which no marker holds): the ASCII prompts first, then the others (``order``).
    order = np.concatenate((np.flatnonzero(ascii), wide_idx)) if len(wide_idx) else np.arange(n)
    blob = " \x00 ".join(["", *compress(texts, ascii), ""]).encode() + b" \x00 ".join([*wide_enc, b""])
    starts = np.empty(n, dtype=np.int64)
    starts[0] = 3
    np.cumsum(lens[order][:-1] + 3, out=starts[1:])
    starts[1:] += 3
    mk = _markers()
    m = mk.find(blob)
    rec = order[np.searchsorted(starts, m[:, 1] - 1, side="right") - 1]
    hits = np.bincount(rec * mk.n_groups + mk.group[m[:, 0]], minlength=n * mk.n_groups).reshape(n, mk.n_groups)
    return hits, lens, wide_idx, wide_enc
