"""A party written as lines under its label, a name then an address: a SWIFT MT message's ordering customer
and beneficiary (``:50K:/GB29NWBK60161331926819\\nJOHN SMITH\\n1 HIGH ST\\nLONDON EC1A 1BB``, ``:59:``), a
shipping label's or an invoice's ``SHIP TO:`` / ``BILL TO:`` with nothing else on its line. The name finders
read capitalised words in prose, not a line of capitals under a tag, and the street finders want a street's
word in its usual case.

The cue is the label (``BLOCK_CUES``). An MT field's first line may be the party's account (``/`` and the
number): a bank account. Then the first line is the name (a firm's stays) and the line under it the street,
with its number (and a unit's line under that); the town's line is kept (a city in a general sense, as
everywhere, its postcode too, as elsewhere). An MT field's option F numbers its lines (``1/`` the name, ``2/``
the address, ``3/`` the country and town, kept). The block ends at the next tag, an empty line, or five lines.
An MT940 statement line's details (``:86:``) name the other party in subfields: SWIFT's ``/NAME/`` and
``/ADDR/``, the German banks' ``?32``/``?33`` (the name) and ``?31`` (the account).
"""

from __future__ import annotations

import re

from replay.redact.checksums import iban_ok
from replay.redact.fakeaddress import street_hit
from replay.redact.firms import firm
from replay.redact.hits import Hit, guard
from replay.redact.nameshapes import looks_like_person
from replay.redact.nationalids import shaped_id
from replay.redact.orgwords import CAPS_FORM
from replay.redact.pseudonym import Pseudonyms, has_invented_word, is_iban_pseudonym, looks_redacted

__all__ = ["BLOCK_CUES", "EOL", "BlockFinder", "party_name"]

# An MT103's (and MT202 COV's, MT910's) parties: the ordering customer (50A/F/K), the beneficiary (59, 59A/F)
_MT_TAGS = (":50k:", ":50f:", ":50a:", ":59:", ":59f:", ":59a:", ":86:")
_LABELS = ("ship to:", "deliver to:", "bill to:", "sold to:", "shipping address:", "billing address:")
BLOCK_CUES = _MT_TAGS + _LABELS
# A line's end, written or escaped in a JSON string
EOL = re.compile(r"\r?\n|\\r\\n|\\n|\\r")
_ACCOUNT = re.compile(r"/([A-Z]{2}\d{2}[A-Z0-9]{8,30}|[0-9][0-9\-/ ]{5,33}[0-9])\s*\Z")
_OPTION_F = re.compile(r"([123])/(.+)\Z")
_TAG = re.compile(r":\d\d[A-Z]?:")
_NEXT_TAG = re.compile(r"(?:\r?\n|\\n):\d\d[A-Z]?:")
# A street's line: its number first ("1 HIGH ST") or last ("HAUPTSTRASSE 12"), or a unit's ("Flat 12B, …")
_STREET = re.compile(
    r"\d{1,6}[A-Za-z]?[ ,]|[^\d\n]{3,40}? \d{1,5}[A-Za-z]?\Z|(?:apt|apartment|flat|suite|unit)\b", re.I
)
# An MT940 statement line's details (:86:): the other party's name after SWIFT's /NAME/ code (its street after
# /ADDR/), or in the German banks' subfields ?32 and ?33, its account in ?31 (?30 is its bank's code, kept)
_MT940_NAME = re.compile(r"/NAME/([^/\n?]{2,70})|\?32([^?\n]{1,27}(?:\?33[^?\n]{1,27})?)")
_MT940_ACCOUNT = re.compile(r"\?31([A-Z0-9]{5,34})")
_MT940_ADDRESS = re.compile(r"/ADDR/([^/\n?]{2,70})")
_UNIT = re.compile(r"(?:apt|apartment|flat|suite|ste|unit|floor|fl|room|building|bldg|#)\b", re.I)


class BlockFinder:
    """Names, addresses and accounts in the lines under the labels of ``BLOCK_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The block under the label at ``text[s:e]``."""
        mt = low[s] == ":"
        if mt and s and text[s - 1] not in "\n\\\"'":
            return  # a tag starts its line
        rest = text[e : e + 2]
        if not mt and not (EOL.match(text, e) or (rest[:1] == " " and EOL.match(text, e + 1))):
            return  # "Ship to: Mr. Rajesh Iyer, …" on one line is prose, read by the other finders
        if low.startswith(":86:", s):
            self._details(text, e, hits)
            return
        lines = _lines(text, e if mt else EOL.match(text, e + (rest[:1] == " ")).end())  # type: ignore[union-attr]
        if mt and lines and (acct := _ACCOUNT.match(text, *lines[0])) is not None:
            self._account(text, acct.start(1), acct.end(1), hits)
            lines = lines[1:]
        if not lines:
            return
        if mt and low.startswith("f:", e - 2):
            self._option_f(text, lines, hits)
        elif mt and low.startswith("a:", e - 2):
            return  # option A: the party's bank's BIC
        elif _STREET.match(text[slice(*lines[0])]):
            self._address(text, lines, hits)  # no name: the street first ("SHIPPING ADDRESS:\n4700 SWEETWATER WAY")
        elif self._name(text, *lines[0], hits):
            self._address(text, lines[1:], hits)

    def _details(self, text: str, e: int, hits: list[Hit]) -> None:
        """An MT940 :86: field's party: its name's parts and its account, to the next tag."""
        end = _NEXT_TAG.search(text, e, e + 400)
        stop = end.start() if end else min(len(text), e + 400)
        for m in _MT940_NAME.finditer(text, e, stop):
            a, b = m.span(1 if m.group(1) is not None else 2)
            parts = text[a:b].split("?33")  # a name the field's 27 characters cut in two
            if not any(c.isdigit() for c in "".join(parts)) and not _firm(" ".join(parts)):
                for part in parts:
                    self._name(text, a, a + len(part), hits)
                    a += len(part) + 3
        for m in _MT940_ADDRESS.finditer(text, e, stop):
            if self.on["address"] and _STREET.match(m.group(1)):
                hits.append(street_hit(self.ps, text, *m.span(1)))
        for m in _MT940_ACCOUNT.finditer(text, e, stop):
            value = m.group(1)
            if iban_ok(value):
                if is_iban_pseudonym(value):
                    hits.append(guard(*m.span(1)))
                elif self.on["iban"]:
                    hits.append(Hit(m.start(1), m.end(1), "iban", self.ps.iban(value), 60))
            else:
                self._account(text, m.start(1), m.end(1), hits)

    def _account(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        value = text[a:b]
        if not self.on["personal_ids"] or value[:2].isalpha():
            return  # an IBAN: the digit pass reads it by its check
        hits.append(guard(a, b) if looks_redacted(value) else Hit(a, b, "bank_account", shaped_id(self.ps, value), 60))

    def _option_f(self, text: str, lines: list[tuple[int, int]], hits: list[Hit]) -> None:
        for a, b in lines:
            m = _OPTION_F.match(text, a, b)
            if m is not None and m.group(1) == "1":
                self._name(text, m.start(2), b, hits)
            elif m is not None and m.group(1) == "2":
                self._address(text, [(m.start(2), b), (b, b)], hits)

    def _name(self, text: str, a: int, b: int, hits: list[Hit]) -> bool:
        """The person's name on the line ``text[a:b]``; False when it is a firm's (its address is then no
        person's)."""
        return party_name(self.ps, self.on, text, a, b, hits)

    def _address(self, text: str, lines: list[tuple[int, int]], hits: list[Hit]) -> None:
        """The street: the first line under the name, with its number, and a unit's line under it."""
        if not self.on["address"]:
            return
        for i, (a, b) in enumerate(lines[:2]):
            a, b = _stripped(text, a, b)
            value = text[a:b]
            if _STREET.match(value) is None or (i and _UNIT.match(value) is None):
                break  # a town's line, a country's, a tracking number's, a sentence
            hits.append(street_hit(self.ps, text, a, b))


def party_name(
    ps: Pseudonyms, on: dict[str, bool], text: str, a: int, b: int, hits: list[Hit], known_only: bool = False
) -> bool:
    """The person's name ``text[a:b]`` (in capitals or not) where a form places a party's; False when it is a
    firm's. ``known_only``: a known given name first (``nameshapes.looks_like_person``)."""
    a, b = _stripped(text, a, b)
    value = text[a:b]
    person = value.title()
    if _firm(value):
        return False
    if not on["name"] or not looks_like_person(person, known_only):
        return True
    if has_invented_word(person):
        hits.append(guard(a, b))
    else:
        new = ps.name(person)
        hits.append(Hit(a, b, "name", new.upper() if value.isupper() else new, 60))
    return True


def _lines(text: str, at: int) -> list[tuple[int, int]]:
    """Up to five lines from ``at``, to an empty line, the next tag or a JSON string's end."""
    out: list[tuple[int, int]] = []
    while len(out) < 5 and at < len(text):
        m = EOL.search(text, at, at + 200)
        end = m.start() if m else min(len(text), at + 200)
        quote = text.find('"', at, end)
        if quote >= 0:
            end = quote
        if end == at or _TAG.match(text, at):
            break
        out.append((at, end))
        if m is None or quote >= 0:
            break
        at = m.end()
    return out


def _stripped(text: str, a: int, b: int) -> tuple[int, int]:
    """The line ``text[a:b]`` without the blanks at its ends (a label's line may start with a stray "\\r ")."""
    value = text[a:b]
    a += len(value) - len(value.lstrip())
    return a, max(a, b - (len(value) - len(value.rstrip())))


def _firm(value: str) -> bool:
    """A firm's name, its legal form written in any case."""
    return CAPS_FORM.search(value) is not None or firm(value.title(), 0, len(value))
