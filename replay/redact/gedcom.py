"""A family tree's individual records in GEDCOM (5.5.1, 7.0: ``0 @I1@ INDI``, then ``LEVEL TAG VALUE`` lines), as a
genealogy site's export, an upload or a paste carries them. No cue word names a value: its tag does. ``1 NAME
Bridget Mary /Ó Dubhghaill/`` is a given name and a surname (between slashes), ``GIVN``, ``SURN``, ``NICK`` and a
married name their parts; a ``DATE`` under a ``BIRT`` (birth) or ``CHR`` (christening) is a birth date; ``ADDR`` and
its ``ADR1``/``ADR2`` lines a street. Places (``PLAC``), other events' dates and the record's links stay. E-mails and
phones are found by their own shapes.

The cue is a record's ``@ INDI`` line; its lines are read up to the next record (a ``0`` line), at most ``_REACH``
characters, written with line breaks or a JSON string's escaped ones. GEDCOM X's JSON (FamilySearch's API) names a
birth by its fact's type (``"type": "http://gedcomx.org/Birth"``): its date is a birth date too.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, has_invented_word, is_dob_pseudonym, looks_redacted

__all__ = ["GEDCOM_CUES", "GedcomFinder"]

GEDCOM_CUES = ("@ indi", "gedcomx.org/birth", "gedcomx.org/christening", "gedcomx.org/baptism")
# GEDCOM X's JSON (FamilySearch's API): a birth fact's date, its "original" as written or its "formal" form, in the
# fact's object ({"type": "http://gedcomx.org/Birth", "date": {"original": "23 October 1972"}})
_FACT_DATE = re.compile(
    r'\\*"date\\*"[ \t]*:[ \t]*\{[^{}]{0,200}?\\*"(?:original|formal)\\*"[ \t]*:[ \t]*\\*"([^"\\]{1,64})'
)
_FACT_REACH = 400
_FACT_EDGE = re.compile(r"\}[ \t\r\n]*,[ \t\r\n]*\{|\[")  # between two facts' objects, or a list's start
_REACH = 8192
_LINE = re.compile(r"[ \t]*([1-9])[ \t]+(?:@[^@\s]{1,20}@[ \t]+)?(_?[A-Z][A-Z0-9]{1,30})(?:[ \t]([^\r\n\\]*))?")
_BREAK = re.compile(r"\r?\n|(?:\\r)?\\n")
_NAMES = frozenset({"GIVN", "SURN", "NICK", "_MARNM", "_AKA", "_MARNAME"})
_BIRTHS = frozenset({"BIRT", "CHR", "BAPM"})
_STREETS = frozenset({"ADDR", "ADR1", "ADR2"})


class GedcomFinder:
    """A person's fields of the GEDCOM individual records starting at ``GEDCOM_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The individual record whose ``@ INDI`` is at ``text[s:e]``, or the GEDCOM X birth fact's type."""
        if low[s] == "g":
            self._fact(text, low, s, hits)
            return
        if low[e : e + 1].isalnum():
            return  # "@ individual": prose, no record
        limit = min(len(text), e + _REACH)
        event = ""  # the level-1 tag the level-2 lines belong to
        pos = e
        while pos < limit:
            brk = _BREAK.search(text, pos, limit)
            end = brk.start() if brk else limit
            if pos > e and text[pos:end].lstrip(" \t").startswith("0 "):
                return  # the next record
            if (m := _LINE.match(text, pos, end)) is not None:
                level, tag = m.group(1), m.group(2)
                if level == "1":
                    event = tag
                if m.group(3):
                    self._line(text, tag, event if level == "2" else "", *m.span(3), hits)
            pos = brk.end() if brk else limit

    def _fact(self, text: str, low: str, s: int, hits: list[Hit]) -> None:
        """The date of the GEDCOM X fact whose type is at ``s``: in the fact's object, before or after its type."""
        if not self.on["personal_ids"]:
            return
        start = max(0, s - _FACT_REACH)
        for edge in _FACT_EDGE.finditer(low, start, s):  # the last fact's end before this one's type
            start = edge.end()
        stop = low.find("gedcomx.org/", s + 12, s + _FACT_REACH)  # the next fact's, or a place's type
        stop = stop if stop >= 0 else min(len(text), s + _FACT_REACH)
        for m in _FACT_DATE.finditer(text, start, stop):
            a, b = m.span(1)
            a += text[a] == "+"  # a formal date's sign ("+1972-10-23")
            value = text[a:b]
            if any(c.isdigit() for c in value) and not looks_redacted(value):
                hits.append(guard(a, b) if is_dob_pseudonym(value) else Hit(a, b, "dob", self.ps.dob(value), 60))
            return

    def _line(self, text: str, tag: str, event: str, a: int, b: int, hits: list[Hit]) -> None:
        while b > a and text[b - 1] in " \t":
            b -= 1
        value = text[a:b]
        if not value or looks_redacted(value):
            return
        if (tag == "NAME" or tag in _NAMES) and self.on["name"]:
            # "Given /Surname/ Suffix": each part between or around the slashes a name
            for part in re.finditer(r"[^/]+", value):
                ps, pe = a + part.start(), a + part.end()
                while ps < pe and text[ps] == " ":
                    ps += 1
                while pe > ps and text[pe - 1] == " ":
                    pe -= 1
                if pe > ps:
                    word = text[ps:pe]
                    hits.append(
                        guard(ps, pe) if has_invented_word(word) else Hit(ps, pe, "name", self.ps.name(word), 60)
                    )
        elif tag == "DATE" and event in _BIRTHS and self.on["personal_ids"]:
            if any(c.isdigit() for c in value):
                hits.append(guard(a, b) if is_dob_pseudonym(value) else Hit(a, b, "dob", self.ps.dob(value), 60))
        elif tag in _STREETS and self.on["address"] and any(c.isdigit() for c in value):
            hits.append(street_hit(self.ps, text, a, b))
