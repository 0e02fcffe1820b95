"""A name before the honorific that follows it, in the languages that put it there: Hungarian's ``Kovács úr`` and
``Szabó asszony``, Hindi's and Urdu's ``Sharma ji`` and ``Khan sahab``, Turkish's ``Ahmet Bey`` and ``Ayşe Hanım``,
Japanese's in Latin letters ``Tanaka san``; and a name in Czech's vocative after ``pane`` (``pane Nováku``), whose
ending the name lexicon's nominative lacks.

``names`` reads the names after a cue and the one name before a deed ("Katrine said": a common given name alone);
an honorific after a name says a person as surely as one before it, and it follows a surname most often, which
``alone`` does not take: here any name of the lexicon, or a word that looks like one (``NameWords.rare``), does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from replay.redact.hits import Hit
from replay.redact.people import PersonFinder
from replay.redact.pseudonym import Pseudonyms

__all__ = ["HONORIFIC_CUES", "HonorificFinder"]

# The honorifics written after a name, each as it is written (lower case, or Hindi's "Ji" and Turkish's "Bey" and
# "Hanım", capitalised as often): Hungarian's "Mr" and "Mrs" and their cases, Hindi's and Urdu's, Turkish's,
# Japanese's in Latin letters
_AFTER = {
    "úr": ("úr",),
    "úrnak": ("úrnak",),
    "urat": ("urat",),
    "úrral": ("úrral",),
    "asszony": ("asszony",),
    "asszonynak": ("asszonynak",),
    "ji": ("ji", "Ji"),
    "sahab": ("sahab", "Sahab"),
    "saheb": ("saheb", "Saheb"),
    "bey": ("Bey", "bey"),
    "hanım": ("Hanım", "hanım"),
    "san": ("san",),
    "sama": ("sama",),
    "sensei": ("sensei",),
}
# Czech's "pane" (sir, spoken to): the name after it is in the vocative ("Nováku", "Dvořáku", "Svobodo")
_VOCATIVE = ("pane ",)
HONORIFIC_CUES = (*(f" {h}" for h in _AFTER), *(f"-{h}" for h in ("ji", "san", "sama")), *_VOCATIVE)
_UP = "A-ZÀ-ÖØ-ÞĀ-žА-ЯЁЄІЇҐ"
# One or two capitalised words right before the honorific ("Kovács úr", "Kovács Péter úr", "Tanaka-san")
_NAME_BEFORE = re.compile(rf"(?<![\w\-])((?:[{_UP}][^\W\d_]+[ ])?[{_UP}][^\W\d_]+)[ \-]\Z")
_NAME_AFTER = re.compile(rf"[{_UP}][^\W\d_]+(?![\w\-])")
# The vocative's endings and the nominative's for each, longest first: -u (Nováku: Novák), -e (Karle: Karel,
# Petře: Petr), -o (Svobodo: Svoboda), -i (Jiří is both)
_VOCATIVE_ENDINGS = (("ře", "r"), ("e", ""), ("u", ""), ("o", "a"))
_REACH = 40


class HonorificFinder:
    """Names before the honorifics of ``HONORIFIC_CUES``, and after Czech's "pane"."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool], persons: Callable[[], PersonFinder]):
        self.ps = ps
        self.on = on
        self._finder = persons  # the personal finder's (``PersonalFinder.persons``): one lexicon finder, its memos

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The name the honorific at ``text[s:e]`` follows (or, "pane", precedes)."""
        if not self.on["name"]:
            return
        cue = low[s:e]
        if cue in _VOCATIVE:
            if not (s and low[s - 1].isalnum()):
                self._vocative(text, e, hits)
            return
        if e < len(low) and low[e].isalnum():
            return  # "Tanaka sandwich", "Khan jiya": the honorific's word whole
        if text[s + 1 : e] not in _AFTER[cue[1:]]:
            return  # "in San Diego", "Mr Bey's": the honorific written as it is only
        m = _NAME_BEFORE.search(text, max(0, s - _REACH), s + 1)
        if m is None:
            return
        finder = self._finder()
        words = m.group(1).split()
        while words and not finder.rare(words[0]):
            words.pop(0)  # "Tisztelt Kovács úr": the words before the name
        if words and all(finder.rare(w) for w in words):
            a = m.end(1) - len(" ".join(words))
            hits.append(Hit(a, m.end(1), "name", self.ps.name(text[a : m.end(1)]), 40))

    def _vocative(self, text: str, e: int, hits: list[Hit]) -> None:
        """A name in the vocative after "pane": the lexicon's nominative of it, or a word that looks like a name."""
        m = _NAME_AFTER.match(text, e)
        if m is None:
            return
        word, finder = m.group(0), self._finder()
        bases = (word[: -len(end)] + nom for end, nom in _VOCATIVE_ENDINGS if word.endswith(end))
        if finder.named(word) or any(len(b) > 2 and finder.named(b) for b in bases):
            hits.append(Hit(m.start(), m.end(), "name", self.ps.name(word), 40))
