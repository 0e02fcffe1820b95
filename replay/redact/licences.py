"""A driving licence's numbered fields as OCR reads them off the card, on one line or several: the EU model's (and
the US licences' AAMVA layout, which numbers the same fields) "1" surname, "2" given names, "3" birth date (and
place), "4a"-"4c" issue and expiry dates and issuer, "4d"/"5" the licence's number, "8" the holder's address
("1 SMITH 2 JOHN 3 01/02/1980 4d 123456789", "1. KOWALCZYK-BRANDT\\n2. HEDWIG MARIA\\n3. 12.08.1964 BERLIN").

A run of such fields is a licence's when its "1" and "2" hold names in capitals and its "3" starts with a birth date or
a "4a"-"4d" field stands among them: "Steps: 1 OPEN 2 CLOSE 3 RESTART 4 WAIT" numbers no card's fields."""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["licence_hits"]

# A field's number: a "." after it or not, then a space (at a word's start, tested after: not "12" of "12 ELM ST")
_MARK = re.compile(r"(1|2|3|4[a-d]|5|8|9)\.?[ \t]+")
# A quick look before the fields are split: "1" then a word in capitals (its word's start tested after: a pattern
# that starts with a look behind is tried at every character, 100,000 instructions a 2 KB text, where one that starts
# with its "1" is searched for as a string)
_START = re.compile(r"1\.?[ \t]+[A-ZÀ-Þ]")
_CAPS_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\- ]*[A-ZÀ-ÖØ-Þ]")
_DATE = re.compile(r"(?:DOB[ \t:]*)?(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")
_NUMBER = re.compile(r"(?:(?:DLN?|NO\.?)[ \t:]*)?([A-Z0-9][A-Z0-9\- ]{4,18}[A-Z0-9])(?![\w])")
_REACH = 600  # the farthest from its "1" a card's fields are read


def licence_hits(text: str, ps: Pseudonyms) -> list[Hit]:
    """The holder's name, birth date, licence number and address in a licence's numbered fields in ``text``."""
    hits: list[Hit] = []
    for start in _START.finditer(text):
        if start.start() and not text[start.start() - 1].isspace():
            continue  # "21 MAIN", "v1 API"
        fields = _fields(text, start.start(), min(len(text), start.start() + _REACH))
        if "1" not in fields or "2" not in fields:
            continue
        sur, given = fields["1"], fields["2"]
        born = _DATE.match(text, *fields["3"]) if "3" in fields else None
        if not (_whole_caps(text, sur) and _whole_caps(text, given)):
            continue
        if born is None and not any(k in fields for k in ("4a", "4b", "4c", "4d")):
            continue
        for a, b in (sur, given):
            hits.append(Hit(a, b, "name", ps.name(text[a:b]), 60))
        if born is not None:
            hits.append(Hit(*born.span(1), "dob", ps.dob(born.group(1)), 60))
        for key in ("4d", "5"):
            m = _NUMBER.match(text, *fields[key]) if key in fields else None
            if m is not None and any(c.isdigit() for c in m.group(1)) and not looks_redacted(m.group(1)):
                hits.append(Hit(*m.span(1), "gov_id", ps.generic(m.group(1)), 60))
        if "8" in fields and any(c.isdigit() for c in text[slice(*fields["8"])]):
            # the holder's address, the whole field: its street, town and postcode
            hits.append(Hit(*fields["8"], "address", ps.generic(text[slice(*fields["8"])]), 60))
    return hits


def _fields(text: str, lo: int, hi: int) -> dict[str, tuple[int, int]]:
    """Each field's number and its content's span, from ``lo`` to ``hi`` (its first sight of each number)."""
    marks = [m for m in _MARK.finditer(text, lo, hi) if m.start() == lo or text[m.start() - 1].isspace()]
    fields: dict[str, tuple[int, int]] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else min(hi, _line_end(text, m.end()))
        end = min(end, _line_end(text, m.end()))
        content = text[m.end() : end].rstrip(" \t.,;")
        if content and m.group(1) not in fields:
            fields[m.group(1)] = (m.end(), m.end() + len(content))
    return fields


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _whole_caps(text: str, span: tuple[int, int]) -> bool:
    """The field's content is a name in capitals, one to four words."""
    value = text[span[0] : span[1]]
    return _CAPS_NAME.fullmatch(value) is not None and len(value.split()) <= 4
