"""A traveller as airline and border systems write one: a booking's passenger name, surname first in capitals
and a title after it (``HARTIGAN/SIOBHAN MS``, ``MORENO/LUCIA MRS``: a PNR's, a boarding pass's, an e-ticket's),
and a passport's machine-readable zone (``P<GBRWHITFIELD<<JANE<ELIZABETH<<…`` and the line under it: the
document's number, the birth date). No name cue precedes either and the name finders read capitalised words.

The passenger's cue is the title after a space (``PASSENGER_CUES``); the name before it, ``SURNAME/GIVEN`` with
no space around the slash, is replaced by a pseudonym written the same way. The zone's cue is its ``P<``; its
first line's names and its second line's number and birth date are replaced, its letters, fillers and length
kept.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, is_invented_name

__all__ = ["MRZ_CUE", "PASSENGER_CUES", "TravelFinder"]

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
# A passport's zone (ICAO 9303, TD3): "P", a type letter or "<", the issuer, the names to 44 characters; the second
# line: the number (9), its check digit, the nationality, the birth date and its check, the sex, the expiry...
_MRZ_1 = re.compile(r"P[A-Z<][A-Z<]{3}([A-Z<]{39})<*")
_MRZ_2 = re.compile(r"\s{0,4}([A-Z0-9<]{9})(\d)([A-Z<]{3})(\d{6})(\d)[MFX<]\d{7}[A-Z0-9<]{14}[\d<]\d")


class TravelFinder:
    """Passenger names and passport zones at the cues of ``PASSENGER_CUES`` and ``MRZ_CUE``."""

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
        names = first.group(1)
        if "<<" not in names.rstrip("<"):
            return  # no surname's "<<" before the given names: no zone
        surname, _, given = names.rstrip("<").partition("<<")
        person = f"{given.replace('<', ' ').title()} {surname.replace('<', ' ').title()}".strip()
        if not is_invented_name(person):
            words = self.ps.name(person).upper().split()
            fake = f"{'<'.join(words[-1:])}<<{'<'.join(words[:-1])}"[:39]
            hits.append(Hit(first.start(1), first.end(1), "name", fake.ljust(39, "<"), 60))
        second = _MRZ_2.match(text, first.end())
        if second is not None and second.group(4) == "000101":
            hits.append(guard(second.start(1), second.end(5)))  # a zone written here: its birth date the pseudonym's
        elif second is not None:
            number = self.ps.generic(second.group(1))[-9:].upper()
            hits.append(Hit(second.start(1), second.end(2), "gov_id", number + "0", 60))
            hits.append(Hit(second.start(4), second.end(5), "dob", "0001010", 60))
