"""A patient as an HL7 v2 message writes one: segments of ``|`` fields, ``^`` components and ``~`` repetitions
(``PID|1||123456^^^HOSP^MR||DOE^JOHN^A||19800101|M|||1 MAIN ST^^BOSTON^MA^02118||(617)555-1234``). No cue
word names a field: its place in its segment does (HL7 2.x chapter 3's tables), and the name finders do not
read ``DOE^JOHN`` as a name nor the digit pass ``19800101`` as a birth date.

The cue is a segment's name and its ``|`` at a line's start (``SEGMENT_CUES``); the fields ``FIELDS`` lists
for that segment are read by their data type and each personal component replaced in place, its separators
kept: a name's family, given and middle names (XPN, and XCN's after a provider's id), an id's number (CX), a
street, its second line and postcode (XAD: the city, state and country stay), a phone's digits (XTN), a birth
date (TS), an SSN. A message written here again holds pseudonyms: they are left.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import (
    Pseudonyms,
    has_invented_word,
    is_dob_pseudonym,
    is_raw_phone_pseudonym,
    is_ssn_pseudonym,
    looks_redacted,
)

__all__ = ["FIELDS", "SEGMENT_CUES", "Hl7Finder", "name_parts", "phone_digits", "segment_start", "split_spans"]

# Segment -> {field number: data type}: a patient's (PID), a next of kin's (NK1), a visit's doctors (PV1), a
# guarantor's (GT1), an insured's (IN1), an order's provider (ORC, OBR), a primary care provider (PD1).
FIELDS: dict[str, dict[int, str]] = {
    "PID": {2: "CX", 3: "CX", 4: "CX", 5: "XPN", 6: "XPN", 7: "TS", 9: "XPN", 11: "XAD", 13: "XTN", 14: "XTN"}
    | {18: "CX", 19: "SSN", 20: "CX", 21: "CX"},
    "NK1": {2: "XPN", 4: "XAD", 5: "XTN", 6: "XTN", 30: "XPN", 31: "XTN", 32: "XAD", 33: "CX", 37: "SSN"},
    "PV1": {7: "XCN", 8: "XCN", 9: "XCN", 17: "XCN"},
    "GT1": {3: "XPN", 5: "XAD", 6: "XTN", 7: "XTN", 8: "TS", 12: "SSN"},
    "IN1": {16: "XPN", 18: "TS", 19: "XAD", 36: "CX", 49: "CX"},
    "ORC": {12: "XCN"},
    "OBR": {16: "XCN"},
    "PD1": {4: "XCN"},
}
SEGMENT_CUES = tuple(f"{name.lower()}|" for name in FIELDS)
# What may stand before a segment's name: a line's start, a JSON string's escaped line break or its quote
_STARTS = ("\r", "\n", '"')
# A segment ends at a line break, written or escaped in a JSON string, or at the string's quote
_END = re.compile(r'[\r\n"]|\\[rn]')
_NAME_PART = re.compile(r"[^\W\d_][^\W\d_ '.\-]*(?:[ '.\-]+[^\W\d_]+)*\.?")
_PHONE_DIGITS = re.compile(r"\(?\d[\d()\-. ]{5,}\d")


def segment_start(text: str, s: int, starts: tuple[str, ...] = _STARTS) -> bool:
    """A record's segment starts at ``s``: at the text's start, after one of ``starts`` (a segment's end, a line's,
    a JSON string's opening quote) or an escaped line break (``\\r`` in a JSON string): an HL7, X12 or EDIFACT
    segment's tag, not the same letters inside a word."""
    return s == 0 or text[s - 1] in starts or (s >= 2 and text[s - 2] == "\\" and text[s - 1] in "rn")


class Hl7Finder:
    """Personal fields of the segments of ``FIELDS`` at the cues of ``SEGMENT_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on
        self._types: dict[str, Callable[[str, int, list[Hit]], None]] = {
            "CX": self._id,
            "XPN": self._name,
            "XCN": self._provider,
            "TS": self._dob,
            "XAD": self._address,
            "XTN": self._phone,
            "SSN": self._ssn,
        }

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The segment whose name and bar are ``text[s:e]``."""
        if not segment_start(text, s):
            return
        end = _END.search(text, s)
        line = text[s : end.start() if end else len(text)]
        fields = line.split("|")
        if len(fields) < 4:
            return  # a word and a bar ("PID|"): no segment
        wanted = FIELDS[fields[0].upper()]
        at = s
        for i, value in enumerate(fields):
            if i in wanted and value.strip():
                for rep in _repetitions(value, at):
                    self._types[wanted[i]](text, rep, hits)
            at += len(value) + 1

    def _component_spans(self, text: str, at: int) -> list[tuple[int, int]]:
        """The spans of the ``^`` components of the field repetition starting at ``at``."""
        end = at
        while end < len(text) and text[end] not in '|~\r\n"\\':
            end += 1
        return split_spans(text, at, end, "^")

    def _id(self, text: str, at: int, hits: list[Hit]) -> None:
        if not self.on["personal_ids"]:
            return
        a, b = self._component_spans(text, at)[0]
        value = text[a:b]
        if sum(c.isdigit() for c in value) < 3:
            return
        hits.append(guard(a, b) if looks_redacted(value) else Hit(a, b, "gov_id", shaped_id(self.ps, value), 60))

    def _name(self, text: str, at: int, hits: list[Hit], first: int = 0) -> None:
        if self.on["name"]:
            name_parts(self.ps, text, self._component_spans(text, at)[first : first + 3], hits)

    def _provider(self, text: str, at: int, hits: list[Hit]) -> None:
        self._id(text, at, hits)
        self._name(text, at, hits, 1)

    def _dob(self, text: str, at: int, hits: list[Hit]) -> None:
        a, b = self._component_spans(text, at)[0]
        value = text[a:b]
        if self.on["personal_ids"] and value.isdigit() and len(value) >= 8:
            hits.append(guard(a, b) if is_dob_pseudonym(value) else Hit(a, b, "dob", self.ps.dob(value), 60))

    def _address(self, text: str, at: int, hits: list[Hit]) -> None:
        if not self.on["address"]:
            return
        spans = self._component_spans(text, at)
        for k in (0, 1, 4):  # the street, its second line, the postcode
            if k >= len(spans) or spans[k][1] <= spans[k][0]:
                continue
            a, b = spans[k]
            value = text[a:b]
            if k < 4:
                hits.append(street_hit(self.ps, text, a, b))
            elif value.strip("9 -"):
                hits.append(Hit(a, b, "address", shaped_id(self.ps, value), 60))

    def _phone(self, text: str, at: int, hits: list[Hit]) -> None:
        a, b = self._component_spans(text, at)[0]
        if self.on["phone"] and (m := _PHONE_DIGITS.search(text, a, b)) is not None:
            phone_digits(self.ps, text, m.start(), m.end(), hits)

    def _ssn(self, text: str, at: int, hits: list[Hit]) -> None:
        a, b = self._component_spans(text, at)[0]
        value = text[a:b]
        digits = "".join(c for c in value if c.isdigit())
        if self.on["ssn"] and len(digits) == 9:
            hits.append(guard(a, b) if is_ssn_pseudonym(digits) else Hit(a, b, "ssn", self.ps.ssn(value), 60))


def name_parts(ps: Pseudonyms, text: str, spans: list[tuple[int, int]], hits: list[Hit], whole: bool = False) -> None:
    """A person's name written as a record's parts, the family name first (HL7's ``DOE^JOHN^A``, X12's
    ``DOE*JOHN*A``), or ``whole`` in one part: each part replaced by its pseudonym's, in its case; an initial alone
    stays (found again, "A" is any field's)."""
    spans = [(a, b) for a, b in spans if b > a]
    parts = [text[a:b] for a, b in spans]
    if not parts or not all(_NAME_PART.fullmatch(p) for p in parts):
        return
    person = " ".join(parts if whole else [*parts[1:], parts[0]]).title()  # given and middle names, then family
    if has_invented_word(person):
        hits.append(guard(spans[0][0], spans[-1][1]))
        return
    words = ps.name(person).split()
    fake = [" ".join(words)] if whole else [words[-1], *words[: len(parts) - 1]]
    for (a, b), new in zip(spans, fake, strict=False):
        if sum(c.isalpha() for c in text[a:b]) > 1:
            hits.append(Hit(a, b, "name", new.upper() if text[a:b].isupper() else new, 60))


def phone_digits(ps: Pseudonyms, text: str, a: int, b: int, hits: list[Hit]) -> None:
    """The phone number ``text[a:b]`` of a record's field, its digits keyed (no country to parse it by)."""
    digits = "".join(c for c in text[a:b] if c.isdigit())
    if is_raw_phone_pseudonym(digits):
        hits.append(guard(a, b))
    else:
        hits.append(Hit(a, b, "phone", ps.phone(text[a:b], None), 60))


def split_spans(text: str, start: int, stop: int, sep: str) -> list[tuple[int, int]]:
    """The spans of ``text[start:stop]`` between its ``sep`` characters: an HL7 field's components, an X12
    segment's elements (an empty one where two stand together)."""
    spans, a = [], start
    while (k := text.find(sep, a, stop)) >= 0:
        spans.append((a, k))
        a = k + 1
    spans.append((a, stop))
    return spans


def _repetitions(value: str, at: int) -> list[int]:
    """Where each ``~`` repetition of a field starting at ``at`` starts."""
    starts, k = [at], value.find("~")
    while k >= 0:
        starts.append(at + k + 1)
        k = value.find("~", k + 1)
    return starts
