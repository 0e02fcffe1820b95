"""A patient, a subscriber, a contact as an X12 health care transaction writes them (an 837 claim, a 270/271
eligibility check): segments ended by ``~``, elements split by ``*``
(``NM1*IL*1*DOE*JOHN*A***MI*W123456789~N3*1 MAIN ST~N4*BOSTON*MA*02118~DMG*D8*19800101*M~``). No cue word names
a field: its place does (the X12 005010 implementation guides), and the name finders do not read ``DOE*JOHN``.

The cue is a segment's id and its ``*`` after a segment's end or a line's start (``X12_CUES``). ``NM1`` of a
person (entity type ``1``) has its last, first and middle names and its id replaced (a firm's, type ``2``, and
its id stay); the street lines of ``N3`` after a person's ``NM1``; ``DMG``'s birth date; ``REF``'s SSN (``SY``)
and member, subscriber and insurance numbers (``1W``, ``0F``, ``IG``, ``SY``, ``1L``); ``PER``'s contact name
and phone numbers (``TE``, ``CP``, ``FX``). ``N4`` (a city, a state, a postcode) stays.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.hl7 import name_parts, phone_digits, segment_start, split_spans
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import (
    Pseudonyms,
    is_dob_pseudonym,
    is_ssn_pseudonym,
    looks_redacted,
)

__all__ = ["X12_CUES", "X12Finder"]

X12_CUES = ("nm1*", "n3*", "dmg*", "ref*", "per*")
_STARTS = ("~", "\n", "\r", '"')
_END = re.compile(r"[~\r\n\"]|\\[rn]")
_PERSON_REFS = frozenset({"SY", "1W", "0F", "IG", "1L", "23", "HJ", "Q4", "EA"})
_PHONE_QUALIFIERS = frozenset({"TE", "CP", "FX", "HP", "WP"})
_LAST_NM1 = re.compile(r"NM1\*[^*~]{1,3}\*([12])\*")


class X12Finder:
    """Personal elements of the segments of ``X12_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The segment whose id and ``*`` are ``text[s:e]``."""
        if not segment_start(text, s, _STARTS):
            return
        end = _END.search(text, e)
        stop = end.start() if end else len(text)
        spans = split_spans(text, s, stop, "*")  # the segment's id first
        if len(spans) < 2:
            return  # "ref*" alone: no segment (each segment's branch wants its own qualifiers)
        seg = text[s : e - 1].upper()
        values = [text[a:b] for a, b in spans]
        if seg == "NM1" and len(spans) > 4 and values[2] == "1":
            self._name(text, spans[3:6], hits)
            if len(spans) > 9 and values[9]:
                self._id(text, *spans[9], hits)
        elif seg == "N3" and self._after_person(text, s):
            for a, b in spans[1:3]:
                if b > a and self.on["address"]:
                    hits.append(street_hit(self.ps, text, a, b))
        elif seg == "DMG" and values[1] == "D8" and len(spans) > 2 and self.on["personal_ids"]:
            a, b = spans[2]
            if values[2].isdigit():
                hits.append(
                    guard(a, b) if is_dob_pseudonym(values[2]) else Hit(a, b, "dob", self.ps.dob(values[2]), 60)
                )
        elif seg == "REF" and values[1] in _PERSON_REFS and len(spans) > 2:
            self._id(text, *spans[2], hits, ssn=values[1] == "SY")
        elif seg == "PER":
            self._name(text, spans[2:3], hits, whole=True)
            for i in range(3, len(spans) - 1, 2):
                if values[i] in _PHONE_QUALIFIERS:
                    self._phone(text, *spans[i + 1], hits)

    def _after_person(self, text: str, s: int) -> bool:
        found = None
        for m in _LAST_NM1.finditer(text, max(0, s - 300), s):
            found = m.group(1)
        return found == "1"

    def _name(self, text: str, spans: list[tuple[int, int]], hits: list[Hit], whole: bool = False) -> None:
        if self.on["name"]:
            name_parts(self.ps, text, spans, hits, whole)

    def _id(self, text: str, a: int, b: int, hits: list[Hit], ssn: bool = False) -> None:
        value = text[a:b]
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) < 3 or not self.on["personal_ids"]:
            return
        if looks_redacted(value) or value.strip("9 -") == "" or (ssn and is_ssn_pseudonym(digits)):
            hits.append(guard(a, b))
        elif ssn and len(digits) == 9 and self.on["ssn"]:
            hits.append(Hit(a, b, "ssn", self.ps.ssn(value), 60))
        else:
            hits.append(Hit(a, b, "gov_id", shaped_id(self.ps, value), 60))

    def _phone(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        if self.on["phone"] and sum(c.isdigit() for c in text[a:b]) >= 7:
            phone_digits(self.ps, text, a, b, hits)
