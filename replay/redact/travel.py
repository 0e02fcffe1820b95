"""A traveller as airline and border systems write one: a booking's passenger name, surname first in capitals
and a title after it (``HARTIGAN/SIOBHAN MS``, ``MORENO/LUCIA MRS``: a PNR's, a boarding pass's, an e-ticket's),
and a passport's machine-readable zone (``P<GBRWHITFIELD<<JANE<ELIZABETH<<…`` and the line under it: the
document's number, the birth date). No name cue precedes either and the name finders read capitalised words.
A reservation system's record as its agents read it (a GDS's PNR text) holds a passenger's contact lines, their
frequent flyer number and their passport's line (``AP LON 44 20 7946 0815 - H``, ``FQTV KL 2198374651``, ``SSR
DOCS … P/NGA/A07718263/NGA/14MAR88/F/19JUN30/ADEYEMI/FOLASADE``), and a boarding pass's barcode (IATA's BCBP:
``M1DESMARAIS/LUC       EABC123 YULFRA…``) the passenger's name and the booking's reference in fixed fields.

The passenger's cue is the title after a space (``PASSENGER_CUES``); the name before it, ``SURNAME/GIVEN`` with
no space around the slash, is replaced by a pseudonym written the same way. The zone's cue is its ``P<``; its
first line's names and its second line's number, birth date and personal number are replaced, its letters,
fillers and length kept; a second line alone is read at its fillers ("<<<"), its check digits holding. A record's
line is its cue (``GDS_CUES``), at a line's start; a barcode's is its "M1", its fields' widths and letters checked
before anything is replaced, each value by one of its own length.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, is_invented_name

__all__ = ["BCBP_CUE", "CARD_ZONE_CUE", "GDS_CUES", "MRZ_CUE", "PASSENGER_CUES", "TravelFinder"]

# " mr" also cues "MRS", " ms" "MSTR" (a boy's title)
PASSENGER_CUES = (" mr", " ms", " miss")
MRZ_CUE = "p<"
# SURNAME/GIVEN[ MIDDLE], up to the title's space: capitals, apostrophes and hyphens ("O'NEIL/MARY-KATE")
_PASSENGER = re.compile(r"(?<![A-Za-z/])([A-Z][A-Z'\-]{1,30})/([A-Z][A-Z'\-]{0,30}(?: [A-Z][A-Z'\-]{0,30})?)\Z")
# The title ends the name's field: a capitalised word after it makes the capitals something else ("TCP/IP MS
# Windows"); prose may go on in lower case (an agent's "booked under HARTIGAN/SIOBHAN MS with passport …")
_TITLE = re.compile(r"(?:MRS|MR|MSTR|MS|MISS)(?![\w/])(?![ \t]+[A-Z])([ \t]+[a-z])?")
# In prose a protocol's pair of capitals meets a title too ("TCP/IP MS and more"): there each side must hold a vowel
_VOWEL = re.compile("[AEIOUY]")
# What ends a zone's line: a line break, or one escaped in a JSON string (a tool call's arguments, a JSON string
# inside a JSON string: "\\n")
_BREAK = r"(?:\s|\\+[nr])"
# A passport's zone (ICAO 9303, TD3): "P", a type letter or "<", the issuer, the names to 44 characters
_MRZ_1 = re.compile(r"P[A-Z<][A-Z<]{3}([A-Z<]{39})<*")
# The second line: the number (9), its check digit, the nationality, the birth date and its check, the sex, the
# expiry date and its check, the personal number (14: a national number, Norway's, the Netherlands' BSN) and its
# check, the line's check
_TD3_2 = r"([A-Z0-9<]{9})(\d)([A-Z<]{3})(\d{6})(\d)[MFX<](\d{6})(\d)([A-Z0-9<]{14})[\d<]\d"
_MRZ_2 = re.compile(rf"{_BREAK}{{0,4}}{_TD3_2}")
# The second line alone (a document parser's line of its own, its names' line in another field, a JSON string's
# quote before it), looked for around its fillers: its number's, birth date's and expiry's check digits must hold
_MRZ_2_ALONE = re.compile(rf"(?<![A-Z0-9<]){_TD3_2}(?![A-Z0-9<])")
# An identity card's zone (ICAO 9303 TD1: three lines of 30, the number on the first, the birth date on the second,
# the names on the third) and a TD2 card's or visa's (two lines of 36, the names first); read where a line's run of
# fillers ("<<<") is, the block's start at most two lines before it; the number's check digit must hold (an OCR's
# whole card, a KYC upload's text: "I<NLDSPKR4P8D13<<<…").
CARD_ZONE_CUE = "<<<"
_TD1 = re.compile(
    rf"[ \t]*[ACI][A-Z<][A-Z<]{{3}}([A-Z0-9<]{{9}})(\d)[A-Z0-9<]{{15}}{_BREAK}{{1,4}}(\d{{6}})(\d)[MFX<]\d{{7}}"
    rf"[A-Z<]{{3}}[A-Z0-9<]{{11}}\d{_BREAK}{{1,4}}([A-Z<]{{30}})"
)
_ZONE_REACH = 384  # a zone's three lines (30 or 36 characters each) and their indentation, at most
_TD2 = re.compile(
    rf"[ \t]*[ACIV][A-Z<][A-Z<]{{3}}([A-Z<]{{31}}){_BREAK}{{1,4}}"
    r"([A-Z0-9<]{9})(\d)[A-Z<]{3}(\d{6})(\d)[MFX<]\d{7}[A-Z0-9<]{7}\d"
)
# A PNR's lines by their element's code, each at a line's start (written, or escaped in a JSON string): a contact's
# phone ("AP", "APM" a mobile's, "APH" a home's, "APB" a business's), a frequent flyer's number, a passport's line
_LINE_STARTS = ("\n", "\\n")
GDS_CUES = tuple(f"{start}{code} " for start in _LINE_STARTS for code in ("ap", "apm", "aph", "apb", "fqtv", "ssr"))
BCBP_CUE = "m1"
# After "AP": a city's code, then the number to its " - " and a letter saying whose it is
_AP_PHONE = re.compile(r"(?:[A-Z]{3}[ \t]+)?(\+?\d[\d \t./-]{5,22}\d)")
# After "FQTV": the carrier's code, the number (with the carrier's code before it, or after "/")
_FQTV = re.compile(r"[A-Z0-9]{2}[ \t/]+(?:HK\d?[ \t/]+)?(?:(?:[A-Z][A-Z0-9]|[0-9][A-Z])[ \t]?)?([A-Z0-9]{6,16})\b")
# SSR DOCS: the carrier, the status, then the document's type, its issuer, its number, the nationality, the birth date,
# the sex, the expiry, the surname and the given names, "/" between
_DOCS = re.compile(
    r"DOCS[ \t]+[A-Z0-9]{2}[ \t]+[A-Z]{2}\d?[ \t/]+[A-Z]{1,2}/[A-Z]{0,3}/([A-Z0-9]{5,20})/[A-Z]{0,3}/"
    r"(\d{2}[A-Z]{3}\d{2})?/[MFUX]?I?/(?:\d{2}[A-Z]{3}\d{2})?/([A-Z][A-Z' -]{0,40})/([A-Z][A-Z' -]{0,40})"
    r"(?:/([A-Z][A-Z' -]{0,40}))?"
)
# A boarding pass's barcode (BCBP): "M", the legs, the name's 20 characters (SURNAME/GIVEN, spaces after), "E" an
# e-ticket's, the reference's 7, the airports' 3 and 3, the carrier's 3, the flight's 5
_BCBP = re.compile(r"M[1-4]([A-Z][A-Z'/ -]{19})[E ]([A-Z0-9]{5,7} {0,2})[A-Z]{3}[A-Z]{3}[A-Z0-9 ]{3}[0-9 ]{4}[A-Z0-9 ]")


class TravelFinder:
    """Passenger names and passport zones at the cues of ``PASSENGER_CUES`` and ``MRZ_CUE``, a PNR's lines at
    ``GDS_CUES``' and a boarding pass's barcode at its "M1"."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def passenger(self, text: str, s: int, hits: list[Hit]) -> None:
        """The ``SURNAME/GIVEN`` before the title whose space is at ``text[s]``."""
        if not text[s - 1 : s].isupper() or (title := _TITLE.match(text, s + 1)) is None:
            return
        m = _PASSENGER.search(text, max(0, s - 64), s)
        if m is None:
            return
        surname, given = m.group(1), m.group(2)
        if max(len(surname), len(given)) < 3:
            return  # "AC/DC", "CI/CD": two letters a side are an acronym's
        if title.group(1) and not (_VOWEL.search(surname) and _VOWEL.search(given)):
            return
        if is_invented_name(f"{given.title()} {surname.title()}"):
            hits.append(guard(m.start(), m.end()))
            return
        words = self.ps.name(f"{given.title()} {surname.title()}").upper().split()
        hits.append(Hit(m.start(), m.end(), "name", f"{words[-1]}/{' '.join(words[:-1])}", 60))

    def mrz(self, text: str, s: int, hits: list[Hit]) -> None:
        """A passport's zone whose first line starts at ``text[s]``."""
        first = _MRZ_1.match(text, s)
        if first is None or (s and text[s - 1].isalnum()):
            return
        if "<<" not in first.group(1).rstrip("<"):
            return  # no surname's "<<" before the given names: no zone
        self._zone_names(first, 1, hits)
        second = _MRZ_2.match(text, first.end())
        if second is not None:
            self._zone_numbers(second, 1, 4, hits, 8)

    def card_zone(self, text: str, s: int, hits: list[Hit]) -> None:
        """An identity card's or a visa's zone (TD1, TD2), or a passport's second line, holding the run of fillers at
        ``text[s]``."""
        # Lines looked for near it only: a zone's are short, and a search back to a long line's start at every run
        # of fillers in it ("<<<" in code, in markup) cost the square of the line's length.
        m = _MRZ_2_ALONE.search(text, max(0, s - 43), s + 47)
        if m is not None and all(_check(m.group(g)) == m.group(g + 1) for g in (1, 4, 6)):
            self._zone_numbers(m, 1, 4, hits, 8)  # a passport's second line (with its first, ``mrz`` reads it too)
            return
        lo = max(0, s - _ZONE_REACH)
        at = _line_start(text, lo, s)
        for _ in range(3):
            if at == 0 and lo > 0:
                return  # a line longer than a zone's
            if (m := _TD1.match(text, at)) is not None and _check(m.group(1)) == m.group(2):
                self._zone_numbers(m, 1, 3, hits)
                self._zone_names(m, 5, hits)
                return
            if (m := _TD2.match(text, at)) is not None and _check(m.group(2)) == m.group(3):
                self._zone_names(m, 1, hits)
                self._zone_numbers(m, 2, 4, hits)
                return
            if at < 2:
                return
            at = _line_start(text, lo, at - 1)

    def _zone_names(self, m: re.Match[str], group: int, hits: list[Hit]) -> None:
        """A zone's names field (``SURNAME<<GIVEN<NAMES<<<``) replaced by a pseudonym's, in its width."""
        names = m.group(group)
        surname, _, given = names.rstrip("<").partition("<<")
        person = f"{given.replace('<', ' ').title()} {surname.replace('<', ' ').title()}".strip()
        if not is_invented_name(person):
            words = self.ps.name(person).upper().split()
            fake = f"{'<'.join(words[-1:])}<<{'<'.join(words[:-1])}"[: len(names)]
            hits.append(Hit(m.start(group), m.end(group), "name", fake.ljust(len(names), "<"), 60))

    def _zone_numbers(self, m: re.Match[str], number: int, dob: int, hits: list[Hit], personal: int = 0) -> None:
        """A zone's document number (its check digit, the group after it, left: the number alone is what the card's
        other fields and a model's answer repeat, and what is looked for again), birth date with its check, and a
        passport's personal number when it holds digits (``personal``, its group: a national number's place)."""
        if m.group(dob) == "000101":
            hits.append(guard(m.start(number), m.end(number + 1)))  # a zone written here: its birth date ours
            hits.append(guard(m.start(dob), m.end(dob + 1)))
            return
        fake = self.ps.generic(m.group(number))[-9:].upper()
        hits.append(Hit(m.start(number), m.end(number), "gov_id", fake, 60))
        hits.append(Hit(m.start(dob), m.end(dob + 1), "dob", "0001010", 60))
        value = m.group(personal).rstrip("<") if personal else ""
        if any(c.isdigit() for c in value):
            hits.append(Hit(m.start(personal), m.start(personal) + len(value), "gov_id", self._same_length(value), 60))

    def gds(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The phone, the frequent flyer's number or the passport's fields of the PNR line whose code ends at
        ``text[e]`` (its space): ``AP LON 44 20 7946 0815 - H``, ``FQTV KL 2198374651``, ``SSR DOCS …``."""
        code = text[s:e].strip().removeprefix("\\n").upper()
        if code.startswith("AP"):
            m = _AP_PHONE.match(text, e)
            if m is not None and sum(c.isdigit() for c in m.group(1)) >= 7:
                hits.append(Hit(m.start(1), m.end(1), "phone", self.ps.phone(m.group(1), None), 60))
        elif code == "FQTV" or text.startswith("FQTV", e):
            m = _FQTV.match(text, e + 5 if code == "SSR" else e)
            if m is not None and any(c.isdigit() for c in m.group(1)):
                hits.append(Hit(m.start(1), m.end(1), "gov_id", self._same_length(m.group(1)), 60))
        elif (m := _DOCS.match(text, e)) is not None:
            given = " ".join(g for g in (m.group(4), m.group(5)) if g)
            person = f"{given.title()} {m.group(3).title()}"
            if is_invented_name(person):
                hits.append(guard(m.start(1), m.end(m.lastindex or 4)))  # a line written here: its values ours
                return
            hits.append(Hit(m.start(1), m.end(1), "gov_id", self._same_length(m.group(1)), 60))
            if m.group(2):
                hits.append(Hit(m.start(2), m.end(2), "dob", self.ps.dob(m.group(2)), 60))
            words = self.ps.name(person).upper().split()
            hits.append(Hit(m.start(3), m.end(3), "name", words[-1], 60))
            given = ("/" if m.group(5) else " ").join(words[:-1])  # a middle name after its own "/"
            hits.append(Hit(m.start(4), m.end(m.lastindex or 4), "name", given, 60))

    def bcbp(self, text: str, s: int, hits: list[Hit]) -> None:
        """The passenger's name and the booking's reference of the boarding pass's barcode starting at ``text[s]``."""
        if s and text[s - 1].isalnum():
            return
        m = _BCBP.match(text, s)
        if m is None or "/" not in m.group(1):
            return
        surname, _, given = m.group(1).rstrip().partition("/")
        if len(surname) < 2 or not given[:1].isalpha():
            return
        if is_invented_name(person := f"{given.title()} {surname.title()}"):
            hits.append(guard(m.start(1), m.end(2)))  # a barcode written here: its name and reference ours
            return
        words = self.ps.name(person).upper().split()
        # the name as written, less the field's spaces, is what its record says again ("passenger": "DESMARAIS/LUC")
        size = len(m.group(1).rstrip())
        name = f"{words[-1]}/{' '.join(words[:-1])}"[:size].ljust(size)
        hits.append(Hit(m.start(1), m.start(1) + size, "name", name, 60))
        ref = m.group(2).rstrip()
        hits.append(Hit(m.start(2), m.start(2) + len(ref), "gov_id", self._same_length(ref), 60))

    def _same_length(self, value: str) -> str:
        """A number of a record's fixed field as capitals and digits of its length (a pseudonym's hex)."""
        fake = self.ps.generic(value).rpartition("-")[2].upper()
        return (fake * (len(value) // len(fake) + 1))[: len(value)]


def _line_start(text: str, lo: int, end: int) -> int:
    """Where the line holding ``text[end - 1]`` starts: after a line break, an escaped one (``_BREAK``) or a JSON
    string's quote (its first line's start: ``{"mrz": "I<FRA…\\n…"}``); 0 when none is in ``text[lo:end]``."""
    escaped = text.rfind("\\n", lo, end)
    return max(text.rfind("\n", lo, end) + 1, text.rfind('"', lo, end) + 1, escaped + 2 if escaped >= 0 else 0)


def _check(field: str) -> str:
    """ICAO 9303's check digit of a zone's field: its characters' values (digits, A=10 …, "<" 0) weighted 7, 3, 1."""
    total = sum((0 if c == "<" else int(c, 36)) * (7, 3, 1)[i % 3] for i, c in enumerate(field))
    return str(total % 10)
