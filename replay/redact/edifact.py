"""A party, a passenger, a contact as a UN/EDIFACT message writes them (an IFTMIN shipping instruction, an
ORDERS, a PAXLST passenger list): segments ended by ``'``, elements split by ``+``, their components by ``:``, a
``?`` releasing the character after it (``NAD+FL+++MUSTERMANN:ERIKA+Moltkestrasse 9+Koeln++50674+DEU'``). No cue
word names a field: its place does (the UN/EDIFACT directories' segment layouts), and the name finders do not read
``MUSTERMANN:ERIKA``.

The cue is a segment's tag and its ``+`` after a segment's end or a line's start (``EDIFACT_CUES``). ``NAD``'s party
name (C080: the family name first, or a whole name in one component) and its street (C059) are replaced when the
party is a person: a passenger's or a crew member's qualifier says so, or a name that is no firm's (a legal form
after it: "Weber GmbH" stays, with its street); its city, postcode and country stay. ``CTA``'s contact name, ``COM``'s
phone numbers (``TE``, ``FX``, ``AL``, ``MB``), ``DOC``'s number of an identity document (a travel document's
lettered code: ``DOC+P:110:111+<number>``; an invoice's ``DOC+380+INV-9`` stays) and ``DTM+329``'s date of birth.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.firms import firm
from replay.redact.hits import Hit, guard
from replay.redact.hl7 import name_parts, phone_digits, segment_start
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, is_dob_pseudonym, looks_redacted

__all__ = ["EDIFACT_CUES", "EdifactFinder"]

EDIFACT_CUES = ("nad+", "cta+", "com+", "doc+", "dtm+329:")
_STARTS = ("'", "\n", "\r", '"')
# A segment's end: an unreleased "'" (not "?'"), a line's end, a JSON string's end
_END = re.compile(r"(?<!\?)'|[\r\n\"]|\\[rn]")
_SEP = re.compile(r"(?<!\?)[+:]")
# The parties that are people whatever their name (PAXLST's passenger, crew member, a person's delivery addresses)
_PEOPLE = frozenset({"FL", "FM", "DDT", "DDU", "COT", "BEN"})
_PHONES = frozenset({"TE", "FX", "AL", "MB"})
_LETTERED = re.compile(r"[A-Z]{1,2}")  # a travel document's code (IATA's P, V, I, IP, AC); the directory's are numbers


def _elements(text: str, s: int, stop: int) -> list[list[tuple[int, int]]]:
    """The spans of each element's components of the segment ``text[s:stop]``, its tag first."""
    elements: list[list[tuple[int, int]]] = [[]]
    a = s
    for m in _SEP.finditer(text, s, stop):
        elements[-1].append((a, m.start()))
        if m.group() == "+":
            elements.append([])
        a = m.end()
    elements[-1].append((a, stop))
    return elements


class EdifactFinder:
    """Personal elements of the segments of ``EDIFACT_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The segment whose tag and ``+`` start at ``text[s:e]``."""
        if not segment_start(text, s, _STARTS):
            return
        end = _END.search(text, e, e + 1024)
        if end is None:
            return  # no segment's end near: not EDIFACT ("doc+pdf" in prose)
        elements = _elements(text, s, end.start())
        if len(elements) < 2:
            return
        tag = low[s : s + 3]
        value = [[text[a:b] for a, b in el] for el in elements]
        if tag == "nad" and len(elements) > 4:
            self._party(text, value[1][0], elements[4], elements[5] if len(elements) > 5 else [], hits)
        elif tag == "cta" and len(elements) > 2 and len(elements[2]) > 1 and self.on["name"]:
            a, b = elements[2][1]
            if b > a and not firm(text, a, b):
                name_parts(self.ps, text, [(a, b)], hits, whole=True)
        elif tag == "com" and self.on["phone"]:
            for el, parts in zip(elements[1:], value[1:], strict=True):
                if len(el) > 1 and parts[1] in _PHONES and sum(c.isdigit() for c in parts[0]) >= 7:
                    phone_digits(self.ps, text, *el[0], hits)
        elif tag == "doc" and len(elements) > 2 and _LETTERED.fullmatch(value[1][0]) and self.on["personal_ids"]:
            a, b = elements[2][0]
            if looks_redacted(text[a:b]):
                hits.append(guard(a, b))
            elif sum(c.isalnum() for c in text[a:b]) >= 5:
                hits.append(Hit(a, b, "gov_id", shaped_id(self.ps, text[a:b]), 60))
        elif tag == "dtm" and len(elements[1]) > 1 and self.on["personal_ids"]:
            a, b = elements[1][1]
            date = text[a:b]
            if date.isdigit() and len(date) in (6, 8):
                hits.append(guard(a, b) if is_dob_pseudonym(date) else Hit(a, b, "dob", self.ps.dob(date), 60))

    def _party(
        self, text: str, qualifier: str, name: list[tuple[int, int]], street: list[tuple[int, int]], hits: list[Hit]
    ) -> None:
        """A ``NAD``'s name (C080) and street (C059) when its party is a person."""
        spans = [(a, b) for a, b in name if b > a]
        if not spans or (qualifier.upper() not in _PEOPLE and firm(text, spans[0][0], spans[-1][1])):
            return
        if self.on["name"]:
            whole = len(spans) == 1 and " " in text[spans[0][0] : spans[0][1]]
            name_parts(self.ps, text, spans, hits, whole=whole)
        if self.on["address"] and street and street[0][1] > street[0][0]:
            hits.append(street_hit(self.ps, text, *street[0]))
